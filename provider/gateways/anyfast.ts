/**
 * Anyfast (`https://www.anyfast.ai`, mainland mirror `https://www.anyfast.com.cn`): all ten Actions as
 * `POST /volc/asset/<Action>`, Bearer key, the native PascalCase body plus a `model` billing field
 * (`volc-asset` for images and every non-create call, `volc-asset-video` / `volc-asset-audio` for video and audio
 * CreateAsset), `URL` may be a public URL, a data URI or bare base64 (PNG assumed), or a multipart `file`.
 * Answers are the unwrapped native Result (`{"Id": …}`); DeleteAsset answers `{Id, Deleted: true}`.
 * Group names get a `[u-{user}]-[t-{token}]-` prefix for per-token isolation.
 * Sources: docs.anyfast.ai/guides/model-api/bytedance/volc-asset (workflow, upload kinds, billing, data isolation),
 * docs.anyfast.ai/zh/api-reference/model-api/bytedance/volc-asset-delete-asset (`{Id, Deleted: true}`).
 *
 * Errors (baudevs/OpenMontage `tools/video/_anyfast.py` `_error_detail`, a client tested against the live API):
 * three shapes are in circulation, and the client reads all of them —
 * 1. `{"error": {"type", "code", "message"}}`: the gateway's own errors (bad key, throttling, bad request);
 * 2. `{"code", "message": "<JSON text>", "data": null}`: relayed upstream errors, the upstream's JSON document
 *    nested as text in `message` (decoded here: a native `ResponseMetadata.Error.Code` inside is the code);
 * 3. `{"code", "message": "<plain text>"}` — and, for an answer that is not JSON at all, the plain text body.
 * Upstream errors are relayed as HTTP 400, 404 or 502 (OpenMontage; "502 upstream asset error: Face consistency
 * verification failed" in `.agents/skills/anyfast-assets/SKILL.md`) with the native code in brackets,
 * `[NotFound.group_id] …`, and that bracketed code can be masked: `[***.PixelCountTooSmall]`,
 * `[***.CallbackURL]` (`_anyfast.py`). From a masked code the client recovers what it can — the suffix
 * (`PixelCountTooSmall`) as the code, the kind from the HTTP status — and never reads a masked or unbracketed 404 as
 * "gone": only the unmasked `NotFound.asset_id` / `NotFound.group_id` are (OpenMontage `is_not_found`).
 *
 * A duplicate `Name` inside a group answers 404 "as if the group did not exist" (SKILL.md "Names must be unique
 * inside a group"): the emulator answers `[NotFound.group_id]`, and the client, seeing that code on CreateAsset,
 * looks the name up and reports a ConflictError naming the duplicate (`duplicateNameAnswersGroupNotFound`).
 *
 * Risk, not a rule: assets uploaded by multipart (and data URI) were reported to stay unresolvable for good while
 * the same files by public URL went Active (one report: OpenMontage SKILL.md "The one rule that explains most
 * failures"). Uploads stay supported; the provider warns when it uploads a file to Anyfast.
 *
 * Guess (no source settles it; `anyfastDialect(options)` selects, the default is the first of each):
 * which shape a relayed asset-API error takes (`relayShape`: `error-object` — the shape the asset docs' 404
 * `upstream_error` example uses —, `json-in-message`, `code-message`, `plain-text`); when codes are masked
 * (`maskCodes`: `none`, or `parameters` = every dotted `InvalidParameter.*`/`MissingParameter.*` code, the two
 * masked codes observed); a relayed 403/409 answered as 404. The emulator leaves out shape 1's optional `type`.
 */
import { ALL_ACTIONS, type Action, type AssetType, type RequestOf, type ResultOf } from "../api.js";
import { DialectRequestError, type CanonicalError, type DecodeResult, type Dialect, type ErrorKind, type WireRequest, type WireResponse } from "./dialect.js";
import { tierRateLimits } from "./tiers.js";
import { asRecord, bodyExcerpt, headerRequestId, jsonFields, kindOfUnparsed, NATIVE_NOT_FOUND_CODES, routeByActionSuffix } from "./wire.js";
import { classifyNativeCode, nativeError } from "./native-errors.js";

const PREFIX = "/volc/asset/";

/** Anyfast's billing model per asset type (docs.anyfast.ai volc-asset "Billing": the `model` field). */
export const ANYFAST_MODELS: Readonly<Record<AssetType, string>> = {
  Image: "volc-asset",
  Video: "volc-asset-video",
  Audio: "volc-asset-audio",
  Document: "volc-asset",
};

/** The billing model a request must carry. */
export function anyfastModel(action: Action, request: { AssetType?: AssetType }): string {
  return action === "CreateAsset" && request.AssetType ? ANYFAST_MODELS[request.AssetType] : "volc-asset";
}

/**
 * Anyfast's per-token isolation prefix of group names, `[u-{user}]-[t-{token}]-` (docs.anyfast.ai volc-asset "Data
 * isolation"). The ids' format is undocumented, so anything between the brackets is accepted.
 */
export const GROUP_NAME_PREFIX = /^\[u-[^\]]*\]-\[t-[^\]]*\]-?/;

/** Anyfast's per-token isolation prefix of group names: `[u-{userId}]-[t-{tokenId}]-` (docs.anyfast.ai volc-asset "数据隔离"). */
export function groupNamePrefix(principal: { userId: number; tokenId: number }): string {
  return `[u-${principal.userId}]-[t-${principal.tokenId}]-`;
}

/** A group name as Anyfast stores it, without the isolation prefix (the name the user declared). */
export function withoutGroupNamePrefix(storedName: string): string {
  return storedName.replace(GROUP_NAME_PREFIX, "");
}

/** What the bracketed code of a relayed error says: the code, and whether its head was masked (`***`). */
export interface BracketCode {
  /** The native code, or for a masked one the part after the mask (`[***.PixelCountTooSmall]` → `PixelCountTooSmall`). */
  code: string;
  masked: boolean;
}

/** The first `[Code]` or masked `[***.Code]` in a message, or undefined. */
export function bracketCodeOf(message: string): BracketCode | undefined {
  const m = /\[(\*+\.)?([A-Za-z][\w.]*)\]/.exec(message);
  return m ? { code: m[2]!, masked: m[1] !== undefined } : undefined;
}

/** The native error inside shape 2's `message` (a JSON document as text), or undefined. */
function nestedError(message: string): { code?: string; message?: string } | undefined {
  if (!message.trim().startsWith("{")) return undefined;
  let nested: Record<string, unknown> | undefined;
  try {
    nested = asRecord(JSON.parse(message));
  } catch {
    return undefined;
  }
  const native = asRecord(asRecord(nested?.["ResponseMetadata"])?.["Error"]);
  const inner = native ?? asRecord(nested?.["error"]) ?? nested;
  const code = inner?.["Code"] ?? inner?.["code"];
  const text = inner?.["Message"] ?? inner?.["message"];
  return { ...(typeof code === "string" ? { code } : {}), ...(typeof text === "string" ? { message: text } : {}) };
}

/** Whether a 2xx body is one of the error shapes rather than a Result (a Result never has `code` and `message`). */
function looksLikeError(body: Record<string, unknown>): boolean {
  return asRecord(body["error"]) !== undefined || ("code" in body && typeof body["message"] === "string" && !("Id" in body) && !("Items" in body));
}

function decodeError(response: WireResponse): DecodeResult<never> | undefined {
  const body = asRecord(response.body);
  if (response.status < 400 && (!body || !looksLikeError(body))) return undefined;
  const requestId = headerRequestId(response.headers);
  const error = asRecord(body?.["error"]);
  let message: string;
  let ownCode: string;
  let nested: { code?: string; message?: string } | undefined;
  if (error) {
    message = String(error["message"] ?? "");
    ownCode = String(error["code"] ?? error["type"] ?? `HTTP${response.status}`);
  } else if (body && typeof body["message"] === "string") {
    message = body["message"] as string;
    ownCode = body["code"] !== undefined && body["code"] !== null ? String(body["code"]) : `HTTP${response.status}`;
    nested = nestedError(message);
    if (nested?.message !== undefined) message = nested.code ? `[${nested.code}] ${nested.message}` : nested.message;
  } else {
    // Plain text, or JSON in no known shape: the start of the body is all there is to show.
    message = bodyExcerpt(response.rawText);
    ownCode = `HTTP${response.status}`;
  }
  const bracket = bracketCodeOf(nested?.code ? `[${nested.code}]` : message);
  let kind: ErrorKind;
  let code: string;
  if (bracket && !bracket.masked) {
    code = bracket.code;
    kind = classifyNativeCode(code, response.status);
  } else {
    // Masked or absent: the status decides the kind, and a 404 that names no code is never "not found".
    code = bracket?.code ?? ownCode;
    kind = kindOfUnparsed(response.status);
  }
  return {
    ok: false,
    failure: { kind, code, message, httpStatus: response.status, ...(requestId ? { requestId } : {}) },
  };
}

/** The shapes a relayed upstream error can take on the emulator side (see the module comment). */
export const ANYFAST_RELAY_SHAPES = ["error-object", "json-in-message", "code-message", "plain-text"] as const;

/** Options of the emulator side of the Anyfast dialect (all Guesses: see the module comment). */
export interface AnyfastDialectOptions {
  /** The shape of a relayed upstream error; default `error-object`. */
  relayShape?: (typeof ANYFAST_RELAY_SHAPES)[number];
  /** Which bracketed codes are masked (`[***.Suffix]`); default `none`. */
  maskCodes?: "none" | "parameters";
}

/** Errors Anyfast decides itself (not relayed): authentication, throttling, routing, its `model` field. */
function isOwnError(error: CanonicalError): boolean {
  return error.frontDoor === true || error.kind === "Unauthorized" || error.kind === "Throttled" || error.code === "InvalidActionOrVersion" || error.code === "InvalidParameter.model";
}

function maskedCode(code: string, mask: AnyfastDialectOptions["maskCodes"]): string {
  const [head, ...rest] = code.split(".");
  return mask === "parameters" && rest.length > 0 && (head === "InvalidParameter" || head === "MissingParameter") ? `***.${rest.join(".")}` : code;
}

/** The HTTP status of a relayed error: 400, 404 or 502 (OpenMontage); 403/409 as 404 is a guess. */
function relayStatus(kind: ErrorKind): number {
  if (kind === "InvalidParameter") return 400;
  if (kind === "Internal" || kind === "Unavailable" || kind === "Unknown") return 502;
  return 404;
}

function ownWire(error: CanonicalError): { status: number; code: string; message: string } {
  switch (error.kind) {
    case "Unauthorized":
      return { status: 401, code: "invalid_api_key", message: error.message };
    case "Throttled":
      return { status: 429, code: "rate_limit_exceeded", message: `[${error.code}] ${error.message}` };
    default:
      return { status: 400, code: "invalid_request", message: `[${error.code}] ${error.message}` };
  }
}

/**
 * The Anyfast dialect with emulator-side options (client decoding is the same for every option: it reads every
 * shape). `anyfast` is the default; tests mount a variant with `startEmulator({ dialects })`.
 */
export function anyfastDialect(options: AnyfastDialectOptions = {}): Dialect {
  const relayShape = options.relayShape ?? "error-object";
  return {
    name: "anyfast",
    title: "Anyfast (Bearer, /volc/asset/<Action>)",
    // limitSet: its own docs (docs.anyfast.ai volc-asset "Supported formats": < 50 MB, 2–15 s, 480p/720p); a live
    // client found the 4K set accepted for AIGC groups (OpenMontage `_anyfast.py`): set `4k` to use it.
    defaults: { baseUrl: "https://www.anyfast.ai", limitSet: "720p" },
    capabilities: {
      // Real-person verification at /volc/asset/CreateVisualValidateSession and …/GetVisualValidateResult, with a
      // "Byteplus-Direct" token only (docs.anyfast.ai/guides/model-api/bytedance/volc-real-human-assets).
      actions: ALL_ACTIONS,
      auth: "bearer",
      groups: true,
      assetTypes: ["Image", "Video", "Audio"],
      // Risk (OpenMontage): multipart and data-URI assets were once reported never to resolve; see the module comment.
      uploads: ["url", "dataUri", "base64", "multipart"],
      listAssetsByStatus: true,
      groupNamePrefix: { of: groupNamePrefix, strip: withoutGroupNamePrefix },
      moderation: false,
      // Anyfast relays to the native API; it documents no limits of its own.
      rateLimits: tierRateLimits("anyfast"),
      // LivenessFace groups never appear in ListAssetGroups (not even by Id), nor their assets in ListAssets
      // (baudevs/OpenMontage `.agents/skills/anyfast-assets/SKILL.md`, tested live).
      hidesLivenessFace: true,
      duplicateNameAnswersGroupNotFound: true,
      fileUploadRisk:
        "Anyfast: assets uploaded as a file (multipart or data URI) were reported to stay unresolvable for good while the same files by public URL went Active (baudevs/OpenMontage .agents/skills/anyfast-assets/SKILL.md, one report). If this asset never resolves, host the file and set source.url instead.",
    },
    // Only the unmasked native codes; a masked `[***.asset_id]` is not "gone" (see the module comment).
    notFoundCodes: NATIVE_NOT_FOUND_CODES,

    encodeRequest<A extends Action>(action: A, request: RequestOf<A>): WireRequest {
      const model = anyfastModel(action, request as { AssetType?: AssetType });
      const file = (request as RequestOf<"CreateAsset">).File;
      if (action === "CreateAsset" && file) {
        const fields: Record<string, string> = { model };
        for (const [key, value] of Object.entries(jsonFields(request))) {
          if (typeof value === "string") fields[key] = value;
        }
        return {
          method: "POST",
          path: PREFIX + action,
          query: {},
          headers: {},
          body: { kind: "multipart", fields, file: { field: "file", fileName: file.fileName, contentType: file.contentType, data: file.data } },
        };
      }
      return {
        method: "POST",
        path: PREFIX + action,
        query: {},
        headers: { "content-type": "application/json" },
        body: { kind: "json", value: { model, ...jsonFields(request) } },
      };
    },

    decodeResponse<A extends Action>(action: A, response: WireResponse): DecodeResult<A> {
      const failure = decodeError(response);
      if (failure) return failure;
      const requestId = headerRequestId(response.headers);
      let result = response.body;
      if (action === "DeleteAsset" || action === "DeleteAssetGroup") {
        // Only the documented delete answer `{Id, Deleted: true}` is a success: anything else (a proxy's JSON, an
        // empty body) would make a delete count as done while the object may still exist.
        const deleted = asRecord(response.body);
        if (!deleted || (deleted["Deleted"] !== true && typeof deleted["Id"] !== "string")) {
          return {
            ok: false,
            failure: { kind: "Unknown", code: `HTTP${response.status}`, message: bodyExcerpt(response.rawText), httpStatus: response.status, ...(requestId ? { requestId } : {}) },
          };
        }
        result = {};
      }
      return { ok: true, result: result as ResultOf<A>, ...(requestId ? { requestId } : {}) };
    },

    route: routeByActionSuffix(PREFIX, ALL_ACTIONS),

    decodeRequest(routed, request) {
      let body: Record<string, unknown>;
      if (request.body?.kind === "multipart") {
        const { fields, file } = request.body;
        const model = fields["model"] ?? "volc-asset";
        const assetType = fields["AssetType"] ?? (Object.entries(ANYFAST_MODELS).find(([, m]) => m === model)?.[0] as string | undefined) ?? "Image";
        body = {
          ...fields,
          AssetType: assetType,
          // docs.anyfast.ai volc-asset "File upload": Name defaults to the file name without its extension.
          Name: fields["Name"] ?? file.fileName.replace(/\.[^.]*$/, ""),
          File: { fileName: file.fileName, contentType: file.contentType, data: file.data },
        };
      } else {
        body = { ...asRecord(request.body?.kind === "json" ? request.body.value : undefined) };
      }
      const model = body["model"];
      delete body["model"];
      // Video and audio "must specify" their model; images may omit it (volc-asset is the default).
      const expected = anyfastModel(routed.action, body as { AssetType?: AssetType });
      if (routed.action === "CreateAsset" && (model ?? "volc-asset") !== expected) {
        throw new DialectRequestError(
          nativeError("InvalidParameter.model", `model must be "${expected}" for AssetType ${String(body["AssetType"])}, got "${String(model ?? "")}"`),
        );
      }
      return body;
    },

    encodeResult(action, result, requestId, request) {
      let body: unknown = result;
      if (action === "DeleteAsset" || action === "DeleteAssetGroup") {
        body = { Id: (request as { Id?: string } | undefined)?.Id ?? "", Deleted: true };
      }
      return { status: 200, headers: { "content-type": "application/json", "x-request-id": requestId }, body };
    },

    encodeError(_action, error, requestId) {
      const headers = { "content-type": "application/json", "x-request-id": requestId };
      if (isOwnError(error)) {
        const wire = ownWire(error);
        return {
          status: wire.status,
          headers: { ...headers, ...(wire.status === 429 ? { "retry-after": "1" } : {}) },
          body: { error: { code: wire.code, message: wire.message } },
        };
      }
      const status = relayStatus(error.kind);
      const code = maskedCode(error.code, options.maskCodes);
      const relayed = `[${code}] ${error.message}`;
      switch (relayShape) {
        case "json-in-message":
          return {
            status,
            headers,
            body: { code: "upstream_error", message: JSON.stringify({ ResponseMetadata: { Error: { Code: code, Message: error.message } } }), data: null },
          };
        case "code-message":
          return { status, headers, body: { code: "upstream_error", message: relayed } };
        case "plain-text":
          return { status, headers: { ...headers, "content-type": "text/plain; charset=utf-8" }, body: undefined, rawText: `upstream_error: ${relayed}` };
        default:
          return { status, headers, body: { error: { code: "upstream_error", message: relayed } } };
      }
    },
  };
}

/** The Anyfast dialect (see the module comment for sources and guesses). */
export const anyfast: Dialect = anyfastDialect();

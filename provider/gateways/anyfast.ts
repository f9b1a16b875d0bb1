/**
 * Anyfast (`https://www.anyfast.ai`, mainland mirror `https://www.anyfast.com.cn`): all ten Actions as
 * `POST /volc/asset/<Action>`, Bearer key, the native PascalCase body plus a `model` billing field
 * (`volc-asset` for images and every non-create call, `volc-asset-video` / `volc-asset-audio` for video and audio
 * CreateAsset), `URL` may be a public URL, a data URI or bare base64 (PNG assumed), or a multipart `file`.
 * Answers are the unwrapped native Result (`{"Id": …}`); DeleteAsset answers `{Id, Deleted: true}`.
 * Errors are `{"error": {"code", "message"}}`; upstream errors are relayed as HTTP 404
 * `upstream_error` with the native code in brackets: `[NotFound.group_id] …`.
 * Group names get a `[u-{user}]-[t-{token}]-` prefix for per-token isolation.
 * Sources: seeds 000 and 001 (gw), gateway-api.md "Gateways" and "Anyfast quirks" (a public client).
 */
import { ACTIONS, type Action, type AssetType, type RequestOf, type ResultOf } from "../api.js";
import { DialectRequestError, type CanonicalError, type DecodeResult, type Dialect, type WireRequest, type WireResponse } from "./dialect.js";
import { tierRateLimits } from "./tiers.js";
import { asRecord, headerRequestId, jsonFields, routeByActionSuffix } from "./wire.js";
import { classifyNativeCode, kindFromStatus, nativeError } from "./native-errors.js";

const PREFIX = "/volc/asset/";

/** Anyfast's billing model per asset type (seed 001 "计费模型"). */
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
 * Anyfast's per-token isolation prefix of group names, `[u-{user}]-[t-{token}]-` (seed 001 "数据隔离"). The ids'
 * format is undocumented, so anything between the brackets is accepted.
 */
export const GROUP_NAME_PREFIX = /^\[u-[^\]]*\]-\[t-[^\]]*\]-?/;

/** A group name as Anyfast stores it, without the isolation prefix (the name the user declared). */
export function withoutGroupNamePrefix(storedName: string): string {
  return storedName.replace(GROUP_NAME_PREFIX, "");
}

/** `[Code] message` → the upstream native code, when the message carries one. */
export function bracketCode(message: string): string | undefined {
  return /^\[([A-Za-z][\w.]*)\]/.exec(message)?.[1];
}

function decodeError(response: WireResponse): DecodeResult<never> | undefined {
  const error = asRecord(asRecord(response.body)?.["error"]);
  const requestId = headerRequestId(response.headers);
  if (!error && response.status < 400) return undefined;
  const message = String(error?.["message"] ?? response.rawText?.slice(0, 200) ?? "");
  const ownCode = String(error?.["code"] ?? `HTTP${response.status}`);
  const upstream = bracketCode(message);
  return {
    ok: false,
    failure: {
      kind: upstream ? classifyNativeCode(upstream, response.status) : kindFromStatus(response.status),
      code: upstream ?? ownCode,
      message,
      httpStatus: response.status,
      ...(requestId ? { requestId } : {}),
    },
  };
}

/** Anyfast's own error code for a canonical error; everything the upstream decided is relayed as 404. */
function wireError(error: CanonicalError): { status: number; code: string; message: string } {
  const relayed = `[${error.code}] ${error.message}`;
  switch (error.kind) {
    case "Unauthorized":
      return { status: 401, code: "invalid_api_key", message: error.message };
    case "Throttled":
      return { status: 429, code: "rate_limit_exceeded", message: relayed };
    case "InvalidParameter":
      return { status: 400, code: "invalid_request", message: relayed };
    case "Internal":
    case "Unavailable":
      return { status: error.httpStatus >= 500 ? error.httpStatus : 502, code: "upstream_error", message: relayed };
    default:
      return { status: 404, code: "upstream_error", message: relayed };
  }
}

/** The Anyfast dialect (see the module comment for sources). */
export const anyfast: Dialect = {
  name: "anyfast",
  title: "Anyfast (Bearer, /volc/asset/<Action>)",
  defaults: { baseUrl: "https://www.anyfast.ai" },
  capabilities: {
    actions: ACTIONS,
    auth: "bearer",
    groups: true,
    assetTypes: ["Image", "Video", "Audio"],
    uploads: ["url", "dataUri", "base64", "multipart"],
    listAssetsByStatus: true,
    groupNamePrefix: true,
    moderation: false,
    // Anyfast relays to the native API; it documents no limits of its own.
    rateLimits: tierRateLimits("anyfast"),
  },

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
    if (action === "DeleteAsset" || action === "DeleteAssetGroup") result = {};
    return { ok: true, result: result as ResultOf<A>, ...(requestId ? { requestId } : {}) };
  },

  route: routeByActionSuffix(PREFIX),

  decodeRequest(routed, request) {
    let body: Record<string, unknown>;
    if (request.body?.kind === "multipart") {
      const { fields, file } = request.body;
      const model = fields["model"] ?? "volc-asset";
      const assetType = fields["AssetType"] ?? (Object.entries(ANYFAST_MODELS).find(([, m]) => m === model)?.[0] as string | undefined) ?? "Image";
      body = {
        ...fields,
        AssetType: assetType,
        // Seed 000: Name defaults to the file name without its extension.
        Name: fields["Name"] ?? file.fileName.replace(/\.[^.]*$/, ""),
        File: { fileName: file.fileName, contentType: file.contentType, data: file.data },
      };
    } else {
      body = { ...(asRecord(request.body?.kind === "json" ? request.body.value : undefined) ?? {}) };
    }
    const model = body["model"];
    delete body["model"];
    // Seed 001: video and audio "must specify" their model; images may omit it (volc-asset is the default).
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
    const wire = wireError(error);
    return {
      status: wire.status,
      headers: { "content-type": "application/json", "x-request-id": requestId, ...(wire.status === 429 ? { "retry-after": "1" } : {}) },
      body: { error: { code: wire.code, message: wire.message } },
    };
  },
};

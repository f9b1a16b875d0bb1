/**
 * Agentsflare (`https://api.agentsflare.com`, BytePlus upstream, "海外版"): only CreateAsset and GetAsset, as
 * `POST /byteplus/_unstable/open/<Action>`, Bearer key, PascalCase fields, no asset groups (CreateAsset has no
 * GroupId), answers with flat fields plus `base_resp{status_code, status_msg}` where 0 means success. AssetType is
 * "currently only Image". Source: docs.agentsflare.com/api-examples/assets-api ("Global" version,
 * `https://api.agentsflare.com/byteplus/_unstable/open`, Bearer token).
 *
 * Platform answers, documented (docs-dkq.pages.dev/en/guide/usage/faq, "Common errors on the Agentsflare platform"):
 * - a bad key: HTTP 404 `{"statusCode":404,"message":"Key not found"}`, platform-wide. It is an AUTHENTICATION
 *   failure, never "not found": read as NotFound, a `pulumi refresh` with an expired key would drop every resource
 *   from the state and the next `up` would create duplicates. Decoded as Unauthorized.
 * - a wrong URL: HTTP 404 `{"message":"Cannot POST /…","error":"Not Found","statusCode":404}` — says nothing about
 *   an asset: decoded as Unknown (never "gone").
 * - a model the key may not use: HTTP 400 `{"statusCode":400,"message":"Model … is not available …"}`.
 * - HTTP 429 is rate limiting OR insufficient balance ("Your credits have been exhausted"): the error says both.
 * - 5xx (500, 502, 503, 529) are upstream errors: retried by the client for reads.
 *
 * Guess: the platform answers a missing key like an unknown one (404 "Key not found"), and a throttled call with
 * `{"statusCode":429,"message":"Too Many Requests"}` — the FAQ names the status, not the body.
 *
 * Guess: `base_resp` failure codes are not documented. `base_resp` is MiniMax's envelope convention, so this
 * dialect uses its numbers where one fits (1002 rate limit, 1004 authentication, 2013 invalid parameters) and
 * otherwise its own (1404 not found, 1403 forbidden, 1000 internal, 1001 unavailable), keeps the upstream native
 * code as the prefix of `status_msg` (`NotFound.asset_id: …`), and answers HTTP 200. The documented not-found code
 * this client accepts as "gone" is that relayed native code `NotFound.asset_id` — a guess too, marked in
 * emulator/README.md: an asset Agentsflare really deleted may fail a refresh until the code is confirmed.
 */
import type { Action, RequestOf, ResultOf } from "../api.js";
import type { CanonicalError, DecodeResult, Dialect, ErrorKind, GatewayFailure, WireRequest, WireResponse } from "./dialect.js";
import { tierRateLimits } from "./tiers.js";
import { asRecord, bodyExcerpt, headerRequestId, jsonFields, kindOfUnparsed, NATIVE_NOT_FOUND_CODES, routeByActionSuffix } from "./wire.js";
import { classifyNativeCode, kindFromStatus } from "./native-errors.js";

const PREFIX = "/byteplus/_unstable/open/";
const SUPPORTED = ["CreateAsset", "GetAsset"] as const satisfies readonly Action[];

/** base_resp.status_code per kind (Guess; see the file comment for which are conventions and which our own). */
export const AGENTSFLARE_STATUS_CODES: Readonly<Record<ErrorKind, number>> = {
  Throttled: 1002,
  Unauthorized: 1004,
  InvalidParameter: 2013,
  NotFound: 1404,
  Forbidden: 1403,
  Conflict: 1409,
  Internal: 1000,
  Unavailable: 1001,
  Unknown: 1000,
};

/** The platform's answer to an unknown key (docs-dkq.pages.dev/en/guide/usage/faq). */
export const AGENTSFLARE_KEY_NOT_FOUND = { statusCode: 404, message: "Key not found" } as const;

/** What the error of a 429 must tell: the FAQ gives two causes for the one status. */
export const AGENTSFLARE_429_HINT = "rate limited or insufficient balance: top up or slow down";

const KIND_OF_STATUS_CODE = new Map<number, ErrorKind>(
  Object.entries(AGENTSFLARE_STATUS_CODES).map(([kind, code]) => [code, kind as ErrorKind]),
);

/**
 * The platform's own error shape `{statusCode, message, error?}` (NestJS style, per the FAQ's examples), or
 * undefined when the body is not that shape.
 */
function platformFailure(response: WireResponse, requestId: string | undefined): GatewayFailure | undefined {
  const body = asRecord(response.body);
  const statusCode = body?.["statusCode"];
  if (!body || typeof statusCode !== "number" || typeof body["message"] !== "string" || "base_resp" in body) return undefined;
  const message = body["message"] as string;
  let kind: ErrorKind;
  let code: string;
  if (/^key not found$/i.test(message.trim()) || statusCode === 401) {
    kind = "Unauthorized";
    code = "KeyNotFound";
  } else if (statusCode === 404) {
    // "Cannot POST /…": a wrong route, not a missing asset.
    kind = "Unknown";
    code = typeof body["error"] === "string" ? `HTTP404 ${body["error"] as string}` : "HTTP404";
  } else {
    kind = statusCode === 429 ? "Throttled" : kindFromStatus(statusCode);
    code = `HTTP${statusCode}`;
  }
  return {
    kind,
    code,
    message: kind === "Throttled" ? `${message} (Agentsflare: ${AGENTSFLARE_429_HINT})` : message,
    httpStatus: response.status,
    ...(requestId ? { requestId } : {}),
  };
}

/** The Agentsflare dialect (see the module comment for sources and guesses). */
export const agentsflare: Dialect = {
  name: "agentsflare",
  title: "Agentsflare (Bearer, BytePlus upstream, CreateAsset/GetAsset only)",
  // limitSet: BytePlus upstream (docs.agentsflare.com/api-examples/assets-api); images only, and the image limits
  // are the same in every set.
  defaults: { baseUrl: "https://api.agentsflare.com", limitSet: "4k" },
  capabilities: {
    actions: SUPPORTED,
    auth: "bearer",
    groups: false,
    assetTypes: ["Image"],
    uploads: ["url"],
    listAssetsByStatus: false,
    groupNamePrefix: false,
    moderation: false,
    rateLimits: tierRateLimits("agentsflare"),
  },
  // Guess: the relayed native code (see the module comment).
  notFoundCodes: { asset: NATIVE_NOT_FOUND_CODES.asset, group: [] },

  encodeRequest<A extends Action>(action: A, request: RequestOf<A>): WireRequest {
    const body = jsonFields(request);
    delete body["GroupId"];
    delete body["ProjectName"];
    delete body["Moderation"];
    return { method: "POST", path: PREFIX + action, query: {}, headers: { "content-type": "application/json" }, body: { kind: "json", value: body } };
  },

  decodeResponse<A extends Action>(_action: A, response: WireResponse): DecodeResult<A> {
    const requestId = headerRequestId(response.headers);
    const platform = platformFailure(response, requestId);
    if (platform) return { ok: false, failure: platform };
    const body = asRecord(response.body);
    const baseResp = asRecord(body?.["base_resp"]);
    const statusCode = baseResp?.["status_code"];
    if (!body || !baseResp || statusCode !== 0 || response.status >= 400) {
      const message = baseResp ? String(baseResp["status_msg"] ?? "") : bodyExcerpt(response.rawText);
      const upstream = /^([A-Z][\w.]*): /.exec(message)?.[1];
      const numeric = typeof statusCode === "number" ? statusCode : undefined;
      let kind: ErrorKind = upstream
        ? classifyNativeCode(upstream, response.status)
        : ((numeric !== undefined ? KIND_OF_STATUS_CODE.get(numeric) : undefined) ?? kindOfUnparsed(response.status));
      // A body in no documented shape (no base_resp) is never read as a not-found answer, whatever its status.
      if (!baseResp && kind === "NotFound") kind = "Unknown";
      return {
        ok: false,
        failure: {
          kind,
          code: upstream ?? (numeric !== undefined ? String(numeric) : `HTTP${response.status}`),
          message: kind === "Throttled" ? `${message} (Agentsflare: ${AGENTSFLARE_429_HINT})` : message,
          httpStatus: response.status,
          ...(requestId ? { requestId } : {}),
        },
      };
    }
    const { base_resp: _baseResp, ...result } = body;
    return { ok: true, result: result as ResultOf<A>, ...(requestId ? { requestId } : {}) };
  },

  route: routeByActionSuffix(PREFIX, SUPPORTED),

  decodeRequest(_routed, request) {
    return request.body?.kind === "json" ? request.body.value : undefined;
  },

  encodeResult(_action, result, requestId) {
    const flat = { ...(result as Record<string, unknown>) };
    // No groups at this gateway: the group the emulator keeps behind the scenes is not shown.
    delete flat["GroupId"];
    return {
      status: 200,
      headers: { "content-type": "application/json", "x-request-id": requestId },
      body: { ...flat, base_resp: { status_code: 0, status_msg: "success" } },
    };
  },

  encodeError(_action, error: CanonicalError, requestId) {
    const headers = { "content-type": "application/json", "x-request-id": requestId };
    // The platform's own answers (FAQ): a bad key is 404 "Key not found"; a wrong route is NestJS's 404.
    if (error.kind === "Unauthorized") return { status: 404, headers, body: { ...AGENTSFLARE_KEY_NOT_FOUND } };
    if (error.code === "InvalidActionOrVersion") {
      const route = /at (\S+ \S+?)\.?$/.exec(error.message)?.[1] ?? "this route";
      return { status: 404, headers, body: { message: `Cannot ${route}`, error: "Not Found", statusCode: 404 } };
    }
    if (error.kind === "Throttled") {
      return { status: 429, headers: { ...headers, "retry-after": "1" }, body: { statusCode: 429, message: "Too Many Requests" } };
    }
    return {
      status: 200,
      headers,
      body: { base_resp: { status_code: AGENTSFLARE_STATUS_CODES[error.kind], status_msg: `${error.code}: ${error.message}` } },
    };
  },
};

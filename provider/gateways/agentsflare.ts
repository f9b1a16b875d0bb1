/**
 * Agentsflare (`https://api.agentsflare.com`, BytePlus upstream, "海外版"): only CreateAsset and GetAsset, as
 * `POST /byteplus/_unstable/open/<Action>`, Bearer key, PascalCase fields, no asset groups (CreateAsset has no
 * GroupId), answers with flat fields plus `base_resp{status_code, status_msg}` where 0 means success.
 * Source: seed 004 "海外版 API" (gw). Seed 004 says AssetType "currently only Image"; that is kept.
 *
 * Failure codes are not documented. `base_resp` is MiniMax's envelope convention, so this dialect uses its
 * numbers where one fits (1002 rate limit, 1004 authentication, 2013 invalid parameters) and otherwise its own
 * (1404 not found, 1403 forbidden, 1000 internal, 1001 unavailable), keeps the upstream code as the prefix of
 * `status_msg` (`NotFound.asset_id: …`), and answers HTTP 200 except for authentication (401) and throttling
 * (429) — the seed's sample calls `raise_for_status()` and then checks `status_code`, so both layers exist.
 */
import type { Action, RequestOf, ResultOf } from "../api.js";
import type { CanonicalError, DecodeResult, Dialect, ErrorKind, WireRequest, WireResponse } from "./dialect.js";
import { tierRateLimits } from "./tiers.js";
import { asRecord, headerRequestId, jsonFields, routeByActionSuffix } from "./wire.js";
import { classifyNativeCode, kindFromStatus } from "./native-errors.js";

const PREFIX = "/byteplus/_unstable/open/";
const SUPPORTED = ["CreateAsset", "GetAsset"] as const satisfies readonly Action[];

/** base_resp.status_code per kind (see the file comment for which are documented conventions and which guesses). */
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

const KIND_OF_STATUS_CODE = new Map<number, ErrorKind>(
  Object.entries(AGENTSFLARE_STATUS_CODES).map(([kind, code]) => [code, kind as ErrorKind]),
);

/** The Agentsflare dialect (see the module comment for sources and guesses). */
export const agentsflare: Dialect = {
  name: "agentsflare",
  title: "Agentsflare (Bearer, BytePlus upstream, CreateAsset/GetAsset only)",
  defaults: { baseUrl: "https://api.agentsflare.com" },
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

  encodeRequest<A extends Action>(action: A, request: RequestOf<A>): WireRequest {
    const body = jsonFields(request);
    delete body["GroupId"];
    delete body["ProjectName"];
    delete body["Moderation"];
    return { method: "POST", path: PREFIX + action, query: {}, headers: { "content-type": "application/json" }, body: { kind: "json", value: body } };
  },

  decodeResponse<A extends Action>(_action: A, response: WireResponse): DecodeResult<A> {
    const body = asRecord(response.body);
    const baseResp = asRecord(body?.["base_resp"]);
    const requestId = headerRequestId(response.headers);
    const statusCode = baseResp?.["status_code"];
    if (!body || !baseResp || statusCode !== 0 || response.status >= 400) {
      const message = String(baseResp?.["status_msg"] ?? response.rawText?.slice(0, 200) ?? "");
      const upstream = /^([A-Z][\w.]*): /.exec(message)?.[1];
      const numeric = typeof statusCode === "number" ? statusCode : undefined;
      return {
        ok: false,
        failure: {
          kind: upstream
            ? classifyNativeCode(upstream, response.status)
            : (numeric !== undefined ? KIND_OF_STATUS_CODE.get(numeric) : undefined) ?? kindFromStatus(response.status),
          code: upstream ?? (numeric !== undefined ? String(numeric) : `HTTP${response.status}`),
          message,
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
    const status = error.kind === "Unauthorized" ? 401 : error.kind === "Throttled" ? 429 : 200;
    return {
      status,
      headers: { "content-type": "application/json", "x-request-id": requestId, ...(status === 429 ? { "retry-after": "1" } : {}) },
      body: { base_resp: { status_code: AGENTSFLARE_STATUS_CODES[error.kind], status_msg: `${error.code}: ${error.message}` } },
    };
  },
};

/**
 * gogogotoken (`https://gogogotoken.com`): the eight non-delete Actions as `POST /v1/seedance/asset/<Action>`,
 * Bearer key, native PascalCase fields with exact casing (`GroupId`, `Id`, `PageNumber`), public HTTPS URLs only
 * (no local files, no base64), per-key isolation. Source: seed 002 (gw).
 *
 * The answer envelope is not documented (gateway-api.md: "undocumented beyond the seed"). The seed calls these
 * "Seedance 原生素材接口" (the native asset interface), so this dialect assumes the native envelope is passed
 * through (`{ResponseMetadata, Result}` with `ResponseMetadata.Error` for upstream failures) and that the gateway's
 * own failures (bad key, throttling) use the one-api/new-api shape `{"error": {"message", "type", "code"}}`.
 * Decoding accepts both, and also an unwrapped Result, so a change of envelope is reported precisely by the
 * contract tests rather than crashing here.
 */
import { ACTIONS, type Action, type RequestOf, type ResultOf } from "../api.js";
import type { CanonicalError, DecodeResult, Dialect, WireRequest, WireResponse } from "./dialect.js";
import { byteplus } from "./native.js";
import { tierRateLimits } from "./tiers.js";
import { asRecord, headerRequestId, jsonFields, routeByActionSuffix } from "./wire.js";
import { classifyNativeCode, kindFromStatus } from "./native-errors.js";

const PREFIX = "/v1/seedance/asset/";
const SUPPORTED = ACTIONS.filter((a) => !a.startsWith("Delete"));

/** The gogogotoken dialect (see the module comment for sources and the guessed envelope). */
export const gogogotoken: Dialect = {
  name: "gogogotoken",
  title: "gogogotoken (Bearer, /v1/seedance/asset/<Action>, no deletes)",
  defaults: { baseUrl: "https://gogogotoken.com" },
  capabilities: {
    actions: SUPPORTED,
    auth: "bearer",
    groups: true,
    // Seed 002: CreateAsset AssetType is `Image` or `Video`.
    assetTypes: ["Image", "Video"],
    uploads: ["url"],
    // Seed 002 documents only Filter.GroupIds and Filter.GroupType for ListAssets.
    listAssetsByStatus: false,
    groupNamePrefix: false,
    moderation: false,
    rateLimits: tierRateLimits("gogogotoken"),
  },

  encodeRequest<A extends Action>(action: A, request: RequestOf<A>): WireRequest {
    return {
      method: "POST",
      path: PREFIX + action,
      query: {},
      headers: { "content-type": "application/json" },
      body: { kind: "json", value: jsonFields(request) },
    };
  },

  decodeResponse<A extends Action>(_action: A, response: WireResponse): DecodeResult<A> {
    const body = asRecord(response.body);
    const meta = asRecord(body?.["ResponseMetadata"]);
    const requestId = (typeof meta?.["RequestId"] === "string" ? (meta["RequestId"] as string) : undefined) ?? headerRequestId(response.headers);
    const nativeErr = asRecord(meta?.["Error"]);
    const ownErr = asRecord(body?.["error"]);
    if (nativeErr || ownErr || response.status >= 400 || !body) {
      const code = String(nativeErr?.["Code"] ?? ownErr?.["code"] ?? ownErr?.["type"] ?? `HTTP${response.status}`);
      return {
        ok: false,
        failure: {
          kind: nativeErr ? classifyNativeCode(code, response.status) : kindFromStatus(response.status),
          code,
          message: String(nativeErr?.["Message"] ?? ownErr?.["message"] ?? response.rawText?.slice(0, 200) ?? ""),
          httpStatus: response.status,
          ...(requestId ? { requestId } : {}),
        },
      };
    }
    const result = (meta ? body["Result"] : body) as ResultOf<A>;
    return { ok: true, result, ...(requestId ? { requestId } : {}) };
  },

  route: routeByActionSuffix(PREFIX, SUPPORTED),

  decodeRequest(_routed, request) {
    return request.body?.kind === "json" ? request.body.value : undefined;
  },

  encodeResult(action, result, requestId, request) {
    // The native envelope, passed through (region as BytePlus: gogogotoken resells BytePlus, per seed 002's FAQ).
    return byteplus.encodeResult(action, result, requestId, request);
  },

  encodeError(action: Action | undefined, error: CanonicalError, requestId: string): WireResponse {
    if (error.kind === "Unauthorized" || error.kind === "Throttled") {
      return {
        status: error.kind === "Unauthorized" ? 401 : 429,
        headers: { "content-type": "application/json", "x-request-id": requestId, ...(error.kind === "Throttled" ? { "retry-after": "1" } : {}) },
        body: { error: { message: error.message, type: "new_api_error", code: error.kind === "Unauthorized" ? "invalid_api_key" : "rate_limit_exceeded" } },
      };
    }
    return byteplus.encodeError(action, error, requestId);
  },
};

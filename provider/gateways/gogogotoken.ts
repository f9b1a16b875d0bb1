/**
 * gogogotoken (`https://gogogotoken.com`): Seedance's asset interface as eight `POST /v1/seedance/asset/<Action>`
 * endpoints (no deletes), Bearer key, native PascalCase fields with exact casing (`GroupId`, `Id`, `PageNumber`),
 * assets isolated per API key. Source: docs.gogogotoken.com/assets.md ("素材管理 API": "Seedance 原生素材接口",
 * "共 8 个端点，均为 POST 请求", "不同 API Key 之间的素材数据完全隔离", "字段名注意大小写").
 *
 * Re-checked claims of this header against that page:
 * - eight Actions, all POST, per-key isolation, field casing: documented (above).
 * - ListAssets filters: the page's example sends only `Filter.GroupIds` and `Filter.GroupType` (with PageSize 20);
 *   a `Statuses` filter is not shown, so `listAssetsByStatus` is false. Documented by omission only.
 * - Guess: AssetType `Image` or `Video` only, and public HTTPS URLs only (no local files, no base64) — from the
 *   page's later sections as first read; not re-checked (the upload example shows an https URL and `Image`).
 * - Guess: the answer envelope is not documented. The page calls these "Seedance 原生素材接口" (the native asset
 *   interface), so this dialect assumes the native envelope is passed through (`{ResponseMetadata, Result}` with
 *   `ResponseMetadata.Error` for upstream failures, region as BytePlus) and that the gateway's own failures (bad
 *   key, throttling) use the one-api/new-api shape `{"error": {"message", "type", "code"}}`. Decoding accepts both,
 *   and an unwrapped Result, so a change of envelope is reported precisely by the contract tests.
 * - "Gone" is only the relayed native `NotFound.asset_id` / `NotFound.group_id`; a 404 in the new-api shape or in
 *   no shape at all (a wrong path, a proxy) fails loudly.
 */
import { ACTIONS, type Action, type RequestOf } from "../api.js";
import type { CanonicalError, DecodeResult, Dialect, WireRequest, WireResponse } from "./dialect.js";
import { byteplus } from "./native.js";
import { tierRateLimits } from "./tiers.js";
import { decodeRelayedNative, newApiOwnError } from "./new-api-relay.js";
import { jsonFields, routeByActionSuffix } from "./wire.js";

const PREFIX = "/v1/seedance/asset/";
const SUPPORTED = ACTIONS.filter((a) => !a.startsWith("Delete"));

/** The gogogotoken dialect (see the module comment for sources and the guessed envelope). */
export const gogogotoken: Dialect = {
  name: "gogogotoken",
  title: "gogogotoken (Bearer, /v1/seedance/asset/<Action>, no deletes)",
  // Guess: limitSet — no limits published; BytePlus upstream assumed, as for the envelope.
  defaults: { baseUrl: "https://gogogotoken.com", limitSet: "4k" },
  capabilities: {
    actions: SUPPORTED,
    auth: "bearer",
    groups: true,
    // Guess (see the module comment): CreateAsset AssetType is `Image` or `Video`.
    assetTypes: ["Image", "Video"],
    uploads: ["url"],
    // docs.gogogotoken.com/assets.md shows only Filter.GroupIds and Filter.GroupType for ListAssets.
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
    // Guess (see the module comment): the native envelope passed through, or an unwrapped Result.
    return decodeRelayedNative<A>(response, { unwrapped: true });
  },

  route: routeByActionSuffix(PREFIX, SUPPORTED),

  decodeRequest(_routed, request) {
    return request.body?.kind === "json" ? request.body.value : undefined;
  },

  encodeResult(action, result, requestId, request) {
    // Guess: the native envelope, passed through, with BytePlus's region (see the module comment).
    return byteplus.encodeResult(action, result, requestId, request);
  },

  encodeError(action: Action | undefined, error: CanonicalError, requestId: string): WireResponse {
    return newApiOwnError(error, requestId, { frontDoor: false }) ?? byteplus.encodeError(action, error, requestId);
  },
};

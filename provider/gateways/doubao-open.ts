/**
 * `doubao-open`: the native asset protocol behind a Bearer key, as new-api forks serve it — nine
 * `POST /doubao/open/<Action>` routes (no DeleteAssetGroup), the platform token as `Authorization: Bearer <key>`, and
 * the gateway signing upstream with its own Volcengine AK/SK (service `ark`, Version `2024-01-01`, region default
 * `cn-beijing`) and passing the answer through. Source: QuantumNous/new-api PR #5656 "feat(doubao): 接入 Seedance 2.0
 * 素材资产管理 9 个接口" (route table; "统一走 `TokenAuth` 鉴权"; "透传转发到火山 Asset API 并回传结果";
 * `relay/channel/task/doubao/asset.go`, `router/video-router.go`), built on volcengine.com/docs/82379/2333589.
 * Other resellers of the same shape (3hei `/api/v1/open/<Action>`, AllToken, PhanEdge) differ in the prefix.
 *
 * What the PR settles: the routes and Actions, POST only, Bearer (TokenAuth), the native request bodies (PascalCase,
 * relayed as-is) and the native answers passed through, with Volcengine upstream. Marked `Guess:` below: the
 * gateway's own failures (bad key, throttling) in new-api's `{"error": {"message", "type"}}` shape; the media limits,
 * tiers and uploads of the upstream account (Volcengine: public URLs only).
 */
import type { Action, RequestOf } from "../api.js";
import type { CanonicalError, DecodeResult, Dialect, WireRequest, WireResponse } from "./dialect.js";
import { NATIVE_VERSION, requireListFilter, volcengine } from "./native.js";
import { decodeRelayedNative, newApiOwnError } from "./new-api-relay.js";
import { tierRateLimits } from "./tiers.js";
import { routeByActionSuffix } from "./wire.js";

const PREFIX = "/doubao/open/";

/** The nine routes of new-api PR #5656 (its table lists no DeleteAssetGroup and no real-person verification). */
const SUPPORTED: readonly Action[] = [
  "CreateAsset",
  "CreateAssetGroup",
  "DeleteAsset",
  "GetAsset",
  "GetAssetGroup",
  "ListAssetGroups",
  "ListAssets",
  "UpdateAsset",
  "UpdateAssetGroup",
];

/** The doubao-open dialect (see the module comment for its source and guesses). */
export const doubaoOpen: Dialect = {
  name: "doubao-open",
  title: "new-api /doubao/open (native protocol behind a Bearer key, Volcengine upstream)",
  // Guess: no public host — each new-api deployment has its own; set seedance:baseUrl. The limit set is the
  // upstream's (Volcengine, as ./native.ts).
  defaults: { baseUrl: "https://new-api.example.com", limitSet: "1080p" },
  capabilities: {
    actions: SUPPORTED,
    auth: "bearer",
    groups: true,
    assetTypes: ["Image", "Video", "Audio"],
    // Guess: the relay forwards the body as-is, and Volcengine fetches a public URL itself (./native.ts).
    uploads: ["url"],
    // The native Filter is relayed as-is (PR #5656: "透传转发"), Statuses and GroupIds included.
    listAssetsByStatus: true,
    groupNamePrefix: false,
    // Volcengine upstream: no Moderation (./native.ts, BytePlus only).
    moderation: false,
    rateLimits: tierRateLimits("doubao-open"),
  },

  encodeRequest<A extends Action>(action: A, request: RequestOf<A>): WireRequest {
    // The native body (Filter.GroupType on lists, no Moderation); the relay adds Action and Version upstream.
    const native = volcengine.encodeRequest(action, request, { version: NATIVE_VERSION });
    return { method: "POST", path: PREFIX + action, query: {}, headers: { "content-type": "application/json" }, ...(native.body ? { body: native.body } : {}) };
  },

  decodeResponse<A extends Action>(_action: A, response: WireResponse): DecodeResult<A> {
    // The native envelope passed through (PR #5656); Guess: the relay's own failures in new-api's shape.
    return decodeRelayedNative<A>(response, { unwrapped: false });
  },

  route: routeByActionSuffix(PREFIX, SUPPORTED),

  decodeRequest(routed, request) {
    const body = request.body?.kind === "json" ? request.body.value : undefined;
    // Upstream's rule, relayed: a list call without Filter.GroupType fails in the native envelope.
    requireListFilter(routed.action, body);
    return body;
  },

  encodeResult(action, result, requestId, request) {
    // The upstream answer passed through (PR #5656).
    return volcengine.encodeResult(action, result, requestId, request);
  },

  encodeError(action: Action | undefined, error: CanonicalError, requestId: string): WireResponse {
    // Guess: new-api's own shape for TokenAuth, rate limiting and its HTTP front (./new-api-relay.ts).
    return newApiOwnError(error, requestId, { frontDoor: true }) ?? volcengine.encodeError(action, error, requestId);
  },
};

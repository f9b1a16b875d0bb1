/**
 * A gateway dialect: everything that differs between the six front doors of the asset library, as pure data and
 * pure functions with no I/O. The client (../client.ts) and the emulator (../../emulator) mount the same dialect,
 * so they cannot drift apart; the Pact contracts (../../contracts) and the published signing test vectors are what
 * check the dialects against the real gateways.
 *
 * Client side:  canonical request → encodeRequest → WireRequest → (transport, auth) → WireResponse → decodeResponse.
 * Server side:  WireRequest → route → decodeRequest → (emulator handler) → encodeResult | encodeError → WireResponse.
 */
import type { Action, AssetType, RequestOf, ResultOf } from "../api.js";
import type { LimitSetName } from "../media/limits.js";
import type { RateLimit } from "../rate-limit.js";

/** The name of a gateway of the registry (./index.ts), as users put it in configuration. */
export type { GatewayName } from "./index.js";
import type { GatewayName } from "./index.js";

/** How a source file can travel in CreateAsset: a public URL, a `data:` URI or bare base64 in `URL`, or multipart. */
export type UploadKind = "url" | "dataUri" | "base64" | "multipart";

/** A documented limit: at most `requests` calls in any window of `perSeconds` seconds, per credential (../rate-limit.ts). */
export type { RateLimit } from "../rate-limit.js";

/**
 * What a gateway can do. The rest of the code asks this table instead of testing gateway names.
 * Sources are named per field in each dialect file.
 */
export interface Capabilities {
  /** Actions the gateway serves; any other Action is UnsupportedAction before anything is sent. */
  actions: readonly Action[];
  /** `aksk`: Volcengine HMAC-SHA256 signature (../signer.ts); `bearer`: `Authorization: Bearer <key>`. */
  auth: "aksk" | "bearer";
  /** Whether assets live in asset groups (CreateAsset needs GroupId). */
  groups: boolean;
  /** Asset types CreateAsset accepts. */
  assetTypes: readonly AssetType[];
  /** How CreateAsset may carry the media. `url` means a public http(s) URL. */
  uploads: readonly UploadKind[];
  /** Whether ListAssets filters by `Statuses` and `GroupIds` (lets waiters coalesce GetAsset polling). */
  listAssetsByStatus: boolean;
  /** How the gateway rewrites group names (Anyfast's `[u-{user}]-[t-{token}]-` isolation prefix), or false. */
  groupNamePrefix: false | GroupNamePrefix;
  /** Whether CreateAsset takes `Moderation{Strategy}` (BytePlus). */
  moderation: boolean;
  /**
   * Whether ListAssets/ListAssetGroups also page by cursor (`MaxResults` in, `Result.NextToken` out; BytePlus).
   * The client's list iterators use it where set. Absent means page numbers only.
   */
  cursorPaging?: boolean;
  /** Rate limits per Action of the gateway's default tier (./tiers.ts; the client and the emulator pick the configured tier's). */
  rateLimits: Partial<Record<Action, RateLimit>>;
  /**
   * Whether real-person (`LivenessFace`) groups and their assets are missing from ListAssetGroups and ListAssets
   * (Anyfast: baudevs/OpenMontage `.agents/skills/anyfast-assets/SKILL.md`), so waiting uses GetAsset. Default false.
   */
  hidesLivenessFace?: boolean;
  /**
   * Whether CreateAsset answers a `Name` already used in the group with the group's not-found code instead of a
   * conflict (Anyfast: "a duplicate Name makes the API answer 404 as if the group did not exist",
   * baudevs/OpenMontage `.agents/skills/anyfast-assets/SKILL.md`). The client then looks the name up and reports a
   * ConflictError naming the duplicate. Default false.
   */
  duplicateNameAnswersGroupNotFound?: boolean;
  /**
   * A reported risk of uploading a local file (multipart, data URI or base64) instead of a public URL, with its
   * source: the provider warns with it whenever it uploads a file to this gateway. Absent: no known risk.
   */
  fileUploadRisk?: string;
}

/** A gateway's rewriting of group names: a prefix per user and key, which the declared name never shows. */
export interface GroupNamePrefix {
  /** Server side: the prefix put before every group name stored with this user's and key's credential. */
  of(principal: { userId: number; tokenId: number }): string;
  /** Client side: the declared name a stored name stands for (the stored name when it carries no prefix). */
  strip(storedName: string): string;
}

/** Connection defaults of a gateway; every field can be overridden by configuration. */
export interface GatewayDefaults {
  /** e.g. `https://ark.cn-beijing.volcengineapi.com`; no trailing slash. */
  baseUrl: string;
  /** Signing region (AK/SK gateways), e.g. `cn-beijing`. */
  region?: string;
  /** Signing service (AK/SK gateways): `ark`. */
  service?: string;
  /** API version (native gateways): `2024-01-01`. */
  version?: string;
  /**
   * The published media limits (../media/limits.ts LIMIT_SETS) checked when `seedance:mediaLimits` is unset: the
   * newest set documented for this gateway, with its source in the dialect.
   */
  limitSet: Exclude<LimitSetName, "first" | "later">;
}

/** An HTTP request as the dialect wants it sent; the transport adds auth, host and base-URL prefix. */
export interface WireRequest {
  method: "GET" | "POST" | "DELETE";
  /** Path below the base URL, starting with `/`, already percent-encoded. */
  path: string;
  /** Query parameters (not yet encoded). */
  query: Record<string, string>;
  /** Extra headers (lower-case names), e.g. content-type. */
  headers: Record<string, string>;
  body?: WireBody;
}

/** A JSON body, or a multipart form with one file (Anyfast's upload). */
export type WireBody =
  | { kind: "json"; value: unknown }
  | { kind: "multipart"; fields: Record<string, string>; file: { field: string; fileName: string; contentType: string; data: Uint8Array } };

/** An HTTP response with its body parsed as JSON (or `undefined` when empty / not JSON: `rawText` keeps it). */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  rawText?: string;
}

/**
 * The kind of a failure, independent of the gateway's wording. The client maps kinds to error classes
 * (../errors.ts); the emulator raises canonical errors with a kind and the dialect encodes them.
 */
export type ErrorKind =
  | "NotFound"
  | "Unauthorized"
  | "Forbidden"
  | "Throttled"
  | "InvalidParameter"
  | "Conflict"
  | "Unavailable"
  | "Internal"
  | "Unknown";

/**
 * A failure as a gateway reported it, normalized. `code` is the gateway's own code verbatim
 * (e.g. `NotFound.asset_id`, `SignatureDoesNotMatch`, `1004`); `requestId` when the gateway sent one.
 */
export interface GatewayFailure {
  kind: ErrorKind;
  code: string;
  message: string;
  httpStatus: number;
  requestId?: string;
  /** From a Retry-After header, in seconds. */
  retryAfterSeconds?: number;
  /**
   * Set by the client when `code` is one of the dialect's documented not-found codes (`Dialect.notFoundCodes`):
   * the object is positively gone. Nothing else — no status, no unknown shape — ever means "gone".
   */
  gone?: GoneObject;
}

/** What a documented not-found code says is gone: an asset or an asset group. */
export type GoneObject = "asset" | "group";

/**
 * The codes with which a gateway documents that an object does not exist, by object. Only these make `read`
 * (refresh) forget a resource and make a delete count as done; authentication failures, unknown shapes, 5xx and
 * anything unparsed fail loudly instead. Codes are compared verbatim with `GatewayFailure.code`.
 */
export interface NotFoundCodes {
  asset: readonly string[];
  group: readonly string[];
}

/**
 * A failure the emulator raises in canonical (native) terms: `code` is a native error code such as
 * `NotFound.asset_id`, `InvalidParameter`, `MissingParameter.Filter`, `SignatureDoesNotMatch`, `FlowLimitExceeded`.
 * `httpStatus` is the native status for that code; dialects re-map it to their own shape and status.
 */
export interface CanonicalError {
  kind: ErrorKind;
  code: string;
  message: string;
  httpStatus: number;
  /**
   * Raised by the gateway's own HTTP front before anything is relayed upstream (a body too large, not JSON, nested
   * too deep): a reseller answers it in its own error shape, not as a relayed upstream error. Default false.
   */
  frontDoor?: boolean;
}

export type DecodeResult<A extends Action> = { ok: true; result: ResultOf<A>; requestId?: string } | { ok: false; failure: GatewayFailure };

/** Options the client passes when encoding (resolved configuration of the gateway profile). */
export interface EncodeOptions {
  version: string;
}

/** A routed request on the server side. */
export interface RoutedRequest {
  action: Action;
  /** Path parameters, e.g. GlobalAiOpc's `{assetId}`. */
  params: Record<string, string>;
}

/** One gateway's dialect: its capabilities and defaults, and the pure encode/decode functions of both sides. */
export interface Dialect {
  name: GatewayName;
  /** One line for docs and reports, e.g. "Volcengine Ark (native, cn-beijing)". */
  title: string;
  defaults: GatewayDefaults;
  capabilities: Capabilities;

  /** Client side: the wire request for a canonical request. Throws nothing: inputs are validated before. */
  encodeRequest<A extends Action>(action: A, request: RequestOf<A>, options: EncodeOptions): WireRequest;
  /**
   * Client side: the canonical result, or the failure the gateway reported. Result bodies are NOT schema-checked
   * here; the client validates `result` against ResultSchemas[action] so every dialect gets the same checks.
   */
  decodeResponse<A extends Action>(action: A, response: WireResponse): DecodeResult<A>;

  /** Server side: which Action a request is, or undefined when no route matches (404 in the dialect's shape). */
  route(method: string, path: string, query: Record<string, string>): RoutedRequest | undefined;
  /** Server side: the canonical request carried by a wire request (before schema validation). */
  decodeRequest<A extends Action>(routed: RoutedRequest & { action: A }, request: WireRequest): unknown;
  /** Server side: a successful answer. */
  encodeResult<A extends Action>(action: A, result: ResultOf<A>, requestId: string, request?: RequestOf<A>): WireResponse;
  /** Server side: a failure, in the gateway's own error shape and status. `action` is undefined before routing. */
  encodeError(action: Action | undefined, error: CanonicalError, requestId: string): WireResponse;
  /** The gateway's name as a Pact provider (../../contracts); default its `name`. */
  pactProvider?: string;
  /**
   * The gateway's documented not-found codes (see NotFoundCodes). Default: the native `NotFound.asset_id` and
   * `NotFound.group_id` (./wire.ts NATIVE_NOT_FOUND_CODES), which every relaying gateway passes through.
   */
  notFoundCodes?: NotFoundCodes;
}

/**
 * Thrown by a server-side `decodeRequest` when the wire request breaks a rule of that gateway that the canonical
 * schema cannot see (e.g. Anyfast's `model` billing field not matching the asset type). The emulator answers it
 * with `encodeError`.
 */
export class DialectRequestError extends Error {
  readonly canonical: CanonicalError;
  constructor(canonical: CanonicalError) {
    super(canonical.message);
    this.name = "DialectRequestError";
    this.canonical = canonical;
  }
}

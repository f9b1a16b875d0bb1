/**
 * The native error vocabulary (Volcengine/BytePlus common codes and the asset codes seen live), shared by every
 * dialect because the gateways relay upstream codes. Sources: the Volcengine/BytePlus OpenAPI common error codes
 * (Code, CodeN, HTTP status; e.g. `InvalidAccessKey` 100009 and `InvalidSecretToken` 100026 in byteplus-sa/ark-mcp
 * `specs/SPEC_MODELARK_ASSET_LIBRARY_CONTRACT.md`) and, for the asset codes, the clients that met them live (named
 * per code below).
 */
import type { CanonicalError, ErrorKind } from "./dialect.js";

/** Code → [CodeN, HTTP status] for the common native codes (official table). */
export const NATIVE_COMMON_CODES: Readonly<Record<string, readonly [number, number]>> = {
  MissingParameter: [100002, 400],
  InvalidTimestamp: [100006, 400],
  InvalidActionOrVersion: [100008, 404],
  InvalidAccessKey: [100009, 401],
  SignatureDoesNotMatch: [100010, 401],
  AccessDenied: [100013, 403],
  InternalError: [100014, 500],
  InternalServiceTimeout: [100016, 504],
  FlowLimitExceeded: [100018, 429],
  ServiceUnavailableTemp: [100019, 503],
  InvalidSecretToken: [100026, 401],
};

/**
 * Asset-library codes outside the common table, with the HTTP status they come with (no CodeN is published):
 * - `SubscriptionRequired` 403 "This API requires an active subscription" (live on BytePlus: neonvoid/NV_Comfy_Utils).
 * - `QuotaExceeded`: named by clients but unverified (byteplus-sa/ark-mcp `docs/assets.md` lists quota errors as
 *   unverified). Guess: 403, the account's asset or group quota is used up (not retryable).
 * - `InvalidParameter.AssetID` 400 "Id is Invalid" for a malformed id (live on Volcengine 2026-07-01, relayed by a
 *   QuantumNous/new-api fork's test document); `InvalidParameter.URL` 400 for a `data:` URI (NV_Comfy_Utils, live).
 * `AccessDenied` (100013, 403) also answers an account whose one-time authorization letter is unsigned in the console.
 */
export const NATIVE_ASSET_CODES: Readonly<Record<string, number>> = {
  SubscriptionRequired: 403,
  QuotaExceeded: 403,
};

const AUTH_CODES = new Set(["InvalidAccessKey", "SignatureDoesNotMatch", "InvalidSecretToken", "InvalidTimestamp", "MissingAuthenticationToken", "InvalidAuthorization"]);

/** The kind of a native code, falling back to the HTTP status for codes this table does not know. */
export function classifyNativeCode(code: string, httpStatus: number): ErrorKind {
  const head = code.split(".")[0] ?? code;
  if (head === "NotFound") return "NotFound";
  if (AUTH_CODES.has(head)) return "Unauthorized";
  if (head === "AccessDenied" || head === "SubscriptionRequired" || head === "QuotaExceeded") return "Forbidden";
  if (head === "FlowLimitExceeded" || head.startsWith("Throttling") || head === "RequestLimitExceeded") return "Throttled";
  if (head === "MissingParameter" || head === "InvalidParameter" || head === "InvalidActionOrVersion") return "InvalidParameter";
  if (head === "AlreadyExists" || head === "Conflict") return "Conflict";
  if (head === "ServiceUnavailableTemp" || head === "InternalServiceTimeout") return "Unavailable";
  if (head === "InternalError") return "Internal";
  return kindFromStatus(httpStatus);
}

/** The kind an HTTP status implies when a gateway gives no usable code. */
export function kindFromStatus(status: number): ErrorKind {
  if (status === 404) return "NotFound";
  if (status === 401) return "Unauthorized";
  if (status === 403) return "Forbidden";
  if (status === 409) return "Conflict";
  if (status === 429) return "Throttled";
  if (status === 400 || status === 422) return "InvalidParameter";
  if (status === 502 || status === 503 || status === 504) return "Unavailable";
  if (status >= 500) return "Internal";
  return "Unknown";
}

/**
 * A canonical error for a native code. `code` may carry a suffix (`NotFound.asset_id`, `MissingParameter.Filter`);
 * the HTTP status comes from the common table by the code's head, else from the kind.
 */
export function nativeError(code: string, message: string): CanonicalError {
  const head = code.split(".")[0] ?? code;
  const known = NATIVE_COMMON_CODES[code] ?? NATIVE_COMMON_CODES[head];
  const status = known?.[1] ?? NATIVE_ASSET_CODES[head];
  const kind = classifyNativeCode(code, status ?? 400);
  const httpStatus = status ?? STATUS_OF_KIND[kind];
  return { kind, code, message, httpStatus };
}

/** The HTTP status each kind is answered with when nothing more specific is documented. */
export const STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  NotFound: 404,
  Unauthorized: 401,
  Forbidden: 403,
  Throttled: 429,
  InvalidParameter: 400,
  Conflict: 409,
  Unavailable: 503,
  Internal: 500,
  Unknown: 500,
};

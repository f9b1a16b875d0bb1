/**
 * Authentication as the real gateways do it (`Dialect.capabilities.auth`):
 *
 * - `aksk` (volcengine, byteplus): the Volcengine HMAC-SHA256 signature, checked by ../provider/signer.ts
 *   `verifySignature` (constant-time; unknown AK → InvalidAccessKey; X-Date off by more than 15 min →
 *   InvalidTimestamp; any change to method, path, query, signed headers or body → SignatureDoesNotMatch). The
 *   credential scope must name the gateway's own region and service (`cn-beijing`/`ap-southeast-1`, `ark`), as a
 *   real endpoint signs with its own. STS: an `X-Security-Token` is accepted when it is among the signed headers.
 * - `bearer` (the other gateways): `Authorization: Bearer <api key>`; absent → MissingAuthenticationToken, unknown
 *   → InvalidAuthorization, both 401 in the gateway's own shape.
 *
 * Source: ../../shared/notes/gateway-api.md "Signing" and "Gateways".
 */
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Dialect } from "../provider/gateways/dialect.js";
import { parseAuthorization, verifySignature } from "../provider/signer.js";
import { Errors } from "./errors.js";

/** The API key the emulator accepts by default at every Bearer gateway. Not a secret. */
export const DEFAULT_API_KEY = "emulator-api-key";
/** The access key id accepted by default at the AK/SK gateways. Obviously fake. */
export const DEFAULT_ACCESS_KEY_ID = "AKLTemulator00000000000000000000000000000000";
/** The secret of DEFAULT_ACCESS_KEY_ID. Obviously fake, printed by the CLI; never use it anywhere real. */
export const DEFAULT_SECRET_ACCESS_KEY = "emulator-secret-access-key-not-a-real-secret";

/** An AK/SK pair the emulator accepts. */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The credentials the emulator accepts. */
export interface EmulatorCredentials {
  /** Bearer API keys, valid at every Bearer gateway. */
  apiKeys: readonly string[];
  /** Access key pairs, valid at every AK/SK gateway. */
  accessKeys: readonly AccessKey[];
}

/** A request as received, before any dialect has looked at it. */
export interface ReceivedRequest {
  method: string;
  /** The path as received, percent-encoded, without the query. */
  path: string;
  /** The raw query string without `?`. */
  rawQuery: string;
  /** Query parameters (the last value of a repeated key). */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Who is calling: the credential their data is isolated by. */
export interface Principal {
  /** The API key or the access key id. Never shown in answers or logs. */
  credential: string;
  /** Anyfast-style numeric user and token ids derived from the credential (for the group-name prefix). */
  userId: number;
  tokenId: number;
  /** The STS session token, when one was sent (and signed). */
  securityToken?: string;
}

/** What authentication checks against: the accepted credentials, the clock and the allowed X-Date skew. */
export interface AuthOptions {
  credentials: EmulatorCredentials;
  now: Date;
  /** Tolerated X-Date skew in seconds (default 900). */
  maxSkewSeconds?: number;
}

/** The region named in an AK/SK Authorization header's credential scope, if the header parses (dispatch uses it). */
export function signingRegion(headers: IncomingHttpHeaders): string | undefined {
  const value = headers["authorization"];
  return typeof value === "string" ? parseAuthorization(value)?.scope.region : undefined;
}

/**
 * Checks a request's credentials for a gateway.
 * @throws EmulatorError with the native code of the failure (see the module comment).
 */
export function authenticate(dialect: Dialect, request: ReceivedRequest, options: AuthOptions): Principal {
  if (dialect.capabilities.auth === "bearer") {
    const header = request.headers["authorization"];
    const token = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    if (!token) throw Errors.missingToken();
    if (!options.credentials.apiKeys.includes(token)) throw Errors.invalidToken();
    return { credential: token, ...identityOf(token) };
  }

  const verdict = verifySignature({
    method: request.method,
    path: request.path,
    query: request.rawQuery,
    headers: request.headers,
    body: request.body,
    lookupSecret: (ak) => options.credentials.accessKeys.find((k) => k.accessKeyId === ak)?.secretAccessKey,
    now: options.now,
    ...(options.maxSkewSeconds !== undefined ? { maxSkewSeconds: options.maxSkewSeconds } : {}),
  });
  if (!verdict.ok) throw Errors.signature(verdict.code, verdict.message);
  const { region, service } = dialect.defaults;
  if ((region && verdict.scope.region !== region) || (service && verdict.scope.service !== service)) {
    throw Errors.signature(
      "SignatureDoesNotMatch",
      `The credential scope ${verdict.scope.region}/${verdict.scope.service} does not match this endpoint (${region ?? "?"}/${service ?? "?"}).`,
    );
  }
  const token = request.headers["x-security-token"];
  if (typeof token === "string" && !verdict.signedHeaders.includes("x-security-token")) {
    throw Errors.signature("InvalidSecretToken", "X-Security-Token must be among the signed headers.");
  }
  return {
    credential: verdict.scope.accessKeyId,
    ...identityOf(verdict.scope.accessKeyId),
    ...(typeof token === "string" ? { securityToken: token } : {}),
  };
}

/** Stable small numeric ids from a credential (1–99999 each), standing in for a gateway's user and token ids. */
export function identityOf(credential: string): { userId: number; tokenId: number } {
  const digest = createHash("sha256").update(credential).digest();
  return { userId: 1 + (digest.readUInt32BE(0) % 99999), tokenId: 1 + (digest.readUInt32BE(4) % 99999) };
}

/** Anyfast's per-token isolation prefix of group names: `[u-{userId}]-[t-{tokenId}]-` (seed 001 "数据隔离"). */
export function groupNamePrefix(principal: Pick<Principal, "userId" | "tokenId">): string {
  return `[u-${principal.userId}]-[t-${principal.tokenId}]-`;
}

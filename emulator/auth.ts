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
 * Authentication comes before the body (`authenticateHead`): the signature scheme hashes the payload into the
 * canonical request, and clients declare that hash in a signed `X-Content-Sha256` header, so the whole signature is
 * checked from the head and the body is only compared with the declared hash once read.
 *
 * Sources: the signature scheme https://docs.byteplus.com/en/docs/byteplus-platform/reference-how-to-calculate-a-signature
 * (a signer that signs `x-content-sha256`: `byteplus-sa/ark-mcp src/ark_mcp/providers/byteplus_openapi/signing.py`);
 * Bearer keys at the gateways: each dialect's module comment (../provider/gateways/).
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

/** A request's headers as received, before its body is read. */
export type ReceivedHead = Omit<ReceivedRequest, "body">;

/** The outcome of authenticating a request's head: who is calling, and the check its body must still pass. */
export interface HeadAuthentication {
  principal: Principal;
  /**
   * Completes authentication once the body is read: nothing for Bearer keys; for AK/SK, the body's SHA-256 against
   * the signed `X-Content-Sha256`, or — when the client did not sign one — the whole signature over the body.
   * @throws EmulatorError SignatureDoesNotMatch
   */
  verifyBody(body: Uint8Array): void;
}

/**
 * Authenticates a request from its head alone, before a byte of its body is read, so an unauthenticated caller can
 * never make the emulator buffer a body. Bearer: complete. AK/SK: the Authorization header, the access key, the
 * X-Date skew and the credential scope; the signature itself too when `x-content-sha256` is signed (the project's
 * client and the official SDKs sign it), else it waits for the body (`verifyBody`).
 * @throws EmulatorError with the native code of the failure (see the module comment).
 */
export function authenticateHead(dialect: Dialect, head: ReceivedHead, options: AuthOptions): HeadAuthentication {
  if (dialect.capabilities.auth === "bearer") {
    const header = head.headers["authorization"];
    const token = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    if (!token) throw Errors.missingToken();
    if (!options.credentials.apiKeys.includes(token)) throw Errors.invalidToken();
    return { principal: { credential: token, ...identityOf(token) }, verifyBody: () => {} };
  }

  const declaredHash = typeof head.headers["x-content-sha256"] === "string" ? head.headers["x-content-sha256"].toLowerCase() : undefined;
  const hashSigned = declaredHash !== undefined && /^[0-9a-f]{64}$/.test(declaredHash) && signedHeaderNames(head.headers).includes("x-content-sha256");
  const verify = (body: Uint8Array | string, bodySha256?: string) =>
    verifySignature({
      method: head.method,
      path: head.path,
      query: head.rawQuery,
      headers: head.headers,
      body,
      ...(bodySha256 ? { bodySha256 } : {}),
      lookupSecret: (ak) => options.credentials.accessKeys.find((k) => k.accessKeyId === ak)?.secretAccessKey,
      now: options.now,
      ...(options.maxSkewSeconds !== undefined ? { maxSkewSeconds: options.maxSkewSeconds } : {}),
    });

  // With a signed content hash the whole signature is checked now; without one, every check but the last
  // (SignatureDoesNotMatch, which needs the body) must pass now.
  const verdict = verify("", hashSigned ? declaredHash : undefined);
  const deferred = !hashSigned && !verdict.ok && verdict.code === "SignatureDoesNotMatch";
  if (!verdict.ok && !deferred) throw Errors.signature(verdict.code, verdict.message);
  const scope = verdict.scope!;
  const { region, service } = dialect.defaults;
  if ((region && scope.region !== region) || (service && scope.service !== service)) {
    throw Errors.signature("SignatureDoesNotMatch", `The credential scope ${scope.region}/${scope.service} does not match this endpoint (${region ?? "?"}/${service ?? "?"}).`);
  }
  const token = head.headers["x-security-token"];
  if (typeof token === "string" && !signedHeaderNames(head.headers).includes("x-security-token")) {
    throw Errors.signature("InvalidSecretToken", "X-Security-Token must be among the signed headers.");
  }
  return {
    principal: {
      credential: scope.accessKeyId,
      ...identityOf(scope.accessKeyId),
      ...(typeof token === "string" ? { securityToken: token } : {}),
    },
    verifyBody(body) {
      if (hashSigned) {
        if (createHash("sha256").update(body).digest("hex") !== declaredHash) {
          throw Errors.signature("SignatureDoesNotMatch", "The body's SHA-256 differs from the signed X-Content-Sha256.");
        }
        return;
      }
      const full = verify(body);
      if (!full.ok) throw Errors.signature(full.code, full.message);
    },
  };
}

/**
 * Checks a request's credentials for a gateway, body included (`authenticateHead` then `verifyBody`).
 * @throws EmulatorError with the native code of the failure (see the module comment).
 */
export function authenticate(dialect: Dialect, request: ReceivedRequest, options: AuthOptions): Principal {
  const { body, ...head } = request;
  const auth = authenticateHead(dialect, head, options);
  auth.verifyBody(body);
  return auth.principal;
}

function signedHeaderNames(headers: IncomingHttpHeaders): string[] {
  const value = headers["authorization"];
  return typeof value === "string" ? (parseAuthorization(value)?.signedHeaders ?? []) : [];
}

/** Stable small numeric ids from a credential (1–99999 each), standing in for a gateway's user and token ids. */
export function identityOf(credential: string): { userId: number; tokenId: number } {
  const digest = createHash("sha256").update(credential).digest();
  return { userId: 1 + (digest.readUInt32BE(0) % 99999), tokenId: 1 + (digest.readUInt32BE(4) % 99999) };
}

/** Anyfast's per-token isolation prefix of group names: `[u-{userId}]-[t-{tokenId}]-` (docs.anyfast.com.cn asset guide, "数据隔离"). */
export function groupNamePrefix(principal: Pick<Principal, "userId" | "tokenId">): string {
  return `[u-${principal.userId}]-[t-${principal.tokenId}]-`;
}

/**
 * Volcengine / BytePlus AK/SK request signing (HMAC-SHA256, "Signature V4" style), both sides: `signRequest` for
 * the client and `verifySignature` for the emulator.
 *
 * Algorithm: https://docs.byteplus.com/api/docs/byteplus-platform/reference-how-to-calculate-a-signature and
 * volcengine.com/docs/6369/67270 (docs/sources.md, "Signing"). The key derivation starts from the secret key alone —
 * the `"VolcEngine" + SK` prefix of the Agentsflare page's native example (docs.agentsflare.com/api-examples/assets-api)
 * is wrong and would fail every call with SignatureDoesNotMatch. Pinned by the three official test vectors in
 * test/unit/signer.test.ts.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Query parameters: one value, or several for a repeated key. */
export type QueryParams = Readonly<Record<string, string | readonly string[]>>;

/** Headers the client signs by default when they are present: `host` and `x-date` always, these when sent. */
export const OPTIONAL_SIGNED_HEADERS = ["content-type", "x-content-sha256", "x-security-token"] as const;

/** Default tolerated clock skew between X-Date and the verifier's clock, in seconds (the service allows 15 minutes). */
export const DEFAULT_MAX_SKEW_SECONDS = 15 * 60;

/** What `signRequest` signs: the request exactly as it will be sent, and the credential. */
export interface SignRequestInput {
  /** HTTP method, e.g. `POST` (upper-cased before signing). */
  method: string;
  /** Host as sent in the `Host` header, with the port when it is not the scheme's default. */
  host: string;
  /** Canonical URI: the request path, already percent-encoded, e.g. `/`. */
  path: string;
  /** Query parameters, not encoded: they are encoded here with RFC 3986 rules. */
  query: QueryParams;
  /** Other headers that will be sent (any case); `content-type` among them is signed by default. */
  headers?: Readonly<Record<string, string>>;
  /** The exact body bytes sent (a string is taken as UTF-8). Empty for GET. */
  body: Uint8Array | string;
  accessKeyId: string;
  secretAccessKey: string;
  /** STS session token: sent and signed as `X-Security-Token`. */
  securityToken?: string;
  /** e.g. `cn-beijing`, `ap-southeast-1`. */
  region: string;
  /** e.g. `ark`. */
  service: string;
  /** Signing time; default now. */
  date?: Date;
  /**
   * Names of the headers to sign (lower case). Default: `host`, `x-date`, and `content-type`, `x-content-sha256`,
   * `x-security-token` when present. The official test vectors sign only `host;x-date`.
   */
  signedHeaders?: readonly string[];
}

/** Headers to add to the request. `X-Content-Sha256` is always sent; it is signed unless `signedHeaders` says otherwise. */
export interface SigningHeaders {
  Authorization: string;
  "X-Date": string;
  "X-Content-Sha256": string;
  "X-Security-Token"?: string;
}

/** The `{date}/{region}/{service}/request` scope of a credential, with its access key. */
export interface CredentialScope {
  accessKeyId: string;
  /** `YYYYMMDD` */
  date: string;
  region: string;
  service: string;
}

/** A parsed `Authorization: HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header. */
export interface ParsedAuthorization {
  scope: CredentialScope;
  signedHeaders: string[];
  /** Lower-case hex. */
  signature: string;
}

/**
 * Why a signature check failed, named by the native error code the real service answers with
 * (the common error codes, ./gateways/native-errors.ts; `MissingAuthenticationToken` / `InvalidAuthorization` for an absent or
 * malformed header).
 */
export type VerifyFailureCode =
  | "MissingAuthenticationToken"
  | "InvalidAuthorization"
  | "InvalidAccessKey"
  | "InvalidTimestamp"
  | "SignatureDoesNotMatch";

/** ok with the credential scope (and STS token, if sent), or the failure code and a message for the answer. */
export type VerifyResult =
  | { ok: true; scope: CredentialScope; signedHeaders: string[]; securityToken?: string }
  | { ok: false; code: VerifyFailureCode; message: string; scope?: CredentialScope };

/** A request as a server received it, and how to look up secrets. */
export interface VerifySignatureInput {
  method: string;
  /** The request path as received (percent-encoded), without the query. */
  path: string;
  /** The raw query string (with or without `?`), or parsed parameters. */
  query: string | QueryParams;
  /** Headers as received; names in any case. Node's `IncomingHttpHeaders` fits. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The body bytes as received. */
  body: Uint8Array | string;
  /**
   * The body's hex SHA-256 when it is known before the body is read (a signed `X-Content-Sha256`); used instead of
   * hashing `body`, so a server can check the signature first and the body's hash against it afterwards.
   */
  bodySha256?: string;
  /** The secret key of an access key, or undefined when the key is unknown (→ InvalidAccessKey). */
  lookupSecret: (accessKeyId: string) => string | undefined;
  /** The verifier's clock; default now. */
  now?: Date;
  /** Tolerated skew of X-Date, in seconds; default 900 (15 minutes). */
  maxSkewSeconds?: number;
}

const ALGORITHM = "HMAC-SHA256";

/** Signs a request; returns the headers to add. Throws nothing for well-formed input. */
export function signRequest(input: SignRequestInput): SigningHeaders {
  const xDate = formatXDate(input.date ?? new Date());
  const contentSha256 = sha256Hex(input.body);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  headers["host"] = input.host;
  headers["x-date"] = xDate;
  headers["x-content-sha256"] = contentSha256;
  if (input.securityToken) headers["x-security-token"] = input.securityToken;

  const signed = input.signedHeaders ?? ["host", "x-date", ...OPTIONAL_SIGNED_HEADERS.filter((h) => headers[h] !== undefined)];
  const scope: CredentialScope = { accessKeyId: input.accessKeyId, date: xDate.slice(0, 8), region: input.region, service: input.service };
  const signature = computeSignature({
    method: input.method,
    path: input.path,
    canonicalQuery: canonicalQueryString(input.query),
    headers,
    signedHeaders: signed,
    bodySha256: contentSha256,
    xDate,
    scope,
    secretAccessKey: input.secretAccessKey,
  });
  const result: SigningHeaders = {
    Authorization: formatAuthorization({ scope, signedHeaders: sortedNames(signed), signature }),
    "X-Date": xDate,
    "X-Content-Sha256": contentSha256,
  };
  if (input.securityToken) result["X-Security-Token"] = input.securityToken;
  return result;
}

/**
 * Checks the signature of a received request, as the real service does: the Authorization header parses, the
 * access key is known, X-Date is within the allowed skew, `host` and `x-date` are signed, and the signature matches
 * (constant-time comparison). The returned scope lets a server route by region (volcengine vs byteplus).
 */
export function verifySignature(input: VerifySignatureInput): VerifyResult {
  const headers = lowerCaseHeaders(input.headers);
  const authorization = headers["authorization"];
  if (!authorization) return fail("MissingAuthenticationToken", "The request has no Authorization header.");
  const parsed = parseAuthorization(authorization);
  if (!parsed) return fail("InvalidAuthorization", "The Authorization header is not `HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.");
  const { scope } = parsed;
  if (!parsed.signedHeaders.includes("host") || !parsed.signedHeaders.includes("x-date")) {
    return fail("InvalidAuthorization", "SignedHeaders must include host and x-date.", scope);
  }
  const secret = input.lookupSecret(scope.accessKeyId);
  if (secret === undefined) return fail("InvalidAccessKey", `The access key ${scope.accessKeyId} is not known.`, scope);

  const xDate = headers["x-date"] ?? "";
  const signedAt = parseXDate(xDate);
  if (!signedAt) return fail("InvalidTimestamp", "X-Date is missing or not YYYYMMDDTHHMMSSZ.", scope);
  const skewSeconds = Math.abs((input.now ?? new Date()).getTime() - signedAt.getTime()) / 1000;
  if (skewSeconds > (input.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS)) {
    return fail("InvalidTimestamp", `X-Date ${xDate} is ${Math.round(skewSeconds)} s away from the server clock.`, scope);
  }
  if (scope.date !== xDate.slice(0, 8)) return fail("InvalidAuthorization", "The credential scope date differs from X-Date.", scope);
  const missing = parsed.signedHeaders.find((h) => headers[h] === undefined);
  if (missing) return fail("InvalidAuthorization", `The signed header ${missing} is not in the request.`, scope);

  const expected = computeSignature({
    method: input.method,
    path: input.path,
    canonicalQuery: canonicalQueryString(typeof input.query === "string" ? parseQueryString(input.query) : input.query),
    headers,
    signedHeaders: parsed.signedHeaders,
    bodySha256: input.bodySha256 ?? sha256Hex(input.body),
    xDate,
    scope,
    secretAccessKey: secret,
  });
  const given = Buffer.from(parsed.signature, "utf8");
  const wanted = Buffer.from(expected, "utf8");
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return fail("SignatureDoesNotMatch", "The request signature does not match the one computed from the request and the secret key.", scope);
  }
  const token = headers["x-security-token"];
  return { ok: true, scope, signedHeaders: parsed.signedHeaders, ...(token ? { securityToken: token } : {}) };
}

/** Parses an Authorization header; undefined when it is not the HMAC-SHA256 form. */
export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const match = /^HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]{64})\s*$/.exec(header.trim());
  if (!match) return undefined;
  const [accessKeyId, date, region, service, terminator, ...rest] = match[1]!.split("/");
  if (!accessKeyId || !date || !/^\d{8}$/.test(date) || !region || !service || terminator !== "request" || rest.length > 0) return undefined;
  return {
    scope: { accessKeyId, date, region, service },
    signedHeaders: match[2]!.split(";").map((h) => h.toLowerCase()),
    signature: match[3]!.toLowerCase(),
  };
}

/** The canonical query string: keys sorted (then values), each RFC 3986-encoded, joined with `&`. Also used to build URLs. */
export function canonicalQueryString(query: QueryParams): string {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(query)) {
    for (const v of typeof value === "string" ? [value] : value) pairs.push([rfc3986(key), rfc3986(v)]);
  }
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** Percent-encodes everything but the unreserved `A-Z a-z 0-9 - _ . ~` (space as `%20`, never `+`). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatXDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function parseXDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

interface SignatureParts {
  method: string;
  path: string;
  canonicalQuery: string;
  /** Lower-case names. */
  headers: Readonly<Record<string, string | undefined>>;
  signedHeaders: readonly string[];
  bodySha256: string;
  xDate: string;
  scope: CredentialScope;
  secretAccessKey: string;
}

function computeSignature(p: SignatureParts): string {
  const names = sortedNames(p.signedHeaders);
  const canonicalHeaders = names.map((name) => `${name}:${(p.headers[name] ?? "").trim()}\n`).join("");
  const canonicalRequest = [p.method.toUpperCase(), p.path, p.canonicalQuery, canonicalHeaders, names.join(";"), p.bodySha256].join("\n");
  const scope = `${p.scope.date}/${p.scope.region}/${p.scope.service}/request`;
  const stringToSign = [ALGORITHM, p.xDate, scope, sha256Hex(canonicalRequest)].join("\n");
  // No "VolcEngine" prefix on the secret: see the module comment.
  const kDate = hmac(p.secretAccessKey, p.scope.date);
  const kSigning = hmac(hmac(hmac(kDate, p.scope.region), p.scope.service), "request");
  return hmac(kSigning, stringToSign).toString("hex");
}

function formatAuthorization(a: ParsedAuthorization): string {
  const { accessKeyId, date, region, service } = a.scope;
  return `${ALGORITHM} Credential=${accessKeyId}/${date}/${region}/${service}/request, SignedHeaders=${a.signedHeaders.join(";")}, Signature=${a.signature}`;
}

function sortedNames(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.toLowerCase()))].sort();
}

function parseQueryString(raw: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(raw.startsWith("?") ? raw.slice(1) : raw)) (out[k] ??= []).push(v);
  return out;
}

function lowerCaseHeaders(headers: VerifySignatureInput["headers"]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = typeof value === "string" ? value : value.join(",");
  }
  return out;
}

function fail(code: VerifyFailureCode, message: string, scope?: CredentialScope): VerifyResult {
  return { ok: false, code, message, ...(scope ? { scope } : {}) };
}

function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Uint8Array, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

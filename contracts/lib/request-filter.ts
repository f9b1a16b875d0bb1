/**
 * The verifier's request filter: pact files carry placeholder credentials and signatures made at consumer-test
 * time, so every replayed request is re-authenticated for the provider under test before it is forwarded —
 * Bearer tokens are swapped for the target's API key; AK/SK requests are signed again (../../provider/signer.ts)
 * for the target host and the current time.
 *
 * Facts relied on (pact-foundation/pact-js `docs/provider.md` and its verification proxy, `src/dsl/verifier/proxy/`):
 * - the filter is express middleware in Pact's verification proxy; it sees every request, including the
 *   verifier's own `POST /_pactSetup` state calls, which it leaves alone;
 * - JSON bodies reach the proxy parsed and are re-serialized with `JSON.stringify` before forwarding (pact's
 *   `parseBody`), other bodies as raw Buffers: the signature covers exactly those bytes, and Content-Length is set
 *   to their length;
 * - against a remote base URL the proxy rewrites `Host` to the target's host after the filter runs
 *   (`changeOrigin`); the signature therefore always covers the target's host, and the filter sets `Host` to it.
 */
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { signRequest } from "../../provider/signer.js";
import { getDialect } from "../../provider/gateways/index.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";

/** The credentials a target accepts. Bearer gateways need `apiKey`; AK/SK gateways the key pair. */
export interface TargetCredentials {
  apiKey?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** STS session token, sent and signed as X-Security-Token. */
  securityToken?: string;
}

/** The request as Pact's proxy (express) hands it to a filter: only what this filter touches. */
export interface ProxyRequest {
  method: string;
  /** Path and query as received by the proxy, e.g. `/?Action=GetAsset&Version=2024-01-01`. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON (object), a raw Buffer, or undefined for no body. */
  body?: unknown;
}

/** Express's `next`. */
export type Next = (error?: unknown) => void;

/** An express middleware as Pact's `requestFilter` option takes it. */
export type RequestFilter = (req: ProxyRequest, res: unknown, next: Next) => void;

/** Options of createRequestFilter. */
export interface RequestFilterOptions {
  gateway: GatewayName;
  /** The provider's base URL (the target of the proxy): its host is signed, its path is the prefix of every request. */
  targetBaseUrl: string;
  credentials: TargetCredentials;
  /** Signing region; default the gateway's (e.g. `cn-beijing`). */
  region?: string;
  /** Signing service; default `ark`. */
  service?: string;
  /**
   * Whether the current interaction wants credentials the gateway rejects (provider state
   * `the credentials are invalid`): Bearer requests then carry a random unknown key, AK/SK requests are signed
   * with a wrong secret (→ SignatureDoesNotMatch upstream).
   */
  rejectCredentials?: () => boolean;
  /** The signing clock; default now. */
  now?: () => Date;
  /** The path of the verifier's state calls, left alone; default `/_pactSetup`. */
  stateSetupPath?: string;
}

/** The bytes pact's proxy will forward for a body (mirrors pact's `parseBody`). */
export function forwardedBody(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return Buffer.from(body);
  if (typeof body === "object") return Buffer.from(JSON.stringify(body));
  return Buffer.alloc(0);
}

/** Builds the filter. Credentials are only ever written into the forwarded request, never logged. */
export function createRequestFilter(options: RequestFilterOptions): RequestFilter {
  const dialect = getDialect(options.gateway);
  const target = new URL(options.targetBaseUrl);
  const prefix = target.pathname.replace(/\/+$/, "");
  const setupPath = options.stateSetupPath ?? "/_pactSetup";
  const region = options.region ?? dialect.defaults.region ?? "";
  const service = options.service ?? dialect.defaults.service ?? "ark";

  return (req, _res, next) => {
    try {
      const [path = "/", rawQuery = ""] = splitOnce(req.url, "?");
      if (path === setupPath || path.startsWith("/_messages")) return next();
      const reject = options.rejectCredentials?.() ?? false;

      if (dialect.capabilities.auth === "bearer") {
        if (req.headers.authorization !== undefined) {
          const key = reject ? `invalid-${randomBytes(8).toString("hex")}` : options.credentials.apiKey;
          if (!key) throw new Error(`No API key to verify ${options.gateway} with.`);
          req.headers.authorization = `Bearer ${key}`;
        }
        return next();
      }

      const { accessKeyId, secretAccessKey, securityToken } = options.credentials;
      if (!accessKeyId || !secretAccessKey) throw new Error(`No access key pair to verify ${options.gateway} with.`);
      const body = forwardedBody(req.body);
      const contentType = headerValue(req.headers["content-type"]);
      const signed = signRequest({
        method: req.method,
        host: target.host,
        path: prefix + path,
        query: parseQuery(rawQuery),
        headers: contentType ? { "content-type": contentType } : {},
        body,
        accessKeyId,
        secretAccessKey: reject ? `${secretAccessKey}-wrong` : secretAccessKey,
        ...(securityToken ? { securityToken } : {}),
        region,
        service,
        date: options.now?.() ?? new Date(),
      });
      req.headers.host = target.host;
      req.headers.authorization = signed.Authorization;
      req.headers["x-date"] = signed["X-Date"];
      req.headers["x-content-sha256"] = signed["X-Content-Sha256"];
      if (signed["X-Security-Token"]) req.headers["x-security-token"] = signed["X-Security-Token"];
      if (body.length > 0 || req.headers["content-length"] !== undefined) req.headers["content-length"] = String(body.length);
      return next();
    } catch (error) {
      return next(error);
    }
  };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

/** A raw query string as the signer's parameters (repeated keys kept as arrays). */
export function parseQuery(rawQuery: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(rawQuery)) {
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** The parts of express's response a capture touches. */
interface CapturableResponse {
  statusCode: number;
  getHeader(name: string): unknown;
  write(chunk: unknown, ...rest: unknown[]): boolean;
  end(chunk?: unknown, ...rest: unknown[]): unknown;
}

/**
 * Wraps a filter so that the Ids the provider answers to CreateAssetGroup / CreateAsset requests are reported to
 * `onCreated` — the live CLI deletes them afterwards. The answer is read as the proxy streams it back (gzip,
 * deflate and brotli bodies are decoded) and decoded with the gateway's dialect; it is forwarded unchanged.
 */
export function captureCreatedIds(gateway: GatewayName, inner: RequestFilter, onCreated: (action: "CreateAssetGroup" | "CreateAsset", id: string) => void): RequestFilter {
  const dialect = getDialect(gateway);
  return (req, res, next) => {
    const [path = "/", rawQuery = ""] = splitOnce(req.url, "?");
    const routed = dialect.route(req.method.toUpperCase(), path, Object.fromEntries(new URLSearchParams(rawQuery)));
    const action = routed?.action;
    if (action === "CreateAssetGroup" || action === "CreateAsset") {
      const r = res as CapturableResponse;
      const chunks: Buffer[] = [];
      const keep = (chunk: unknown) => {
        if (typeof chunk === "string" || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk as string));
      };
      const write = r.write.bind(r);
      const end = r.end.bind(r);
      r.write = (chunk, ...rest) => {
        keep(chunk);
        return write(chunk, ...rest);
      };
      r.end = (chunk, ...rest) => {
        keep(chunk);
        try {
          const text = decodeBody(Buffer.concat(chunks), String(r.getHeader("content-encoding") ?? "")).toString("utf8");
          const decoded = dialect.decodeResponse(action, { status: r.statusCode, headers: {}, body: JSON.parse(text) as unknown, rawText: text });
          const id = decoded.ok ? (decoded.result as { Id?: unknown }).Id : undefined;
          if (typeof id === "string" && id) onCreated(action, id);
        } catch {
          // Not JSON, or not an answer the dialect reads: nothing was created that we can name.
        }
        return end(chunk, ...rest);
      };
    }
    inner(req, res, next);
  };
}

function decodeBody(bytes: Buffer, encoding: string): Buffer {
  if (/\bgzip\b/i.test(encoding)) return gunzipSync(bytes);
  if (/\bbr\b/i.test(encoding)) return brotliDecompressSync(bytes);
  if (/\bdeflate\b/i.test(encoding)) return inflateSync(bytes);
  return bytes;
}

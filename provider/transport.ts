/**
 * The HTTP layer: an undici 8 Agent, body encoding, and one attempt of one request. No retries and no error
 * classes here — an attempt either returns the response or says why there was none (timeout or network, and
 * whether the request may have reached the server), and ./client.ts decides what that means for the Action.
 * undici facts relied on: nodejs/undici `docs/docs/api/Agent.md` (timeouts) and `lib/core/errors.js` (codes); see
 * docs/sources.md, "Testing stack".
 */
import type { Agent, Dispatcher } from "undici";
import { canonicalQueryString } from "./signer.js";
import type { WireBody, WireRequest, WireResponse } from "./gateways/dialect.js";

/**
 * undici, loaded on first use rather than at import: the package root re-exports GatewayClient, and a Pulumi
 * program that only declares resources must not pay for the HTTP client (it runs in the provider process).
 */
function undici(): typeof import("undici") {
  return require("undici") as typeof import("undici");
}

/** Per-attempt timeout default, in milliseconds (GatewayProfile.timeoutMs). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Options of the undici Agent the client owns (createAgent). */
export interface AgentOptions {
  /** Upper bound for waiting for headers and between body chunks, ms; default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** TCP+TLS connect timeout, ms; default 10 000. */
  connectTimeoutMs?: number;
  /** Connections per origin; default 8. */
  connections?: number;
}

/**
 * A keep-alive Agent for one client. HTTP/2 is off (`allowH2: false`): the gateways are plain HTTP/1.1 APIs and
 * undici 8 would otherwise negotiate h2 by ALPN, which nock and the emulator do not speak.
 */
export function createAgent(options: AgentOptions = {}): Agent {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new (undici().Agent)({
    allowH2: false,
    connections: options.connections ?? 8,
    keepAliveTimeout: 4_000,
    keepAliveMaxTimeout: 60_000,
    headersTimeout: timeout,
    bodyTimeout: timeout,
    connect: { timeout: options.connectTimeoutMs ?? 10_000 },
  });
}

/** A body ready to send: the exact bytes (signed as such) and the content type that goes with them. */
export interface EncodedBody {
  bytes: Uint8Array;
  /** Set for multipart (carries the boundary); JSON bodies keep the dialect's own content-type header. */
  contentType?: string;
  /** For logs: the JSON text, or a summary of a multipart body (never its file bytes). */
  description: string;
}

/**
 * Serializes a WireBody once, so retries resend and re-sign the same bytes. Multipart goes through undici's
 * FormData + Blob and is read back into bytes: AK/SK signing needs the exact bytes, and a buffered body is
 * never streamed past nock (nock 15 does not intercept large streamed bodies; docs/sources.md, "Testing stack").
 */
export async function encodeBody(body: WireBody | undefined): Promise<EncodedBody | undefined> {
  if (!body) return undefined;
  if (body.kind === "json") {
    const text = JSON.stringify(body.value);
    return { bytes: new TextEncoder().encode(text), description: text };
  }
  const { FormData, Response } = undici();
  const form = new FormData();
  for (const [name, value] of Object.entries(body.fields)) form.append(name, value);
  const { field, fileName, contentType, data } = body.file;
  form.append(field, new Blob([data], { type: contentType }), fileName);
  const encoded = new Response(form);
  return {
    bytes: new Uint8Array(await encoded.arrayBuffer()),
    contentType: encoded.headers.get("content-type") ?? "multipart/form-data",
    description: `multipart fields=${JSON.stringify(body.fields)} ${field}=${fileName} (${contentType}, ${data.byteLength} bytes)`,
  };
}

/** The full URL of a wire request under a base URL (whose own path, if any, is kept as a prefix). */
export function buildUrl(baseUrl: URL, wire: Pick<WireRequest, "path" | "query">): URL {
  const prefix = baseUrl.pathname.replace(/\/+$/, "");
  const query = canonicalQueryString(wire.query);
  return new URL(`${baseUrl.origin}${prefix}${wire.path}${query ? `?${query}` : ""}`);
}

/** One attempt: the request as it goes on the wire (auth headers included) and its limits. */
export interface Attempt {
  dispatcher: Dispatcher;
  url: URL;
  method: WireRequest["method"];
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
  /** The caller's signal: when it aborts, its reason is thrown as is. */
  signal?: AbortSignal;
}

/** No response: why, and whether the server may have received (and acted on) the request. */
export interface AttemptFailure {
  reason: "timeout" | "network";
  /** False only when the connection was never established, so the request cannot have arrived. */
  requestMayHaveArrived: boolean;
  cause: unknown;
}

/** A response (whatever its status), or why there was none. */
export type AttemptOutcome = { ok: true; response: WireResponse } | { ok: false; failure: AttemptFailure };

/** Error codes raised before any byte of the request could reach the server. */
const NOT_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);

/**
 * Sends one request and reads the whole answer. The body is parsed as JSON when it is JSON; `rawText` keeps it.
 * Rejects only when the caller's signal aborted (with its reason); every other failure is an AttemptFailure.
 */
export async function sendAttempt(attempt: Attempt): Promise<AttemptOutcome> {
  const deadline = AbortSignal.timeout(attempt.timeoutMs);
  const signal = attempt.signal ? AbortSignal.any([attempt.signal, deadline]) : deadline;
  try {
    const res = await undici().request(attempt.url, {
      dispatcher: attempt.dispatcher,
      method: attempt.method,
      headers: attempt.headers,
      body: attempt.body ?? null,
      signal,
    });
    const rawText = await res.body.text();
    return { ok: true, response: { status: res.statusCode, headers: flattenHeaders(res.headers), body: parseJson(rawText), rawText } };
  } catch (error) {
    if (attempt.signal?.aborted) throw attempt.signal.reason;
    const code = errorCode(error);
    const timedOut = deadline.aborted || (code !== undefined && TIMEOUT_CODES.has(code));
    return {
      ok: false,
      failure: { reason: timedOut ? "timeout" : "network", requestMayHaveArrived: !(code !== undefined && NOT_CONNECTED.has(code)), cause: error },
    };
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `code` of an error or of its causes (undici and Node put it at different depths). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/**
 * Request bodies as a server must take them: a cap per route, checked against `Content-Length` before a byte is read
 * and again while reading (chunked bodies), a budget of body bytes buffered at once across all requests, and a
 * nesting bound for JSON — so no caller can make the emulator hold more than it would ever need.
 *
 * The caps (BODY_LIMITS, `bodyLimitFor`): a CreateAsset at a gateway that takes inline media (data URI, base64 or
 * multipart — Anyfast, docs.anyfast.com.cn asset guide, "上传方式") may carry the largest media file the configured limits allow, base64
 * encoded (4/3), plus 1 MiB for the other fields, multipart headers and the data-URI prefix. Everything else is a
 * small JSON document. Guess: no gateway publishes a body cap of its own; 1 MiB is far above any valid request of
 * the asset API (names ≤ 64 characters, descriptions ≤ 300, ListAssets filters of ids).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Action } from "../provider/api.js";
import type { Dialect } from "../provider/gateways/dialect.js";
import type { MediaLimits } from "../provider/media/limits.js";

const MiB = 1024 * 1024;

/** Fixed caps, in bytes. */
export const BODY_LIMITS = {
  /** Any action that carries no media, and the admin surface. */
  json: MiB,
  /** Added to the base64 size of the largest media file for inline uploads. */
  uploadOverhead: MiB,
  /**
   * Default budget of body bytes buffered at once, across all requests: two of the largest inline uploads the first
   * published limits allow (2 × 67.7 MiB) fit, a third waits (503, retry).
   */
  inFlight: 160 * MiB,
} as const;

/** JSON bodies nested deeper than this are refused before parsing (the asset API nests 3 levels at most). */
export const MAX_JSON_DEPTH = 32;

/** The largest file, in bytes, any checked category of `limits` admits. */
export function largestMediaBytes(limits: MediaLimits): number {
  return Math.max(...[limits.image.bytes.max, limits.video.bytes.max, limits.audio.bytes.max].map((m) => m ?? 0));
}

/**
 * The body cap of one route, in bytes: for CreateAsset at a gateway with inline uploads, the base64 size of the
 * largest media file `limits` admit plus BODY_LIMITS.uploadOverhead; else BODY_LIMITS.json.
 */
export function bodyLimitFor(dialect: Dialect, action: Action | undefined, limits: MediaLimits): number {
  const inline = dialect.capabilities.uploads.some((u) => u !== "url");
  if (action !== "CreateAsset" || !inline) return BODY_LIMITS.json;
  return Math.ceil((largestMediaBytes(limits) * 4) / 3) + BODY_LIMITS.uploadOverhead;
}

/** Why a body was refused; the pipeline answers `status` in the gateway's error shape. */
export class BodyRefused extends Error {
  /** 413 too large; 503 the in-flight budget is spent (retry). */
  readonly status: 413 | 503;
  constructor(status: 413 | 503, message: string) {
    super(message);
    this.name = "BodyRefused";
    this.status = status;
  }
}

/** The declared length of a body: a number, or undefined (chunked or absent). */
export function declaredLength(req: IncomingMessage): number | undefined {
  const value = req.headers["content-length"];
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Counts the body bytes buffered at once. A request reserves its declared length (or its cap when the length is
 * unknown) before reading; one request is always admitted when nothing else is reserved, so the largest legitimate
 * upload still fits whatever the budget.
 */
export class BodyBudget {
  readonly capacity: number;
  #reserved = 0;
  constructor(capacity: number = BODY_LIMITS.inFlight) {
    this.capacity = capacity;
  }
  /** Bytes reserved now. */
  get reserved(): number {
    return this.#reserved;
  }
  /** Reserves `bytes`; returns the release function, or undefined when the budget cannot take them now. */
  reserve(bytes: number): (() => void) | undefined {
    if (bytes > 0 && this.#reserved > 0 && this.#reserved + bytes > this.capacity) return undefined;
    this.#reserved += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#reserved -= bytes;
    };
  }
}

/**
 * Reads a request body of at most `maxBytes` (and never more than its `Content-Length`), within `budget`. With
 * `res`, a client waiting on `Expect: 100-continue` is told to send only after these checks pass.
 * @throws BodyRefused 413 when `Content-Length` or the bytes read exceed `maxBytes` (checked before reading, and
 *   while reading chunked bodies); 503 when the budget is spent.
 */
export async function readBoundedBody(req: IncomingMessage, maxBytes: number, budget: BodyBudget, res?: ServerResponse): Promise<Buffer> {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > maxBytes) throw tooLarge(maxBytes, declared);
  if (declared === 0) return Buffer.alloc(0);
  const release = budget.reserve(declared ?? maxBytes);
  if (!release) throw new BodyRefused(503, `The emulator is already reading ${budget.reserved} bytes of request bodies (budget ${budget.capacity}); retry shortly.`);
  // A client that asked `Expect: 100-continue` sends the body only now, once it is wanted (RFC 9110 §10.1.1).
  if (res && !res.headersSent && String(req.headers["expect"] ?? "").toLowerCase() === "100-continue") res.writeContinue();
  try {
    // A declared length is read into one buffer of that size (no second copy); a chunked body is joined at the end.
    const whole = declared !== undefined ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      if (total + chunk.length > (declared ?? maxBytes)) throw tooLarge(maxBytes);
      if (whole) chunk.copy(whole, total);
      else chunks.push(chunk);
      total += chunk.length;
    }
    return whole ? whole.subarray(0, total) : Buffer.concat(chunks, total);
  } finally {
    release();
  }
}

function tooLarge(maxBytes: number, declared?: number): BodyRefused {
  const size = declared !== undefined ? `${declared} bytes` : "more";
  return new BodyRefused(413, `The request body is ${size}; this route takes at most ${maxBytes} bytes (${(maxBytes / MiB).toFixed(1)} MiB).`);
}

/**
 * Whether a JSON text nests arrays and objects deeper than `maxDepth`, by one pass over the bytes (brackets inside
 * strings do not count). Run before `JSON.parse`, so a body of a million `[` is refused in linear time and never
 * reaches a recursive validator.
 */
export function jsonTooDeep(raw: Uint8Array, maxDepth: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

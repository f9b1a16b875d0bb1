/**
 * node:http ↔ the dialects' wire types (../provider/gateways/dialect.ts `WireRequest`, `WireResponse`):
 * parsing a request body (read, bounded, by ./request-body.ts) as JSON or multipart/form-data, and writing an answer.
 */
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { WireBody, WireRequest, WireResponse } from "../provider/gateways/dialect.js";
import type { ReceivedRequest } from "./auth.js";
import { Errors } from "./errors.js";

/** The received request as a dialect reads it: lower-case string headers and a parsed body. */
export async function toWireRequest(received: ReceivedRequest, path: string): Promise<WireRequest> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(received.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  const method = received.method.toUpperCase() as WireRequest["method"];
  const body = await parseBody(headers["content-type"] ?? "", received.body);
  return { method, path, query: received.query, headers, ...(body ? { body } : {}) };
}

async function parseBody(contentType: string, raw: Buffer): Promise<WireBody | undefined> {
  if (raw.length === 0) return undefined;
  if (/^multipart\/form-data/i.test(contentType)) {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
    } catch (err) {
      throw Errors.invalidParameter(`The multipart body cannot be parsed: ${(err as Error).message}`);
    }
    const fields: Record<string, string> = {};
    let file: Extract<WireBody, { kind: "multipart" }>["file"] | undefined;
    for (const [name, value] of form) {
      if (typeof value === "string") fields[name] = value;
      else if (!file) file = { field: name, fileName: value.name, contentType: value.type || "application/octet-stream", data: new Uint8Array(await value.arrayBuffer()) };
    }
    // A form without a file carries plain fields: read them as the JSON body they stand for.
    return file ? { kind: "multipart", fields, file } : { kind: "json", value: fields };
  }
  try {
    return { kind: "json", value: JSON.parse(raw.toString("utf8")) as unknown };
  } catch {
    throw Errors.unreadableBody("The request body is not valid JSON.");
  }
}

/** Writes a dialect's answer. A body that is not a string is sent as JSON. */
export function writeWire(res: ServerResponse, wire: WireResponse): void {
  const text = wire.body === undefined ? (wire.rawText ?? "") : typeof wire.body === "string" ? wire.body : JSON.stringify(wire.body);
  const headers: Record<string, string> = { ...wire.headers };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type") && wire.body !== undefined) headers["content-type"] = "application/json";
  res.writeHead(wire.status, { ...headers, "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Writes a plain JSON answer (admin surface, unrouted requests). */
export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  writeWire(res, { status, headers: { "content-type": "application/json", ...headers }, body });
}

/** A native-style RequestId: `YYYYMMDDHHMMSS` (UTC) + 18 upper-case hex digits. */
export function newRequestId(now: Date): string {
  return now.toISOString().replace(/\D/g, "").slice(0, 14) + randomBytes(9).toString("hex").toUpperCase();
}

/** Case-insensitive header merge: `extra` replaces same-named headers of `base`. */
export function mergeHeaders(base: Record<string, string>, extra: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  const replaced = new Set(Object.keys(extra).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(base)) if (!replaced.has(k.toLowerCase())) out[k] = v;
  return { ...out, ...extra };
}

/**
 * Helpers for the emulator's own tests: start an emulator per test on 127.0.0.1 port 0 (closed after each test),
 * and raw HTTP calls to it — Bearer, or AK/SK signed with the project's signer.
 */
import { afterEach } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../emulator/server.js";
import type { Action, RequestOf, ResultOf } from "../../provider/api.js";
import type { DecodeResult, Dialect, GatewayFailure, WireResponse } from "../../provider/gateways/dialect.js";
import { signRequest } from "../../provider/signer.js";

const running: EmulatorHandle[] = [];

/** Registers the afterEach that closes every emulator a test started. Call once per test file. */
export function useEmulators(): void {
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.close()));
  });
}

/** An emulator for one test (fast processing, no throttling unless asked). */
export async function emulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const e = await startEmulator({ processingMs: 20, rateLimits: false, ...options });
  running.push(e);
  return e;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** POST a JSON body with a Bearer key (default the emulator's) to `path`. `key: null` sends no Authorization. */
export async function bearer(base: string, path: string, body: unknown, key: string | null = DEFAULT_API_KEY, method = "POST"): Promise<Reply> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== null) headers["authorization"] = `Bearer ${key}`;
  return reply(await fetch(base + path, { method, headers, ...(method === "GET" || method === "DELETE" ? {} : { body: JSON.stringify(body) }) }));
}

export interface SignedCall {
  action: string;
  body?: unknown;
  region?: string;
  service?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  date?: Date;
  securityToken?: string;
  signedHeaders?: string[];
  /** Change the request after signing. */
  tamper?: (r: { query: Record<string, string>; body: string; headers: Record<string, string> }) => void;
}

/** A native call `POST /?Action=…&Version=2024-01-01`, signed with provider/signer.ts (default credentials, cn-beijing). */
export async function signed(base: string, call: SignedCall): Promise<Reply> {
  const url = new URL(base);
  const query: Record<string, string> = { Action: call.action, Version: "2024-01-01" };
  const body = JSON.stringify(call.body ?? {});
  const headers: Record<string, string> = { "content-type": "application/json" };
  const auth = signRequest({
    method: "POST",
    host: url.host,
    path: "/",
    query,
    headers,
    body,
    accessKeyId: call.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
    secretAccessKey: call.secretAccessKey ?? DEFAULT_SECRET_ACCESS_KEY,
    region: call.region ?? "cn-beijing",
    service: call.service ?? "ark",
    ...(call.date ? { date: call.date } : {}),
    ...(call.securityToken ? { securityToken: call.securityToken } : {}),
    ...(call.signedHeaders ? { signedHeaders: call.signedHeaders } : {}),
  });
  const sent = { query, body, headers: { ...headers, ...(auth as unknown as Record<string, string>) } };
  call.tamper?.(sent);
  return reply(await fetch(`${base}/?${new URLSearchParams(sent.query)}`, { method: "POST", headers: sent.headers, body: sent.body }));
}

export interface SendAuth {
  apiKey?: string | null;
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  date?: Date;
}

/**
 * Sends a canonical request the way a dialect encodes it (Dialect.encodeRequest, Bearer or AK/SK auth) and decodes
 * the answer with the same dialect — a minimal client, so emulator tests stay independent of provider/client.ts.
 */
export async function sendAs<A extends Action>(
  base: string,
  dialect: Dialect,
  action: A,
  request: RequestOf<A>,
  auth: SendAuth = {},
): Promise<{ wire: WireResponse; decoded: DecodeResult<A> }> {
  const wire = dialect.encodeRequest(action, request, { version: dialect.defaults.version ?? "" });
  const url = new URL(base + new URL(dialect.defaults.baseUrl).pathname.replace(/\/$/, "") + wire.path);
  for (const [k, v] of Object.entries(wire.query)) url.searchParams.set(k, v);
  let body: Uint8Array | undefined;
  const headers: Record<string, string> = { ...wire.headers };
  if (wire.body?.kind === "json") {
    body = Buffer.from(JSON.stringify(wire.body.value));
  } else if (wire.body?.kind === "multipart") {
    const form = new FormData();
    for (const [k, v] of Object.entries(wire.body.fields)) form.append(k, v);
    const f = wire.body.file;
    form.append(f.field, new Blob([f.data], { type: f.contentType }), f.fileName);
    const r = new Request("http://x/", { method: "POST", body: form });
    body = new Uint8Array(await r.arrayBuffer());
    headers["content-type"] = r.headers.get("content-type")!;
  }
  if (dialect.capabilities.auth === "bearer") {
    const key = auth.apiKey === undefined ? DEFAULT_API_KEY : auth.apiKey;
    if (key !== null) headers["authorization"] = `Bearer ${key}`;
  } else {
    Object.assign(
      headers,
      signRequest({
        method: wire.method,
        host: url.host,
        path: url.pathname,
        query: wire.query,
        headers,
        body: body ?? "",
        accessKeyId: auth.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
        secretAccessKey: auth.secretAccessKey ?? DEFAULT_SECRET_ACCESS_KEY,
        region: auth.region ?? dialect.defaults.region!,
        service: dialect.defaults.service!,
        ...(auth.date ? { date: auth.date } : {}),
      }),
    );
  }
  const response = await fetch(url, { method: wire.method, headers, ...(body ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const out: WireResponse = { status: response.status, headers: Object.fromEntries(response.headers), body: parsed, rawText: text };
  return { wire: out, decoded: dialect.decodeResponse(action, out) };
}

/** The failure of a decoded answer (fails the test when the call succeeded). */
export function failureOf(decoded: DecodeResult<Action>): GatewayFailure {
  if (decoded.ok) throw new Error(`expected a failure, got ${JSON.stringify(decoded.result)}`);
  return decoded.failure;
}

/** The result of a decoded answer (fails the test when the call failed). */
export function resultOf<A extends Action>(decoded: DecodeResult<A>): ResultOf<A> {
  if (!decoded.ok) throw new Error(`expected success, got ${JSON.stringify(decoded.failure)}`);
  return decoded.result;
}

/** Waits until `check` returns a value other than undefined, polling every 10 ms (throws after `ms`). */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

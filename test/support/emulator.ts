/**
 * The one emulator helper of the unit and integration tests: in-process emulators on 127.0.0.1 port 0 with their
 * clean-up, the emulator's default credentials per gateway, the project's real GatewayClient pointed at them, and raw
 * HTTP calls (Bearer, AK/SK signed with the project's signer, or encoded by a dialect) for tests that must not go
 * through provider/client.ts.
 */
import { afterEach } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../emulator/server.js";
import { ACTIONS, type Action, type AssetRecord, type RequestOf, type ResultOf } from "../../provider/api.js";
import { GatewayClient, type GatewayClientOptions, type GatewayProfile } from "../../provider/client.js";
import type { DecodeResult, Dialect, GatewayFailure, WireResponse } from "../../provider/gateways/dialect.js";
import { getDialect } from "../../provider/gateways/index.js";
import { RateLimiter } from "../../provider/rate-limiter.js";
import { signRequest } from "../../provider/signer.js";

/** Fast processing for tests: an asset leaves Processing after this many ms. */
export const TEST_PROCESSING_MS = 30;

const emulators: EmulatorHandle[] = [];
const clients: GatewayClient[] = [];

/** Registers the afterEach that closes every client and emulator a test started. Call once per test file. */
export function useCleanup(): void {
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(emulators.splice(0).map((e) => e.close()));
  });
}

/** Options of an emulator for tests: fast processing, server-side throttling off unless asked. */
export function testEmulatorOptions(options: EmulatorOptions = {}): EmulatorOptions {
  return { processingMs: TEST_PROCESSING_MS, rateLimits: false, ...options };
}

/** An emulator for one test (closed by `useCleanup`'s afterEach). */
export async function emulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const e = await startEmulator(testEmulatorOptions(options));
  emulators.push(e);
  return e;
}

/** The credentials the emulator accepts by default, in profile fields: AK/SK for the native gateways, else an API key. */
export function credentialsFor(gateway: string): { accessKeyId: string; secretAccessKey: string } | { apiKey: string } {
  return getDialect(gateway).capabilities.auth === "aksk"
    ? { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY }
    : { apiKey: DEFAULT_API_KEY };
}

/**
 * Client-side pacing off (a limit no test reaches), to match the emulator without throttling; tests of pacing
 * pass `rateLimits` or `tier` in the profile.
 */
const UNPACED = Object.fromEntries(ACTIONS.map((action) => [action, { requests: 1_000_000, perSeconds: 1 }]));

/** The real client for a gateway of `e`, with the emulator's default credentials unless the profile says otherwise. */
export function clientFor(e: EmulatorHandle, dialect: Dialect, profile: Partial<GatewayProfile> = {}, options: GatewayClientOptions = {}): GatewayClient {
  const client = new GatewayClient(
    {
      gateway: dialect.name,
      baseUrl: e.gatewayUrl(dialect.name),
      ...credentialsFor(dialect.name),
      maxRetries: 2,
      timeoutMs: 5000,
      ...(profile.tier ? {} : { rateLimits: UNPACED }),
      ...profile,
    },
    { rateLimiter: new RateLimiter(), debug: false, sleep: async () => {}, ...options },
  );
  clients.push(client);
  return client;
}

/** Polls GetAsset until the asset leaves Processing (or `ms` pass). */
export async function settled(client: GatewayClient, id: string, ms = 5000): Promise<AssetRecord> {
  const deadline = Date.now() + ms;
  for (;;) {
    const asset = await client.getAsset({ Id: id });
    if (asset.Status !== "Processing") return asset;
    if (Date.now() > deadline) throw new Error(`asset ${id} still Processing after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** A URL of a generated sample served by the emulator itself (so it fetches and checks the bytes). */
export function sampleUrl(e: EmulatorHandle, file: string, params: Record<string, number> = {}): string {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  return `${e.url}/_emulator/samples/${file}${query.size ? `?${query}` : ""}`;
}

/** An HTTP answer read whole: the body parsed as JSON when it is JSON (else `undefined`), and the text. */
export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** Reads a fetch Response whole (see Reply). */
export async function readReply(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** A Reply as the client's transport hands an answer to a dialect's decodeResponse. */
export function wireResponseOf(reply: Reply): WireResponse {
  return { status: reply.status, headers: Object.fromEntries(reply.headers), body: reply.body, rawText: reply.text };
}

/** POST a JSON body with a Bearer key (default the emulator's) to `path`. `key: null` sends no Authorization. */
export async function bearer(base: string, path: string, body: unknown, key: string | null = DEFAULT_API_KEY, method = "POST"): Promise<Reply> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== null) headers["authorization"] = `Bearer ${key}`;
  return readReply(await fetch(base + path, { method, headers, ...(method === "GET" || method === "DELETE" ? {} : { body: JSON.stringify(body) }) }));
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
  return readReply(await fetch(`${base}/?${new URLSearchParams(sent.query)}`, { method: "POST", headers: sent.headers, body: sent.body }));
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
  const out = wireResponseOf(await readReply(await fetch(url, { method: wire.method, headers, ...(body ? { body } : {}) })));
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

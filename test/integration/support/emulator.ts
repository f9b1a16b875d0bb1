/**
 * Integration helpers: the project's real GatewayClient (provider/client.ts) against an in-process emulator, one
 * client per gateway, with a private client-side rate limiter so tests do not share budgets.
 */
import { afterEach } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "../../../emulator/auth.js";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../../emulator/server.js";
import { ACTIONS, type AssetRecord } from "../../../provider/api.js";
import { GatewayClient, type GatewayClientOptions, type GatewayProfile } from "../../../provider/client.js";
import type { Dialect } from "../../../provider/gateways/dialect.js";
import { RateLimiter } from "../../../provider/rate-limiter.js";

const emulators: EmulatorHandle[] = [];
const clients: GatewayClient[] = [];

/** Closes every client and emulator after each test. Call once per file. */
export function useCleanup(): void {
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(emulators.splice(0).map((e) => e.close()));
  });
}

/** An emulator for one test: 30 ms processing, throttling off unless asked. */
export async function emulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const e = await startEmulator({ processingMs: 30, rateLimits: false, ...options });
  emulators.push(e);
  return e;
}

/**
 * Client-side pacing off (a limit no test reaches), to match the helper's emulator without throttling; tests of pacing
 * pass `rateLimits` or `tier` in the profile.
 */
const UNPACED = Object.fromEntries(ACTIONS.map((action) => [action, { requests: 1_000_000, perSeconds: 1 }]));

/** The real client for a gateway of `e`, with the emulator's default credentials unless the profile says otherwise. */
export function clientFor(e: EmulatorHandle, dialect: Dialect, profile: Partial<GatewayProfile> = {}, options: GatewayClientOptions = {}): GatewayClient {
  const credentials: Partial<GatewayProfile> =
    dialect.capabilities.auth === "bearer" ? { apiKey: DEFAULT_API_KEY } : { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY };
  const client = new GatewayClient(
    { gateway: dialect.name, baseUrl: e.gatewayUrl(dialect.name), ...credentials, maxRetries: 2, timeoutMs: 5000, ...(profile.tier ? {} : { rateLimits: UNPACED }), ...profile },
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

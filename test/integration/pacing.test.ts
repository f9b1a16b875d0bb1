/**
 * One pacing algorithm, over HTTP: the real client's pacing (provider/rate-limiter.ts) against the real emulator's
 * throttling (emulator/ratelimit.ts), both from the shared definition (provider/rate-limit.ts) and the tier table
 * (provider/gateways/tiers.ts). Many concurrent clients of one credential, started all at once, at the tier's limits:
 * not one throttling answer. And the tier's quotas, answered QuotaExceeded.
 */
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator/server.js";
import { getDialect } from "../../provider/gateways/index.js";
import { RateLimiter, type Clock } from "../../provider/rate-limiter.js";
import { clientFor, emulator, useCleanup } from "../support/emulator.js";

useCleanup();

const byteplus = getDialect("byteplus");
const throttled = (e: EmulatorHandle) => e.requests.filter((r) => r.status === 429).length;
const sentOf = (e: EmulatorHandle, action: string) => e.requests.filter((r) => r.action === action);

describe("client pacing against emulator throttling, at the tier's limits", () => {
  it("8 concurrent clients of one credential, every call started at once: 0 throttling answers", async () => {
    // Throttling on, at byteplus's default tier (entry): ListAssetGroups and GetAssetGroup 10 per second each.
    const e = await emulator({ rateLimits: {} });
    const group = e.admin.seedGroup({ gateway: "byteplus", Name: "paced" });
    const limiter = new RateLimiter();
    const clients = Array.from({ length: 8 }, () => clientFor(e, byteplus, { maxRetries: 0, tier: "entry" }, { rateLimiter: limiter }));
    const started = performance.now();
    await Promise.all(
      clients.flatMap((client) =>
        Array.from({ length: 5 }, () => [client.getAssetGroup({ Id: group.Id }), client.listAssetGroups({ Filter: { GroupType: "AIGC" } })]).flat(),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    expect(throttled(e)).toBe(0);
    expect(sentOf(e, "GetAssetGroup")).toHaveLength(40);
    expect(sentOf(e, "ListAssetGroups")).toHaveLength(40);
    // 40 calls of each Action at 10 per second, spaced 100 ms: about 3.9 s, not a burst.
    expect(seconds).toBeGreaterThan(3.8);
    expect(seconds).toBeLessThan(8);
  });

  it("the same load with a client that believes in twice the limit is throttled (the measurement bites)", async () => {
    const e = await emulator({ rateLimits: {} });
    const group = e.admin.seedGroup({ gateway: "byteplus", Name: "greedy" });
    const limiter = new RateLimiter();
    const clients = Array.from({ length: 4 }, () => clientFor(e, byteplus, { maxRetries: 0, rateLimits: { GetAssetGroup: { requests: 20, perSeconds: 1 } } }, { rateLimiter: limiter }));
    await Promise.allSettled(clients.flatMap((client) => Array.from({ length: 10 }, () => client.getAssetGroup({ Id: group.Id }))));
    expect(throttled(e)).toBeGreaterThan(0);
  });

  it("an Entry-tier run of 10 CreateAsset on a 30× clock: paced at 3 per minute, one every 20 s, 0 throttling answers", async () => {
    // Both sides on one clock that runs 30 times faster than the wall: 3 minutes of Entry-tier pacing in 6 s.
    const SCALE = 30;
    const origin = Date.now();
    const scaledNow = () => origin + (Date.now() - origin) * SCALE;
    const clock: Clock = { now: () => performance.now() * SCALE, sleep: (ms) => delay(Math.ceil(ms / SCALE)) };
    const e = await emulator({ rateLimits: {}, tier: "entry", now: () => new Date(scaledNow()), processingMs: 0 });
    const group = e.admin.seedGroup({ gateway: "byteplus", Name: "entry" });
    const client = clientFor(e, byteplus, { maxRetries: 0, tier: "entry" }, { rateLimiter: new RateLimiter(clock), now: () => new Date(scaledNow()) });
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) => client.createAsset({ GroupId: group.Id, URL: `https://example.com/entry/${i}.png`, AssetType: "Image", Name: `a${i}` })));
    expect(created).toHaveLength(10);
    expect(throttled(e)).toBe(0);
    const times = sentOf(e, "CreateAsset").map((r) => Date.parse(r.time));
    expect(times).toHaveLength(10);
    // The request log has second resolution: consecutive creates are ≥ 19 s apart, 10 of them span ≥ 3 minutes − 1 s.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(19_000);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(179_000);
  });
});

describe("tier quotas", () => {
  it("answers CreateAsset beyond the Entry tier's 50 assets with QuotaExceeded and the way out", async () => {
    const e = await emulator({ tier: "entry" });
    const group = e.admin.seedGroup({ gateway: "byteplus", Name: "full" });
    for (let i = 0; i < 50; i++) e.admin.seedAsset({ gateway: "byteplus", GroupId: group.Id, AssetType: "Image", Name: `s${i}` });
    // Throttling is off in this emulator (and the helper's client does not pace): only the quota is at stake.
    const client = clientFor(e, byteplus, { maxRetries: 0 });
    const error = await client.createAsset({ GroupId: group.Id, URL: "https://example.com/51.png", AssetType: "Image" }).catch((err: unknown) => err);
    expect(error).toMatchObject({ gatewayCode: "QuotaExceeded" });
    expect((error as Error).message).toMatch(/The asset quota of the Entry tier of byteplus is 50, and 50 assets exist\. Delete assets you no longer need or move the account to a larger tier/);
    // One fewer, and it goes through.
    const [first] = e.admin.snapshot({ gateway: "byteplus" }).assets;
    await client.deleteAsset({ Id: first!.Id });
    await expect(client.createAsset({ GroupId: group.Id, URL: "https://example.com/51.png", AssetType: "Image" })).resolves.toMatchObject({ Id: expect.any(String) });
  });

  it("answers CreateAssetGroup beyond the group quota; a larger tier or --no-quotas lifts it", async () => {
    const entry = await emulator({ tier: "entry" });
    for (let i = 0; i < 50; i++) entry.admin.seedGroup({ gateway: "anyfast", Name: `g${i}` });
    const anyfast = getDialect("anyfast");
    const error = await clientFor(entry, anyfast, { maxRetries: 0 }).createAssetGroup({ Name: "one-more" }).catch((err: unknown) => err);
    expect(error).toMatchObject({ gatewayCode: "QuotaExceeded" });
    expect((error as Error).message).toMatch(/asset group quota of the Entry tier of anyfast is 50/);
    for (const options of [{ tier: "advanced" as const }, { tier: "entry" as const, quotas: false }]) {
      const e = await emulator(options);
      for (let i = 0; i < 50; i++) e.admin.seedGroup({ gateway: "anyfast", Name: `g${i}` });
      await expect(clientFor(e, anyfast, { maxRetries: 0 }).createAssetGroup({ Name: "one-more" })).resolves.toMatchObject({ Id: expect.any(String) });
    }
  });
});

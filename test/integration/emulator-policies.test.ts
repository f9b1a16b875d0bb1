/**
 * The emulator's policies: throttling (emulator/ratelimit.ts), fault injection (emulator/faults.ts), persistence
 * (emulator/store.ts) and the CLI's option parsing (emulator/cli.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getDialect } from "../../provider/gateways/index.js";
import { tierRateLimits } from "../../provider/gateways/tiers.js";
import { DEFAULT_API_KEY } from "../../emulator/auth.js";
import { HELP, parseCli } from "../../emulator/cli.js";
import { Faults, mulberry32 } from "../../emulator/faults.js";
import { Throttle } from "../../emulator/ratelimit.js";
import { startEmulator } from "../../emulator/server.js";
import { FileStore, MemoryStore, namespaceKey } from "../../emulator/store.js";
import { bearer, emulator, failureOf, resultOf, sendAs, signed, useCleanup } from "../support/emulator.js";

useCleanup();

describe("Throttle", () => {
  const volcengine = getDialect("volcengine");

  it("defaults to the gateway's default tier, takes another tier, overridable per action or off", () => {
    expect(new Throttle().limitFor(volcengine, "CreateAsset")).toEqual(tierRateLimits("volcengine", "entry").CreateAsset);
    expect(new Throttle({}, "premium").limitFor(volcengine, "CreateAsset")).toEqual({ requests: 300, perSeconds: 60 });
    expect(new Throttle({ GetAsset: { requests: 1, perSeconds: 5 } }).limitFor(volcengine, "GetAsset")).toEqual({ requests: 1, perSeconds: 5 });
    expect(new Throttle({ GetAsset: false }).limitFor(volcengine, "GetAsset")).toBeUndefined();
    expect(new Throttle(false).limitFor(volcengine, "CreateAsset")).toBeUndefined();
  });

  it("admits `requests` calls per sliding window and says when the next one fits", () => {
    const limiter = new Throttle();
    const limit = { requests: 2, perSeconds: 10 };
    expect(limiter.admit("k", limit, 0).ok).toBe(true);
    expect(limiter.admit("k", limit, 1000).ok).toBe(true);
    expect(limiter.admit("k", limit, 2000)).toEqual({ ok: false, retryAfterSeconds: 8 });
    expect(limiter.admit("other", limit, 2000).ok).toBe(true);
    expect(limiter.admit("k", limit, 10_001).ok).toBe(true);
    expect(limiter.admit("k", limit, 10_002)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it("throttles per credential, in each gateway's shape, with the emulator's Retry-After", async () => {
    const e = await emulator({ apiKeys: [DEFAULT_API_KEY, "other"], rateLimits: { GetAssetGroup: { requests: 2, perSeconds: 30 } } });
    const anyfast = getDialect("anyfast");
    for (let i = 0; i < 2; i++) failureOf((await sendAs(e.url, anyfast, "GetAssetGroup", { Id: "group-20000101000000-absnt" })).decoded);
    const { wire, decoded } = await sendAs(e.url, anyfast, "GetAssetGroup", { Id: "group-20000101000000-absnt" });
    expect(wire.status).toBe(429);
    expect(wire.headers["retry-after"]).toBe("30");
    expect(failureOf(decoded)).toMatchObject({ kind: "Throttled", code: "FlowLimitExceeded" });
    expect(failureOf((await sendAs(e.url, anyfast, "GetAssetGroup", { Id: "group-20000101000000-absnt" }, { apiKey: "other" })).decoded).code).toBe("NotFound.group_id");
  });
});

describe("Faults", () => {
  it("replays the same decisions for the same seed", () => {
    const draw = (seed: number) => {
      const f = new Faults({ seed, errorRate: 0.3, dropRate: 0.3 });
      return Array.from({ length: 50 }, () => f.decide("GetAsset"));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(mulberry32(1)()).toBe(mulberry32(1)());
  });

  it("injects errors and drops at roughly the configured rates, 500 and 503 alike", () => {
    const f = new Faults({ seed: 42, errorRate: 0.2, actions: { CreateAsset: { errorRate: 0, dropRate: 1 } } });
    const decisions = Array.from({ length: 2000 }, () => f.decide("GetAsset"));
    const errors = decisions.filter((d) => d.error);
    expect(errors.length / 2000).toBeGreaterThan(0.15);
    expect(errors.length / 2000).toBeLessThan(0.25);
    expect(new Set(errors.map((d) => d.error))).toEqual(new Set([500, 503]));
    expect(f.decide("CreateAsset")).toEqual({ latencyMs: 0, drop: true });
  });

  it("refuses rates outside 0–1", () => {
    expect(() => new Faults({ errorRate: 2 })).toThrow(RangeError);
    expect(() => new Faults({ actions: { GetAsset: { latencyMs: -1 } } })).toThrow(RangeError);
  });

  it("drops the connection after the handler ran (the call took effect)", async () => {
    const e = await emulator({ faults: { actions: { CreateAssetGroup: { dropRate: 1 } } } });
    await expect(bearer(e.url, "/v1/seedance/asset/CreateAssetGroup", { Name: "lost answer" })).rejects.toThrow();
    expect(e.admin.snapshot({ gateway: "gogogotoken" }).groups.map((g) => g.Name)).toEqual(["lost answer"]);
    expect(e.requests.at(-1)).toMatchObject({ action: "CreateAssetGroup", dropped: true });
  });

  it("adds latency and injects errors in the gateway's shape", async () => {
    const e = await emulator({ faults: { latencyMs: 80, actions: { GetAsset: { errorRate: 1, latencyMs: 0 } } } });
    const started = performance.now();
    await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" } } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    const { wire, decoded } = await sendAs(e.url, getDialect("globalaiopc"), "GetAsset", { Id: "asset-x" });
    expect(wire.status).toBe(200);
    expect(["Internal", "Unavailable"]).toContain(failureOf(decoded).kind);
  });
});

describe("stores", () => {
  it("keys namespaces by gateway and a hash of the credential", () => {
    expect(namespaceKey("anyfast", "secret-key")).toMatch(/^anyfast\/[0-9a-f]{16}$/);
    expect(namespaceKey("anyfast", "secret-key")).not.toContain("secret");
    expect(namespaceKey("anyfast", "a")).not.toBe(namespaceKey("gogogotoken", "a"));
  });

  it("MemoryStore resets one namespace or all", () => {
    const s = new MemoryStore();
    const row = { Id: "group-1", Name: "n", Description: "", GroupType: "AIGC" as const, ProjectName: "default", CreateTime: 0, UpdateTime: 0, seq: s.nextSeq() };
    s.putGroup("a/1", row);
    s.putGroup("b/1", { ...row, Id: "group-2" });
    expect(s.hasId("group-2")).toBe(true);
    s.reset("a/1");
    expect(s.namespaces()).toEqual(["b/1"]);
    s.reset();
    expect(s.hasId("group-2")).toBe(false);
  });

  it("FileStore keeps groups, assets, objects and links across a restart, without secrets", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-state-"));
    const stateFile = join(dir, "state.json");
    try {
      const first = await startEmulator({ stateFile, processingMs: 10, apiKeys: ["my-secret-api-key"] });
      const anyfast = getDialect("anyfast");
      const auth = { apiKey: "my-secret-api-key" };
      const { Id: GroupId } = resultOf((await sendAs(first.url, anyfast, "CreateAssetGroup", { Name: "kept" }, auth)).decoded);
      const b64 = Buffer.from((await import("../../emulator/samples.js")).makeSample("png").data).toString("base64");
      const { Id } = resultOf((await sendAs(first.url, anyfast, "CreateAsset", { GroupId, AssetType: "Image", URL: b64 }, auth)).decoded);
      await first.admin.idle();
      await new Promise((r) => setTimeout(r, 20));
      const before = resultOf((await sendAs(first.url, anyfast, "GetAsset", { Id }, auth)).decoded);
      expect(before.Status).toBe("Active");
      await first.close();
      await new Promise((r) => setTimeout(r, 50)); // let fetch's pool notice the closed keep-alive sockets
      expect(readFileSync(stateFile, "utf8")).not.toContain("my-secret-api-key");

      const second = await startEmulator({ stateFile, port: first.port, apiKeys: ["my-secret-api-key"] });
      try {
        const after = resultOf((await sendAs(second.url, anyfast, "GetAsset", { Id }, auth)).decoded);
        expect(after).toMatchObject({ Id, GroupId, Status: "Active" });
        expect((await fetch(before.URL)).status).toBe(200);
        expect(resultOf((await sendAs(second.url, anyfast, "ListAssetGroups", { Filter: { Name: "kept" } }, auth)).decoded).TotalCount).toBe(1);
      } finally {
        await second.close();
      }
      expect(new FileStore(stateFile).namespaces()).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("CLI options", () => {
  it("defaults to port 4010 and the documented settings", () => {
    expect(parseCli([])).toEqual({ help: false, options: { port: 4010 } });
    expect(parseCli(["--help"])).toEqual({ help: true });
    expect(HELP).toContain("--processing-ms");
  });

  it("maps every option", () => {
    const parsed = parseCli([
      "--port", "0", "--api-key", "a", "--api-key", "b", "--access-key-id", "AK", "--secret-access-key", "SK",
      "--processing-ms", "50", "--limits", "later", "--state-file", "/tmp/s.json", "--rate-limit", "GetAsset=5/1",
      "--error-rate", "0.1", "--latency-ms", "20", "--drop-rate", "0.05", "--seed", "9",
      "--action-fault", "CreateAsset:errorRate=0.5,latencyMs=200",
    ]);
    expect(parsed).toEqual({
      help: false,
      options: {
        port: 0,
        apiKeys: ["a", "b"],
        accessKeys: [{ accessKeyId: "AK", secretAccessKey: "SK" }],
        processingMs: 50,
        limits: "later",
        stateFile: "/tmp/s.json",
        rateLimits: { GetAsset: { requests: 5, perSeconds: 1 } },
        faults: { errorRate: 0.1, latencyMs: 20, dropRate: 0.05, seed: 9, actions: { CreateAsset: { errorRate: 0.5, latencyMs: 200 } } },
      },
    });
    expect(parseCli(["--no-rate-limits"])).toMatchObject({ options: { rateLimits: false } });
    expect(parseCli(["--tier", "entry", "--no-quotas"])).toMatchObject({ options: { tier: "entry", quotas: false } });
  });

  it.each([
    [["--port", "70000"], /--port/],
    [["--error-rate", "2"], /--error-rate/],
    [["--access-key-id", "AK"], /go together/],
    [["--limits", "newest"], /--limits/],
    [["--tier", "gold"], /--tier must be one of entry, advanced, premium/],
    [["--rate-limit", "Fly=1/1"], /--rate-limit/],
    [["--action-fault", "GetAsset:chaos=1"], /--action-fault keys/],
    [["--action-fault", "GetAsset:errorRate=3"], /--action-fault errorRate/],
    [["--unknown"], /Unknown option/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseCli(argv)).toThrow(message);
  });
});

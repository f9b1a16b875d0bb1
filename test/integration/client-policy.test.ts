/**
 * GatewayClient policies at the HTTP level: retries (reads vs mutating, Retry-After), timeouts, rate limiting on an
 * injected clock, validation and configuration errors raised before sending, and credential secrecy in errors and logs.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GatewayClient, type GatewayClientOptions, type GatewayProfile } from "../../provider/client.js";
import {
  ConfigError,
  InternalError,
  InvalidParameterError,
  NetworkError,
  NotFoundError,
  ThrottledError,
  TimeoutError,
  UnavailableError,
  UnsupportedActionError,
} from "../../provider/errors.js";
import { RateLimiter } from "../../provider/rate-limiter.js";
import { answer, useClients, fakeClock, fakeTiming, manualClock, useNock, type Answer, type RecordedRequest } from "../support/http-mock.js";

const AK = "AKLTtestaccesskeyid0002";
const SK = "dGVzdC1zZWNyZXQta2V5LTAwMDI=";
const TOKEN = "sts-test-session-token-0002";
const API_KEY = "test-api-key-0002-abcdefghijklmnop";
const ORIGIN = "https://ark.cn-beijing.volcengineapi.com";

useNock();
const clients = useClients();

function make(profile: Partial<GatewayProfile> = {}, options: Partial<GatewayClientOptions> = {}) {
  const timing = fakeTiming();
  const client = new GatewayClient({ gateway: "volcengine", accessKeyId: AK, secretAccessKey: SK, ...profile } as GatewayProfile, { ...timing.options, ...options });
  clients.push(client);
  return { client, sleeps: timing.sleeps };
}

function mock(action: string, a: Answer, log: RecordedRequest[] = []): RecordedRequest[] {
  nock(ORIGIN).post("/").query({ Action: action, Version: "2024-01-01" }).reply(answer(log, a));
  return log;
}

const okResult = (result: unknown): Answer => ({ status: 200, body: { ResponseMetadata: { RequestId: "r-ok" }, Result: result } });
const nativeError = (status: number, code: string, message = "failed", headers?: Record<string, string>): Answer => ({
  status,
  body: { ResponseMetadata: { RequestId: "r-err", Error: { Code: code, Message: message } } },
  ...(headers ? { headers } : {}),
});
const GROUP = { Id: "group-1", Name: "g", Description: "", GroupType: "AIGC" };
const CREATE_ASSET = { GroupId: "group-1", URL: "https://example.com/a.png", AssetType: "Image" as const };

describe("retries", () => {
  it("retries a read on 503 with full-jitter backoff, then succeeds", async () => {
    const { client, sleeps } = make();
    const log: RecordedRequest[] = [];
    mock("GetAssetGroup", nativeError(503, "ServiceUnavailableTemp"), log);
    mock("GetAssetGroup", { status: 500, body: "" }, log);
    mock("GetAssetGroup", okResult(GROUP), log);
    await expect(client.getAssetGroup({ Id: "group-1" })).resolves.toMatchObject({ Id: "group-1" });
    expect(log).toHaveLength(3);
    // random() = 0.5: half of 500 · 2^(n-1) ms.
    expect(sleeps).toEqual([250, 500]);
    // Each attempt is signed afresh.
    expect(log.every((r) => r.headers["authorization"]?.startsWith("HMAC-SHA256 "))).toBe(true);
  });

  it("gives up on a read after maxRetries and says how many attempts were made", async () => {
    const { client, sleeps } = make({ maxRetries: 2 });
    for (let i = 0; i < 3; i++) mock("ListAssets", nativeError(503, "ServiceUnavailableTemp"));
    const error = await client.listAssets({ Filter: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ attempts: 3, mayHaveBeenApplied: false });
    expect((error as Error).message).toContain("after 3 attempts");
    expect(sleeps).toHaveLength(2);
  });

  it("never retries CreateAsset on 500: raises at once, saying it may have been applied", async () => {
    const { client, sleeps } = make();
    const log = mock("CreateAsset", nativeError(500, "InternalError"));
    const error = await client.createAsset(CREATE_ASSET).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true, attempts: 1 });
    expect((error as Error).message).toContain("may have been applied");
    expect(log).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("does not retry a mutating call after a connection reset, but does retry a refused connection", async () => {
    const { client } = make();
    nock(ORIGIN).post("/").query(true).replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    const reset = await client.deleteAsset({ Id: "asset-1" }).catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(NetworkError);
    expect(reset).toMatchObject({ code: "SEEDANCE_ERR_NETWORK", mayHaveBeenApplied: true });
    expect((reset as Error).cause).toMatchObject({ code: "ECONNRESET" });

    nock(ORIGIN).post("/").query(true).replyWithError(Object.assign(new Error("connect refused"), { code: "ECONNREFUSED" }));
    mock("DeleteAsset", okResult({}));
    await expect(client.deleteAsset({ Id: "asset-1" })).resolves.toEqual({});
  });

  it("retries a read after a connection reset", async () => {
    const { client } = make();
    nock(ORIGIN).post("/").query(true).replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    mock("GetAsset", okResult({ Id: "asset-1", AssetType: "Image", Status: "Processing" }));
    await expect(client.getAsset({ Id: "asset-1" })).resolves.toMatchObject({ Status: "Processing" });
  });

  it("retries throttling for mutating actions too, waiting exactly Retry-After", async () => {
    const { client, sleeps } = make();
    const log = mock("CreateAsset", nativeError(429, "FlowLimitExceeded", "slow down", { "retry-after": "7" }));
    mock("CreateAsset", okResult({ Id: "asset-1" }), log);
    await expect(client.createAsset(CREATE_ASSET)).resolves.toEqual({ Id: "asset-1" });
    expect(log).toHaveLength(2);
    expect(sleeps).toEqual([7000]);
  });

  it("treats Throttling codes with HTTP 200 as throttling, and backs off without Retry-After", async () => {
    const { client, sleeps } = make();
    mock("UpdateAssetGroup", nativeError(200, "FlowLimitExceeded"));
    mock("UpdateAssetGroup", okResult({ Id: "group-1" }));
    await expect(client.updateAssetGroup({ Id: "group-1", Name: "n" })).resolves.toEqual({ Id: "group-1" });
    expect(sleeps).toEqual([250]);
  });

  it("raises ThrottledError with retryAfterSeconds when Retry-After exceeds the throttle budget, or the budget is spent", async () => {
    const { client, sleeps } = make({ maxRetries: 1, throttleBudgetMs: 2500 });
    mock("GetAsset", nativeError(429, "FlowLimitExceeded", "quota", { "retry-after": "3600" }));
    await expect(client.getAsset({ Id: "a" })).rejects.toMatchObject({ name: "ThrottledError", retryAfterSeconds: 3600, attempts: 1, mayHaveBeenApplied: false });
    for (let i = 0; i < 3; i++) mock("GetAsset", nativeError(429, "FlowLimitExceeded", "quota", { "retry-after": "1" }));
    const error = await client.getAsset({ Id: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    // maxRetries (1) does not bound throttled attempts: two waits of 1 s fit the 2.5 s budget, a third would not.
    expect(error).toMatchObject({ code: "SEEDANCE_ERR_THROTTLED", attempts: 3, retryAfterSeconds: 1 });
    expect(sleeps).toEqual([1000, 1000]);
  });

  it("keeps retrying a throttled mutating call past maxRetries while the budget lasts (default 10 min)", async () => {
    const { client, sleeps } = make({ maxRetries: 0 });
    const log: RecordedRequest[] = [];
    for (let i = 0; i < 12; i++) mock("CreateAsset", nativeError(429, "FlowLimitExceeded", "slow down", { "retry-after": "30" }), log);
    mock("CreateAsset", okResult({ Id: "asset-1" }), log);
    await expect(client.createAsset(CREATE_ASSET)).resolves.toEqual({ Id: "asset-1" });
    expect(log).toHaveLength(13);
    expect(sleeps).toEqual(Array(12).fill(30_000));
  });

  it("does not retry errors that will not change (404)", async () => {
    const { client, sleeps } = make();
    mock("GetAsset", nativeError(404, "NotFound.asset_id"));
    await expect(client.getAsset({ Id: "a" })).rejects.toBeInstanceOf(NotFoundError);
    expect(sleeps).toEqual([]);
  });

  it("stops when the caller aborts during backoff", async () => {
    const controller = new AbortController();
    const { client } = make({}, {
      sleep: async () => {
        controller.abort(new Error("stop"));
        throw controller.signal.reason;
      },
    });
    mock("GetAsset", nativeError(503, "ServiceUnavailableTemp"));
    await expect(client.getAsset({ Id: "a" }, { signal: controller.signal })).rejects.toThrow("stop");
  });
});

describe("timeouts (loopback server that never answers)", () => {
  let server: Server;
  let baseUrl: string;
  let requests = 0;
  beforeAll(async () => {
    server = createServer(() => {
      requests += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("retries a read that times out, then raises TimeoutError", async () => {
    requests = 0;
    const { client, sleeps } = make({ baseUrl, timeoutMs: 100, maxRetries: 1 });
    const error = await client.getAsset({ Id: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: "SEEDANCE_ERR_TIMEOUT", timeoutMs: 100, mayHaveBeenApplied: false });
    expect(requests).toBe(2);
    expect(sleeps).toHaveLength(1);
  });

  it("raises at once when a mutating call times out, saying it may have been applied", async () => {
    requests = 0;
    const { client } = make({ baseUrl, timeoutMs: 100 });
    const error = await client.updateAsset({ Id: "a", Name: "n" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect((error as Error).message).toContain("may have been applied");
    expect(requests).toBe(1);
  });
});

describe("rate limiting (injected clock)", () => {
  it("spaces calls of one action by the profile's override", async () => {
    const clock = manualClock();
    const { client } = make({ rateLimits: { GetAssetGroup: { requests: 2, perSeconds: 1 } } }, { rateLimiter: new RateLimiter(clock) });
    const log: RecordedRequest[] = [];
    for (let i = 0; i < 4; i++) mock("GetAssetGroup", okResult(GROUP), log);
    const calls = Promise.all(Array.from({ length: 4 }, () => client.getAssetGroup({ Id: "group-1" })));
    // No burst: one call per W / N = 500 ms from the first on (provider/rate-limit.ts).
    await vi.waitFor(() => expect(log).toHaveLength(1));
    clock.advance(499);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log).toHaveLength(1);
    clock.advance(1);
    await vi.waitFor(() => expect(log).toHaveLength(2));
    clock.advance(500);
    await vi.waitFor(() => expect(log).toHaveLength(3));
    clock.advance(500);
    await vi.waitFor(() => expect(log).toHaveLength(4));
    await calls;
  });

  it("keeps separate budgets per action", async () => {
    const clock = manualClock();
    const { client } = make({ rateLimits: { GetAsset: { requests: 1, perSeconds: 60 }, GetAssetGroup: { requests: 1, perSeconds: 60 } } }, { rateLimiter: new RateLimiter(clock) });
    mock("GetAsset", okResult({ Id: "a", AssetType: "Image", Status: "Active" }));
    mock("GetAssetGroup", okResult(GROUP));
    await client.getAsset({ Id: "a" });
    await client.getAssetGroup({ Id: "group-1" });
  });

  it("uses the default tier's limits by default, per action", async () => {
    const clock = fakeClock();
    const { client } = make({}, { rateLimiter: new RateLimiter(clock) });
    for (let i = 0; i < 11; i++) mock("CreateAssetGroup", okResult({ Id: `group-${i}` }));
    for (let i = 0; i < 11; i++) await client.createAssetGroup({ Name: `g${i}` });
    // 10 per second on every tier (provider/gateways/tiers.ts): one every 100 ms.
    expect(clock.t).toBe(1000);
  });

  it("paces by the configured tier, with the profile's overrides on top", async () => {
    const clock = fakeClock();
    const { client } = make({ tier: "premium" }, { rateLimiter: new RateLimiter(clock) });
    for (let i = 0; i < 3; i++) mock("CreateAsset", okResult({ Id: `asset-${i}` }));
    for (let i = 0; i < 3; i++) await client.createAsset({ GroupId: "group-1", URL: `https://example.com/${i}.png`, AssetType: "Image" });
    // Premium: 300 per minute, one every 200 ms.
    expect(clock.t).toBe(400);
    const overridden = make({ tier: "premium", rateLimits: { CreateAsset: { requests: 1, perSeconds: 1 } } }, { rateLimiter: new RateLimiter(clock) });
    for (let i = 0; i < 2; i++) mock("CreateAsset", okResult({ Id: `asset-${i}` }));
    for (let i = 0; i < 2; i++) await overridden.client.createAsset({ GroupId: "group-1", URL: `https://example.com/${i}.png`, AssetType: "Image" });
    expect(clock.t).toBe(1400);
  });
});

describe("checks before sending", () => {
  it("raises UnsupportedActionError for an action the gateway lacks", async () => {
    const timing = fakeTiming();
    const client = new GatewayClient({ gateway: "agentsflare", apiKey: API_KEY }, timing.options);
    clients.push(client);
    const error = await client.deleteAsset({ Id: "asset-1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedActionError);
    expect(error).toMatchObject({ code: "SEEDANCE_ERR_UNSUPPORTED_ACTION", gateway: "agentsflare", action: "DeleteAsset" });
    expect((error as Error).message).toContain("It serves: CreateAsset, GetAsset.");
  });

  it.each([
    ["a schema violation", "ListAssets", { Filter: {}, PageSize: 500 }, "PageSize"],
    ["a missing required field", "GetAsset", {}, "Id"],
    ["a missing GroupId where assets live in groups", "CreateAsset", { URL: "https://e.com/a.png", AssetType: "Image" }, "GroupId"],
    ["an asset type the gateway does not take", "CreateAsset", { ...CREATE_ASSET, AssetType: "Document" }, "AssetType"],
    ["base64 where only URLs are taken", "CreateAsset", { ...CREATE_ASSET, URL: "iVBORw0KGgo=" }, "URL"],
    ["both URL and File", "CreateAsset", { ...CREATE_ASSET, File: { fileName: "a.png", contentType: "image/png", data: new Uint8Array(1) } }, "URL"],
  ] as const)("raises InvalidParameterError naming the field for %s, sending nothing", async (_name, action, request, field) => {
    const { client } = make();
    // No nock mock: anything sent would fail with a network error instead.
    const error = await client.call(action, request as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ field, httpStatus: undefined, gatewayCode: "ClientValidation" });
    expect((error as Error).message).toContain("rejected before sending");
  });

  it.each([
    ["volcengine without a secret key", { gateway: "volcengine", accessKeyId: AK }, "secretAccessKey"],
    ["byteplus without keys", { gateway: "byteplus" }, "accessKeyId"],
    ["anyfast without an API key", { gateway: "anyfast" }, "apiKey"],
    ["an unknown gateway", { gateway: "nowhere", apiKey: API_KEY }, "gateway"],
    ["a base URL that is not http(s)", { gateway: "gogogotoken", apiKey: API_KEY, baseUrl: "ftp://x" }, "baseUrl"],
    ["a negative timeout", { gateway: "volcengine", accessKeyId: AK, secretAccessKey: SK, timeoutMs: -1 }, "timeoutMs"],
    ["a zero rate", { gateway: "volcengine", accessKeyId: AK, secretAccessKey: SK, rateLimits: { GetAsset: { requests: 0, perSeconds: 1 } } }, "rateLimits.GetAsset"],
    ["an unknown tier", { gateway: "byteplus", accessKeyId: AK, secretAccessKey: SK, tier: "gold" as never }, "tier"],
  ])("raises ConfigError naming the field for %s", (_name, profile, field) => {
    let error: unknown;
    try {
      new GatewayClient(profile as GatewayProfile);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: "SEEDANCE_ERR_CONFIG", field });
    expect((error as Error).message).toContain(field);
    expect((error as Error).message).toMatch(/Next step: /);
    for (const secret of [AK, SK, API_KEY]) expect((error as Error).message).not.toContain(secret);
  });
});

describe("credentials never appear in errors or logs", () => {
  const SECRETS = [AK, SK, TOKEN, API_KEY];
  const expectClean = (text: string) => {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  };

  it("scrubs secrets a gateway echoes into its error message, and redacts them in debug logs", async () => {
    const lines: string[] = [];
    const { client } = make({ securityToken: TOKEN, maxRetries: 1 }, { debug: true, log: (line) => lines.push(line) });
    mock("GetAsset", nativeError(503, "ServiceUnavailableTemp", `busy for ${AK}`));
    mock("GetAsset", nativeError(401, "SignatureDoesNotMatch", `signature for ${AK} with ${SK} and token ${TOKEN} is wrong`));
    const error = await client.getAsset({ Id: "asset-1" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "UnauthorizedError", requestId: "r-err" });
    const e = error as Error & { gatewayMessage: string };
    expectClean(`${e.message}\n${e.gatewayMessage}\n${e.stack}\n${JSON.stringify(e)}`);
    expect(e.gatewayMessage).toContain("[REDACTED]");

    const log = lines.join("\n");
    expect(log).toContain("GetAsset #1 POST https://ark.cn-beijing.volcengineapi.com/?Action=GetAsset&Version=2024-01-01 → 503");
    expect(log).toContain("#2");
    expect(log).toContain("RequestId=r-err");
    expect(log).toMatch(/authorization: \[REDACTED\]/);
    expect(log).toMatch(/x-security-token: \[REDACTED\]/);
    expectClean(log);
  });

  it("keeps the bearer key and media payloads out of logs", async () => {
    const lines: string[] = [];
    const timing = fakeTiming();
    const client = new GatewayClient({ gateway: "anyfast", apiKey: API_KEY }, { ...timing.options, debug: true, log: (line) => lines.push(line) });
    clients.push(client);
    const payload = Buffer.alloc(3000, 7).toString("base64");
    const sent: RecordedRequest[] = [];
    nock("https://www.anyfast.ai").post("/volc/asset/CreateAsset").reply(answer(sent, { status: 200, body: { Id: "asset-1" } }));
    await client.createAsset({ GroupId: "group-1", URL: `data:image/png;base64,${payload}`, AssetType: "Image" });

    expect(sent[0]!.headers["authorization"]).toBe(`Bearer ${API_KEY}`);
    const log = lines.join("\n");
    expectClean(log);
    expect(log).not.toContain(payload.slice(0, 100));
    expect(log).toContain("data:image/png;base64,<4000 base64 chars>");
  });

  it("logs nothing unless enabled", async () => {
    const lines: string[] = [];
    const { client } = make({}, { debug: false, log: (line) => lines.push(line) });
    mock("GetAsset", okResult({ Id: "a", AssetType: "Image", Status: "Active" }));
    await client.getAsset({ Id: "a" });
    expect(lines).toEqual([]);
  });
});

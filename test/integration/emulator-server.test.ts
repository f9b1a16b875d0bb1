/**
 * The emulator's server layer piece by piece: body caps and budget (request-body.ts), the admin guard
 * (exposure.ts), the start banner and CLI options (cli.ts), bounded streamed samples (samples.ts), credential
 * rotation (admin.ts) and authentication from the head (auth.ts). The abuse cases end to end, with the emulator's
 * memory measured, are test/integration/emulator-abuse.test.ts.
 */
import { request as httpRequest } from "node:http";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { authenticateHead, DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import { banner, parseCli } from "../../emulator/cli.js";
import { adminGuard, checkAdminRequest, isLoopbackHost } from "../../emulator/exposure.js";
import { localFetchTarget } from "../../emulator/media-sources.js";
import { BodyBudget, bodyLimitFor, jsonTooDeep } from "../../emulator/request-body.js";
import { checkSampleParams, makeSample, SampleParameterError, sampleStream } from "../../emulator/samples.js";
import { getDialect } from "../../provider/gateways/index.js";
import { FIRST_PUBLISHED_LIMITS, LATER_LIMITS } from "../../provider/media/limits.js";
import { signRequest } from "../../provider/signer.js";
import { bearer, emulator, useCleanup } from "../support/emulator.js";

useCleanup();
const MiB = 1024 * 1024;

describe("request bodies", () => {
  it("caps CreateAsset at inline-upload gateways at the largest file × 4/3 + 1 MiB, everything else at 1 MiB", () => {
    expect(bodyLimitFor(getDialect("anyfast"), "CreateAsset", FIRST_PUBLISHED_LIMITS)).toBe(Math.ceil((50 * MiB * 4) / 3) + MiB);
    expect(bodyLimitFor(getDialect("anyfast"), "CreateAsset", LATER_LIMITS)).toBe(Math.ceil((200 * MiB * 4) / 3) + MiB);
    expect(bodyLimitFor(getDialect("anyfast"), "GetAsset", FIRST_PUBLISHED_LIMITS)).toBe(MiB);
    expect(bodyLimitFor(getDialect("volcengine"), "CreateAsset", LATER_LIMITS)).toBe(MiB);
  });

  it("finds JSON nested too deep in one pass, ignoring brackets in strings", () => {
    expect(jsonTooDeep(Buffer.from("[".repeat(33) + "]".repeat(33)))).toBe(true);
    expect(jsonTooDeep(Buffer.from("[".repeat(32) + "]".repeat(32)))).toBe(false);
    expect(jsonTooDeep(Buffer.from(JSON.stringify({ Name: "[".repeat(100) + '\\"{{{' })))).toBe(false);
  });

  it("admits one body whatever its size, then refuses what would overrun the budget until released", () => {
    const budget = new BodyBudget(10);
    const big = budget.reserve(25)!;
    expect(big).toBeTypeOf("function");
    expect(budget.reserve(1)).toBeUndefined();
    big();
    const a = budget.reserve(6)!;
    expect(budget.reserve(5)).toBeUndefined();
    expect(budget.reserve(4)).toBeTypeOf("function");
    a();
  });

  it("answers 503 with Retry-After in the gateway's shape when the buffered-bytes budget is spent", async () => {
    const e = await emulator({ maxBufferedBodyBytes: 1.5 * MiB });
    // A slow upload holds its reservation (2 MiB declared, 1 MiB sent) …
    const slow = httpRequest(`${e.url}/volc/asset/CreateAsset`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEFAULT_API_KEY}`, "content-type": "application/json", "content-length": String(2 * MiB) },
    });
    slow.on("error", () => undefined);
    slow.write(Buffer.alloc(MiB, 0x20));
    await new Promise((r) => setTimeout(r, 100));
    // … so a second body does not fit.
    const second = await bearer(e.url, "/volc/asset/CreateAsset", { pad: "x".repeat(MiB / 2) });
    slow.destroy();
    expect(second.status).toBe(503);
    expect(second.headers.get("retry-after")).toBe("1");
    expect(second.body.error.message).toMatch(/already reading \d+ bytes of request bodies/);
  });
});

describe("Expect: 100-continue", () => {
  /** Sends headers with `Expect: 100-continue` and the body only if the server says continue. */
  const expectContinue = (url: string, headers: Record<string, string>, body: string) =>
    new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = httpRequest(url, { method: "POST", headers: { ...headers, expect: "100-continue", "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, continued }));
      });
      req.on("continue", () => {
        continued = true;
        req.end(body);
      });
      req.on("error", reject);
    });

  it("is answered only once the body is wanted: a refused upload is never sent", async () => {
    const e = await emulator();
    const body = JSON.stringify({ model: "volc-asset", Name: "continued" });
    expect(await expectContinue(`${e.url}/volc/asset/CreateAssetGroup`, {}, body)).toEqual({ status: 401, continued: false });
    expect(await expectContinue(`${e.url}/volc/asset/CreateAssetGroup`, { authorization: `Bearer ${DEFAULT_API_KEY}` }, body)).toEqual({ status: 200, continued: true });
  });
});

describe("the admin guard", () => {
  const guard = adminGuard(4010, "http://127.0.0.1:4010", undefined);
  const tokenGuard = adminGuard(4010, "http://emulator.ci.internal:4010", "t0k3n-t0k3n-t0k3n-0");
  const local = { host: "127.0.0.1:4010" };

  it.each([
    ["a text/plain write", guard, "POST /_emulator/reset", { ...local, "content-type": "text/plain" }, 415],
    ["a foreign Origin", guard, "GET /_emulator/state", { ...local, origin: "http://evil.example" }, 403],
    ["the null Origin of a sandboxed page", guard, "GET /_emulator/state", { ...local, origin: "null" }, 403],
    ["a foreign Host (DNS rebinding)", guard, "GET /_emulator/state", { host: "evil.example:4010" }, 403],
    ["no token when one is required", tokenGuard, "GET /_emulator/requests", { host: "10.0.0.5:4010" }, 401],
    ["a wrong token", tokenGuard, "GET /_emulator/requests", { host: "10.0.0.5:4010", authorization: "Bearer t0k3n-t0k3n-t0k3n-1" }, 401],
  ] as const)("refuses %s", (_what, g, route, headers, status) => {
    expect(checkAdminRequest(g, route, headers)?.status).toBe(status);
  });

  it.each([
    ["a JSON write from a tool", guard, "POST /_emulator/reset", { ...local, "content-type": "application/json; charset=utf-8" }],
    ["the emulator's own origin", guard, "PUT /_emulator/faults", { ...local, origin: "http://localhost:4010", "content-type": "application/json" }],
    ["the token, from any host", tokenGuard, "GET /_emulator/requests", { host: "10.0.0.5:4010", authorization: "Bearer t0k3n-t0k3n-t0k3n-0" }],
    ["health, samples and presigned objects without a token", tokenGuard, "GET /_emulator/samples/a.png", { host: "10.0.0.5:4010" }],
  ] as const)("lets through %s", (_what, g, route, headers) => {
    expect(checkAdminRequest(g, route, headers)).toBeUndefined();
  });

  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"].map(isLoopbackHost)).toEqual([true, true, true, true, true]);
    expect(["0.0.0.0", "::", "10.1.2.3", "example.com"].map(isLoopbackHost)).toEqual([false, false, false, false]);
  });
});

describe("the server's options and banner", () => {
  it("on loopback needs no admin token unless given one, and refuses a public URL that is not a base URL", async () => {
    const plain = await emulator();
    expect(plain).toMatchObject({ loopback: true, address: plain.url, publicUrl: plain.url });
    expect(plain.adminToken).toBeUndefined();
    const guarded = await emulator({ adminToken: "given-admin-token-0000", publicUrl: "http://emulator.test:4010/" });
    expect(guarded).toMatchObject({ adminToken: "given-admin-token-0000", publicUrl: "http://emulator.test:4010" });
    expect((await fetch(`${guarded.url}/_emulator/state?gateway=anyfast`)).status).toBe(401);
    await expect(emulator({ publicUrl: "ftp://x" })).rejects.toThrow(/publicUrl must be an http\(s\) base URL/);
  });

  it("says when it is reachable from other machines, prints a generated token once, never a supplied one", () => {
    const health = { gateways: [{ name: "anyfast", auth: "bearer", baseUrl: "http://127.0.0.1:4010" }] };
    const exposed = { address: "http://0.0.0.0:4010", loopback: false, url: "http://127.0.0.1:4010", publicUrl: "http://127.0.0.1:4010", adminToken: "generated-token-123456" };
    const text = banner(exposed, {}, health);
    expect(text).toMatch(/^Seedance asset emulator listening on http:\/\/0\.0\.0\.0:4010 \(reachable from other machines\)/);
    expect(text).toContain("give --public-url http://<this host>:4010");
    expect(text).toContain("requires Authorization: Bearer <admin token>");
    expect(text).toContain("Admin token (shown only now): generated-token-123456");
    expect(text).toContain("the default credentials above are public");
    expect(banner(exposed, { adminToken: "generated-token-123456" }, health)).not.toContain("generated-token-123456");
    const local = banner({ address: "http://127.0.0.1:4010", loopback: true, url: "http://127.0.0.1:4010", publicUrl: "http://127.0.0.1:4010" }, {}, health);
    expect(local).toMatch(/listening on http:\/\/127\.0\.0\.1:4010 \(this machine only\)/);
    expect(local).not.toMatch(/token/i);
  });

  it("parses --public-url and --admin-token (or its environment variable), refusing bad values", () => {
    expect(parseCli(["--public-url", "http://emu:4010", "--admin-token", "abcdefghijklmnop"], {})).toMatchObject({ options: { publicUrl: "http://emu:4010", adminToken: "abcdefghijklmnop" } });
    expect(parseCli([], { SEEDANCE_EMULATOR_ADMIN_TOKEN: "from-the-environment" })).toMatchObject({ options: { adminToken: "from-the-environment" } });
    expect(() => parseCli(["--public-url", "emu:4010/x?y"], {})).toThrow(/--public-url must be an http\(s\) base URL/);
    expect(() => parseCli(["--admin-token", "short"], {})).toThrow(/at least 16 printable characters/);
  });
});

describe("samples", () => {
  it.each([
    [{ seconds: 121 }, "seconds"],
    [{ width: 16385 }, "width"],
    [{ height: 0 }, "height"],
    [{ fps: 0 }, "fps"],
    [{ padBytes: 256 * MiB + 1 }, "padBytes"],
    [{ width: 1.5 }, "width"],
  ])("refuses %j naming %s", (params, name) => {
    expect(() => checkSampleParams(params)).toThrow(SampleParameterError);
    expect(() => checkSampleParams(params)).toThrow(new RegExp(`^${name} must be`));
  });

  it("streams what it declares, in chunks of at most 1 MiB, without building the file", () => {
    const stream = sampleStream("wav", { padBytes: 5 * MiB + 3 });
    let total = 0;
    for (const chunk of stream.chunks()) {
      expect(chunk.byteLength).toBeLessThanOrEqual(MiB);
      total += chunk.byteLength;
    }
    expect(total).toBe(stream.byteLength);
  });

  it("makes a PNG whose pixel data (repeated deflate blocks) inflates to the right size", () => {
    const data = Buffer.from(makeSample("png", { width: 1500, height: 1200 }).data);
    const idat = data.indexOf("IDAT");
    const length = data.readUInt32BE(idat - 4);
    const pixels = inflateSync(data.subarray(idat + 4, idat + 4 + length));
    expect(pixels.length).toBe(1501 * 1200);
  });
});

describe("local fetches", () => {
  it("on loopback fetches any URL on this machine; shared, only its own URLs (through its loopback URL)", () => {
    expect(localFetchTarget("http://127.0.0.1:22/x.png")).toBe("http://127.0.0.1:22/x.png");
    expect(localFetchTarget("https://example.com/x.png")).toBeUndefined();
    const shared = { ownOrigins: ["http://127.0.0.1:4010", "http://emulator.ci.internal:4010"], fetchBase: "http://127.0.0.1:4010" };
    expect(localFetchTarget("http://127.0.0.1:22/x.png", shared)).toBeUndefined();
    expect(localFetchTarget("http://localhost:6379/", shared)).toBeUndefined();
    expect(localFetchTarget("http://emulator.ci.internal:4010/_emulator/samples/a.png?width=600", shared)).toBe("http://127.0.0.1:4010/_emulator/samples/a.png?width=600");
  });
});

describe("credentials", () => {
  it("rotates an API key over HTTP: the new one sees the old one's data, the old one is refused", async () => {
    const e = await emulator();
    const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const created = await bearer(e.url, "/volc/asset/CreateAssetGroup", { model: "volc-asset", Name: "kept" });
    expect(created.status).toBe(200);
    expect((await fetch(`${e.url}/_emulator/credentials/rotate`, json({ from: DEFAULT_API_KEY, to: "rotated-key" }))).status).toBe(200);
    expect((await bearer(e.url, "/volc/asset/GetAssetGroup", { Id: created.body.Id })).status).toBe(401);
    expect((await bearer(e.url, "/volc/asset/GetAssetGroup", { Id: created.body.Id }, "rotated-key")).status).toBe(200);
    expect((await fetch(`${e.url}/_emulator/credentials/rotate`, json({ from: "unknown", to: "x" }))).status).toBe(404);
    const replaced = await fetch(`${e.url}/_emulator/credentials`, { ...json({ apiKeys: ["fresh-key"] }), method: "PUT" });
    expect(replaced.status).toBe(200);
    expect((await bearer(e.url, "/volc/asset/GetAssetGroup", { Id: created.body.Id }, "fresh-key")).status).toBe(404);
  });

  it("checks an AK/SK signature from the head when X-Content-Sha256 is signed, and the body against it once read", () => {
    const body = JSON.stringify({ Filter: {} });
    const signed = signRequest({
      method: "POST", host: "127.0.0.1:4010", path: "/", query: { Action: "ListAssetGroups", Version: "2024-01-01" }, headers: { "content-type": "application/json" }, body,
      accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY, region: "cn-beijing", service: "ark",
    });
    const headers = Object.fromEntries(Object.entries({ host: "127.0.0.1:4010", "content-type": "application/json", ...signed }).map(([k, v]) => [k.toLowerCase(), v]));
    const head = { method: "POST", path: "/", rawQuery: "Action=ListAssetGroups&Version=2024-01-01", query: { Action: "ListAssetGroups", Version: "2024-01-01" }, headers };
    const options = { credentials: { apiKeys: [], accessKeys: [{ accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY }] }, now: new Date() };
    const auth = authenticateHead(getDialect("volcengine"), head, options);
    expect(auth.principal.credential).toBe(DEFAULT_ACCESS_KEY_ID);
    expect(() => auth.verifyBody(Buffer.from(body))).not.toThrow();
    expect(() => auth.verifyBody(Buffer.from(body + " "))).toThrow(/differs from the signed X-Content-Sha256/);
    const tampered = { ...head, headers: { ...headers, authorization: headers["authorization"]!.replace(/.$/, (c) => (c === "0" ? "1" : "0")) } };
    expect(() => authenticateHead(getDialect("volcengine"), tampered, options)).toThrow(/signature does not match/i);
  });
});

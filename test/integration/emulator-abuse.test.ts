/**
 * The emulator as a server under abuse: each case sends what an attacker or a broken client would, checks the answer
 * (status and the gateway's error shape), and checks the emulator's peak resident memory (VmHWM of its own process,
 * read from /proc) stays under RSS_BOUND_MB. Each case gets a fresh emulator child process (`node dist/emulator/cli.js`
 * on 127.0.0.1, port 0), so a peak belongs to its case. Loops are bounded; everything stays on loopback.
 *
 * Needs `npm run build` (the child runs dist/). `ABUSE_EMULATOR_CLI=<path to cli.js>` runs the suite against another
 * build (that is how it was run against the code before the server hardening, to see every case fail).
 * Prints the measured figures (idle RSS and each case's peak); `ABUSE_DEBUG=1` relays the child's stderr.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import { signRequest } from "../../provider/signer.js";

/** The bound every case is held to: the emulator's peak RSS, in MB. */
const RSS_BOUND_MB = 300;
const MiB = 1024 * 1024;
const CLI = process.env["ABUSE_EMULATOR_CLI"] ?? resolve(__dirname, "../../dist/emulator/cli.js");
const ON_LINUX = process.platform === "linux";

interface Child {
  url: string;
  pid: number;
  process: ChildProcess;
  banner: string;
}

const children: Child[] = [];
const figures: string[] = [];

/** Starts the emulator CLI as a child process on 127.0.0.1 and resolves with its URL once the banner is printed. */
async function startChild(...args: string[]): Promise<Child> {
  const child = spawn(process.execPath, [CLI, "--port", "0", "--host", "127.0.0.1", "--no-rate-limits", "--processing-ms", "20", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "SEEDANCE_EMULATOR_ADMIN_TOKEN")),
  });
  let out = "";
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator did not start in 15 s:\n${out}`)), 15_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m && out.includes("Admin:")) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    if (process.env["ABUSE_DEBUG"]) child.stderr!.on("data", (c: Buffer) => process.stderr.write(c));
    if (process.env["ABUSE_DEBUG"]) child.on("exit", (code, sig) => process.stderr.write(`child exit ${code} ${sig}\n`));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code}) before listening:\n${out}`));
    });
  });
  const started: Child = { url, pid: child.pid!, process: child, banner: out };
  children.push(started);
  return started;
}

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.process.exitCode !== null) continue;
    const exited = new Promise((r) => c.process.once("exit", r));
    c.process.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (c.process.exitCode === null) c.process.kill("SIGKILL");
  }
});

afterAll(() => {
  if (figures.length) console.log(`emulator RSS (MB), bound ${RSS_BOUND_MB}:\n${figures.join("\n")}`);
});

/** Current and peak resident set size of a process, in MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

/**
 * Records a case's figures (idle RSS before it, peak and current after it) and returns the peak. Called right after
 * the requests and before any assertion on the answers, so a run against an older build reports its figures too.
 */
function record(child: Child, label: string, idle: number): number {
  if (!ON_LINUX) return 0;
  const { rss, peak } = memoryOf(child.pid);
  figures.push(`  ${label.padEnd(64)} idle ${idle}, peak ${peak}, after ${rss}`);
  return peak;
}

const idleOf = (child: Child) => (ON_LINUX ? memoryOf(child.pid).rss : 0);

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
  /** Bytes of the body written before the answer or the end. */
  written: number;
  error?: string;
}

/**
 * Sends a request whose body is `bodyBytes` zero bytes (or `body`), written in 1 MiB chunks with back-pressure,
 * and stops writing as soon as an answer arrives. `chunked` leaves out Content-Length; `pauseAfterBytes` pauses the
 * upload `pauseMs` there (as a slow client would, so a server that buffers holds every such body at once). Never
 * rejects: a connection closed before any answer resolves with status 0.
 */
function send(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string; bodyBytes?: number; chunked?: boolean; pauseAfterBytes?: number; pauseMs?: number },
): Promise<Sent> {
  const url = new URL(options.path, base);
  const body = options.body !== undefined ? Buffer.from(options.body) : undefined;
  const total = body ? body.length : (options.bodyBytes ?? 0);
  const headers: Record<string, string> = { ...options.headers };
  if (!options.chunked) headers["content-length"] = String(total);
  return new Promise((resolveSent) => {
    let written = 0;
    let answered = false;
    let settled = false;
    const settle = (s: Sent) => {
      if (!settled) {
        settled = true;
        resolveSent(s);
      }
    };
    const req = httpRequest(url, { method: options.method ?? "POST", headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.length < 64 && chunks.push(c));
      res.on("error", () => undefined);
      const finish = () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        settle({ status: res.statusCode ?? 0, headers: res.headers, text, json, written });
        req.destroy();
      };
      res.on("end", finish);
      res.on("close", finish);
    });
    req.on("error", (err) => settle({ status: 0, headers: {}, text: "", json: undefined, written, error: err.message }));
    const zeros = Buffer.alloc(MiB);
    let paused = false;
    const pump = () => {
      while (!answered && !req.destroyed && written < total) {
        if (!paused && options.pauseAfterBytes !== undefined && written >= options.pauseAfterBytes) {
          paused = true;
          return void setTimeout(pump, options.pauseMs ?? 1000);
        }
        const chunk = body ? body.subarray(written, written + MiB) : zeros.subarray(0, Math.min(MiB, total - written));
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered && !req.destroyed) req.end();
    };
    pump();
  });
}

const bearerHeaders = (key: string | null = DEFAULT_API_KEY): Record<string, string> => ({
  "content-type": "application/json",
  ...(key ? { authorization: `Bearer ${key}` } : {}),
});

/** Headers of a native (Volcengine) call signed with the project's signer; `bodySha256` declares the content hash. */
function signedHeaders(base: string, action: string, body: string, options: { date?: Date; signContentHash?: boolean } = {}): Record<string, string> {
  const url = new URL(base);
  const signed = signRequest({
    method: "POST",
    host: url.host,
    path: "/",
    query: { Action: action, Version: "2024-01-01" },
    headers: { "content-type": "application/json" },
    body,
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    secretAccessKey: DEFAULT_SECRET_ACCESS_KEY,
    region: "cn-beijing",
    service: "ark",
    ...(options.date ? { date: options.date } : {}),
    ...(options.signContentHash === false ? { signedHeaders: ["content-type", "host", "x-date"] } : {}),
  });
  const headers: Record<string, string> = { "content-type": "application/json", ...signed };
  if (options.signContentHash === false) delete headers["X-Content-Sha256"];
  return headers;
}
const NATIVE = (action: string) => `/?Action=${action}&Version=2024-01-01`;
const tamper = (headers: Record<string, string>) => ({
  ...headers,
  Authorization: headers["Authorization"]!.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`),
});

describe.skipIf(!ON_LINUX)("the emulator under abuse (peak RSS ≤ 300 MB each)", () => {
  it("refuses five concurrent 100 MB unauthenticated bodies before reading them (401, Anyfast's shape)", async () => {
    const e = await startChild();
    const idle = idleOf(e);
    const results = await Promise.all(Array.from({ length: 5 }, () => send(e.url, { path: "/volc/asset/CreateAsset", headers: bearerHeaders(null), bodyBytes: 100 * MiB })));
    const peak = record(e, "5 × 100 MB unauthenticated bodies", idle);
    for (const r of results) {
      expect(r.status, r.error).toBe(401);
      expect(r.json.error.code).toBe("invalid_api_key");
      expect(r.written).toBeLessThan(100 * MiB);
    }
    expect(peak).toBeLessThanOrEqual(RSS_BOUND_MB);
  });

  it("refuses a tampered AK/SK signature and a skewed X-Date before reading their 100 MB bodies", async () => {
    const e = await startChild();
    const idle = idleOf(e);
    const tampered = await send(e.url, { path: NATIVE("ListAssetGroups"), headers: tamper(signedHeaders(e.url, "ListAssetGroups", "")), bodyBytes: 100 * MiB });
    const skewed = await send(e.url, { path: NATIVE("ListAssetGroups"), headers: signedHeaders(e.url, "ListAssetGroups", "", { date: new Date(Date.now() - 3600_000) }), bodyBytes: 100 * MiB });
    // A client that does not sign the content hash: the body is needed for the signature, but never beyond the cap.
    const unhashed = await send(e.url, { path: NATIVE("ListAssetGroups"), headers: tamper(signedHeaders(e.url, "ListAssetGroups", "", { signContentHash: false })), bodyBytes: 100 * MiB, chunked: true });
    const body = JSON.stringify({ Filter: { GroupType: "AIGC" } });
    const genuine = await send(e.url, { path: NATIVE("ListAssetGroups"), headers: signedHeaders(e.url, "ListAssetGroups", body), body });
    const peak = record(e, "tampered / skewed / unhashed AK/SK signatures, 100 MB bodies", idle);
    expect(tampered.status, tampered.error).toBe(401);
    expect(tampered.json.ResponseMetadata.Error.Code).toBe("SignatureDoesNotMatch");
    expect(skewed.status, skewed.error).toBe(400);
    expect(skewed.json.ResponseMetadata.Error.Code).toBe("InvalidTimestamp");
    expect(unhashed.status, unhashed.error).toBe(413);
    expect(unhashed.json.ResponseMetadata.Error.Code).toBe("RequestEntityTooLarge");
    for (const r of [tampered, skewed, unhashed]) expect(r.written).toBeLessThan(100 * MiB);
    expect(genuine.status, genuine.error).toBe(200);
    expect(peak).toBeLessThanOrEqual(RSS_BOUND_MB);
  });

  it("caps authenticated bodies per route at the media limits plus encoding overhead (413 in the gateway's shape)", async () => {
    const e = await startChild();
    const idle = idleOf(e);
    // Anyfast takes inline uploads: the cap is 50 MiB (largest first-published file) × 4/3 + 1 MiB ≈ 67.7 MiB.
    const declared = await send(e.url, { path: "/volc/asset/CreateAsset", headers: bearerHeaders(), bodyBytes: 100 * MiB });
    const chunked = await send(e.url, { path: "/volc/asset/CreateAsset", headers: bearerHeaders(), bodyBytes: 100 * MiB, chunked: true });
    // A route without media takes 1 MiB; so does Volcengine's CreateAsset (URLs only), in its ResponseMetadata shape.
    const getAsset = await send(e.url, { path: "/volc/asset/GetAsset", headers: bearerHeaders(), bodyBytes: 2 * MiB });
    const native = await send(e.url, { path: NATIVE("CreateAsset"), headers: signedHeaders(e.url, "CreateAsset", ""), bodyBytes: 2 * MiB });
    const peak = record(e, "oversized authenticated bodies (declared and chunked)", idle);
    expect(declared.status, declared.error).toBe(413);
    expect(declared.json.error.code).toBe("invalid_request");
    expect(declared.json.error.message).toMatch(/takes at most \d+ bytes/);
    expect(chunked.status, chunked.error).toBe(413);
    expect(getAsset.status, getAsset.error).toBe(413);
    expect(native.status, native.error).toBe(413);
    expect(native.json.ResponseMetadata.Error.Code).toBe("RequestEntityTooLarge");
    expect(peak).toBeLessThanOrEqual(RSS_BOUND_MB);
  });

  it("answers 1000 concurrent requests — 500 authenticated calls and 500 slow unauthenticated 2 MB bodies", async () => {
    const e = await startChild();
    const idle = idleOf(e);
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        i % 2 === 0
          ? send(e.url, { path: "/volc/asset/ListAssetGroups", headers: bearerHeaders(), body: JSON.stringify({ Filter: {} }) })
          : send(e.url, { path: "/volc/asset/ListAssetGroups", headers: bearerHeaders("not-a-key"), bodyBytes: 2 * MiB, pauseAfterBytes: MiB, pauseMs: 2000 }),
      ),
    );
    const peak = record(e, "1000 concurrent (500 × 2 MB unauthenticated, paused at 1 MB)", idle);
    const statuses = results.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    expect(statuses).toEqual({ 200: 500, 401: 500 });
    expect(peak).toBeLessThanOrEqual(RSS_BOUND_MB);
  });

  it("answers malformed and deeply nested JSON with 400 in the gateway's shape", async () => {
    const e = await startChild();
    const idle = idleOf(e);
    const deep = "[".repeat(500_000) + "]".repeat(500_000);
    const malformed = await send(e.url, { path: "/volc/asset/CreateAssetGroup", headers: bearerHeaders(), body: '{"Name": "x",' });
    const nested = await send(e.url, { path: "/volc/asset/CreateAssetGroup", headers: bearerHeaders(), body: deep });
    const nestedObjects = await send(e.url, { path: "/volc/asset/CreateAssetGroup", headers: bearerHeaders(), body: '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000) });
    const admin = await send(e.url, { path: "/_emulator/groups", headers: { "content-type": "application/json" }, body: deep });
    const peak = record(e, "malformed and 500,000-deep JSON", idle);
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("invalid_request");
    expect(nested.status).toBe(400);
    expect(nested.json.error.message).toMatch(/deeper than 32 levels/);
    expect(nestedObjects.status).toBe(400);
    expect(nestedObjects.json.error.message).toMatch(/deeper than 32 levels/);
    expect(admin.status).toBe(400);
    expect(admin.json.error.message).toMatch(/deeper than 32 levels/);
    expect(peak).toBeLessThanOrEqual(RSS_BOUND_MB);
  });

  it("bounds generated samples with a clear 400 and streams the large ones it serves", async () => {
    const e = await startChild();
    const idle = idleOf(e);
    const long = await send(e.url, { method: "GET", path: "/_emulator/samples/x.mp3?seconds=20000" });
    const huge = await send(e.url, { method: "GET", path: "/_emulator/samples/x.png?width=100000&height=100000" });
    const pad = await send(e.url, { method: "GET", path: `/_emulator/samples/x.wav?padBytes=${2 ** 40}` });
    // The largest samples it does serve (256 MiB of padding; a 16384 × 16384 PNG), read to the end, in parallel.
    const lengths = await Promise.all(
      ["/_emulator/samples/x.wav?padBytes=268435456", "/_emulator/samples/x.png?width=16384&height=16384", "/_emulator/samples/x.mp4?padBytes=268435456"].map(
        (path) =>
          new Promise<{ status: number; declared: number; received: number }>((resolveLength) => {
            httpRequest(new URL(path, e.url), { agent: false }, (res) => {
              let n = 0;
              res.on("data", (c: Buffer) => (n += c.length));
              res.on("end", () => resolveLength({ status: res.statusCode ?? 0, declared: Number(res.headers["content-length"]), received: n }));
              res.on("error", () => resolveLength({ status: 0, declared: 0, received: n }));
            })
              .on("error", () => resolveLength({ status: 0, declared: 0, received: 0 }))
              .end();
          }),
      ),
    );
    const peak = record(e, "sample bounds; 3 × ~256 MB samples streamed at once", idle);
    expect(long.status).toBe(400);
    expect(long.json.error).toEqual({ code: "InvalidSampleParameter", message: expect.stringMatching(/^seconds must be from 0 to 120 \(seconds\); got 20000\./) });
    expect(huge.status).toBe(400);
    expect(huge.json.error.message).toMatch(/^width must be an integer from 1 to 16384/);
    expect(pad.status).toBe(400);
    for (const l of lengths) expect(l.status === 200 && l.received === l.declared).toBe(true);
    expect(lengths[0]!.received).toBeGreaterThan(256 * MiB);
    expect(peak).toBeLessThanOrEqual(RSS_BOUND_MB);
  });

  it("refuses admin calls from a foreign web page, non-JSON admin writes and a foreign Host", async () => {
    const e = await startChild();
    const idle = idleOf(e);
    const seeded = await send(e.url, { path: "/_emulator/groups", headers: { "content-type": "application/json" }, body: JSON.stringify({ gateway: "anyfast", Name: "keep" }) });
    // What any web page can send without a CORS preflight: a text/plain POST with its Origin.
    const crossSite = await send(e.url, { path: "/_emulator/reset", headers: { "content-type": "text/plain", origin: "http://evil.example" }, body: "{}" });
    const crossSiteJson = await send(e.url, { path: "/_emulator/reset", headers: { "content-type": "application/json", origin: "http://evil.example" }, body: "{}" });
    const plain = await send(e.url, { path: "/_emulator/reset", headers: { "content-type": "text/plain" }, body: "{}" });
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends Host: evil.example.
    const rebound = await send(e.url, { method: "GET", path: "/_emulator/state?gateway=anyfast", headers: { host: "evil.example:4010" } });
    const state = await send(e.url, { method: "GET", path: "/_emulator/state?gateway=anyfast" });
    // The emulator's own origin may call it.
    const own = await send(e.url, { path: "/_emulator/processing", method: "PUT", headers: { "content-type": "application/json", origin: e.url }, body: JSON.stringify({ processingMs: 20 }) });
    const peak = record(e, "admin: foreign Origin, text/plain write, foreign Host", idle);
    expect(seeded.status).toBe(201);
    expect(crossSite.status).toBe(403);
    expect(crossSite.json.error.code).toBe("ForeignOrigin");
    expect(crossSiteJson.status).toBe(403);
    expect(plain.status).toBe(415);
    expect(rebound.status).toBe(403);
    expect(rebound.json.error.code).toBe("ForeignHost");
    expect(state.json.groups).toHaveLength(1);
    expect(own.status).toBe(200);
    expect(peak).toBeLessThanOrEqual(RSS_BOUND_MB);
  });

  it("requires the admin token it was given, and builds presigned links from --public-url, never the Host header", async () => {
    const token = "abuse-suite-admin-token-0123456789";
    const e = await startChild("--admin-token", token, "--public-url", "http://emulator.test:4010");
    const idle = idleOf(e);
    const anonymous = await send(e.url, { path: "/_emulator/reset", headers: { "content-type": "application/json" }, body: "{}" });
    const wrong = await send(e.url, { method: "GET", path: "/_emulator/requests", headers: { authorization: "Bearer abuse-suite-admin-token-0123456780" } });
    const health = await send(e.url, { method: "GET", path: "/_emulator/health" });
    const admin = { "content-type": "application/json", authorization: `Bearer ${token}` };
    const group = await send(e.url, { path: "/_emulator/groups", headers: admin, body: JSON.stringify({ gateway: "anyfast", Name: "g" }) });
    const asset = await send(e.url, { path: "/_emulator/assets", headers: admin, body: JSON.stringify({ gateway: "anyfast", GroupId: group.json?.Id, Name: "a" }) });
    const spoofed = await send(e.url, { path: "/volc/asset/GetAsset", headers: { ...bearerHeaders(), host: "evil.example" }, body: JSON.stringify({ Id: asset.json?.Id }) });
    const peak = record(e, "admin token; presigned links with a spoofed Host", idle);
    expect(e.banner).not.toContain(token);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe("AdminTokenRequired");
    expect(wrong.status).toBe(401);
    expect(health.status).toBe(200);
    expect(health.json.gateways[0].baseUrl).toBe("http://emulator.test:4010");
    expect(group.status).toBe(201);
    expect(asset.status).toBe(201);
    expect(asset.json.URL).toMatch(/^http:\/\/emulator\.test:4010\/_emulator\/tos\//);
    expect(spoofed.status).toBe(200);
    expect(JSON.stringify(spoofed.json)).not.toContain("evil.example");
    expect(JSON.stringify(spoofed.json)).toContain("http://emulator.test:4010/_emulator/tos/");
    expect(peak).toBeLessThanOrEqual(RSS_BOUND_MB);
  });
});

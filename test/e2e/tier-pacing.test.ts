/**
 * Tiers end to end, in real time, with the real Pulumi CLI against the emulator CLI started with `--tier entry`
 * (`npm run emulator -- --tier entry`): `pulumi preview` warns when the library exceeds the Entry tier's 50-asset
 * quota, and an Entry-tier `pulumi up` of 10 assets on BytePlus is paced at 3 CreateAsset per minute (one every
 * 20 s, about 3 minutes) and finishes without a single throttling answer in the emulator's request log.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import type { RequestLogEntry } from "../../emulator/server.js";
import { repoRoot } from "../../scripts/pulumi-env.mts";
import { E2EStack } from "./support/stack.js";

/** Starts `node dist/emulator/cli.js <args>` on a free port; resolves with its base URL once it listens. */
function startEmulatorCli(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [resolve(repoRoot, "dist/emulator/cli.js"), "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolveStart, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the emulator CLI did not start:\n${out}`)), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({ url: m[1]!, child });
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`the emulator CLI exited (${code}):\n${out}`)));
  });
}

function library(assets: number): string {
  const lines = ["groups:", "  entry:", "    description: Entry-tier pacing", "    assets:"];
  for (let i = 0; i < assets; i++) lines.push(`      a${i}: { type: Image, url: https://example.com/entry/a${i}.png }`);
  return `${lines.join("\n")}\n`;
}

describe("byteplus on the Entry tier (emulator --tier entry)", () => {
  let emulator: { url: string; child: ChildProcess };
  let stack: E2EStack;
  const requests = async () => (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as RequestLogEntry[];

  beforeAll(async () => {
    emulator = await startEmulatorCli(["--tier", "entry", "--processing-ms", "500"]);
    stack = await E2EStack.create(
      "tier-entry",
      { "seedance:gateway": "byteplus", "seedance:baseUrl": emulator.url, "seedance:tier": "entry", "seedance:pollIntervalSeconds": "0.5" },
      {},
      { BYTEPLUS_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID, BYTEPLUS_SECRET_ACCESS_KEY: DEFAULT_SECRET_ACCESS_KEY },
    );
  });

  afterAll(async () => {
    await stack?.dispose();
    emulator?.child.kill("SIGTERM");
  });

  it("pulumi preview warns that 62 assets exceed the Entry tier's 50, with the fix", async () => {
    stack.writeLibrary(library(62));
    const result = await stack.run("preview", "--non-interactive");
    expect(result.code).toBe(0);
    const output = (result.stdout + result.stderr).replace(/\s+/g, " ");
    expect(output).toContain("The library declares 62 assets on byteplus; the Entry tier of byteplus allows 50 (seedance:tier=entry)");
    expect(output).toContain("Fix: declare at most 50 assets (remove 12), or, if the account has a larger tier, set it: `pulumi config set seedance:tier advanced`");
    // A preview creates nothing.
    expect((await requests()).filter((r) => r.action === "CreateAsset")).toHaveLength(0);
  });

  it("pulumi up of 10 assets paces CreateAsset at 3 per minute and gets no throttling answer", async () => {
    stack.writeLibrary(library(10));
    const before = (await requests()).length;
    const started = performance.now();
    const result = await stack.up();
    const seconds = (performance.now() - started) / 1000;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const log = (await requests()).slice(before);
    const byAction: Record<string, number> = {};
    for (const r of log) byAction[`${r.action ?? "?"} ${r.status}`] = (byAction[`${r.action ?? "?"} ${r.status}`] ?? 0) + 1;
    const creates = log.filter((r) => r.action === "CreateAsset").map((r) => Date.parse(r.time));
    console.log(`Entry-tier up of 10 assets: ${seconds.toFixed(1)} s; requests ${JSON.stringify(byAction)}; CreateAsset gaps (s) ${creates.slice(1).map((t, i) => ((t - creates[i]!) / 1000).toFixed(1)).join(" ")}`);
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    expect(creates).toHaveLength(10);
    for (let i = 1; i < creates.length; i++) expect(creates[i]! - creates[i - 1]!).toBeGreaterThanOrEqual(19_900);
    // 9 intervals of 20 s: three minutes, plus start-up and the last asset's processing.
    expect(seconds).toBeGreaterThanOrEqual(180);
    expect(seconds).toBeLessThan(300);
    expect(Object.keys((await stack.outputs())["references"] ?? {})).toHaveLength(10);
  });
});

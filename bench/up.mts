/**
 * Benchmark: a real `pulumi up` of a generated library against the emulator at the documented rate limits, then a
 * no-op `up`. Measures what a user waits for and pays: wall time against the rate-limit bound, API calls per asset
 * and by Action, throttling answers, peak memory of the CLI and of the dynamic-provider process, state bytes per
 * asset, and the no-op time and calls. Not part of `npm test` (minutes of wall time); run after `npm run build`:
 *
 *   npm run bench:up -- [assets=100] [groups=10] [gateway=anyfast] [--tier entry|advanced|premium]
 *                       [--processing-ms 2000] [--parallel <n>] [--create-rate <per second>] [--layout installed|self]
 *                       [--skip-checkpoints] [--keep]
 *
 * - The library: `assets` Image assets with URL sources in `groups` groups; each URL is a sample image the emulator
 *   serves itself (`/_emulator/samples/…png`, emulator/samples.ts), so every asset goes through the emulator's real
 *   fetch-and-check path. The project uses the package as users install it (test/e2e/support/installed.mts).
 * - Limits: the gateway's documented limits — its tier's (`--tier`, else the gateway's default tier) where the package
 *   has tiers as data, else its dialect's `Capabilities.rateLimits` (./tier-limits.mts). The same limits go to the
 *   emulator and, as `SEEDANCE_RATE_LIMITS` (and `SEEDANCE_TIER`), to the provider's client. `--create-rate` overrides CreateAsset on both sides, for
 *   a fast iteration loop only: figures worth reporting use the documented limits.
 * - Layout: `installed` (default) puts a copy of the package under the project's node_modules, as users have it;
 *   `self` lets the program find the package by self-reference, as the examples in this repository do (the
 *   providers are then serialized by value: ~3.5 kB each instead of a ~95-byte `require` line).
 * - `--skip-checkpoints`: `PULUMI_EXPERIMENTAL=true PULUMI_SKIP_CHECKPOINTS=true` — the file backend then writes the
 *   state once at the end instead of after every step (see README "Large libraries" for what that costs when the CLI
 *   is killed mid-update).
 * - Parallelism: `--parallel`, else `$PULUMI_PARALLEL`, else what scripts/pulumi-env.mts applies.
 * - The bound: assets / CreateAsset rate + processing time — no `pulumi up` can be faster.
 *
 * Prints one table; `--keep` leaves the project, its state and a JSON result in .pulumi/bench/.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { getDialect, type GatewayName } from "pulumi-seedance-assets";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY, startEmulator } from "pulumi-seedance-assets/emulator";
import { pulumiEnv, repoRoot, suggestedParallelism } from "../scripts/pulumi-env.mts";
import { installPackageCopy } from "../test/e2e/support/installed.mts";
import { rateLimitsOf, TIERS, type Tier } from "./tier-limits.mts";

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tier: { type: "string" },
    "processing-ms": { type: "string", default: "2000" },
    parallel: { type: "string" },
    "create-rate": { type: "string" },
    keep: { type: "boolean", default: false },
    layout: { type: "string", default: "installed" },
    "skip-checkpoints": { type: "boolean", default: false },
  },
});
const assets = Number(positionals[0] ?? 100);
const groups = Number(positionals[1] ?? 10);
const gateway = (positionals[2] ?? "anyfast") as GatewayName;
const processingMs = Number(flags["processing-ms"]);
if (!(assets > 0 && groups > 0 && groups <= assets)) throw new Error("usage: bench:up -- [assets>0] [groups in 1..assets] [gateway]");
if (flags.tier !== undefined && !TIERS.includes(flags.tier as Tier)) throw new Error(`--tier must be one of ${TIERS.join(", ")}`);
const dialect = getDialect(gateway);
if (!dialect.capabilities.groups) throw new Error(`${gateway} has no asset groups; choose a gateway with groups (anyfast, volcengine, byteplus, gogogotoken).`);

const tier = flags.tier as Tier | undefined;
const limits = await rateLimitsOf(dialect, tier);
if (flags["create-rate"] !== undefined) limits.CreateAsset = { requests: Number(flags["create-rate"]), perSeconds: 1 };
const create = limits.CreateAsset;
if (!create) throw new Error(`${gateway} documents no CreateAsset limit: the bound is undefined.`);
const createRate = create.requests / create.perSeconds;
const boundSeconds = assets / createRate + processingMs / 1000;

// ---------------------------------------------------------------------------------------------------------------
// The emulator, counting every answer by Action (its request log keeps only the last 1000).
type Counts = Map<string, number>;
let phase: Counts = new Map();
let throttled = 0;
// `tier` (builds with tiers as data) also sets the emulator's quotas; older emulators ignore it.
const tierOption: Record<string, unknown> = tier ? { tier } : {};
const emulator = await startEmulator({
  ...tierOption,
  processingMs,
  rateLimits: limits,
  responseHook: (ctx, wire) => {
    const key = `${ctx.action ?? "(unrouted)"}${wire.status >= 400 ? ` → ${wire.status}` : ""}`;
    phase.set(key, (phase.get(key) ?? 0) + 1);
    if (wire.status === 429) throttled++;
    return wire;
  },
});

// ---------------------------------------------------------------------------------------------------------------
// The project: library.yaml, a three-line program, the package installed under node_modules.
const run = `${assets}x${groups}-${gateway}-${process.pid}`;
const dir = resolve(repoRoot, ".pulumi/bench", run);
const project = join(dir, "project");
mkdirSync(project, { recursive: true });
writeFileSync(join(project, "Pulumi.yaml"), "name: seedance-bench\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.mts\n");
writeFileSync(
  join(project, "index.mts"),
  [
    'import { declareLibrary, loadLibrary } from "pulumi-seedance-assets";',
    'const declared = declareLibrary(loadLibrary("library.yaml"));',
    "export const assetCount = Object.keys(declared.assets).length;",
    "",
  ].join("\n"),
);
const lines = ["groups:"];
for (let g = 0; g < groups; g++) {
  const group = `g${String(g + 1).padStart(3, "0")}`;
  lines.push(`  ${group}:`, "    assets:");
  for (let a = g; a < assets; a += groups) {
    const name = `a${String(a + 1).padStart(5, "0")}`;
    lines.push(`      ${name}: { type: Image, url: "${emulator.url}/_emulator/samples/${name}.png?width=640&height=480" }`);
  }
}
writeFileSync(join(project, "library.yaml"), `${lines.join("\n")}\n`);
if (flags.layout === "installed") installPackageCopy(project);
else if (flags.layout !== "self") throw new Error("--layout must be installed or self");

const credentials: Record<string, string> =
  dialect.capabilities.auth === "bearer"
    ? { SEEDANCE_API_KEY: DEFAULT_API_KEY }
    : { VOLCENGINE_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID, VOLCENGINE_SECRET_ACCESS_KEY: DEFAULT_SECRET_ACCESS_KEY };
const base: NodeJS.ProcessEnv = { ...process.env };
if (flags.parallel !== undefined) base["PULUMI_PARALLEL"] = flags.parallel;
if (flags["skip-checkpoints"]) Object.assign(base, { PULUMI_EXPERIMENTAL: "true", PULUMI_SKIP_CHECKPOINTS: "true" });
const env: Record<string, string> = {
  ...(await pulumiEnv({ stateDir: join(dir, "state"), passphrase: "bench", base })),
  SEEDANCE_GATEWAY: gateway,
  SEEDANCE_BASE_URL: emulator.gatewayUrl(gateway),
  SEEDANCE_RATE_LIMITS: JSON.stringify(limits),
  ...(tier ? { SEEDANCE_TIER: tier } : {}),
  ...credentials,
};
const parallel = Number(env["PULUMI_PARALLEL"] ?? suggestedParallelism);

// ---------------------------------------------------------------------------------------------------------------
// Running the CLI while sampling /proc: peak RSS and CPU time of the CLI, the program and the provider process.
interface ProcessFigures {
  peakRssKiB: number;
  cpuSeconds: number;
}
type Role = "cli" | "program" | "provider" | "other";
const CLOCK_TICKS = 100;

function readProc(pid: number): { ppid: number; cpu: number; rss: number; cmd: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    return { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS, rss, cmd };
  } catch {
    return undefined;
  }
}

function roleOf(pid: number, cli: number, cmd: string): Role {
  if (pid === cli) return "cli";
  if (cmd.includes("dynamic-provider")) return "provider";
  if (cmd.includes("cmd/run")) return "program";
  return "other";
}

async function pulumi(args: string[]): Promise<{ seconds: number; code: number; stdout: string; stderr: string; procs: Record<Role, ProcessFigures> }> {
  const started = performance.now();
  const child = spawn("pulumi", [...args, "--stack", "bench"], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const perPid = new Map<number, { role: Role; cpu: number; peak: number }>();
  const sample = () => {
    const tree = new Set([child.pid!]);
    const all: { pid: number; ppid: number; cpu: number; rss: number; cmd: string }[] = [];
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      const info = readProc(Number(name));
      if (info) all.push({ pid: Number(name), ...info });
    }
    // Parents come before children often but not always: iterate until the tree stops growing.
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of all) {
        if (!tree.has(p.pid) && tree.has(p.ppid)) {
          tree.add(p.pid);
          grew = true;
        }
      }
    }
    for (const p of all) {
      if (!tree.has(p.pid)) continue;
      const entry = perPid.get(p.pid) ?? { role: roleOf(p.pid, child.pid!, p.cmd), cpu: 0, peak: 0 };
      entry.cpu = Math.max(entry.cpu, p.cpu);
      entry.peak = Math.max(entry.peak, p.rss);
      perPid.set(p.pid, entry);
    }
  };
  const timer = setInterval(sample, 250);
  const code = await new Promise<number>((done) => child.on("close", (c) => done(c ?? 1)));
  clearInterval(timer);
  const procs = { cli: { peakRssKiB: 0, cpuSeconds: 0 }, program: { peakRssKiB: 0, cpuSeconds: 0 }, provider: { peakRssKiB: 0, cpuSeconds: 0 }, other: { peakRssKiB: 0, cpuSeconds: 0 } };
  for (const { role, cpu, peak } of perPid.values()) {
    procs[role].peakRssKiB = Math.max(procs[role].peakRssKiB, peak);
    procs[role].cpuSeconds += cpu;
  }
  return { seconds: (performance.now() - started) / 1000, code, stdout, stderr, procs };
}

async function ok(args: string[]): Promise<string> {
  const result = await pulumi(args);
  if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (${result.code}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  return result.stdout;
}

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const sum = (counts: Counts) => [...counts.values()].reduce((a, b) => a + b, 0);
const byAction = (counts: Counts) => [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
const mb = (kib: number) => `${(kib / 1024).toFixed(0)} MB`;

let exitCode = 0;
try {
  await ok(["stack", "init", "--non-interactive"]);
  const loadBefore = load();
  phase = new Map();
  const up = await pulumi(["up", "--yes", "--skip-preview", "--non-interactive"]);
  if (up.code !== 0) throw new Error(`pulumi up failed (${up.code}):\n${up.stdout.slice(-4000)}\n${up.stderr.slice(-4000)}`);
  const upCalls = phase;
  const upThrottled = throttled;
  const loadAfterUp = load();

  const exported = JSON.parse(await ok(["stack", "export"])) as { deployment: { resources: { type: string; inputs?: { __provider?: string } }[] } };
  const assetEntries = exported.deployment.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/seedance:Asset");
  const entryBytes = assetEntries.reduce((n, r) => n + JSON.stringify(r).length, 0) / assetEntries.length;
  const providerBytes = JSON.stringify(assetEntries[0]?.inputs?.__provider ?? "").length;
  const stacksDir = join(dir, "state/.pulumi/stacks/seedance-bench");
  const checkpointBytes = statSync(join(stacksDir, "bench.json")).size;

  phase = new Map();
  const noop = await pulumi(["up", "--yes", "--skip-preview", "--non-interactive", "--expect-no-changes"]);
  if (noop.code !== 0) throw new Error(`the second pulumi up was not a no-op (${noop.code}):\n${noop.stdout.slice(-4000)}\n${noop.stderr.slice(-4000)}`);
  const noopCalls = phase;

  const warnings = [...new Set((up.stdout + up.stderr).split("\n").filter((l) => /warning:/.test(l)).map((l) => l.trim()))].slice(0, 5);
  const result = {
    assets,
    groups,
    gateway,
    tier: flags.tier ?? "(the gateway's default)",
    layout: flags.layout,
    createAssetLimit: create,
    processingMs,
    parallel,
    skipCheckpoints: env["PULUMI_SKIP_CHECKPOINTS"] ?? "unset",
    upSeconds: up.seconds,
    boundSeconds,
    ratio: up.seconds / boundSeconds,
    callsPerAsset: sum(upCalls) / assets,
    calls: Object.fromEntries(upCalls),
    throttled: upThrottled,
    peakRss: { cli: up.procs.cli.peakRssKiB, program: up.procs.program.peakRssKiB, provider: up.procs.provider.peakRssKiB },
    cpuSeconds: { cli: up.procs.cli.cpuSeconds, program: up.procs.program.cpuSeconds, provider: up.procs.provider.cpuSeconds, other: up.procs.other.cpuSeconds },
    stateBytesPerAsset: entryBytes,
    providerBytes,
    checkpointBytesPerAsset: checkpointBytes / assets,
    noopSeconds: noop.seconds,
    noopCalls: sum(noopCalls),
    noopCpuSeconds: { cli: noop.procs.cli.cpuSeconds, program: noop.procs.program.cpuSeconds, provider: noop.procs.provider.cpuSeconds },
    load: { before: loadBefore, afterUp: loadAfterUp, end: load() },
    warnings,
  };
  const f = (n: number, d = 1) => n.toFixed(d);
  console.log(`pulumi up benchmark: ${assets} assets in ${groups} groups on ${gateway}, tier ${result.tier}`);
  console.log(`  settings          CreateAsset ${create.requests}/${create.perSeconds} s, processing ${processingMs} ms, parallel ${parallel}, PULUMI_SKIP_CHECKPOINTS ${result.skipCheckpoints}, layout ${flags.layout}`);
  console.log(`  pulumi up         ${f(up.seconds)} s; bound ${f(boundSeconds)} s (${assets} / ${f(createRate, 2)} per s + ${f(processingMs / 1000)} s); ratio ${f(result.ratio, 2)}×`);
  console.log(`  API calls         ${f(result.callsPerAsset, 2)} per asset (${sum(upCalls)}): ${byAction(upCalls)}`);
  console.log(`  throttled (429)   ${upThrottled}`);
  console.log(`  peak RSS          CLI ${mb(result.peakRss.cli)}, program ${mb(result.peakRss.program)}, provider ${mb(result.peakRss.provider)}`);
  console.log(`  CPU time          CLI ${f(result.cpuSeconds.cli)} s, program ${f(result.cpuSeconds.program)} s, provider ${f(result.cpuSeconds.provider)} s, other ${f(result.cpuSeconds.other)} s`);
  console.log(`  state per asset   ${f(entryBytes, 0)} B (its __provider: ${providerBytes} B, twice); checkpoint file ${f(checkpointBytes / assets, 0)} B per asset`);
  console.log(`  no-op up          ${f(noop.seconds)} s, ${sum(noopCalls)} API calls (${byAction(noopCalls)}); CPU CLI ${f(result.noopCpuSeconds.cli)} s, program ${f(result.noopCpuSeconds.program)} s, provider ${f(result.noopCpuSeconds.provider)} s`);
  console.log(`  load average      ${loadBefore} before, ${loadAfterUp} after up, ${result.load.end} at the end (2 cores shared)`);
  for (const w of warnings) console.log(`  ${w}`);
  mkdirSync(resolve(repoRoot, ".pulumi/bench"), { recursive: true });
  writeFileSync(resolve(repoRoot, ".pulumi/bench", `result-${run}.json`), `${JSON.stringify(result, null, 2)}\n`);
} catch (error) {
  console.error(`bench:up failed: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  if (!flags.keep) {
    await pulumi(["stack", "rm", "--yes", "--force"]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  await emulator.close();
}
process.exit(exitCode);

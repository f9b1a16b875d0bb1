/**
 * The chaos harness shared by `npm run bench:chaos` (bench/chaos.mts) and the e2e convergence test
 * (test/e2e/convergence.test.ts): the real Pulumi CLI over a generated library (N URL-source assets in G groups,
 * the URLs served by the emulator itself) against an in-process emulator with faults, rate limits or an
 * interruption, run after run until the stack converges. After each run it measures, from the emulator's store and
 * the stack's state (`pulumi stack export`): remote vs declared assets, orphans (remote objects of the stack's groups
 * that no state holds), duplicate names in a group, API calls, and processes of the run still alive.
 *
 * Recovery after an interruption is the one README.md documents ("Interrupted updates: what to run"): after SIGKILL,
 * `pulumi cancel --yes` (the lock the killed run left), `pulumi refresh --clear-pending-creates` (the creates it left
 * pending), then `pulumi up` (the provider adopts what the killed run made in the stack's groups); after SIGINT, just
 * `pulumi up`.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { ACTIONS, type Action } from "pulumi-seedance-assets/provider/api";
import { DEFAULT_API_KEY, startEmulator, type EmulatorHandle, type FaultOptions, type RateLimitOptions, type RequestLogEntry } from "pulumi-seedance-assets/emulator";
import { pulumiEnv, repoRoot } from "../scripts/pulumi-env.mts";

/** One chaos case: what the emulator does during every run, and an optional interruption of the first run. */
export interface ChaosCase {
  name: string;
  /** Injected faults for every run of the case (emulator/faults.ts). */
  faults?: FaultOptions;
  /** Emulator-side limits (429 FlowLimitExceeded with Retry-After beyond them); default HIGH_LIMITS. */
  emulatorLimits?: RateLimitOptions;
  /** How long a new asset stays Processing, ms; default 1000. */
  processingMs?: number;
  /** Extra `seedance:*` configuration, e.g. `{ waitTimeoutSeconds: "3" }`. */
  config?: Record<string, string>;
  /** Interrupt the first run with this signal once the emulator has seen `afterCreates` CreateAsset calls. */
  interrupt?: { signal: "SIGINT" | "SIGKILL"; afterCreates: number };
}

/** What one run did. */
export interface RunReport {
  /** `up` exit code; null when killed. */
  code: number | null;
  interrupted?: "SIGINT" | "SIGKILL";
  /** Recovery commands run before this run (documented ones only). */
  recovery: string[];
  seconds: number;
  /** Errors the CLI listed (one line each), when the run failed. */
  failures: string[];
  calls: number;
  /** Calls answered 429 / 5xx / dropped during the run. */
  throttled: number;
  serverErrors: number;
  dropped: number;
  /** Processes carrying the run's marker still alive 5 s after the CLI ended (interrupted runs only). */
  leftoverProcesses: string[];
  /** Pulumi warned about pending operations of an earlier, interrupted run. */
  pendingOperationsWarning: boolean;
  /** Writes whose answer was lost or unclear and that the provider looked up before deciding (its info lines). */
  reconciled: number;
  /** Existing assets/groups the provider took over on create: leftovers of an interrupted run, or adopt: true. */
  takeovers: number;
  measure: Measure;
}

/** The remote side against the declaration and the state, after a run. */
export interface Measure {
  declared: number;
  remote: number;
  /** Remote assets/groups of the stack's groups (and groups of the declared names) that no state holds. */
  orphans: number;
  /** Names held by more than one asset in a group, summed over groups (extra copies). */
  duplicateNames: number;
  /** Remote groups with a declared name, vs declared groups. */
  remoteGroups: number;
  declaredGroups: number;
  /** Assets in the state that are not Active. */
  unfinished: number;
  /** Pending operations the state still records (creates of an interrupted run). */
  pendingOperations: number;
}

/** The outcome of a case. */
export interface CaseResult {
  name: string;
  runs: RunReport[];
  /** Runs until `declared = remote` with a successful up, 0 orphans, 0 duplicates; undefined if not within maxRuns. */
  runsToConverge: number | undefined;
  calls: number;
  callsByAction: Partial<Record<Action, number>>;
  seconds: number;
}

/** Options of runCase. */
export interface HarnessOptions {
  assets: number;
  groups: number;
  /** Give up after this many runs; default 3. */
  maxRuns?: number;
  /** `PULUMI_PARALLEL`; default 32. */
  parallel?: number;
  /** Progress lines; default none. */
  log?: (line: string) => void;
  /** Keep the stack directory (.pulumi/chaos/…) for inspection; default false. */
  keep?: boolean;
}

/** Emulator and client limits high enough for a bench that runs in minutes (the documented per-minute limits would take hours). */
export const HIGH_LIMITS: Record<Action, { requests: number; perSeconds: number }> = Object.fromEntries(ACTIONS.map((a) => [a, { requests: 50, perSeconds: 1 }])) as never;

const run = promisify(execFile);
const GATEWAY = "anyfast";
let hostDir: Promise<string> | undefined;

/**
 * The language host built from this checkout (tools/pulumi-language-nodejs), so a run uses the current host even
 * when the cached CLI's host is older; put first on PATH (the CLI then warns that it uses the one from $PATH).
 */
export function buildLanguageHost(): Promise<string> {
  hostDir ??= (async () => {
    const dir = resolve(repoRoot, ".pulumi/chaos/host");
    mkdirSync(dir, { recursive: true });
    await run("go", ["build", "-trimpath", "-o", join(dir, "pulumi-language-nodejs"), "."], {
      cwd: resolve(repoRoot, "tools/pulumi-language-nodejs"),
      env: { ...process.env, GOFLAGS: "-mod=mod", CGO_ENABLED: "0", GOTOOLCHAIN: process.env["GOTOOLCHAIN"] ?? "auto" },
    });
    return dir;
  })();
  return hostDir;
}

/** library.yaml of `assets` URL-source images spread over `groups` groups, served by the emulator. */
export function libraryYaml(emulatorUrl: string, assets: number, groups: number): string {
  const lines = ["groups:"];
  for (let g = 0; g < groups; g++) {
    lines.push(`  chaos-${g}:`, "    assets:");
    for (let a = g; a < assets; a += groups) lines.push(`      a${a}: { type: Image, url: "${emulatorUrl}/_emulator/samples/a${a}.png?width=320&height=320" }`);
  }
  return lines.join("\n") + "\n";
}

/** Processes whose environment carries the marker (this run's CLI and everything it started). */
export function processesWithMarker(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`, "latin1").includes(marker)) continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "latin1").replace(/\0/g, " ").trim().slice(0, 100)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

interface StateResource {
  type: string;
  urn: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

/** Runs one case to convergence (or maxRuns) and measures each run. */
export async function runCase(c: ChaosCase, options: HarnessOptions): Promise<CaseResult> {
  const log = options.log ?? (() => {});
  const maxRuns = options.maxRuns ?? 3;
  const started = performance.now();
  const callsByAction: Partial<Record<Action, number>> = {};
  let calls: { action?: Action; status: number }[] = [];
  const emulator: EmulatorHandle = await startEmulator({
    processingMs: c.processingMs ?? 1000,
    rateLimits: c.emulatorLimits ?? HIGH_LIMITS,
    responseHook: (ctx, wire) => {
      calls.push({ ...(ctx.action ? { action: ctx.action } : {}), status: wire.status });
      if (ctx.action) callsByAction[ctx.action] = (callsByAction[ctx.action] ?? 0) + 1;
      return wire;
    },
  });
  // Dropped connections never reach the response hook; the request log records them (it keeps only the last 1000
  // entries, so count them as they are appended).
  let drops = 0;
  const requestLog = emulator.requests as RequestLogEntry[];
  const append = requestLog.push.bind(requestLog);
  requestLog.push = (...entries: RequestLogEntry[]) => {
    drops += entries.filter((e) => e.dropped).length;
    return append(...entries);
  };
  const marker = `seedance-chaos-${process.pid}-${Date.now()}`;
  const dir = resolve(repoRoot, ".pulumi/chaos", `${c.name.replace(/\W+/g, "-")}-${Date.now()}`);
  const project = join(dir, "project");
  try {
    mkdirSync(dir, { recursive: true });
    cpSync(resolve(repoRoot, "test/e2e/fixtures/library"), project, { recursive: true, filter: (s) => !/Pulumi\.[^/]+\.yaml$/.test(s) });
    writeFileSync(join(project, "library.yaml"), libraryYaml(emulator.url, options.assets, options.groups));
    const base = await pulumiEnv({ stateDir: join(dir, "state"), passphrase: "chaos" });
    const env: Record<string, string> = {
      ...base,
      PATH: `${await buildLanguageHost()}:${base["PATH"]}`,
      PULUMI_PARALLEL: String(options.parallel ?? 32),
      SEEDANCE_CHAOS_MARKER: marker,
    };
    const cli = (args: string[]) =>
      run("pulumi", [...args, "--stack", "chaos"], { cwd: project, env, maxBuffer: 256 * 1024 * 1024 }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: (e.stdout ?? "") + (e.stderr ?? "") }),
      );
    const must = async (args: string[]) => {
      const r = await cli(args);
      if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${r.out}`);
    };
    await must(["stack", "init", "--non-interactive"]);
    const limits = JSON.stringify(HIGH_LIMITS);
    const config: Record<string, string> = {
      gateway: GATEWAY,
      baseUrl: emulator.gatewayUrl(GATEWAY),
      apiKey: DEFAULT_API_KEY,
      pollIntervalSeconds: "0.5",
      waitTimeoutSeconds: "120",
      rateLimits: limits,
      ...c.config,
    };
    await must(["config", "set-all", ...Object.entries(config).flatMap(([k, v]) => ["--plaintext", `seedance:${k}=${v}`])]);
    emulator.admin.setFaults(c.faults ?? {});

    const runs: RunReport[] = [];
    let runsToConverge: number | undefined;
    let recovery: string[] = [];
    for (let n = 1; n <= maxRuns && runsToConverge === undefined; n++) {
      for (const step of recovery) if (step.startsWith("pulumi ")) await must(step.split(" ").slice(1));
      calls = [];
      drops = 0;
      const runStarted = performance.now();
      const interrupt = n === 1 ? c.interrupt : undefined;
      const child: ChildProcess = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive", "--continue-on-error", "--stack", "chaos"], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
      child.stderr!.setEncoding("utf8").on("data", (d: string) => (out += d));
      const exited = new Promise<number | null>((resolveExit) => child.on("close", (code) => resolveExit(code)));
      let leftoverProcesses: string[] = [];
      if (interrupt) {
        const creates = () => calls.filter((x) => x.action === "CreateAsset").length;
        while (creates() < interrupt.afterCreates && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
        child.kill(interrupt.signal);
        log(`  ${c.name}: run ${n}: ${interrupt.signal} after ${creates()} CreateAsset calls`);
      }
      const code = await exited;
      if (interrupt) {
        await new Promise((r) => setTimeout(r, 5000));
        leftoverProcesses = processesWithMarker(marker);
      }
      const seconds = (performance.now() - runStarted) / 1000;
      // A kill during a checkpoint write can leave the stack file empty ("failed to load checkpoint"): restore the
      // file backend's copy of the previous checkpoint, as README.md documents.
      let repairedCheckpoint = false;
      if (interrupt?.signal === "SIGKILL") repairedCheckpoint = await repairCheckpoint(cli, join(dir, "state"));
      const measure = await measureStack(emulator, cli, options);
      const report: RunReport = {
        code,
        ...(interrupt ? { interrupted: interrupt.signal } : {}),
        recovery,
        seconds,
        failures: failureLines(out),
        calls: calls.length,
        throttled: calls.filter((x) => x.status === 429).length,
        serverErrors: calls.filter((x) => x.status >= 500).length,
        dropped: drops,
        leftoverProcesses,
        pendingOperationsWarning: /pending operations from previous deployment/.test(out),
        reconciled: (out.match(/^\s*info: \[runtime\] (Asset|AssetGroup) "[^"]+": CreateAsset(Group)? had no certain answer/gm) ?? []).length,
        takeovers: (out.match(/^\s*info: \[runtime\] (Asset|AssetGroup) "[^"]+": took over existing/gm) ?? []).length,
        measure,
      };
      runs.push(report);
      log(
        `  ${c.name}: run ${n}: exit ${code ?? "killed"}, ${seconds.toFixed(1)} s, remote ${measure.remote}/${measure.declared}, orphans ${measure.orphans}, duplicates ${measure.duplicateNames}, unfinished ${measure.unfinished}, ${report.calls} calls` +
          (report.failures.length ? `, ${report.failures.length} failures: ${report.failures.slice(0, 2).join(" | ")}` : ""),
      );
      const converged = code === 0 && measure.pendingOperations === 0 && measure.remote === measure.declared && measure.orphans === 0 && measure.duplicateNames === 0 && measure.unfinished === 0 && measure.remoteGroups === measure.declaredGroups;
      if (converged) runsToConverge = n;
      recovery = interrupt?.signal === "SIGKILL" ? [...(repairedCheckpoint ? ["cp <stack>.json.bak <stack>.json (done)"] : []), ...SIGKILL_RECOVERY] : [];
    }
    return { name: c.name, runs, runsToConverge, calls: Object.values(callsByAction).reduce((a, b) => a + b, 0), callsByAction, seconds: (performance.now() - started) / 1000 };
  } finally {
    emulator.admin.setFaults({});
    await emulator.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** What README.md tells a user to run after a killed `pulumi up`, before the next `pulumi up`. */
export const SIGKILL_RECOVERY = ["pulumi cancel --yes", "pulumi refresh --clear-pending-creates --yes --non-interactive --skip-preview"] as const;

/**
 * When the stack's checkpoint cannot be loaded (a kill cut off its write), puts the file backend's copy of the
 * previous checkpoint (`<stack>.json.bak`, written before every save) back in place. Returns whether it did.
 */
async function repairCheckpoint(cli: (args: string[]) => Promise<{ code: number; out: string }>, stateDir: string): Promise<boolean> {
  const probe = await cli(["stack", "export"]);
  if (probe.code === 0 || !/failed to load checkpoint/.test(probe.out)) return false;
  const stacks = join(stateDir, ".pulumi/stacks");
  for (const project of readdirSync(stacks)) {
    const file = join(stacks, project, "chaos.json");
    copyFileSync(`${file}.bak`, file);
  }
  return true;
}

/** Remote vs declared, orphans and duplicate names, from the emulator's store and the stack's state. */
async function measureStack(emulator: EmulatorHandle, cli: (args: string[]) => Promise<{ code: number; out: string }>, options: HarnessOptions): Promise<Measure> {
  const exported = await cli(["stack", "export"]);
  const start = exported.out.indexOf("{");
  if (exported.code !== 0 || start < 0) throw new Error(`pulumi stack export failed (${exported.code}):\n${exported.out}`);
  const json = exported.out.slice(start);
  const deployment = (JSON.parse(json) as { deployment?: { resources?: StateResource[]; pending_operations?: unknown[] } }).deployment;
  const resources = deployment?.resources ?? [];
  const held = new Set(resources.filter((r) => r.id).map((r) => r.id!));
  const assetsInState = resources.filter((r) => r.type.endsWith("seedance:Asset"));
  const { groups, assets } = emulator.admin.snapshot({ gateway: GATEWAY });
  const declaredGroupNames = new Set(Array.from({ length: options.groups }, (_, g) => `chaos-${g}`));
  const ours = groups.filter((g) => declaredGroupNames.has(g.Name.replace(/^\[u-[^\]]*\]-\[t-[^\]]*\]-/, "")));
  const ourGroupIds = new Set(ours.map((g) => g.Id));
  const remoteAssets = assets.filter((a) => a.GroupId && ourGroupIds.has(a.GroupId));
  let duplicateNames = 0;
  const seen = new Map<string, number>();
  for (const a of remoteAssets) seen.set(`${a.GroupId}/${a.Name}`, (seen.get(`${a.GroupId}/${a.Name}`) ?? 0) + 1);
  for (const count of seen.values()) duplicateNames += count - 1;
  return {
    declared: options.assets,
    remote: remoteAssets.length,
    orphans: remoteAssets.filter((a) => !held.has(a.Id)).length + ours.filter((g) => !held.has(g.Id)).length,
    duplicateNames,
    remoteGroups: ours.length,
    declaredGroups: options.groups,
    unfinished: assetsInState.filter((r) => r.outputs?.["status"] !== "Active").length + Math.max(0, options.assets - assetsInState.length),
    pendingOperations: deployment?.pending_operations?.length ?? 0,
  };
}

/** The resource errors a failed `pulumi up` lists under Diagnostics, one line each. */
function failureLines(out: string): string[] {
  const lines = out.split("\n");
  const failures: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s{2}pulumi-nodejs:dynamic\/seedance:(\w+) \(([^)]+)\):\s*$/.exec(lines[i]!);
    if (!m || !/error:/.test(lines[i + 1] ?? "")) continue;
    let text = lines[i + 1]!.trim().replace(/^error:\s*/, "");
    // Partial creates read "1 error occurred:" and then "* <reason>".
    if (/^\d+ errors? occurred:$/.test(text)) text = (lines[i + 2] ?? "").trim().replace(/^\*\s*/, "");
    failures.push(`${m[2]}: ${text.slice(0, 160)}`);
  }
  return failures;
}

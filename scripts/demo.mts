// `npm run demo`: the main job end to end, offline, in one command. Starts the gateway emulator in this process,
// creates a fresh stack of examples/asset-library on a local file backend, runs `pulumi up` (groups and assets from
// library.yaml: local files uploaded to Anyfast, URL sources on Volcengine Ark through a second, AK/SK profile),
// prints every asset:// reference, runs `pulumi up` again to show that nothing changes, and reports the API calls
// by action and the wall time. Re-runnable: each run starts from an empty emulator and an empty stack.
//
// Option: --processing-ms <n>: how long the emulator keeps a new asset Processing (default 1500). The stack and the
// emulator's state file stay in .pulumi/demo for inspection until the next run.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY, startEmulator, type EmulatorHandle, type RequestLogEntry } from "pulumi-seedance-assets/emulator";
import { ensurePulumiCli, pulumiEnv, repoRoot } from "./pulumi-env.mts";

const { values: args } = parseArgs({ options: { "processing-ms": { type: "string", default: "1500" } } });
const processingMs = Number(args["processing-ms"]);
const project = resolve(repoRoot, "examples/asset-library");
const demoDir = resolve(repoRoot, ".pulumi/demo");
const stack = "demo";
const started = performance.now();

const elapsed = (from = started) => `${((performance.now() - from) / 1000).toFixed(1)} s`;
// Bold and dim only on a terminal that wants colour (https://no-color.org).
const styled = process.stdout.isTTY === true && !process.env["NO_COLOR"];
const bold = (text: string) => (styled ? `\u001b[1m${text}\u001b[0m` : text);
const dim = (text: string) => (styled ? `\u001b[2m${text}\u001b[0m` : text);
const step = (text: string) => console.log(`\n${bold(`▶ ${text}`)}  ${dim(`(${elapsed()})`)}`);

/** Runs the Pulumi CLI in the example project; output streams to this terminal unless captured. */
function pulumi(cliArgs: string[], env: Record<string, string>, capture = false): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn("pulumi", cliArgs, { cwd: project, env, stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"] });
    let out = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolveRun(out) : reject(new Error(`pulumi ${cliArgs.join(" ")} exited with code ${code}`))));
  });
}

/** Calls per gateway and action in a slice of the emulator's request log. */
function tally(entries: readonly RequestLogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const key = `${e.gateway ?? "?"} ${e.action ?? "(unrouted)"}${e.status >= 400 ? ` → ${e.status} ${e.errorCode ?? ""}` : ""}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

function printTally(title: string, entries: readonly RequestLogEntry[]): void {
  console.log(`  ${title}: ${entries.length} calls`);
  for (const [key, n] of tally(entries)) console.log(`    ${String(n).padStart(4)}  ${key}`);
}

if (!existsSync(resolve(repoRoot, "dist/provider/index.js"))) {
  console.error("dist/ is missing: run `npm ci` (or `npm run build`) first.");
  process.exit(1);
}

console.log("Seedance asset library demo — offline: the Pulumi CLI on a local file backend, against the gateway emulator");

step("Pulumi CLI (built from Go modules and cached on first use — the first time takes minutes)");
const cliDir = await ensurePulumiCli();
console.log(`  ${cliDir}`);

step(`Starting the gateway emulator (assets stay Processing ${processingMs} ms, documented rate limits on)`);
rmSync(demoDir, { recursive: true, force: true });
mkdirSync(demoDir, { recursive: true });
const emulator: EmulatorHandle = await startEmulator({ processingMs, stateFile: resolve(demoDir, "emulator-state.json") });
console.log(`  ${emulator.url}  — anyfast at ${emulator.gatewayUrl("anyfast")}, volcengine at ${emulator.gatewayUrl("volcengine")}`);

let exitCode = 0;
try {
  const env = await pulumiEnv({ stateDir: resolve(demoDir, "state") });
  // pulumiEnv keeps a PULUMI_PARALLEL of the user's, else applies suggestedParallelism (a slot per resource, ~1000 assets).
  console.log(`  engine parallelism: PULUMI_PARALLEL=${env["PULUMI_PARALLEL"]}${process.env["PULUMI_PARALLEL"] ? " (yours)" : ""}`);

  step(`Stack "${stack}" of examples/asset-library (fresh)`);
  rmSync(resolve(project, `Pulumi.${stack}.yaml`), { force: true });
  await pulumi(["stack", "select", "--create", stack, "--non-interactive"], env);
  // Top level: Anyfast (Bearer, takes uploads). Profile "native": Volcengine Ark (AK/SK, URL sources).
  await pulumi(
    [
      "config", "set-all",
      "--plaintext", "seedance:gateway=anyfast",
      "--plaintext", `seedance:baseUrl=${emulator.gatewayUrl("anyfast")}`,
      "--secret", `seedance:apiKey=${DEFAULT_API_KEY}`,
      "--plaintext", "seedance:pollIntervalSeconds=0.5",
      "--plaintext", "seedance:waitTimeoutSeconds=120",
    ],
    env,
  );
  await pulumi(
    [
      "config", "set-all", "--path",
      "--plaintext", "seedance:profiles.native.gateway=volcengine",
      "--plaintext", `seedance:profiles.native.baseUrl=${emulator.gatewayUrl("volcengine")}`,
      "--plaintext", `seedance:profiles.native.accessKeyId=${DEFAULT_ACCESS_KEY_ID}`,
      "--secret", `seedance:profiles.native.secretAccessKey=${DEFAULT_SECRET_ACCESS_KEY}`,
    ],
    env,
  );
  console.log("  seedance:gateway anyfast (apiKey secret); seedance:profiles.native → volcengine (secretAccessKey secret)");

  step("pulumi up --continue-on-error — create the library (one failed asset never stops the others)");
  const firstFrom = emulator.requests.length;
  const firstStarted = performance.now();
  // --continue-on-error: with faults, an up makes all the progress it can and lists every failure at the end; the
  // next `pulumi up` finishes the rest (README "Faults and interruptions").
  await pulumi(["up", "--yes", "--skip-preview", "--non-interactive", "--continue-on-error"], env);
  const firstTime = elapsed(firstStarted);
  const firstCalls = emulator.requests.slice(firstFrom);

  step("Outputs: the asset:// references to paste into video generation requests");
  const outputs = JSON.parse(await pulumi(["stack", "output", "--json"], env, true)) as { references: Record<string, string>; groupIds: Record<string, string> };
  for (const [key, ref] of Object.entries(outputs.references)) console.log(`  ${key.padEnd(22)} ${ref}`);
  console.log(`  groups: ${Object.entries(outputs.groupIds).map(([k, v]) => `${k}=${v}`).join(", ")}`);

  step("pulumi up again — nothing to do (--expect-no-changes fails the run otherwise)");
  const secondFrom = emulator.requests.length;
  const secondStarted = performance.now();
  await pulumi(["up", "--yes", "--expect-no-changes", "--non-interactive"], env);
  const secondTime = elapsed(secondStarted);
  const secondCalls = emulator.requests.slice(secondFrom);

  step("API calls by gateway and action (from the emulator's request log)");
  printTally(`first up (${firstTime})`, firstCalls);
  printTally(`second up (${secondTime})`, secondCalls);
  console.log(`\nDone in ${elapsed()}. The stack stays in .pulumi/demo; \`npm run demo\` starts over.`);
} catch (error) {
  console.error(`\nDemo failed: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await emulator.close();
}
process.exit(exitCode);

/**
 * Chaos benchmark: does the stack converge under faults and interruptions? For each case the real Pulumi CLI runs
 * `pulumi up --continue-on-error` over a generated library (default 200 URL-source assets in 4 groups, the URLs
 * served by the emulator) against an in-process emulator, run after run (after the recovery README.md documents for
 * an interrupted run) until declared = remote. Prints per case: runs needed to converge, remote vs declared assets,
 * orphans, duplicate names, calls, wall time, and processes left by a killed run. Run: `npm run bench:chaos` (after
 * `npm run build`); not part of `npm test`.
 *
 *   node bench/chaos.mts [assets=200] [groups=4] [case-name-substring]
 *
 * Limits: the documented per-minute CreateAsset limits would make 200 assets take far too long, so the emulator and
 * the client both allow 50 calls/s per Action (HIGH_LIMITS); the 429-storm case lowers only the emulator's limits
 * (CreateAsset and ListAssets 4/s, the rest 10/s) so that the client, pacing itself at 50/s, is throttled hard.
 * Done when every case converges in at most 2 runs with 0 orphans and 0 duplicate names.
 */
import { availableParallelism, loadavg } from "node:os";
import { ACTIONS } from "pulumi-seedance-assets/provider/api";
import { runCase, type CaseResult, type ChaosCase } from "./chaos-harness.mts";

const [assets = 200, groups = 4] = process.argv.slice(2, 4).map(Number);
const only = process.argv[4];
const interruptAt = Math.round(assets * 0.4);

const stormLimits = Object.fromEntries(ACTIONS.map((a) => [a, { requests: a === "CreateAsset" || a === "ListAssets" ? 4 : 10, perSeconds: 1 }]));

/** The cases of issue 9, in order. */
export const CASES: ChaosCase[] = [
  { name: "15% 5xx", faults: { errorRate: 0.15, seed: 15 } },
  { name: "5% dropped connections", faults: { dropRate: 0.05, seed: 5 } },
  { name: "429 storm", emulatorLimits: stormLimits },
  { name: "long processing, short wait", processingMs: 8000, config: { waitTimeoutSeconds: "4" } },
  { name: "SIGINT mid-run", interrupt: { signal: "SIGINT", afterCreates: interruptAt } },
  { name: "SIGKILL mid-run", interrupt: { signal: "SIGKILL", afterCreates: interruptAt } },
];

console.log(`Chaos benchmark: ${assets} assets in ${groups} groups, anyfast dialect of the emulator, PULUMI_PARALLEL=32; ${availableParallelism()} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
const results: CaseResult[] = [];
for (const c of CASES.filter((x) => !only || x.name.includes(only))) {
  console.log(`\n▶ ${c.name}`);
  results.push(await runCase(c, { assets, groups, log: (line) => console.log(line) }));
}

const header = ["case", "runs to converge", "run 1", "remote/declared", "orphans (after run 1 → end)", "duplicate names", "reconciled writes", "leftovers taken over", "calls", "429 / 5xx / dropped", "left processes", "wall s"];
const rows = results.map((r) => {
  const last = r.runs.at(-1)!;
  const first = r.runs[0]!;
  const sum = (f: (x: (typeof r.runs)[number]) => number) => r.runs.reduce((a, x) => a + f(x), 0);
  return [
    r.name,
    r.runsToConverge === undefined ? `NOT in ${r.runs.length}` : String(r.runsToConverge),
    first.interrupted ? first.interrupted : first.code === 0 ? "ok" : `failed (${first.failures.length})`,
    `${last.measure.remote}/${last.measure.declared}`,
    `${first.measure.orphans} → ${last.measure.orphans}`,
    String(last.measure.duplicateNames),
    String(sum((x) => x.reconciled)),
    String(sum((x) => x.takeovers)),
    String(r.calls),
    `${sum((x) => x.throttled)} / ${sum((x) => x.serverErrors)} / ${sum((x) => x.dropped)}`,
    String(r.runs.reduce((a, x) => a + x.leftoverProcesses.length, 0)),
    r.seconds.toFixed(0),
  ];
});
console.log(`\n| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
const ok = results.every((r) => r.runsToConverge !== undefined && r.runsToConverge <= 2 && r.runs.at(-1)!.measure.orphans === 0 && r.runs.at(-1)!.measure.duplicateNames === 0);
console.log(`\n${ok ? "Every case converged in ≤ 2 runs with 0 orphans and 0 duplicate names." : "NOT DONE: a case did not converge in ≤ 2 runs."}`);
process.exit(ok ? 0 : 1);

/**
 * Convergence under faults and interruptions, with the real CLI (the small version of `npm run bench:chaos`):
 * - every CreateAsset / CreateAssetGroup answer dropped (the call took effect, its answer is lost): `pulumi up`
 *   succeeds with exactly the declared objects, and the output says what was taken over;
 * - 30 assets with 5 % dropped connections: converged in ≤ 2 runs, 0 orphans, 0 duplicate names;
 * - 30 assets, the CLI SIGKILLed mid-update: no process of the run survives, and after the documented recovery
 *   (`pulumi cancel`, `pulumi refresh --clear-pending-creates`, `pulumi up`) the stack converges in that one run, with
 *   0 orphans and no pending operations left.
 * The language host is built from this checkout (bench/chaos-harness.mts buildLanguageHost).
 */
import { describe, expect, it } from "vitest";
import { runCase, SIGKILL_RECOVERY } from "../../bench/chaos-harness.mts";

const ASSETS = 30;
const GROUPS = 2;

describe("convergence under faults (real CLI)", () => {
  it("every create's answer dropped: one up creates exactly the library, taking over what its lost answers made", async () => {
    const result = await runCase({ name: "all-create-answers-dropped", faults: { actions: { CreateAsset: { dropRate: 1 }, CreateAssetGroup: { dropRate: 1 } } } }, { assets: 4, groups: 2, maxRuns: 1 });
    const [run] = result.runs;
    expect(run).toMatchObject({ code: 0, measure: { remote: 4, declared: 4, orphans: 0, duplicateNames: 0, remoteGroups: 2, unfinished: 0 } });
    // Each of the 6 creates was sent once, dropped, looked up and taken over (reported in the CLI output).
    expect(result.callsByAction.CreateAsset).toBe(4);
    expect(result.callsByAction.CreateAssetGroup).toBe(2);
    expect(run!.dropped).toBe(6);
    expect(run!.reconciled).toBe(6);
    expect(run!.takeovers).toBe(0);
  }, 300_000);

  it("5 % dropped connections: converges in at most 2 runs with 0 orphans and 0 duplicate names", async () => {
    const result = await runCase({ name: "drops", faults: { dropRate: 0.05, seed: 9 } }, { assets: ASSETS, groups: GROUPS, maxRuns: 2 });
    expect(result.runsToConverge).toBeLessThanOrEqual(2);
    expect(result.runs.at(-1)!.measure).toMatchObject({ remote: ASSETS, orphans: 0, duplicateNames: 0 });
    expect(result.runs.reduce((n, r) => n + r.dropped, 0)).toBeGreaterThan(0);
  }, 600_000);

  it("SIGKILL of the CLI mid-update: no process survives; the documented recovery converges with 0 orphans", async () => {
    const result = await runCase({ name: "sigkill", interrupt: { signal: "SIGKILL", afterCreates: 10 } }, { assets: ASSETS, groups: GROUPS, maxRuns: 2, parallel: 8 });
    const [killed, recovered] = result.runs;
    expect(killed!.interrupted).toBe("SIGKILL");
    expect(killed!.leftoverProcesses).toEqual([]);
    // The killed run left remote assets no state holds (its in-flight creates) and pending creates in the state.
    expect(killed!.measure.orphans).toBeGreaterThan(0);
    expect(killed!.measure.pendingOperations).toBeGreaterThan(0);
    expect(recovered).toMatchObject({
      code: 0,
      recovery: expect.arrayContaining([...SIGKILL_RECOVERY]),
      measure: { remote: ASSETS, orphans: 0, duplicateNames: 0, unfinished: 0, pendingOperations: 0 },
    });
    expect(recovered!.takeovers).toBeGreaterThan(0);
    expect(result.runsToConverge).toBe(2);
  }, 600_000);
});

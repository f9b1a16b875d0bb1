/**
 * The status watcher coalesces waits: a thousand assets waiting in ten groups cost about one ListAssets per group
 * per polling round, not a GetAsset per asset.
 */
import { describe, expect, it } from "vitest";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { connect, statusWatcher } from "../../provider/resources/context.js";
import { strategyOf, type WaitOutcome, type WatchTarget } from "../../provider/resources/watcher.js";
import { configFor, configureWith, useEmulator } from "../support/resources.js";

const emulator = useEmulator();

function target(gateway: GatewayName, groupId: string | undefined): WatchTarget {
  const conn = connect(undefined);
  expect(conn.gateway).toBe(gateway);
  return { scopeKey: `${gateway}|default|${groupId ?? ""}`, client: conn.client, projectName: "default", ...(groupId ? { groupId } : {}) };
}

/** Seeds `perGroup` Processing assets in each of `groups` groups, settling within `spreadMs`; every 10th fails. */
function seed(gateway: GatewayName, groups: number, perGroup: number, spreadMs: number, withGroups = true) {
  const waits: { groupId: string | undefined; id: string; expected: "Active" | "Failed" }[] = [];
  for (let g = 0; g < groups; g++) {
    const groupId = withGroups ? emulator().admin.seedGroup({ gateway, Name: `g${g}` }).Id : undefined;
    for (let a = 0; a < perGroup; a++) {
      const fails = (g * perGroup + a) % 10 === 0;
      const asset = emulator().admin.seedAsset({
        gateway,
        ...(groupId ? { GroupId: groupId } : {}),
        Name: `a${a}`,
        AssetType: "Image",
        Status: "Processing",
        settleAfterMs: 150 + Math.floor(((a * 7919) % perGroup) / perGroup * spreadMs),
        settleTo: fails ? { Code: "PixelCountTooSmall", Message: "too small" } : "Active",
      });
      waits.push({ groupId, id: asset.Id, expected: fails ? "Failed" : "Active" });
    }
  }
  return waits;
}

describe("StatusWatcher", () => {
  it("1000 waiters in 10 groups: ≈ one ListAssets per group per round, no GetAsset", async () => {
    configureWith(configFor(emulator(), "anyfast", { pollIntervalSeconds: "0.1" }));
    const groups = 10;
    const waits = seed("anyfast", groups, 100, 1500);
    const watcher = statusWatcher();
    expect(strategyOf(target("anyfast", waits[0]!.groupId))).toBe("byStatus");
    const before = emulator().requests.length;

    const outcomes: WaitOutcome[] = await Promise.all(waits.map((w) => watcher.wait(target("anyfast", w.groupId), w.id, 30_000)));

    outcomes.forEach((outcome, i) => {
      expect(outcome.kind).toBe("done");
      if (outcome.kind === "done") expect(outcome.asset.Status).toBe(waits[i]!.expected);
    });
    const { rounds, calls, scopePolls } = watcher.stats;
    const listCalls = calls.ListAssets ?? 0;
    console.log(`1000 waiters, ${groups} groups: ${rounds} rounds, ${scopePolls} group polls, ${listCalls} ListAssets (${(listCalls / rounds).toFixed(1)} per round), ${calls.GetAsset ?? 0} GetAsset`);
    expect(calls.GetAsset ?? 0).toBe(0);
    // Each round polls each group that still has waiters: one "who is still Processing" page, plus one page of
    // finished records when something in the group finished since the last round. Never one call per asset.
    expect(scopePolls).toBeLessThanOrEqual(rounds * groups);
    expect(listCalls).toBeGreaterThanOrEqual(scopePolls);
    expect(listCalls).toBeLessThanOrEqual(2 * scopePolls);
    expect(rounds).toBeLessThan(40);
    // The emulator saw exactly these calls (its log keeps the last 1000 requests).
    const seen = emulator().requests.slice(before);
    expect(seen.filter((r) => r.action === "ListAssets")).toHaveLength(listCalls);
    expect(seen.filter((r) => r.action === "GetAsset")).toHaveLength(0);
    expect(watcher.waiting).toBe(0);
  }, 60_000);

  it("without a status filter (gogogotoken) lists each group once per round and filters here", async () => {
    configureWith(configFor(emulator(), "gogogotoken", { pollIntervalSeconds: "0.05" }));
    const waits = seed("gogogotoken", 3, 30, 300);
    const watcher = statusWatcher();
    expect(strategyOf(target("gogogotoken", waits[0]!.groupId))).toBe("list");
    const startRounds = watcher.stats.rounds;
    const startCalls = watcher.stats.calls.ListAssets ?? 0;
    const outcomes = await Promise.all(waits.map((w) => watcher.wait(target("gogogotoken", w.groupId), w.id, 10_000)));
    expect(outcomes.every((o) => o.kind === "done")).toBe(true);
    const rounds = watcher.stats.rounds - startRounds;
    const calls = (watcher.stats.calls.ListAssets ?? 0) - startCalls;
    // One page per group still waiting, each round (a group whose waiters are all done is no longer polled).
    expect(calls).toBeGreaterThanOrEqual(rounds);
    expect(calls).toBeLessThanOrEqual(rounds * 3);
    expect(watcher.stats.calls.GetAsset ?? 0).toBe(0);
  });

  it("without ListAssets (agentsflare) falls back to GetAsset per waiter, and times out per waiter", async () => {
    configureWith(configFor(emulator(), "agentsflare", { pollIntervalSeconds: "0.05" }));
    const waits = seed("agentsflare", 1, 5, 100, false);
    const watcher = statusWatcher();
    expect(strategyOf(target("agentsflare", undefined))).toBe("get");
    const stuck = emulator().admin.seedAsset({ gateway: "agentsflare", Name: "stuck", AssetType: "Image", Status: "Processing" });
    const [outcomes, timeout] = await Promise.all([
      Promise.all(waits.map((w) => watcher.wait(target("agentsflare", undefined), w.id, 10_000))),
      watcher.wait(target("agentsflare", undefined), stuck.Id, 300),
    ]);
    expect(outcomes.map((o) => o.kind === "done" && o.asset.Status)).toEqual(waits.map((w) => w.expected));
    expect(timeout).toMatchObject({ kind: "timeout", last: { Id: stuck.Id, Status: "Processing" } });
  });

  it("ends the waits of a scope on a non-transient failure (the group is gone)", async () => {
    configureWith(configFor(emulator(), "anyfast", { pollIntervalSeconds: "0.05" }));
    const group = emulator().admin.seedGroup({ gateway: "anyfast", Name: "doomed" });
    const asset = emulator().admin.seedAsset({ gateway: "anyfast", GroupId: group.Id, Name: "a", AssetType: "Image", Status: "Processing" });
    const waiting = statusWatcher().wait(target("anyfast", group.Id), asset.Id, 5_000);
    emulator().admin.reset({ gateway: "anyfast" });
    await expect(waiting).rejects.toThrow(/disappeared|NotFound/);
  });
});

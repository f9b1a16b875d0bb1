/**
 * Benchmark: waiting for many assets at once. N assets in G groups are Processing in the emulator (over loopback,
 * real HTTP) and settle at spread-out times; one StatusWatcher — as in a provider process during `pulumi up` —
 * waits for all of them through the real GatewayClient and its documented rate limits. Prints rounds, calls by
 * Action, calls per round, wall time and memory. Run: `npm run bench` (after `npm run build`).
 *
 *   node bench/wait.mts [assets=1000] [groups=10] [gateway=anyfast] [spreadMs=3000]
 */
import { GatewayClient, getDialect } from "pulumi-seedance-assets";
import { DEFAULT_API_KEY, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, startEmulator } from "pulumi-seedance-assets/emulator";
import { StatusWatcher, type WaitOutcome } from "pulumi-seedance-assets/provider/resources/watcher";

const [assets = 1000, groups = 10] = process.argv.slice(2, 4).map(Number);
const gateway = (process.argv[4] ?? "anyfast") as "anyfast" | "volcengine" | "gogogotoken";
const spreadMs = Number(process.argv[5] ?? 3000);

const emulator = await startEmulator({ processingMs: 0 });
const client = new GatewayClient({
  gateway,
  baseUrl: emulator.gatewayUrl(gateway),
  ...(getDialect(gateway).capabilities.auth === "bearer"
    ? { apiKey: DEFAULT_API_KEY }
    : { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY }),
});

const perGroup = Math.ceil(assets / groups);
const waits: { scopeKey: string; groupId: string; id: string }[] = [];
for (let g = 0; g < groups; g++) {
  const group = emulator.admin.seedGroup({ gateway, Name: `bench-${g}` });
  for (let a = 0; a < perGroup && waits.length < assets; a++) {
    const asset = emulator.admin.seedAsset({
      gateway,
      GroupId: group.Id,
      Name: `asset-${a}`,
      AssetType: "Image",
      Status: "Processing",
      settleAfterMs: 200 + Math.floor(Math.random() * spreadMs),
      settleTo: "Active",
    });
    waits.push({ scopeKey: `${gateway}|default|${group.Id}`, groupId: group.Id, id: asset.Id });
  }
}

const watcher = new StatusWatcher({ pollIntervalMs: 250, maxPollIntervalMs: 2000 });
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const outcomes: WaitOutcome[] = await Promise.all(
  waits.map((w) => watcher.wait({ scopeKey: w.scopeKey, client, projectName: "default", groupId: w.groupId }, w.id, 120_000)),
);
const wallMs = performance.now() - started;
const { rounds, calls } = watcher.stats;
const done = outcomes.filter((o) => o.kind === "done").length;
const totalCalls = Object.values(calls).reduce((sum, n) => sum + (n ?? 0), 0);

console.log(`wait benchmark: ${assets} assets in ${groups} groups on ${gateway} (settling over ${spreadMs} ms)`);
console.log(`  finished        ${done}/${assets}`);
console.log(`  wall time       ${(wallMs / 1000).toFixed(2)} s`);
console.log(`  polling rounds  ${rounds}`);
console.log(`  calls           ${totalCalls} (${Object.entries(calls).map(([a, n]) => `${a} ${n}`).join(", ")})`);
console.log(`  calls per round ${(totalCalls / Math.max(rounds, 1)).toFixed(1)} (groups: ${groups}; one GetAsset per asset per round would be ${assets})`);
console.log(`  heap growth     ${((process.memoryUsage().heapUsed - heapBefore) / 1048576).toFixed(1)} MiB, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);

await client.close();
await emulator.close();
if (done !== assets) process.exitCode = 1;

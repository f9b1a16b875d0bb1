/**
 * Team state on a real database: Pulumi's PostgreSQL backend (`postgres://…`) with a PostgreSQL server this test
 * starts itself. Two CI jobs (two checkouts of the same repository) run `pulumi up` of the same stack at once: one
 * updates, the other stops at Pulumi's lock; afterwards the state and the gateway hold exactly the declared library,
 * nothing lost and nothing doubled. A pull-request preview from a third checkout reads the shared state and plans
 * only the pull request's change.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planReview } from "../../cli/review/plan.js";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import { pulumiEnv, repoRoot } from "../../scripts/pulumi-env.mts";
import { startPostgres, type PostgresServer } from "./support/postgres.js";

const API_KEY = `e2e-pg-key-${process.pid}`;
const STACK = "shared";

function library(count: number): string {
  return ["groups:", "  team:", "    assets:", ...Array.from({ length: count }, (_, i) => `      a${i}: { type: Image, url: https://example.com/team/a${i}.png }`), ""].join("\n");
}

describe("a stack shared through the PostgreSQL backend", () => {
  let pg: PostgresServer;
  let emulator: EmulatorHandle;
  let dir: string;
  let env: Record<string, string>;

  /** A checkout of the program (as a CI job has), with its own library.yaml. */
  const checkout = (name: string, yaml: string) => {
    const project = join(dir, name);
    cpSync(resolve(repoRoot, "test/e2e/fixtures/library"), project, { recursive: true, filter: (s) => !/Pulumi\.[^/]+\.yaml$/.test(s) });
    writeFileSync(join(project, "library.yaml"), yaml);
    return project;
  };
  const pulumi = (project: string, ...args: string[]) =>
    new Promise<{ code: number; output: string; stdout: string }>((ok) =>
      execFile("pulumi", [...args, "--stack", STACK, "--non-interactive"], { cwd: project, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
        ok({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr, stdout }),
      ),
    );

  beforeAll(async () => {
    pg = await startPostgres();
    emulator = await startEmulator({ processingMs: 1500, apiKeys: [API_KEY] });
    dir = resolve(repoRoot, ".pulumi/e2e", `pg-${process.pid}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    // The backend URL and passphrase are what a team's CI gives every job (from its secret store).
    env = { ...(await pulumiEnv({ stateDir: join(dir, "unused-file-state"), passphrase: "team-passphrase" })), PULUMI_BACKEND_URL: pg.url, SEEDANCE_API_KEY: API_KEY };
    const first = checkout("setup", library(6));
    const init = await new Promise<number>((ok) => execFile("pulumi", ["stack", "init", STACK, "--non-interactive"], { cwd: first, env }, (e) => ok(e ? 1 : 0)));
    expect(init).toBe(0);
    // Stack configuration lives in Pulumi.<stack>.yaml of the repository: every checkout gets the same file.
    const config = await pulumi(first, "config", "set-all", "--plaintext", "seedance:gateway=anyfast", "--plaintext", `seedance:baseUrl=${emulator.gatewayUrl("anyfast")}`, "--plaintext", "seedance:pollIntervalSeconds=0.2");
    expect(config.code, config.output).toBe(0);
    for (const name of ["job-a", "job-b", "pull-request"]) {
      checkout(name, library(6));
      cpSync(join(first, `Pulumi.${STACK}.yaml`), join(dir, name, `Pulumi.${STACK}.yaml`));
    }
  });

  afterAll(async () => {
    if (env) await pulumi(join(dir, "job-a"), "destroy", "--yes").catch(() => undefined);
    await emulator?.close();
    pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("two concurrent `pulumi up`: the lock stops the second; the library ends exactly the declared one", async () => {
    // Job B starts while job A holds the lock. (Started in the very same instant, both can see each other's lock and
    // both stop — Pulumi's DIY backends write their lock, then look for others — which is safe: nothing changes, and
    // the next run converges. That case is covered below by running again until one succeeds.)
    const [a, b] = await Promise.all([
      pulumi(join(dir, "job-a"), "up", "--yes", "--skip-preview"),
      delay(1500).then(() => pulumi(join(dir, "job-b"), "up", "--yes", "--skip-preview")),
    ]);
    const results = [a, b];
    const losers = results.filter((r) => r.code !== 0);
    expect(losers.length, results.map((r) => r.output).join("\n----\n")).toBeGreaterThanOrEqual(1);
    for (const loser of losers) {
      expect(loser.output).toMatch(/the stack is currently locked by \d+ lock\(s\)/);
      expect(loser.output).toContain("postgres://****:****@127.0.0.1");
    }
    if (losers.length === 2) {
      const again = await pulumi(join(dir, "job-a"), "up", "--yes", "--skip-preview");
      expect(again.code, again.output).toBe(0);
    }

    const names = emulator.admin.snapshot({ gateway: "anyfast" }).assets.map((x) => x.Name).sort();
    expect(names).toEqual(["a0", "a1", "a2", "a3", "a4", "a5"]);
    const state = JSON.parse((await pulumi(join(dir, "job-b"), "stack", "export")).stdout) as { deployment: { resources: { type: string }[] } };
    expect(state.deployment.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/seedance:Asset")).toHaveLength(6);

    // The job that lost the race converges when it runs again: nothing left to do.
    const rerun = await pulumi(join(dir, "job-b"), "up", "--yes", "--skip-preview", "--expect-no-changes");
    expect(rerun.code, rerun.output).toBe(0);
  });

  it("a pull-request preview from another checkout reads the shared state and plans only the change", async () => {
    const project = join(dir, "pull-request");
    writeFileSync(join(project, "library.yaml"), library(7));
    const preview = await pulumi(project, "preview", "--json");
    expect(preview.code, preview.output).toBe(0);
    const plan = planReview(JSON.parse(preview.stdout));
    expect(plan.counts).toEqual({ create: 1, rename: 0, update: 0, replace: 0, delete: 0 });
    expect(plan.groups.flatMap((g) => g.assets.map((x) => x.key))).toEqual(["team/a6"]);
  });
});

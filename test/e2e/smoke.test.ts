// Smoke test of the toolchain: the real Pulumi CLI (tools/pulumi-cli.sh) runs a Node program holding one
// dynamic resource through a whole stack lifecycle on a temporary file backend. No mocks.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pulumiEnv, repoRoot } from "../../scripts/pulumi-env.mts";

const run = promisify(execFile);
const fixture = resolve(repoRoot, "test/e2e/fixtures/smoke");
const stack = `smoke-${process.pid}-${Date.now()}`;

let stateDir: string;
let env: Record<string, string>;

/** Runs the CLI in the fixture; a failure's message carries the CLI's output. */
async function pulumi(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run("pulumi", args, { cwd: fixture, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`pulumi ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

async function version(pkg: string): Promise<string> {
  const json = JSON.parse(await readFile(resolve(repoRoot, "node_modules", pkg, "package.json"), "utf8"));
  return json.version as string;
}

describe("Pulumi CLI smoke test", () => {
  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "seedance-smoke-state-"));
    env = await pulumiEnv({ stateDir, passphrase: "smoke-test" }); // builds the CLI on a cold cache
  });

  afterAll(async () => {
    // A failed run leaves the stack behind: remove it, its config file in the fixture, and the state.
    if (env) await pulumi("stack", "rm", "--yes", "--force", "--stack", stack).catch(() => undefined);
    await rm(join(fixture, `Pulumi.${stack}.yaml`), { force: true });
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it("runs the CLI of the installed @pulumi/pulumi version", async () => {
    expect((await pulumi("version")).trim()).toBe(`v${await version("@pulumi/pulumi")}`);
  });

  it("resolves @pulumi/pulumi from the fixture to the repository's node_modules", () => {
    const resolved = createRequire(join(fixture, "index.mts")).resolve("@pulumi/pulumi");
    expect(resolved.startsWith(resolve(repoRoot, "node_modules/@pulumi/pulumi/"))).toBe(true);
  });

  it("creates, reads outputs of, refreshes and destroys a stack with a dynamic resource", async () => {
    await pulumi("stack", "init", stack, "--non-interactive");
    await pulumi("config", "set", "name", "smoke", "--stack", stack);

    await pulumi("up", "--yes", "--non-interactive", "--stack", stack);
    const outputs = JSON.parse(await pulumi("stack", "output", "--json", "--stack", stack));
    const node = `v${await version("node")}`;
    expect(outputs).toEqual({ message: "hello, smoke", providerNode: node, programNode: node });
    expect(node).toMatch(/^v24\./);

    const state = JSON.parse(await pulumi("stack", "export", "--stack", stack));
    const types = state.deployment.resources.map((r: { type: string }) => r.type);
    expect(types).toContain("pulumi-nodejs:dynamic/smoke:Greeting");

    await pulumi("refresh", "--yes", "--non-interactive", "--stack", stack);
    await pulumi("preview", "--non-interactive", "--expect-no-changes", "--stack", stack);

    await pulumi("destroy", "--yes", "--non-interactive", "--stack", stack);
    expect(JSON.parse(await pulumi("stack", "output", "--json", "--stack", stack))).toEqual({});
    await pulumi("stack", "rm", "--yes", "--stack", stack);
    expect(await pulumi("stack", "ls", "--json")).not.toContain(stack);
  });
});

/**
 * States written by older versions keep working, and new states are small. With the real Pulumi CLI, in a project
 * that installs this package under node_modules as users do (./support/installed.mts):
 *
 * - a state written by 0.1.0 (fixtures/state-0.1.0: `pulumi up` of examples/minimal at commit 3b5a091, whose
 *   `__provider` is ~3.5 kB of code that loads `pulumi-seedance-assets/provider/resources/runtime`) is imported with
 *   `pulumi stack import`, then refreshed (that code runs against today's runtime), updated by today's program with no
 *   changes, and destroyed — the gateway ends up empty;
 * - a fresh `pulumi up` stores `__provider` as one line that requires the package's provider module (under 100
 *   bytes), records the program's own line as each resource's source position (not this package's code), and
 *   refresh and destroy run from it;
 * - a state whose `__provider` is the ~300-byte closure that Pulumi's serializer made of the same module (what this
 *   repository's main branch wrote between 0.1.0 and the one-line form) is refreshed, updated with no changes and
 *   destroyed.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_API_KEY } from "../../emulator/auth.js";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import { repoRoot } from "../../scripts/pulumi-env.mts";
import { installPackageCopy } from "./support/installed.mts";
import { E2EStack } from "./support/stack.js";

const FIXTURE = resolve(repoRoot, "test/e2e/fixtures/state-0.1.0");
const OLD_GROUP = "group-20261202073054-fqtwq";
const OLD_ASSET = "asset-20261202073054-fdxid";

interface ExportedResource {
  type: string;
  id?: string;
  inputs?: { __provider?: string };
  outputs?: { __provider?: string };
  sourcePosition?: string;
  stackTrace?: { sourcePosition?: string }[];
}

/** What Pulumi 3.259's closure serializer wrote for the module-exports provider of ./dynamic/<file>.ts (311 bytes for asset). */
const serializedClosure = (file: string) =>
  `exports.handler = __f0;\nconst provider = require("pulumi-seedance-assets/provider/resources/dynamic/${file}");\n\nfunction __f0() {\n  return (function() {\n    with({ this: undefined, arguments: undefined }) {\n\nreturn () => provider;\n\n    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n`;

const dynamicResources = (exported: string) =>
  (JSON.parse(exported) as { deployment: { resources: ExportedResource[] } }).deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));

describe("state compatibility and size, package installed under node_modules", () => {
  let emulator: EmulatorHandle;
  let work: string;
  const stacks: E2EStack[] = [];
  const env = () => ({ SEEDANCE_GATEWAY: "anyfast", SEEDANCE_BASE_URL: emulator.gatewayUrl("anyfast"), SEEDANCE_API_KEY: DEFAULT_API_KEY });
  const calls = (from: number, action: string) => emulator.requests.slice(from).filter((r) => r.action === action && r.status === 200).length;

  /** A stack of examples/minimal in a project with the package installed under node_modules. */
  async function installedStack(name: string): Promise<E2EStack> {
    const stack = await E2EStack.create(name, {}, {}, env(), "examples/minimal");
    stacks.push(stack);
    installPackageCopy(stack.project);
    return stack;
  }

  /**
   * What every stored form must survive: a refresh with no changes, run by the state's own providers (it reads the
   * asset), an update by today's program with no changes, and a destroy that empties the gateway.
   */
  async function refreshUpdateDestroy(stack: E2EStack): Promise<void> {
    const from = emulator.requests.length;
    await stack.ok("refresh", "--yes", "--non-interactive", "--expect-no-changes");
    expect(calls(from, "GetAsset")).toBeGreaterThanOrEqual(1); // refresh previews, then reads again
    await stack.ok("up", "--yes", "--non-interactive", "--expect-no-changes");
    const destroyFrom = emulator.requests.length;
    await stack.ok("destroy", "--yes", "--non-interactive");
    expect(calls(destroyFrom, "DeleteAsset")).toBe(1);
    expect(calls(destroyFrom, "DeleteAssetGroup")).toBe(1);
    const left = emulator.admin.snapshot({ gateway: "anyfast" });
    expect([...left.groups, ...left.assets]).toEqual([]);
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "seedance-state-compat-"));
    copyFileSync(join(FIXTURE, "emulator-state.json"), join(work, "emulator-state.json"));
    emulator = await startEmulator({ processingMs: 100, stateFile: join(work, "emulator-state.json") });
  }, 60_000);

  afterAll(async () => {
    for (const stack of stacks) await stack.dispose();
    await emulator?.close();
    rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it("refreshes, updates and destroys a state written by 0.1.0", async () => {
    expect(emulator.admin.snapshot({ gateway: "anyfast" }).assets.map((a) => a.Id)).toEqual([OLD_ASSET]);
    const stack = await installedStack("state-0.1.0");
    await stack.ok("stack", "import", "--file", join(FIXTURE, "checkpoint.json"));
    const imported = dynamicResources(await stack.exportState());
    expect(imported.map((r) => r.id).sort()).toEqual([OLD_ASSET, OLD_GROUP]);
    for (const r of imported) expect(r.outputs?.__provider).toContain('require(id)'); // 0.1.0's by-value code
    await refreshUpdateDestroy(stack);
  }, 300_000);

  it("stores the provider as one require line and the program's line as source position; refresh, update and destroy run from it", async () => {
    const stack = await installedStack("state-size");
    await stack.ok("up", "--yes", "--skip-preview", "--non-interactive");
    const resources = dynamicResources(await stack.exportState());
    expect(resources).toHaveLength(2);
    for (const r of resources) {
      const file = r.type.endsWith(":AssetGroup") ? "asset-group" : "asset";
      expect(r.inputs?.__provider).toBe(`exports.handler = () => require("pulumi-seedance-assets/provider/resources/dynamic/${file}");`);
      expect(r.outputs?.__provider).toBe(r.inputs?.__provider);
      // examples/minimal/index.mts declares the group on line 6 and the asset on line 8; nothing else is recorded.
      expect(r.sourcePosition).toMatch(file === "asset" ? /^project:\/\/\/index\.mts#8,/ : /^project:\/\/\/index\.mts#6,/);
      expect(r.stackTrace).toEqual([{ sourcePosition: r.sourcePosition }]);
    }
    await refreshUpdateDestroy(stack);
  }, 300_000);

  it("refreshes, updates and destroys a state whose providers are the serializer's closure of the provider module", async () => {
    const stack = await installedStack("state-closure");
    await stack.ok("up", "--yes", "--skip-preview", "--non-interactive");
    const exported = JSON.parse(await stack.exportState()) as { deployment: { resources: ExportedResource[] } };
    for (const r of exported.deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))) {
      const closure = serializedClosure(r.type.endsWith(":AssetGroup") ? "asset-group" : "asset");
      r.inputs!.__provider = closure;
      r.outputs!.__provider = closure;
    }
    const file = join(work, "closure-state.json");
    writeFileSync(file, JSON.stringify(exported));
    await stack.ok("stack", "import", "--file", file);
    for (const r of dynamicResources(await stack.exportState())) expect(r.outputs?.__provider).toContain("function __f0()");

    await refreshUpdateDestroy(stack);
  }, 300_000);
});

/**
 * The providers as Pulumi writes them into the state: serialized with `pulumi.runtime.serializeFunction` exactly as
 * `pulumi.dynamic.Resource` does, then loaded back the way the provider host does (require-from-string, then
 * `handler()`, `configure`, CRUD). Nothing but the resource kind may be captured: no configuration, no credential.
 * Uses the built package (dist/), as a program does.
 */
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type * as ProviderModule from "../../provider/resources/provider.js";
import { repoRoot } from "../../scripts/pulumi-env.mts";
import { installPackageCopy } from "../e2e/support/installed.mts";
import { configFor, useEmulator } from "../support/resources.js";

const require = createRequire(__filename);
require("pulumi-seedance-assets/provider/resources/typescript-compat");
const { makeProvider, providerSource, resolvesToThisModule } = require("pulumi-seedance-assets/provider/resources/provider") as typeof ProviderModule;
const requireFromString = require("require-from-string") as (code: string, filename?: string) => { handler(): pulumi.dynamic.ResourceProvider };

const emulator = useEmulator();
const SECRET_API_KEY = "sk-serialization-test-secret-0123456789";

async function serialize(provider: pulumi.dynamic.ResourceProvider) {
  return pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
}

describe("serialized providers", () => {
  it.each(["AssetGroup", "Asset"] as const)("%s: thin, captures only its kind, and loads the implementation by package name", async (kind) => {
    const sf = await serialize(makeProvider(kind));
    expect(sf.containsSecrets).toBe(false);
    expect(sf.text).toContain('"pulumi-seedance-assets/provider/resources/runtime"');
    expect(sf.text).toContain(`kind: "${kind}"`);
    expect(sf.text).not.toMatch(/GatewayClient|apiKey|secretAccessKey|seedance:/);
    expect(sf.text.length).toBeLessThan(6000);
  });

  it("a configured provider stays free of credentials, and the deserialized one works against the gateway", async () => {
    const config: Record<string, string> = {
      ...configFor(emulator(), "anyfast"),
      "seedance:apiKey": SECRET_API_KEY,
      "seedance:profiles": JSON.stringify({ native: { gateway: "volcengine", accessKeyId: "AKLT-serialization-test", secretAccessKey: "serialization-test-secret-key" } }),
    };
    const group = makeProvider("AssetGroup");
    // The host configures the provider object before it is ever serialized again (e.g. by a later resource).
    await group.configure!({ config: { get: (key: string) => config[key], require: (key: string) => config[key]! } });
    const sf = await serialize(group);
    for (const secret of [SECRET_API_KEY, "serialization-test-secret-key", "AKLT-serialization-test", emulator().url]) expect(sf.text).not.toContain(secret);

    // As the host does: load the text, configure, use. The emulator only knows its own key: a 401 proves the
    // configured (secret) key was the one sent; then the right key works.
    const loaded = requireFromString(sf.text).handler();
    await loaded.configure!({ config: { get: (key: string) => config[key], require: (key: string) => config[key]! } });
    const checked = await loaded.check!({}, { name: "serialized" });
    expect(checked.failures).toEqual([]);
    await expect(loaded.create(checked.inputs)).rejects.toThrow(/401|Unauthorized|invalid_api_key/i);

    const good = configFor(emulator(), "anyfast");
    await loaded.configure!({ config: { get: (key: string) => good[key], require: (key: string) => good[key]! } });
    const created = await loaded.create(checked.inputs);
    expect(created.id).toMatch(/^group-/);
    expect(JSON.stringify(created.outs)).not.toContain(SECRET_API_KEY);
  });
});

describe("by reference or by value", () => {
  it("a program inside this repository (self-reference) gets the by-value provider: no node_modules path would resolve", async () => {
    const examples = resolve(repoRoot, "examples/minimal");
    expect(resolvesToThisModule("Asset", examples)).toBe(false);
    const text = await providerSource("Asset", examples);
    expect(text).toContain('"pulumi-seedance-assets/provider/resources/runtime"');
    const provider = requireFromString(text).handler();
    expect(Object.keys(provider).sort()).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
  });

  it("a project with the package installed under node_modules gets one line that requires the module by its export path", async () => {
    const project = resolve(repoRoot, ".pulumi/unit", `installed-${process.pid}`);
    mkdirSync(project, { recursive: true });
    try {
      installPackageCopy(project);
      const installed = createRequire(join(project, "index.js"));
      const copy = installed("pulumi-seedance-assets/provider/resources/provider") as typeof ProviderModule;
      for (const [kind, file] of [["Asset", "asset"], ["AssetGroup", "asset-group"]] as const) {
        expect(copy.resolvesToThisModule(kind, project)).toBe(true);
        const text = copy.providerSource(kind, project);
        expect(text).toBe(`exports.handler = () => require("pulumi-seedance-assets/provider/resources/dynamic/${file}");`);
        // As the provider host loads it (require-from-string, module paths from the project directory).
        const provider = requireFromString(text as string, join(project, "__provider.js")).handler();
        expect(provider).toBe(installed(`pulumi-seedance-assets/provider/resources/dynamic/${file}`));
        expect(Object.keys(provider).sort()).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("a project that links the package into node_modules (npm link, workspaces) also gets the one line", () => {
    const root = resolve(repoRoot, ".pulumi/unit", `linked-${process.pid}`);
    const store = join(root, "store");
    const project = join(root, "project");
    mkdirSync(store, { recursive: true });
    mkdirSync(join(project, "node_modules"), { recursive: true });
    try {
      // The package's real directory is outside any node_modules (store/linked); the project sees it through a link.
      installPackageCopy(store);
      renameSync(join(store, "node_modules/pulumi-seedance-assets"), join(store, "linked"));
      symlinkSync(join(store, "linked"), join(project, "node_modules/pulumi-seedance-assets"), "dir");
      writeFileSync(join(project, "package.json"), JSON.stringify({ name: "linked-project", private: true }));
      const linked = createRequire(join(project, "index.js"));
      const copy = linked("pulumi-seedance-assets/provider/resources/provider") as typeof ProviderModule;
      expect(copy.resolvesToThisModule("Asset", project)).toBe(true);
      const provider = requireFromString(copy.providerSource("Asset", project) as string, join(project, "__provider.js")).handler();
      expect(provider).toBe(linked("pulumi-seedance-assets/provider/resources/dynamic/asset"));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * Through the real CLI: `pulumi refresh` with a key the gateway no longer accepts fails loudly and keeps every
 * resource in the state (dropping them would make the next `up` create duplicates). The key is revoked on the
 * gateway's side — the emulator restarts on the same port and state file accepting another key — so the test does
 * not depend on where refresh takes its provider configuration from. Agentsflare answers a bad key with a 404
 * (docs-dkq.pages.dev/en/guide/usage/faq), the case that used to read as "deleted"; anyfast and volcengine (AK/SK)
 * for the Bearer and signed shapes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../emulator/server.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { E2EStack } from "./support/stack.js";

const LIBRARY: Record<string, string> = {
  grouped: ["groups:", "  kept:", "    assets:", "      pic:", "        type: Image", "        url: https://example.com/e2e/pic.png", ""].join("\n"),
  ungrouped: ["assets:", "  pic:", "    type: Image", "    url: https://example.com/e2e/pic.png", ""].join("\n"),
};

/** The seedance resources in the state, by URN. */
function seedanceUrns(exported: string): string[] {
  const state = JSON.parse(exported) as { deployment?: { resources?: { urn: string; type: string }[] } };
  return (state.deployment?.resources ?? []).filter((r) => r.type.includes("seedance:")).map((r) => r.urn).sort();
}

describe.each<{ gateway: GatewayName; library: keyof typeof LIBRARY }>([
  { gateway: "agentsflare", library: "ungrouped" },
  { gateway: "anyfast", library: "grouped" },
  { gateway: "volcengine", library: "grouped" },
])("$gateway: refresh with a revoked key", ({ gateway, library }) => {
  const dir = mkdtempSync(join(tmpdir(), "seedance-refresh-"));
  const stateFile = join(dir, "emulator.json");
  let emulator: EmulatorHandle;
  let stack: E2EStack;

  const restart = async (options: EmulatorOptions) => {
    const port = emulator.port;
    await emulator.close();
    emulator = await startEmulator({ port, stateFile, processingMs: 100, ...options });
  };

  beforeAll(async () => {
    emulator = await startEmulator({ stateFile, processingMs: 100 });
    const credentials: Record<string, string> =
      gateway === "volcengine" ? { "seedance:accessKeyId": DEFAULT_ACCESS_KEY_ID, "seedance:secretAccessKey": DEFAULT_SECRET_ACCESS_KEY } : { "seedance:apiKey": DEFAULT_API_KEY };
    stack = await E2EStack.create(`${gateway}-refresh`, { "seedance:gateway": gateway, "seedance:baseUrl": emulator.gatewayUrl(gateway), "seedance:pollIntervalSeconds": "0.1", "seedance:maxRetries": "0" }, credentials);
    stack.writeLibrary(LIBRARY[library]!);
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("fails and keeps every resource; with the key accepted again, refresh succeeds and nothing is recreated", async () => {
    const up = await stack.up();
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const before = seedanceUrns(await stack.exportState());
    expect(before.length).toBe(library === "grouped" ? 2 : 1);

    // The gateway stops accepting the stack's key (revoked, expired, or a wrong one configured).
    await restart(gateway === "volcengine" ? { accessKeys: [{ accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: "rotated-secret" }] } : { apiKeys: ["rotated-api-key"] });
    const refresh = await stack.run("refresh", "--yes", "--non-interactive");
    const output = refresh.stdout + refresh.stderr;
    expect(refresh.code, output).not.toBe(0);
    expect(output).toMatch(gateway === "agentsflare" ? /failed with Unauthorized \(HTTP 404\)[\s\S]*KeyNotFound: Key not found/ : /failed with Unauthorized \(HTTP 401\)/);
    expect(seedanceUrns(await stack.exportState())).toEqual(before);

    // The key is good again: refresh succeeds, the resources are still the same, and up has nothing to create.
    await restart({});
    const again = await stack.run("refresh", "--yes", "--non-interactive");
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(seedanceUrns(await stack.exportState())).toEqual(before);
    const plan = await stack.plan();
    expect(Object.values(plan).flat().filter((op) => op === "create" || op === "replace")).toEqual([]);
    expect(emulator.admin.snapshot({ gateway }).assets).toHaveLength(1);
  });
});

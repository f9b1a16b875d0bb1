/**
 * The small examples run as shipped against the emulator: up (every asset Active, references exported), a second
 * preview with no changes, destroy. The main example (asset-library) is what `npm run demo` runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import { E2EStack } from "./support/stack.js";

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startEmulator({ processingMs: 200 });
});
afterAll(async () => {
  await emulator?.close();
});

describe.each([
  { example: "minimal", gateway: "anyfast", outputs: ["groupId", "posterRef"] },
  { example: "bearer-gateway", gateway: "anyfast", outputs: ["storedGroupName", "logoRef", "keyVisualRef"] },
  { example: "aksk-gateway", gateway: "volcengine", outputs: ["openingRef", "ambienceRef"] },
] as const)("examples/$example", ({ example, gateway, outputs }) => {
  let stack: E2EStack;
  afterAll(async () => {
    await stack?.dispose();
  });

  it("comes up, has no changes on a second preview, and is destroyed", async () => {
    const secrets: Record<string, string> =
      gateway === "volcengine" ? { "seedance:secretAccessKey": DEFAULT_SECRET_ACCESS_KEY } : { "seedance:apiKey": DEFAULT_API_KEY };
    const config: Record<string, string> = { "seedance:gateway": gateway, "seedance:baseUrl": emulator.gatewayUrl(gateway), "seedance:pollIntervalSeconds": "0.1" };
    if (gateway === "volcengine") config["seedance:accessKeyId"] = DEFAULT_ACCESS_KEY_ID;
    stack = await E2EStack.create(`example-${example}`, config, secrets, {}, `examples/${example}`);

    const up = await stack.up();
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const out = (await stack.outputs()) as unknown as Record<string, string>;
    expect(Object.keys(out).sort()).toEqual([...outputs].sort());
    for (const key of outputs.filter((k) => k.endsWith("Ref"))) expect(out[key]).toMatch(/^asset:\/\/asset-/);

    const preview = await stack.run("preview", "--expect-no-changes", "--non-interactive");
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    const destroy = await stack.run("destroy", "--yes", "--non-interactive");
    expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
    expect(emulator.admin.snapshot({ gateway }).assets).toEqual([]);
  });
});

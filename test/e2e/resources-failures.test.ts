/**
 * What goes wrong, through the real CLI: bad input stops at check before anything is sent; an asset the gateway
 * fails makes `up` fail with the gateway's code and leaves nothing behind; a wait that times out keeps the asset in
 * the state and the next `up` finishes it without a duplicate. On anyfast (Bearer) and volcengine (AK/SK).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import { makeSample } from "../../emulator/samples.js";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { E2EStack } from "./support/stack.js";

const base = ["groups:", "  e2e:", "    assets:", "      ok:", "        type: Image", "        url: https://example.com/e2e/ok.png"];
const withAsset = (...lines: string[]) => [...base, ...lines.map((l) => `      ${l}`), ""].join("\n");

describe.each<{ gateway: GatewayName }>([{ gateway: "anyfast" }, { gateway: "volcengine" }])("$gateway: failures", ({ gateway }) => {
  let emulator: EmulatorHandle;
  let stack: E2EStack;
  const assets = () => emulator.admin.snapshot({ gateway }).assets;

  beforeAll(async () => {
    emulator = await startEmulator({ processingMs: 200 });
    const credentials: Record<string, string> = gateway === "volcengine" ? { "seedance:accessKeyId": DEFAULT_ACCESS_KEY_ID, "seedance:secretAccessKey": DEFAULT_SECRET_ACCESS_KEY } : { "seedance:apiKey": DEFAULT_API_KEY };
    stack = await E2EStack.create(`${gateway}-failures`, { "seedance:gateway": gateway, "seedance:baseUrl": emulator.gatewayUrl(gateway), "seedance:pollIntervalSeconds": "0.1" }, credentials);
    stack.writeFile("media/tiny.png", makeSample("png", { width: 200, height: 200 }).data);
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("bad input fails check with the resource, the field, the rule and the fix — nothing is sent", async () => {
    stack.writeLibrary(withAsset("tiny:", "  type: Image", "  file: media/tiny.png"));
    const before = emulator.requests.length;
    const result = await stack.run("preview", "--non-interactive");
    const output = result.stdout + result.stderr;
    expect(result.code).not.toBe(0);
    expect(output).toContain("seedance:Asset resource 'e2e/tiny'");
    if (gateway === "anyfast") expect(output).toMatch(/source\.file media\/tiny\.png: Width 200 px is outside the allowed range \(300, 6000\) px\. \(WidthTooSmall\)\. Fix: resize it/);
    else expect(output).toMatch(/volcengine cannot take a local file: it only fetches public URLs.*Fix: upload media\/tiny\.png to public storage \(https\) and set source\.url/);
    expect(emulator.requests.slice(before).filter((r) => r.action === "CreateAsset" || r.action === "CreateAssetGroup")).toEqual([]);
  });

  it("an asset the gateway fails: up fails with its Error.Code, the failed asset is deleted, the rest is created", async () => {
    // Only the content says it: the emulator downloads its own sample (a 20 s video) and fails it, like the service.
    stack.writeLibrary(withAsset("wrong:", "  type: Video", `  url: ${emulator.url}/_emulator/samples/long.mp4?seconds=20`));
    const result = await stack.up();
    const output = result.stdout + result.stderr;
    expect(result.code).not.toBe(0);
    expect(output).toMatch(/Asset "wrong" \(asset-[^)]+\) failed processing on \w+: DurationTooLong: .*Fix: trim or extend it to \[2, 15\] seconds\..*The failed asset was deleted\./);
    expect(assets().map((a) => a.Name)).toEqual(["ok"]);
    const state = await stack.exportState();
    expect(state).not.toContain("e2e/wrong");
    expect(state).toContain("e2e/ok");
  });

  it("a wait timeout keeps the asset in the state; the next up resumes and converges without a duplicate", async () => {
    await stack.setConfig({ "seedance:waitTimeoutSeconds": "1" });
    emulator.admin.setProcessingMs(4000);
    stack.writeLibrary(withAsset("slow:", "  type: Image", "  url: https://example.com/e2e/slow.png"));
    const first = await stack.up();
    expect(first.code).not.toBe(0);
    expect(first.stdout + first.stderr).toMatch(/Asset "slow" \(asset-[^)]+\) is still Processing after 1 s \(seedance:waitTimeoutSeconds\)\..*run `pulumi up` again to resume waiting/);
    const kept = JSON.parse(await stack.exportState()) as { deployment: { resources: { urn: string; id?: string; outputs?: { status?: string }; initErrors?: string[] }[] } };
    const slow = kept.deployment.resources.find((r) => r.urn.endsWith("::e2e/slow"));
    expect(slow).toMatchObject({ id: expect.stringMatching(/^asset-/), outputs: { status: "Processing" }, initErrors: [expect.stringContaining("still Processing")] });

    await stack.setConfig({ "seedance:waitTimeoutSeconds": "60" });
    emulator.admin.setProcessingMs(200);
    const second = await stack.up();
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const out = await stack.outputs();
    expect(out["statuses"]!["e2e/slow"]).toBe("Active");
    expect(out["assetIds"]!["e2e/slow"]).toBe(slow!.id);
    expect(assets().filter((a) => a.Name === "slow")).toHaveLength(1);
    const third = await stack.run("preview", "--expect-no-changes", "--non-interactive");
    expect(third.code, third.stdout + third.stderr).toBe(0);
  });
});

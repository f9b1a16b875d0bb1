/**
 * A real person's group through the real Pulumi CLI against the in-process emulator (anyfast, where these groups
 * are hidden from lists): the group comes from the verification flow (the simulated H5 step), library.yaml declares
 * it by `groupId` with an asset of that person uploaded from a file; `up` adopts the group (never creates one) and
 * waits for the asset by GetAsset; a second preview plans nothing; another person's face fails the `up` with the
 * FaceMismatch fix; `destroy` deletes the assets and keeps the verified group.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSample } from "../../emulator/samples.js";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import { GatewayClient } from "../../provider/client.js";
import { verifyRealPerson } from "../../provider/liveness.js";
import { E2EStack } from "./support/stack.js";

const API_KEY = `e2e-liveness-key-${process.pid}-9c3e`;

function library(groupId: string, withStranger = false): string {
  return [
    "groups:",
    "  ana:",
    `    groupId: ${groupId}`,
    "    assets:",
    "      front: { type: Image, file: media/front.face-ana.png }",
    ...(withStranger ? ["      stranger: { type: Image, file: media/portrait.face-bob.png }"] : []),
    "",
  ].join("\n");
}

describe("anyfast: an Asset in a real person's group, with the Pulumi CLI", () => {
  let emulator: EmulatorHandle;
  let stack: E2EStack;
  let groupId: string;
  const snapshot = () => emulator.admin.snapshot({ gateway: "anyfast", credential: API_KEY });

  beforeAll(async () => {
    emulator = await startEmulator({ processingMs: 300, apiKeys: [API_KEY] });
    const client = new GatewayClient({ gateway: "anyfast", baseUrl: emulator.gatewayUrl("anyfast"), apiKey: API_KEY });
    try {
      groupId = await verifyRealPerson(client, {
        callbackUrl: "https://example.com/verified",
        pollIntervalMs: 50,
        onSession: (session) => void emulator.admin.completeVisualValidate(session.bytedToken, { face: "ana" }),
      });
    } finally {
      await client.close();
    }
    const config = { "seedance:gateway": "anyfast", "seedance:baseUrl": emulator.gatewayUrl("anyfast"), "seedance:pollIntervalSeconds": "0.1" };
    stack = await E2EStack.create("liveness", config, { "seedance:apiKey": API_KEY });
    stack.writeFile("media/front.face-ana.png", makeSample("png", { width: 640, height: 480 }).data);
    stack.writeFile("media/portrait.face-bob.png", makeSample("png", { width: 800, height: 600 }).data);
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("up adopts the verified group by id and uploads the person's asset; a second preview plans nothing", async () => {
    stack.writeLibrary(library(groupId));
    const up = await stack.up();
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const outputs = await stack.outputs();
    expect(outputs["groupIds"]).toEqual({ ana: groupId });
    expect(outputs["statuses"]).toEqual({ "ana/front": "Active" });
    expect(emulator.requests.filter((r) => r.action === "CreateAssetGroup")).toEqual([]);
    // Anyfast lists no real-person assets: the wait used GetAsset, never ListAssets.
    expect(emulator.requests.filter((r) => r.action === "ListAssets")).toEqual([]);
    const plan = await stack.plan();
    expect(Object.values(plan).flat().filter((op) => op !== "same")).toEqual([]);
  });

  it("another person's face fails the up with the FaceMismatch fix, and leaves no asset behind", async () => {
    stack.writeLibrary(library(groupId, true));
    const up = await stack.up();
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toMatch(/FaceMismatch/);
    expect(up.stdout + up.stderr).toMatch(/front-facing photos or videos of the person verified/);
    const names = snapshot().assets.map((a) => a.Name);
    expect(names).toEqual(["front"]);
  });

  it("destroy deletes the assets and keeps the verified group", async () => {
    stack.writeLibrary(library(groupId));
    const destroy = await stack.run("destroy", "--yes", "--non-interactive");
    expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
    expect(destroy.stdout + destroy.stderr).toMatch(/stays on the gateway and only leaves the Pulumi state/);
    expect(snapshot().assets).toEqual([]);
    expect(snapshot().groups.map((g) => [g.Id, g.GroupType])).toEqual([[groupId, "LivenessFace"]]);
  });
});

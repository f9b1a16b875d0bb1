/**
 * The live-verification path (`npm run contracts:verify`) run against the emulator standing in for a real gateway:
 * provider states through the gateway's API only (no admin seeding during verification), skipped billed
 * interactions, fixtures created with --allow-billed and cleaned up afterwards, and a report without credentials.
 * The emulator is seeded once beforehand, as a real account would already hold some groups and assets.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { runLiveVerification } from "../lib/cli.js";
import { EMULATOR_CREDENTIALS } from "../lib/emulator-provider.js";

describe("live verification (against the emulator as a stand-in gateway)", () => {
  let emulator: EmulatorHandle;
  const dir = mkdtempSync(join(tmpdir(), "seedance-live-"));

  /** What an existing account holds before the run: one group, an Active image and a Failed video. */
  const seedAccount = (gateway: GatewayName) => {
    const group = emulator.admin.seedGroup({ gateway, Name: "existing-group" });
    emulator.admin.seedAsset({ gateway, GroupId: group.Id, Name: "existing-image", Status: "Active" });
    emulator.admin.seedAsset({ gateway, GroupId: group.Id, Name: "existing-video", AssetType: "Video", Status: "Failed", Error: { Code: "DurationTooLong", Message: "Too long." } });
  };

  /** The account's contents without the presigned links (re-signed on every read). */
  const contents = (gateway: GatewayName) => {
    const { groups, assets } = emulator.admin.snapshot({ gateway });
    return { groups: groups.map((g) => `${g.Id} ${g.Name}`).sort(), assets: assets.map((a) => `${a.Id} ${a.Name} ${a.Status}`).sort() };
  };

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimits: false, processingMs: 1500 });
  });
  afterAll(async () => {
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("without --allow-billed: reads existing resources, skips billed and unreproducible interactions", async () => {
    seedAccount("anyfast");
    const before = contents("anyfast");
    const reportFile = join(dir, "anyfast.md");
    const { result, cleanup } = await runLiveVerification({
      gateway: "anyfast",
      baseUrl: emulator.gatewayUrl("anyfast"),
      credentials: { apiKey: EMULATOR_CREDENTIALS.apiKey! },
      allowBilled: false,
      reportFile,
    });
    expect(result.ok, result.failureText).toBe(true);
    const reasonOf = (description: string) => result.interactions.find((i) => i.description === description)?.reason;
    expect(reasonOf("CreateAssetGroup: a new asset group")).toBe("billed (run with --allow-billed)");
    expect(reasonOf("CreateAsset: an image from a public URL")).toBe("billed (run with --allow-billed)");
    expect(reasonOf("GetAsset: over the rate limit")).toMatch(/rate limit/);
    expect(reasonOf("DeleteAsset: an existing asset")).toMatch(/--allow-billed/);
    const passed = result.interactions.filter((i) => i.status === "pass").map((i) => i.description);
    expect(passed).toEqual(
      expect.arrayContaining(["GetAsset: an Active asset", "GetAsset: a Failed asset", "GetAssetGroup: an existing group", "ListAssets: the Active assets of a group", "GetAsset: an id that does not exist", "ListAssetGroups: an unknown API key"]),
    );
    expect(cleanup).toEqual([]);
    expect(contents("anyfast")).toEqual(before);

    const report = readFileSync(reportFile, "utf8");
    expect(report).toContain("skipped (billed (run with --allow-billed))");
    expect(report).not.toContain(EMULATOR_CREDENTIALS.apiKey!);
  });

  it("with --allow-billed: creates its own fixtures (AK/SK, re-signed for the target) and deletes them afterwards", async () => {
    seedAccount("volcengine");
    const before = contents("volcengine");
    const { result, cleanup } = await runLiveVerification({
      gateway: "volcengine",
      baseUrl: emulator.gatewayUrl("volcengine"),
      credentials: { accessKeyId: EMULATOR_CREDENTIALS.accessKeyId!, secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey! },
      allowBilled: true,
      imageUrl: `${emulator.url}/_emulator/samples/fixture.png`,
      reportFile: join(dir, "volcengine.md"),
    });
    expect(result.ok, result.failureText).toBe(true);
    const ran = (d: string) => result.interactions.find((i) => i.description === d)?.status;
    for (const d of ["CreateAssetGroup: a new asset group", "CreateAsset: an image from a public URL", "GetAsset: a Processing asset", "UpdateAsset: a new name", "DeleteAsset: an existing asset", "DeleteAssetGroup: an existing group"]) {
      expect(ran(d), d).toBe("pass");
    }
    expect(cleanup.length).toBeGreaterThan(0);
    expect(cleanup.every((line) => /deleted|already gone/.test(line)), cleanup.join("\n")).toBe(true);
    expect(contents("volcengine")).toEqual(before);
  });
});

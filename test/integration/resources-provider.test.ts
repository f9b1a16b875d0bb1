/**
 * The providers' CRUD logic against the in-process emulator, driven like the engine drives it (check → create,
 * diff → update, read, delete): one Bearer gateway with uploads and a name prefix (anyfast), one AK/SK gateway
 * (volcengine), and gateways without deletes or groups.
 */
import { describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { ResourceInitError } from "../../provider/resources/context.js";
import { providers } from "../../provider/resources/runtime.js";
import { configFor, configureWith, createResource, mediaFile, updateResource, useEmulator } from "../support/resources.js";

const emulator = useEmulator();
const Group = providers.AssetGroup as unknown as Record<string, (...args: any[]) => Promise<any>>;
const Asset = providers.Asset as unknown as Record<string, (...args: any[]) => Promise<any>>;

describe("anyfast (Bearer, uploads, group-name prefix)", () => {
  it("creates, reads back cleanly, renames in place and deletes a group; the prefix is never drift", async () => {
    configureWith(configFor(emulator(), "anyfast"));
    const { id, outs } = await createResource("AssetGroup", { name: "characters", description: "Portraits" });
    expect(id).toMatch(/^group-/);
    expect(outs).toMatchObject({ name: "characters", description: "Portraits", groupType: "AIGC", projectName: "default", adopt: false });
    expect(outs["storedName"]).toMatch(/^\[u-\d+\]-\[t-\d+\]-characters$/);

    const read = await Group["read"]!(id, outs);
    expect(read.id).toBe(id);
    expect(read.inputs).toEqual({ name: "characters", description: "Portraits", groupType: "AIGC", projectName: "default", adopt: false });
    expect(await Group["diff"]!(id, read.props, read.inputs)).toEqual({ changes: false, replaces: [] });

    const renamed = await updateResource("AssetGroup", id, read.props, { name: "heroes", description: "Portraits" });
    expect(renamed.diff).toEqual({ changes: true, replaces: [] });
    expect(renamed.outs["storedName"]).toMatch(/-heroes$/);
    expect((await Group["read"]!(id, renamed.outs)).inputs.name).toBe("heroes");

    await Group["delete"]!(id, renamed.outs);
    expect(await Group["read"]!(id, renamed.outs)).toEqual({ id: "" });
    await Group["delete"]!(id, renamed.outs); // NotFound on delete is success
  });

  it("uploads a local file, waits until Active, renames in place, and a new file replaces (old deleted first)", async () => {
    configureWith(configFor(emulator(), "anyfast"));
    const group = await createResource("AssetGroup", { name: "uploads" });
    const file = mediaFile("png", { width: 640, height: 480 });
    const { id, outs } = await createResource("Asset", { groupId: group.id, name: "hero", assetType: "Image", source: { file } });
    expect(outs).toMatchObject({ status: "Active", assetUri: `asset://${id}`, name: "hero", groupId: group.id });
    expect((outs["source"] as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(outs)).not.toMatch(/X-Tos|presigned|_emulator\/tos/);

    const read = await Asset["read"]!(id, outs);
    expect(await Asset["diff"]!(id, read.props, read.inputs)).toEqual({ changes: false, replaces: [] });

    const renamed = await updateResource("Asset", id, outs, { groupId: group.id, name: "hero-2", assetType: "Image", source: { file } });
    expect(renamed.diff).toEqual({ changes: true, replaces: [] });
    expect(renamed.outs).toMatchObject({ name: "hero-2", status: "Active" });

    const other = mediaFile("png", { width: 800, height: 600 });
    const replaced = await updateResource("Asset", id, renamed.outs, { groupId: group.id, name: "hero-2", assetType: "Image", source: { file: other } });
    expect(replaced.diff).toEqual({ changes: true, replaces: ["source"], deleteBeforeReplace: true });

    await Asset["delete"]!(id, renamed.outs);
    expect(await Asset["read"]!(id, renamed.outs)).toEqual({ id: "" });
  });

  it("fails a create with the gateway's Error.Code and deletes the failed asset", async () => {
    configureWith(configFor(emulator(), "anyfast"));
    const group = await createResource("AssetGroup", { name: "failing" });
    // Only the content says it: the emulator downloads its own sample (a 20 s video) and fails it, like the service.
    const url = `${emulator().url}/_emulator/samples/long.mp4?seconds=20`;
    const failed = createResource("Asset", { groupId: group.id, name: "wrong", assetType: "Video", source: { url } });
    await expect(failed).rejects.toThrow(/failed processing on anyfast: DurationTooLong: .*Fix: trim or extend it to \[2, 15\] seconds\..*The failed asset was deleted/);
    const left = emulator().admin.snapshot({ gateway: "anyfast" }).assets.filter((a) => a.GroupId === group.id);
    expect(left).toEqual([]);
  });

  it("reports a wait timeout as a partial create, and update resumes the wait without a duplicate", async () => {
    configureWith(configFor(emulator(), "anyfast", { waitTimeoutSeconds: "0.3" }));
    const group = await createResource("AssetGroup", { name: "slow" });
    emulator().admin.setProcessingMs(800);
    try {
      const inputs = { groupId: group.id, name: "slow-one", assetType: "Image", source: { url: "https://example.com/slow.png" } };
      const error = await createResource("Asset", inputs).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ResourceInitError);
      const partial = error as ResourceInitError;
      expect(partial.id).toMatch(/^asset-/);
      expect(partial.properties).toMatchObject({ status: "Processing", name: "slow-one" });
      expect(partial.reasons[0]).toMatch(/still Processing after 0.3 s .*run `pulumi up` again to resume waiting/);

      configureWith(configFor(emulator(), "anyfast", { waitTimeoutSeconds: "5" }));
      // The next up updates it: the diff says so (still Processing), and the engine would anyway (init errors).
      const checkedInputs = (await providers.Asset.check({}, inputs)).inputs;
      expect(await Asset["diff"]!(partial.id, partial.properties, checkedInputs)).toEqual({ changes: true, replaces: [] });
      const { outs } = await Asset["update"]!(partial.id, partial.properties, checkedInputs);
      expect(outs).toMatchObject({ status: "Active", assetUri: `asset://${partial.id}` });
      const all = emulator().admin.snapshot({ gateway: "anyfast" }).assets.filter((a) => a.Name === "slow-one");
      expect(all).toHaveLength(1);
    } finally {
      emulator().admin.setProcessingMs(30);
    }
  });

  it("adopts an existing group and asset of the same name instead of duplicating (opt-in)", async () => {
    configureWith(configFor(emulator(), "anyfast"));
    const seededGroup = emulator().admin.seedGroup({ gateway: "anyfast", Name: "adopted", Description: "old" });
    const seededAsset = emulator().admin.seedAsset({ gateway: "anyfast", GroupId: seededGroup.Id, Name: "kept", AssetType: "Image", URL: "https://example.com/kept.png" });

    const group = await createResource("AssetGroup", { name: "adopted", description: "new", adopt: true });
    expect(group.id).toBe(seededGroup.Id);
    expect(group.outs).toMatchObject({ description: "new" });
    const asset = await createResource("Asset", { groupId: group.id, name: "kept", assetType: "Image", source: { url: "https://example.com/kept.png" }, adopt: true });
    expect(asset.id).toBe(seededAsset.Id);

    const fresh = await createResource("AssetGroup", { name: "adopted" });
    expect(fresh.id).not.toBe(seededGroup.Id); // without adopt: a new group
  });

  it("reads a group and an asset by id alone, as the static get does", async () => {
    configureWith(configFor(emulator(), "anyfast"));
    const group = emulator().admin.seedGroup({ gateway: "anyfast", Name: "existing", Description: "made elsewhere" });
    const asset = emulator().admin.seedAsset({ gateway: "anyfast", GroupId: group.Id, Name: "found", AssetType: "Audio" });
    expect((await Group["read"]!(group.Id, {})).props).toMatchObject({ name: "existing", description: "made elsewhere", projectName: "default" });
    expect((await Asset["read"]!(asset.Id, {})).props).toMatchObject({ name: "found", groupId: group.Id, assetType: "Audio", status: "Active", assetUri: `asset://${asset.Id}` });
    expect(await Asset["read"]!("asset-20990101000000-nope0", {})).toEqual({ id: "" });
  });

  it("a Failed asset found by refresh is replaced on the next up", async () => {
    configureWith(configFor(emulator(), "anyfast"));
    const group = await createResource("AssetGroup", { name: "refreshed" });
    const { id, outs } = await createResource("Asset", { groupId: group.id, name: "x", assetType: "Image", source: { url: "https://example.com/x.png" } });
    const seeded = emulator().admin.seedAsset({ gateway: "anyfast", GroupId: group.id, Name: "y", Status: "Failed", Error: { Code: "DownloadFailed", Message: "gone" } });
    const read = await Asset["read"]!(seeded.Id, { ...outs, name: "y" });
    expect(read.props).toMatchObject({ status: "Failed", error: { code: "DownloadFailed", message: "gone" } });
    expect(await Asset["diff"]!(seeded.Id, read.props, read.inputs)).toEqual({ changes: true, replaces: ["status"], deleteBeforeReplace: true });
    expect(id).not.toBe(seeded.Id);
  });
});

describe("volcengine (AK/SK, URL sources only)", () => {
  it("creates a group and a URL asset, reads them back cleanly, and deletes both", async () => {
    configureWith(configFor(emulator(), "volcengine"));
    const group = await createResource("AssetGroup", { name: "native" });
    expect(group.outs["storedName"]).toBe("native");
    const asset = await createResource("Asset", { groupId: group.id, name: "clip", assetType: "Video", source: { url: "https://example.com/clip.mp4" } });
    expect(asset.outs).toMatchObject({ status: "Active" });
    const read = await Asset["read"]!(asset.id, asset.outs);
    expect(await Asset["diff"]!(asset.id, read.props, read.inputs)).toEqual({ changes: false, replaces: [] });
    await Asset["delete"]!(asset.id, asset.outs);
    await Group["delete"]!(group.id, group.outs);
    expect(await Group["read"]!(group.id, group.outs)).toEqual({ id: "" });
  });

  it("rejects a local file in check: this gateway needs a public URL", async () => {
    configureWith(configFor(emulator(), "volcengine"));
    const result = await providers.Asset.check({}, { groupId: "group-1", name: "a", assetType: "Image", source: { file: mediaFile("png") } });
    expect(result.failures).toEqual([{ property: "source", reason: expect.stringMatching(/^source\.file volcengine cannot take a local file: it only fetches public URLs .*Fix: upload .* set source\.url/) }]);
  });
});

describe("gateways without deletes or groups", () => {
  it("gogogotoken: delete warns that the asset only leaves the state", async () => {
    configureWith(configFor(emulator(), "gogogotoken"));
    const warn = vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    const group = await createResource("AssetGroup", { name: "no-deletes" });
    const asset = await createResource("Asset", { groupId: group.id, name: "a", assetType: "Image", source: { url: "https://example.com/a.png" } });
    await Asset["delete"]!(asset.id, asset.outs);
    await Group["delete"]!(group.id, group.outs);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      expect.stringMatching(/gogogotoken has no DeleteAsset, so the asset stays on the gateway and only leaves the Pulumi state/),
      expect.stringMatching(/gogogotoken has no DeleteAssetGroup/),
    ]);
    warn.mockRestore();
  });

  it("globalaiopc: assets without groups; an AssetGroup fails check; Document is accepted", async () => {
    configureWith(configFor(emulator(), "globalaiopc"));
    const groupCheck = await providers.AssetGroup.check({}, { name: "g" });
    expect(groupCheck.failures).toEqual([{ property: "", reason: expect.stringMatching(/globalaiopc has no asset groups.*Fix: remove this AssetGroup/) }]);
    const withGroup = await providers.Asset.check({}, { groupId: "group-1", name: "d", assetType: "Document", source: { url: "https://example.com/d.pdf" } });
    expect(withGroup.failures).toEqual([{ property: "groupId", reason: expect.stringMatching(/must not be set: globalaiopc has no asset groups/) }]);
    const asset = await createResource("Asset", { name: "d", assetType: "Document", source: { url: "https://example.com/d.pdf" } });
    expect(asset.outs).toMatchObject({ status: "Active", assetUri: `asset://${asset.id}` });
    await Asset["delete"]!(asset.id, asset.outs);
  });
});

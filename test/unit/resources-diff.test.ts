/**
 * Diffs derived from the declared field lists (ASSET_DIFF, ASSET_GROUP_DIFF) by the one helper.
 */
import { describe, expect, it } from "vitest";
import { ASSET_GROUP_DIFF, type AssetGroupState } from "../../provider/resources/asset-group.js";
import { ASSET_DIFF, type AssetState } from "../../provider/resources/asset.js";
import { containsUnknown, deepEqual, diffBySpec, UNKNOWN } from "../../provider/resources/diff.js";

const asset: AssetState = {
  groupId: "group-1",
  name: "hero",
  assetType: "Image",
  source: { file: "media/hero.png", sha256: "a".repeat(64) },
  projectName: "default",
  adopt: false,
  status: "Active",
  assetUri: "asset://asset-1",
};
const group: AssetGroupState = { name: "characters", description: "", groupType: "AIGC", projectName: "default", adopt: false, storedName: "[u-1]-[t-2]-characters" };

describe("Asset diff", () => {
  it("no change: nothing to do (outputs in the old state are ignored)", () => {
    expect(diffBySpec(ASSET_DIFF, asset, { ...asset, status: undefined, assetUri: undefined })).toEqual({ changes: false, replaces: [] });
  });
  it("a rename is an in-place update", () => {
    expect(diffBySpec(ASSET_DIFF, asset, { ...asset, name: "hero-2" })).toEqual({ changes: true, replaces: [] });
  });
  it("new file content replaces, deleting first because the name stays in the same group", () => {
    expect(diffBySpec(ASSET_DIFF, asset, { ...asset, source: { file: "media/hero.png", sha256: "b".repeat(64) } })).toEqual({
      changes: true,
      replaces: ["source"],
      deleteBeforeReplace: true,
    });
  });
  it("the same content at another path is no change", () => {
    expect(diffBySpec(ASSET_DIFF, asset, { ...asset, source: { file: "elsewhere/hero.png", sha256: "a".repeat(64) } }).changes).toBe(false);
  });
  it("a URL source compares by URL", () => {
    const withUrl = { ...asset, source: { url: "https://example.com/a.png" } };
    expect(diffBySpec(ASSET_DIFF, withUrl, { ...withUrl, source: { url: "https://example.com/b.png" } }).replaces).toEqual(["source"]);
  });
  it("a new source and a new name replace without deleting first", () => {
    expect(diffBySpec(ASSET_DIFF, asset, { ...asset, name: "other", source: { url: "https://example.com/a.png" } })).toEqual({ changes: true, replaces: ["source"] });
  });
  it.each(["groupId", "assetType", "projectName", "profile"] as const)("a new %s replaces", (field) => {
    const value = field === "assetType" ? "Video" : "changed";
    const diff = diffBySpec(ASSET_DIFF, asset, { ...asset, [field]: value });
    expect(diff.replaces).toEqual([field]);
    // Another group or project is another name scope: the new asset may exist before the old one goes.
    expect(diff.deleteBeforeReplace).toBe(field === "assetType" ? true : undefined);
  });
  it("an unknown group id (the group is being replaced) replaces", () => {
    expect(diffBySpec(ASSET_DIFF, asset, { ...asset, groupId: UNKNOWN })).toEqual({ changes: true, replaces: ["groupId"] });
  });
  it("an unknown file hash (preview) replaces", () => {
    expect(diffBySpec(ASSET_DIFF, asset, { ...asset, source: { file: UNKNOWN, sha256: UNKNOWN } }).replaces).toEqual(["source"]);
  });
  it("adopt never causes a change", () => {
    expect(diffBySpec(ASSET_DIFF, asset, { ...asset, adopt: true }).changes).toBe(false);
  });
  it("an asset still Processing (found by refresh) is updated, which resumes the wait", () => {
    expect(diffBySpec(ASSET_DIFF, { ...asset, status: "Processing" }, asset)).toEqual({ changes: true, replaces: [] });
  });
  it("a Failed asset is replaced even when the inputs are unchanged", () => {
    expect(diffBySpec(ASSET_DIFF, { ...asset, status: "Failed" }, asset)).toEqual({ changes: true, replaces: ["status"], deleteBeforeReplace: true });
  });
});

describe("AssetGroup diff", () => {
  it("rename and description are in place; the stored (prefixed) name is not an input", () => {
    expect(diffBySpec(ASSET_GROUP_DIFF, group, { ...group, storedName: undefined })).toEqual({ changes: false, replaces: [] });
    expect(diffBySpec(ASSET_GROUP_DIFF, group, { ...group, name: "heroes", description: "x" })).toEqual({ changes: true, replaces: [] });
  });
  it("a new project replaces", () => {
    expect(diffBySpec(ASSET_GROUP_DIFF, group, { ...group, projectName: "other" })).toEqual({ changes: true, replaces: ["projectName"] });
  });
});

describe("helpers", () => {
  it("deepEqual treats a missing key and undefined alike; containsUnknown looks inside", () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [1, 3] })).toBe(false);
    expect(containsUnknown({ a: [{ b: UNKNOWN }] })).toBe(true);
    expect(containsUnknown({ a: "x" })).toBe(false);
  });
});

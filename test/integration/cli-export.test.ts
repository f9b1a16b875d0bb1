/**
 * `seedance-assets export` (cli/commands/export.ts) reading the real emulator through the real client: what it
 * writes, what it leaves out, and the gateways it cannot read. The Pulumi side (adoption of what it writes) is in
 * test/e2e/export.test.ts.
 */
import { describe, expect, it } from "vitest";
import { exportLibrary, linkExpiry } from "../../cli/commands/export.js";
import { getDialect } from "../../provider/gateways/index.js";
import { parseLibrary } from "../../provider/library.js";
import { clientFor, emulator, sampleUrl, settled, useCleanup } from "../support/emulator.js";

useCleanup();

describe("seedance-assets export", () => {
  it("writes every named, unfailed asset per group, with unique keys, the link's expiry, and adopt: true", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect("anyfast"));
    const { Id: g1 } = await client.call("CreateAssetGroup", { Name: "cast", Description: "the cast", GroupType: "AIGC", ProjectName: "default" });
    const { Id: g2 } = await client.call("CreateAssetGroup", { Name: "cast", GroupType: "AIGC", ProjectName: "default" });
    const ok = await client.call("CreateAsset", { GroupId: g1, Name: "hero", AssetType: "Image", URL: sampleUrl(e, "hero.png", { width: 640, height: 480 }), ProjectName: "default" });
    const bad = await client.call("CreateAsset", { GroupId: g1, Name: "broken", AssetType: "Image", URL: sampleUrl(e, "tiny.png", { width: 10, height: 10 }), ProjectName: "default" });
    const other = await client.call("CreateAsset", { GroupId: g2, Name: "hero", AssetType: "Image", URL: sampleUrl(e, "hero2.png", { width: 700, height: 500 }), ProjectName: "default" });
    await settled(client, ok.Id);
    await settled(client, other.Id);
    expect((await settled(client, bad.Id)).Status).toBe("Failed");
    await e.admin.idle();

    const now = new Date("2026-12-02T08:00:00Z");
    const result = await exportLibrary({ client, projectName: "default", gateway: "anyfast", now });
    const library = parseLibrary(result.yaml, "library.yaml");
    expect(result).toMatchObject({ groups: 2, assets: 2 });
    expect(library.adopt).toBe(true);
    // Two groups named "cast": the second gets its own key and keeps the name.
    const keys = Object.keys(library.groups).sort();
    expect(keys).toEqual(["cast", "cast-2"]);
    const named = Object.values(library.groups).map((g) => g.name ?? "cast");
    expect(named).toEqual(["cast", "cast"]);
    // Names the gateway does not keep unique are adopted by id.
    expect(Object.values(library.groups).map((g) => g.groupId).sort()).toEqual([g1, g2].sort());
    const withDescription = Object.values(library.groups).find((g) => g.description === "the cast")!;
    expect(Object.keys(withDescription.assets)).toEqual(["hero"]);
    expect(withDescription.assets["hero"]).toMatchObject({ type: "Image" });
    expect(withDescription.assets["hero"]!.url).toMatch(/\/_emulator\/tos\/asset-[\w-]+\?X-Tos-Algorithm=/);
    expect(result.skipped).toEqual([expect.stringMatching(new RegExp(`^asset ${bad.Id} \\(broken\\): Failed \\(\\w+\\); the gateway will not finish it$`))]);
    expect(result.yaml).toMatch(/# Exported by seedance-assets export from anyfast, project default, 2026-12-02T08:00:00.000Z/);
    expect(result.yaml).toMatch(new RegExp(`# ${ok.Id}: the gateway's presigned link, valid until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ`));
  });

  it("reads the expiry of TOS and S3 presigned links", () => {
    expect(linkExpiry("https://b.tos-cn-beijing.volces.com/o?X-Tos-Date=20261202T080000Z&X-Tos-Expires=43200&X-Tos-Signature=x")).toBe("2026-12-02T20:00:00Z");
    expect(linkExpiry("https://s3.example.com/o?X-Amz-Date=20261202T080000Z&X-Amz-Expires=3600")).toBe("2026-12-02T09:00:00Z");
    expect(linkExpiry("https://example.com/plain.png")).toBeUndefined();
  });

  it("refuses a gateway that cannot list assets, saying why", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect("agentsflare"));
    await expect(exportLibrary({ client, projectName: "default", gateway: "agentsflare" })).rejects.toThrow(/agentsflare has no ListAssets: an existing library cannot be read/);
  });
});

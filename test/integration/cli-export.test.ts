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
import { verifiedGroup } from "../support/liveness.js";

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
    expect(result.skipped).toEqual([
      expect.stringMatching(/^real-person \(LivenessFace\) groups: anyfast does not list them/),
      expect.stringMatching(new RegExp(`^asset ${bad.Id} \\(broken\\): Failed \\(\\w+\\); the gateway will not finish it$`)),
    ]);
    expect(result.yaml).toMatch(/# Exported by seedance-assets export from anyfast, project default, 2026-12-02T08:00:00.000Z/);
    expect(result.yaml).toMatch(new RegExp(`# ${ok.Id}: the gateway's presigned link, valid until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ`));
  });

  it("writes a real person's (LivenessFace) group by its id, with its assets, where the gateway lists them", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect("volcengine"));
    const ana = await verifiedGroup(e, client, "ana");
    const { Id: front } = await client.createAsset({ GroupId: ana, Name: "front", AssetType: "Image", URL: sampleUrl(e, "front.face-ana.png", { width: 640, height: 480 }) });
    const { Id: scenes } = await client.call("CreateAssetGroup", { Name: "scenes", GroupType: "AIGC", ProjectName: "default" });
    expect((await settled(client, front)).Status).toBe("Active");
    await e.admin.idle();

    const result = await exportLibrary({ client, projectName: "default", gateway: "volcengine" });
    expect(result).toMatchObject({ groups: 2, assets: 1, skipped: [] });
    const library = parseLibrary(result.yaml, "library.yaml");
    const byId = Object.values(library.groups).find((g) => g.groupId === ana);
    expect(byId, result.yaml).toBeDefined();
    expect(Object.keys(byId!.assets)).toEqual(["front"]);
    // The AIGC group is still adopted by name.
    expect(Object.values(library.groups).filter((g) => g.groupId === undefined)).toHaveLength(1);
    expect(scenes).toMatch(/^group-/);
  });

  it("says where real-person groups cannot be listed (Anyfast hides them), and does not ask where none can exist", async () => {
    const e = await emulator();
    const anyfast = clientFor(e, getDialect("anyfast"));
    await verifiedGroup(e, anyfast, "ana");
    const hidden = await exportLibrary({ client: anyfast, projectName: "default", gateway: "anyfast" });
    expect(hidden.groups).toBe(0);
    expect(hidden.skipped).toEqual([expect.stringMatching(/^real-person \(LivenessFace\) groups: anyfast does not list them; declare each by the groupId/)]);

    // A gateway without verification has none to list: no note, no call.
    const gogo = clientFor(e, getDialect("gogogotoken"));
    const from = e.requests.length;
    expect((await exportLibrary({ client: gogo, projectName: "default", gateway: "gogogotoken" })).skipped).toEqual([]);
    expect(e.requests.slice(from).filter((r) => r.action === "ListAssetGroups")).toHaveLength(1);
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

/**
 * The project's real GatewayClient against the in-process emulator, table-driven over every dialect
 * (provider/gateways/index.ts DIALECTS) and every Action its capabilities list: the full workflow, the lifecycle
 * to Active and Failed, bad credentials, throttling, pagination, Anyfast's group-name prefix, deletes and faults.
 */
import { describe, expect, it } from "vitest";
import { ACTIONS, type Action, type AssetType } from "../../provider/api.js";
import { DIALECTS, getDialect } from "../../provider/gateways/index.js";
import type { Dialect } from "../../provider/gateways/dialect.js";
import {
  InvalidParameterError,
  NetworkError,
  NotFoundError,
  ThrottledError,
  UnauthorizedError,
  UnsupportedActionError,
} from "../../provider/errors.js";
import { DEFAULT_API_KEY, groupNamePrefix, identityOf } from "../../emulator/auth.js";
import { makeSample } from "../../emulator/samples.js";
import { clientFor, emulator, sampleUrl, settled, useCleanup } from "../support/emulator.js";

useCleanup();

const table = DIALECTS.map((d) => [d.name, d] as const);
const has = (d: Dialect, action: Action) => d.capabilities.actions.includes(action);
/** A well-formed asset id that no test creates (a malformed one answers InvalidParameter.AssetID, not NotFound). */
const ABSENT_ASSET = "asset-20000101000000-absnt";

/** A sample that passes the first published limits, per asset type. */
const GOOD: Record<AssetType, [string, Record<string, number>]> = {
  Image: ["photo.png", { width: 640, height: 480 }],
  Video: ["clip.mp4", { seconds: 3, fps: 30, width: 1280, height: 720 }],
  Audio: ["voice.wav", { seconds: 3 }],
  Document: ["page.png", {}],
};

describe.each(table)("%s", (_name, dialect) => {
  it("serves every Action its capabilities list, end to end", async () => {
    const e = await emulator();
    const client = clientFor(e, dialect);
    const caps = dialect.capabilities;
    const prefix = caps.groupNamePrefix ? groupNamePrefix(identityOf(DEFAULT_API_KEY)) : "";

    let GroupId: string | undefined;
    if (has(dialect, "CreateAssetGroup")) {
      GroupId = (await client.createAssetGroup({ Name: "library", Description: "demo" })).Id;
      expect(GroupId).toMatch(/^group-\d{14}-[a-z0-9]{5}$/);
    }
    if (GroupId && has(dialect, "GetAssetGroup")) {
      expect(await client.getAssetGroup({ Id: GroupId })).toMatchObject({ Id: GroupId, Name: `${prefix}library`, Description: "demo", GroupType: "AIGC" });
    }
    if (GroupId && has(dialect, "ListAssetGroups")) {
      const list = await client.listAssetGroups({ Filter: { Name: "libr" } });
      expect(list.Items.map((g) => g.Id)).toEqual([GroupId]);
    }
    if (GroupId && has(dialect, "UpdateAssetGroup")) {
      expect(await client.updateAssetGroup({ Id: GroupId, Name: "renamed", Description: "new" })).toEqual({ Id: GroupId });
      if (has(dialect, "GetAssetGroup")) expect(await client.getAssetGroup({ Id: GroupId })).toMatchObject({ Name: `${prefix}renamed`, Description: "new" });
    }

    const ids: string[] = [];
    for (const AssetType of caps.assetTypes) {
      const [file, params] = GOOD[AssetType];
      const { Id } = await client.createAsset({ ...(GroupId ? { GroupId } : {}), AssetType, Name: `${AssetType} one`, URL: sampleUrl(e, file, params) });
      expect(Id).toMatch(/^asset-\d{14}-[a-z0-9]{5}$/);
      ids.push(Id);
    }
    for (const [i, Id] of ids.entries()) {
      const asset = await settled(client, Id);
      expect(asset).toMatchObject({ Id, Status: "Active", AssetType: caps.assetTypes[i], Name: `${caps.assetTypes[i]} one` });
      expect(new URL(asset.URL).searchParams.get("X-Tos-Expires")).toBe("43200");
      expect((await fetch(asset.URL)).status).toBe(200);
    }

    if (has(dialect, "ListAssets")) {
      const filter = { ...(GroupId ? { GroupIds: [GroupId] } : {}), ...(caps.listAssetsByStatus ? { Statuses: ["Active" as const] } : {}) };
      const list = await client.listAssets({ Filter: filter });
      expect(list.Items.map((a) => a.Id).sort()).toEqual([...ids].sort());
      expect(list.TotalCount).toBe(ids.length);
    }
    if (has(dialect, "UpdateAsset")) {
      expect(await client.updateAsset({ Id: ids[0]!, Name: "renamed asset" })).toEqual({ Id: ids[0] });
      expect((await client.getAsset({ Id: ids[0]! })).Name).toBe("renamed asset");
    }
    if (has(dialect, "DeleteAsset")) {
      await client.deleteAsset({ Id: ids[0]! });
      await expect(client.getAsset({ Id: ids[0]! })).rejects.toBeInstanceOf(NotFoundError);
    }
    if (GroupId && has(dialect, "DeleteAssetGroup")) {
      await client.deleteAssetGroup({ Id: GroupId });
      await expect(client.getAssetGroup({ Id: GroupId })).rejects.toMatchObject({ gatewayCode: "NotFound.group_id" });
      // The group's remaining assets went with it.
      for (const Id of ids) await expect(client.getAsset({ Id })).rejects.toMatchObject({ gatewayCode: "NotFound.asset_id" });
    }

    if (has(dialect, "CreateVisualValidateSession")) {
      // Real-person verification: the whole flow is in liveness.test.ts.
      const { BytedToken } = await client.createVisualValidateSession({ CallbackURL: "https://example.com/verified" });
      expect(await client.getVisualValidateResult({ BytedToken })).toEqual({ GroupId: "" });
    }

    const reached = new Set(e.requests.filter((r) => r.gateway === dialect.name).map((r) => r.action));
    expect([...reached].sort()).toEqual([...caps.actions].sort());
  });

  it("refuses Actions it does not serve before sending anything", async () => {
    const e = await emulator();
    const client = clientFor(e, dialect);
    for (const action of ACTIONS.filter((a) => !has(dialect, a))) {
      await expect(client.call(action, { Id: "x" } as never)).rejects.toBeInstanceOf(UnsupportedActionError);
    }
    expect(e.requests).toHaveLength(0);
  });

  it("takes an asset from Processing to Active on the emulator's clock", async () => {
    let skewMs = 0;
    const e = await emulator({ processingMs: 10_000, now: () => new Date(Date.now() + skewMs) });
    const client = clientFor(e, dialect);
    const GroupId = dialect.capabilities.groups ? (await client.createAssetGroup({ Name: "g" })).Id : undefined;
    const { Id } = await client.createAsset({ ...(GroupId ? { GroupId } : {}), AssetType: "Image", URL: sampleUrl(e, "a.png") });
    await e.admin.idle();
    expect(await client.getAsset({ Id })).toMatchObject({ Status: "Processing", URL: "" });
    skewMs = 10_001;
    expect(await client.getAsset({ Id })).toMatchObject({ Status: "Active" });
  });

  it("ends Failed with the documented Error.Code when the media breaks the limits", async () => {
    const e = await emulator();
    const client = clientFor(e, dialect);
    const GroupId = dialect.capabilities.groups ? (await client.createAssetGroup({ Name: "g" })).Id : undefined;
    const cases: [AssetType, string, Record<string, number>, string][] = [
      ["Image", "tiny.png", { width: 200, height: 200 }, "WidthTooSmall"],
      ["Image", "banner.png", { width: 3000, height: 1000 }, "AspectRatioTooLarge"],
      ["Image", "clip.mp4", {}, "TypeMismatch"],
      // Longer than every published set allows (15 s, or 30 s for the 4K set some gateways default to).
      ["Video", "long.mp4", { seconds: 31 }, "DurationTooLong"],
      ["Video", "slow.mov", { fps: 12 }, "FpsTooLow"],
      ["Video", "small.mp4", { width: 320, height: 240 }, "PixelCountTooSmall"],
      ["Audio", "short.mp3", { seconds: 1 }, "DurationTooShort"],
    ];
    for (const [AssetType, file, params, code] of cases.filter(([type]) => dialect.capabilities.assetTypes.includes(type))) {
      const { Id } = await client.createAsset({ ...(GroupId ? { GroupId } : {}), AssetType, URL: sampleUrl(e, file, params) });
      const asset = await settled(client, Id);
      expect({ file, Status: asset.Status, Code: asset.Error?.Code }).toEqual({ file, Status: "Failed", Code: code });
      expect(asset.Error?.Message).toBeTruthy();
      expect(asset.URL).toBe("");
    }
  });

  it("refuses bad credentials as the real service does", async () => {
    const e = await emulator();
    if (dialect.capabilities.auth === "bearer") {
      const error = await clientFor(e, dialect, { apiKey: "not-a-key" }).getAsset({ Id: ABSENT_ASSET }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(UnauthorizedError);
      // Agentsflare's bad key is a documented 404 "Key not found" (docs-dkq.pages.dev/en/guide/usage/faq).
      expect(error).toMatchObject({ httpStatus: dialect.name === "agentsflare" ? 404 : 401, attempts: 1 });
      return;
    }
    const wrongSecret = await clientFor(e, dialect, { secretAccessKey: "wrong" }).getAsset({ Id: ABSENT_ASSET }).catch((err: unknown) => err);
    expect(wrongSecret).toBeInstanceOf(UnauthorizedError);
    expect(wrongSecret).toMatchObject({ httpStatus: 401, gatewayCode: "SignatureDoesNotMatch" });
    const unknownKey = await clientFor(e, dialect, { accessKeyId: "AKLTnobody" }).getAsset({ Id: ABSENT_ASSET }).catch((err: unknown) => err);
    expect(unknownKey).toMatchObject({ httpStatus: 401, gatewayCode: "InvalidAccessKey" });
    const skewed = clientFor(e, dialect, {}, { now: () => new Date(Date.now() + 3600_000) });
    await expect(skewed.getAsset({ Id: ABSENT_ASSET })).rejects.toMatchObject({ httpStatus: 400, gatewayCode: "InvalidTimestamp" });
    const otherRegion = clientFor(e, dialect, { region: "cn-shanghai" });
    await expect(otherRegion.getAsset({ Id: ABSENT_ASSET })).rejects.toMatchObject({ gatewayCode: "SignatureDoesNotMatch" });
  });

  it("throttles GetAsset per credential with its documented answer", async () => {
    const e = await emulator({ rateLimits: { GetAsset: { requests: 2, perSeconds: 60 } } });
    const client = clientFor(e, dialect, { maxRetries: 0, rateLimits: { GetAsset: { requests: 1000, perSeconds: 1 } } });
    for (let i = 0; i < 2; i++) await expect(client.getAsset({ Id: ABSENT_ASSET })).rejects.toBeInstanceOf(NotFoundError);
    const error = await client.getAsset({ Id: ABSENT_ASSET }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterSeconds).toBeGreaterThanOrEqual(59);
  });

  it.skipIf(!has(dialect, "ListAssetGroups"))("pages through ListAssetGroups and ListAssets", async () => {
    const e = await emulator();
    const client = clientFor(e, dialect);
    const t0 = Date.parse("2026-03-01T00:00:00Z");
    const groups = Array.from({ length: 25 }, (_, i) =>
      e.admin.seedGroup({ gateway: dialect.name, Name: `g${String(i).padStart(2, "0")}`, CreateTime: new Date(t0 + i * 1000).toISOString() }),
    );
    const pages = await Promise.all([1, 2, 3].map((PageNumber) => client.listAssetGroups({ Filter: {}, PageNumber, PageSize: 10 })));
    expect(pages.map((p) => p.Items.length)).toEqual([10, 10, 5]);
    expect(pages.every((p) => p.TotalCount === 25 && p.PageSize === 10)).toBe(true);
    expect(pages[0]!.Items[0]!.Id).toBe(groups[24]!.Id);
    const asc = await client.listAssetGroups({ Filter: {}, SortOrder: "Asc", PageSize: 3 });
    expect(asc.Items.map((g) => g.Id)).toEqual(groups.slice(0, 3).map((g) => g.Id));
    const all = [];
    for await (const g of client.listAllAssetGroups({ Filter: {}, PageSize: 7 })) all.push(g.Id);
    expect(all).toEqual(groups.map((g) => g.Id).reverse());
    expect((await client.listAssetGroups({ Filter: { GroupIds: [groups[3]!.Id, groups[4]!.Id] } })).TotalCount).toBe(2);
    expect((await client.listAssetGroups({ Filter: { Name: "g1" } })).TotalCount).toBe(10);

    const home = groups[0]!.Id;
    for (let i = 0; i < 12; i++) {
      e.admin.seedAsset({ gateway: dialect.name, GroupId: home, Name: `a${i}`, Status: i % 3 === 0 ? "Failed" : "Active", CreateTime: new Date(t0 + i * 1000).toISOString() });
    }
    const first = await client.listAssets({ Filter: { GroupIds: [home] }, PageSize: 5, SortBy: "CreateTime", SortOrder: "Asc" });
    expect(first).toMatchObject({ TotalCount: 12, PageNumber: 1, PageSize: 5 });
    expect(first.Items.map((a) => a.Name)).toEqual(["a0", "a1", "a2", "a3", "a4"]);
    const failed = await client.listAssets({ Filter: { GroupIds: [home], Statuses: ["Failed"] } });
    expect(failed.TotalCount).toBe(dialect.capabilities.listAssetsByStatus ? 4 : 12);
  });

  it.skipIf(!has(dialect, "DeleteAsset"))("deletes an asset, and answers NotFound for it afterwards", async () => {
    const e = await emulator();
    const client = clientFor(e, dialect);
    const GroupId = dialect.capabilities.groups ? (await client.createAssetGroup({ Name: "g" })).Id : undefined;
    const { Id } = await client.createAsset({ ...(GroupId ? { GroupId } : {}), AssetType: "Image", URL: "https://cdn.example.com/a.jpg" });
    await expect(client.deleteAsset({ Id })).resolves.toEqual({});
    await expect(client.deleteAsset({ Id })).rejects.toMatchObject({ gatewayCode: "NotFound.asset_id" });
  });

  it("does not retry a mutating call whose connection dropped, and the call took effect", async () => {
    const e = await emulator({ faults: { actions: { CreateAsset: { dropRate: 1 } } } });
    const client = clientFor(e, dialect, { maxRetries: 3 });
    const GroupId = dialect.capabilities.groups ? (await client.createAssetGroup({ Name: "g" })).Id : undefined;
    const error = await client.createAsset({ ...(GroupId ? { GroupId } : {}), AssetType: "Image", URL: "https://cdn.example.com/a.jpg" }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect(e.requests.filter((r) => r.action === "CreateAsset")).toHaveLength(1);
    expect(e.admin.snapshot({ gateway: dialect.name }).assets).toHaveLength(1);
  });

  it("retries reads through injected 500/503s (seeded, so the run is repeatable)", async () => {
    const e = await emulator({ faults: { seed: 3, actions: { GetAsset: { errorRate: 0.6 } } } });
    const client = clientFor(e, dialect, { maxRetries: 20 });
    await expect(client.getAsset({ Id: ABSENT_ASSET })).rejects.toBeInstanceOf(NotFoundError);
    const attempts = e.requests.filter((r) => r.action === "GetAsset");
    expect(attempts.at(-1)?.errorCode).toBe("NotFound.asset_id");
    expect(attempts.slice(0, -1).every((r) => r.errorCode === "InternalError" || r.errorCode === "ServiceUnavailableTemp")).toBe(true);
  });
});

describe("Anyfast's per-token group-name prefix", () => {
  const anyfast = getDialect("anyfast");

  it("stores and echoes `[u-…]-[t-…]-` per token; filters match the name without it; tokens are isolated", async () => {
    const e = await emulator({ apiKeys: [DEFAULT_API_KEY, "second-token"] });
    const one = clientFor(e, anyfast);
    const two = clientFor(e, anyfast, { apiKey: "second-token" });
    const { Id } = await one.createAssetGroup({ Name: "characters" });
    const group = await one.getAssetGroup({ Id });
    expect(group.Name).toMatch(/^\[u-\d+\]-\[t-\d+\]-characters$/);
    expect(group.Name).toBe(`${groupNamePrefix(identityOf(DEFAULT_API_KEY))}characters`);
    expect((await one.listAssetGroups({ Filter: { Name: "characters" } })).Items.map((g) => g.Id)).toEqual([Id]);
    expect((await two.listAssetGroups({ Filter: { Name: "characters" } })).TotalCount).toBe(0);
    await expect(two.getAssetGroup({ Id })).rejects.toBeInstanceOf(NotFoundError);
    const { Id: otherId } = await two.createAssetGroup({ Name: "characters" });
    expect((await two.getAssetGroup({ Id: otherId })).Name).not.toBe(group.Name);
  });

  it("takes a multipart file and bare base64", async () => {
    const e = await emulator();
    const client = clientFor(e, anyfast);
    const { Id: GroupId } = await client.createAssetGroup({ Name: "uploads" });
    const png = makeSample("png", { width: 500, height: 500 }).data;
    const fromFile = await client.createAsset({ GroupId, AssetType: "Image", File: { fileName: "face.png", contentType: "image/png", data: png } });
    const fromBase64 = await client.createAsset({ GroupId, AssetType: "Image", URL: Buffer.from(png).toString("base64") });
    expect(await settled(client, fromFile.Id)).toMatchObject({ Status: "Active", Name: "face" });
    expect((await settled(client, fromBase64.Id)).Status).toBe("Active");
  });
});

describe("uploads a gateway does not take", () => {
  it("are refused: by the client before sending, and by the emulator when sent anyway", async () => {
    const e = await emulator();
    const gogo = getDialect("gogogotoken");
    const client = clientFor(e, gogo);
    const { Id: GroupId } = await client.createAssetGroup({ Name: "g" });
    await expect(client.createAsset({ GroupId, AssetType: "Image", URL: "aGVsbG8gd29ybGQ=" })).rejects.toBeInstanceOf(InvalidParameterError);
    const raw = await fetch(`${e.gatewayUrl("gogogotoken")}/v1/seedance/asset/CreateAsset`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEFAULT_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ GroupId, AssetType: "Image", URL: "aGVsbG8gd29ybGQ=" }),
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as any).ResponseMetadata.Error.Code).toBe("InvalidParameter");
  });
});

describe("ProjectName", () => {
  it("scopes groups and assets: another project does not see them", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect("byteplus"));
    const { Id } = await client.createAssetGroup({ Name: "p", ProjectName: "campaign" });
    expect((await client.getAssetGroup({ Id, ProjectName: "campaign" })).ProjectName).toBe("campaign");
    await expect(client.getAssetGroup({ Id })).rejects.toMatchObject({ gatewayCode: "NotFound.group_id" });
  });
});

/**
 * The emulator's admin surface (in process and over HTTP under /_emulator/), presigned object links, the response
 * hook, and media fetched from local URLs.
 */
import { describe, expect, it } from "vitest";
import { getDialect, GATEWAY_NAMES } from "../../provider/gateways/index.js";
import { DEFAULT_API_KEY, groupNamePrefix, identityOf } from "../../emulator/auth.js";
import { makeSample } from "../../emulator/samples.js";
import { bearer, emulator, eventually, failureOf, resultOf, sendAs, signed, useCleanup } from "../support/emulator.js";

useCleanup();

const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("admin over HTTP", () => {
  it("reports health with every gateway's base URL", async () => {
    const e = await emulator();
    const health = (await (await fetch(`${e.url}/_emulator/health`)).json()) as any;
    expect(health.ok).toBe(true);
    expect(health.gateways.map((g: any) => g.name)).toEqual(GATEWAY_NAMES);
    expect(health.gateways[0].baseUrl).toBe(e.url);
  });

  it("seeds groups and assets that the API then returns, and resets them", async () => {
    const e = await emulator();
    const group = (await (await fetch(`${e.url}/_emulator/groups`, json({ gateway: "gogogotoken", Name: "seeded", Id: "group-20260101000000-seedd" }))).json()) as any;
    expect(group).toMatchObject({ Id: "group-20260101000000-seedd", Name: "seeded", GroupType: "AIGC" });
    const res = await fetch(`${e.url}/_emulator/assets`, json({ gateway: "gogogotoken", GroupId: group.Id, Name: "bad", Status: "Failed", Error: { Code: "DurationTooLong", Message: "too long" } }));
    expect(res.status).toBe(201);
    const asset = (await res.json()) as any;
    const got = resultOf((await sendAs(e.url, getDialect("gogogotoken"), "GetAsset", { Id: asset.Id })).decoded);
    expect(got).toMatchObject({ Status: "Failed", Error: { Code: "DurationTooLong", Message: "too long" }, GroupId: group.Id, Name: "bad" });

    const state = (await (await fetch(`${e.url}/_emulator/state?gateway=gogogotoken`)).json()) as any;
    expect(state.groups).toHaveLength(1);
    expect(state.assets).toHaveLength(1);
    await fetch(`${e.url}/_emulator/reset`, json({ gateway: "gogogotoken" }));
    expect(failureOf((await sendAs(e.url, getDialect("gogogotoken"), "GetAsset", { Id: asset.Id })).decoded).code).toBe("NotFound.asset_id");
  });

  it("refuses bad admin input with 400 and unknown groups with 404", async () => {
    const e = await emulator();
    const bad = await fetch(`${e.url}/_emulator/groups`, json({ gateway: "nowhere", Name: "x" }));
    expect(bad.status).toBe(400);
    const noGroup = await fetch(`${e.url}/_emulator/assets`, json({ gateway: "volcengine", GroupId: "group-missing" }));
    expect(noGroup.status).toBe(404);
    expect(((await noGroup.json()) as any).error.code).toBe("UnknownGroup");
    expect((await fetch(`${e.url}/_emulator/nope`)).status).toBe(404);
  });

  it("seeds Anyfast groups with the token's prefix, and LivenessFace groups the API cannot create", async () => {
    const e = await emulator();
    const group = e.admin.seedGroup({ gateway: "anyfast", Name: "faces", GroupType: "LivenessFace" });
    expect(group.Name).toBe(`${groupNamePrefix(identityOf(DEFAULT_API_KEY))}faces`);
    // Anyfast never lists LivenessFace groups (baudevs/OpenMontage anyfast-assets SKILL.md); the native gateways do.
    const list = resultOf((await sendAs(e.url, getDialect("anyfast"), "ListAssetGroups", { Filter: { GroupType: "LivenessFace" } })).decoded);
    expect(list.Items).toEqual([]);
    const native = e.admin.seedGroup({ gateway: "volcengine", Name: "faces", GroupType: "LivenessFace" });
    const nativeList = resultOf((await sendAs(e.url, getDialect("volcengine"), "ListAssetGroups", { Filter: { GroupType: "LivenessFace" } })).decoded);
    expect(nativeList.Items.map((g) => g.Id)).toEqual([native.Id]);
  });

  it("seeds Processing assets that settle later", async () => {
    const e = await emulator();
    const group = e.admin.seedGroup({ gateway: "volcengine", Name: "g" });
    const forever = e.admin.seedAsset({ gateway: "volcengine", GroupId: group.Id, Status: "Processing" });
    const later = e.admin.seedAsset({ gateway: "volcengine", GroupId: group.Id, Status: "Processing", settleAfterMs: 30, settleTo: { Code: "FpsTooLow", Message: "12 fps" } });
    await new Promise((r) => setTimeout(r, 60));
    const snapshot = e.admin.snapshot({ gateway: "volcengine" });
    const byId = Object.fromEntries(snapshot.assets.map((a) => [a.Id, a]));
    expect(byId[forever.Id]!.Status).toBe("Processing");
    expect(byId[later.Id]).toMatchObject({ Status: "Failed", Error: { Code: "FpsTooLow" } });
  });

  it("changes faults, rate limits and processing time at run time", async () => {
    const e = await emulator();
    await fetch(`${e.url}/_emulator/faults`, { ...json({ actions: { ListAssetGroups: { errorRate: 1 } } }), method: "PUT" });
    const faulty = await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" } } });
    expect([500, 503]).toContain(faulty.status);
    expect(["InternalError", "ServiceUnavailableTemp"]).toContain(faulty.body.ResponseMetadata.Error.Code);
    expect((await signed(e.url, { action: "GetAssetGroup", body: { Id: "group-20000101000000-absnt" } })).status).toBe(404);
    await fetch(`${e.url}/_emulator/faults`, { ...json({}), method: "PUT" });
    expect((await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" } } })).status).toBe(200);

    await fetch(`${e.url}/_emulator/rate-limits`, { ...json({ ListAssetGroups: { requests: 1, perSeconds: 60 } }), method: "PUT" });
    expect((await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" } } })).status).toBe(200);
    const throttled = await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" } } });
    expect(throttled.status).toBe(429);
    expect(throttled.body.ResponseMetadata.Error).toMatchObject({ Code: "FlowLimitExceeded", CodeN: 100018 });
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);

    const put = await fetch(`${e.url}/_emulator/processing`, { ...json({ processingMs: 5000 }), method: "PUT" });
    expect(put.status).toBe(200);
    const log = (await (await fetch(`${e.url}/_emulator/requests`)).json()) as any[];
    expect(log.map((l) => l.status)).toEqual([faulty.status, 404, 200, 200, 429]);
  });

  it("serves sample media and refuses unknown sample kinds", async () => {
    const e = await emulator();
    const mp4 = await fetch(`${e.url}/_emulator/samples/clip.mp4?seconds=3&fps=30`);
    expect(mp4.headers.get("content-type")).toBe("video/mp4");
    expect(Buffer.from(await mp4.arrayBuffer())).toEqual(Buffer.from(makeSample("mp4", { seconds: 3, fps: 30 }).data));
    expect((await fetch(`${e.url}/_emulator/samples/clip.avi`)).status).toBe(404);
    expect((await fetch(`${e.url}/_emulator/samples/a.png?width=-1`)).status).toBe(400);
  });
});

describe("presigned object links", () => {
  async function activeAsset(e: Awaited<ReturnType<typeof emulator>>) {
    const anyfast = getDialect("anyfast");
    const { Id: GroupId } = resultOf((await sendAs(e.url, anyfast, "CreateAssetGroup", { Name: "g" })).decoded);
    const URL = `${e.url}/_emulator/samples/photo.png?width=640&height=480`;
    const { Id } = resultOf((await sendAs(e.url, anyfast, "CreateAsset", { GroupId, AssetType: "Image", URL })).decoded);
    return eventually(async () => {
      const a = resultOf((await sendAs(e.url, anyfast, "GetAsset", { Id })).decoded);
      return a.Status === "Active" ? a : undefined;
    });
  }

  it("links to the object the emulator fetched, valid 12 hours, not to the source URL", async () => {
    let skewMs = 0;
    const e = await emulator({ now: () => new Date(Date.now() + skewMs) });
    const asset = await activeAsset(e);
    const link = new URL(asset.URL);
    expect(link.origin).toBe(e.url);
    expect(link.searchParams.get("X-Tos-Expires")).toBe("43200");
    expect(link.searchParams.get("X-Tos-Date")).toMatch(/^\d{8}T\d{6}Z$/);
    const object = await fetch(asset.URL);
    expect(object.status).toBe(200);
    expect(object.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await object.arrayBuffer())).toEqual(Buffer.from(makeSample("png", { width: 640, height: 480 }).data));

    const tampered = new URL(asset.URL);
    tampered.searchParams.set("X-Tos-Expires", "999999");
    expect((await fetch(tampered)).status).toBe(403);
    skewMs = 12 * 3600_000 + 1000;
    const expired = await fetch(asset.URL);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as any).Code).toBe("AccessDenied");
  });

  it("gives no link while Processing or Failed", async () => {
    const e = await emulator({ processingMs: 10_000 });
    const g = e.admin.seedGroup({ gateway: "volcengine", Name: "g" });
    const created = await signed(e.url, { action: "CreateAsset", body: { GroupId: g.Id, AssetType: "Image", URL: "https://example.com/a.png" } });
    const got = await signed(e.url, { action: "GetAsset", body: { Id: created.body.Result.Id } });
    expect(got.body.Result).toMatchObject({ Status: "Processing", URL: "" });
    expect(got.body.Result.Error).toBeUndefined();
  });

  it("redirects to the source for URLs it could not fetch, and serves a sample for seeded assets", async () => {
    const e = await emulator();
    const g = e.admin.seedGroup({ gateway: "volcengine", Name: "g" });
    const remote = e.admin.seedAsset({ gateway: "volcengine", GroupId: g.Id, URL: "https://cdn.example.com/a.png" });
    const redirect = await fetch(remote.URL, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("https://cdn.example.com/a.png");
    const seeded = e.admin.seedAsset({ gateway: "volcengine", GroupId: g.Id, AssetType: "Audio" });
    const sample = await fetch(seeded.URL);
    expect(sample.headers.get("content-type")).toBe("audio/wav");
  });
});

describe("media from local URLs", () => {
  it("fails with DownloadFailed when the URL answers an error or nothing listens", async () => {
    const e = await emulator();
    const g = e.admin.seedGroup({ gateway: "volcengine", Name: "g" });
    const ids: string[] = [];
    for (const URL of [`${e.url}/_emulator/samples/missing.xyz`, "http://127.0.0.1:1/a.png"]) {
      ids.push((await signed(e.url, { action: "CreateAsset", body: { GroupId: g.Id, AssetType: "Image", URL } })).body.Result.Id);
    }
    await e.admin.idle();
    await new Promise((r) => setTimeout(r, 30));
    for (const Id of ids) {
      const got = await signed(e.url, { action: "GetAsset", body: { Id } });
      expect(got.body.Result).toMatchObject({ Status: "Failed", Error: { Code: "DownloadFailed" } });
    }
  });

  it("judges other hosts' URLs by extension", async () => {
    const e = await emulator();
    const g = e.admin.seedGroup({ gateway: "volcengine", Name: "g" });
    const ok = (await signed(e.url, { action: "CreateAsset", body: { GroupId: g.Id, AssetType: "Video", URL: "https://cdn.example.com/clip.mov" } })).body.Result.Id;
    const bad = (await signed(e.url, { action: "CreateAsset", body: { GroupId: g.Id, AssetType: "Video", URL: "https://cdn.example.com/clip.png" } })).body.Result.Id;
    await e.admin.idle();
    await new Promise((r) => setTimeout(r, 30));
    expect((await signed(e.url, { action: "GetAsset", body: { Id: ok } })).body.Result.Status).toBe("Active");
    expect((await signed(e.url, { action: "GetAsset", body: { Id: bad } })).body.Result.Error.Code).toBe("TypeMismatch");
  });
});

describe("responseHook", () => {
  it("rewrites answers, to simulate a gateway that drifted", async () => {
    const e = await emulator({
      responseHook: (ctx, wire) =>
        ctx.gateway === "gogogotoken" && ctx.action === "CreateAssetGroup" ? { ...wire, body: { ResponseMetadata: {}, Result: { GroupID: "renamed" } } } : wire,
    });
    const gogo = await bearer(e.url, "/v1/seedance/asset/CreateAssetGroup", { Name: "x" });
    expect(gogo.body.Result).toEqual({ GroupID: "renamed" });
    const other = await bearer(e.url, "/volc/asset/CreateAssetGroup", { Name: "x" });
    expect(other.body.Id).toMatch(/^group-/);
  });
});

/**
 * The native dialect (Volcengine Ark, BytePlus ModelArk) as its public sources say — issue 8, "Second look" —
 * proven against the real emulator over HTTP: raw signed requests for what the emulator must refuse, the project's
 * GatewayClient for what the client must send and read, the status watcher and the Asset/AssetGroup providers for
 * eventual consistency. Sources are named in provider/gateways/native.ts and emulator/README.md.
 */
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { ResponseHook } from "../../emulator/server.js";
import { LIMIT_SETS } from "../../provider/media/limits.js";
import { ForbiddenError, InvalidParameterError, NotFoundError, type GatewayError } from "../../provider/errors.js";
import { getDialect } from "../../provider/gateways/index.js";
import { LOGID_HEADER } from "../../provider/gateways/native.js";
import { resetForTests } from "../../provider/resources/context.js";
import { providers } from "../../provider/resources/runtime.js";
import { StatusWatcher, type WatchTarget } from "../../provider/resources/watcher.js";
import { configFor, configureWith, createResource } from "../support/resources.js";
import { clientFor, emulator, sampleUrl, settled, signed, useCleanup } from "../support/emulator.js";

useCleanup();
afterEach(async () => {
  await resetForTests();
});

const NATIVE = [
  ["volcengine", "cn-beijing"],
  ["byteplus", "ap-southeast-1"],
] as const;
const ISO_UTC_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const realSleep = (ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {});
const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as GatewayError);

describe.each(NATIVE)("%s lists", (gateway, region) => {
  it("refuse a list without Filter, and a Filter without GroupType; the client always sends GroupType", async () => {
    const e = await emulator();
    for (const action of ["ListAssets", "ListAssetGroups"]) {
      const noFilter = await signed(e.url, { action, body: { PageSize: 10 }, region });
      expect(noFilter.status).toBe(400);
      expect(noFilter.body.ResponseMetadata.Error).toMatchObject({ Code: "MissingParameter.Filter", CodeN: 100002 });
      const noType = await signed(e.url, { action, body: { Filter: { Name: "x" } }, region });
      expect(noType.status).toBe(400);
      expect(noType.body.ResponseMetadata.Error).toMatchObject({ Code: "MissingParameter.Filter.GroupType", CodeN: 100002 });
      const typed = await signed(e.url, { action, body: { Filter: { GroupType: "AIGC" } }, region });
      expect(typed.status).toBe(200);
    }
    // The client names no GroupType here; it sends AIGC, or the emulator would refuse the call.
    const client = clientFor(e, getDialect(gateway));
    await client.createAssetGroup({ Name: "typed" });
    expect((await client.listAssetGroups({ Filter: { Name: "typed" } })).Items).toHaveLength(1);
    expect((await client.listAssets({ Filter: {} })).Items).toEqual([]);
  });

  it("page 10 by default and at most 100, newest first, ListAssets also by GroupId; times are UTC to the second", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect(gateway));
    const groups: string[] = [];
    for (let i = 0; i < 12; i++) {
      e.admin.seedGroup({ gateway, Name: `g${String(i).padStart(2, "0")}`, CreateTime: new Date(Date.UTC(2026, 6, 15, 4, 43, i)).toISOString() });
    }
    const first = await client.listAssetGroups({ Filter: { GroupType: "AIGC" } });
    expect(first).toMatchObject({ PageNumber: 1, PageSize: 10, TotalCount: 12 });
    expect(first.Items.map((g) => g.Name)).toEqual(["g11", "g10", "g09", "g08", "g07", "g06", "g05", "g04", "g03", "g02"]);
    expect(first.Items[0]!.CreateTime).toBe("2026-07-15T04:43:11Z");
    for (const g of first.Items) expect(g.UpdateTime).toMatch(ISO_UTC_SECONDS);
    const tooBig = await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" }, PageSize: 101 }, region });
    expect(tooBig.body.ResponseMetadata.Error).toMatchObject({ Code: "InvalidParameter" });
    expect(tooBig.body.ResponseMetadata.Error.Message).toContain("PageSize");

    for (const name of ["g05", "g01", "g09"]) {
      const group = first.Items.find((g) => g.Name === name) ?? (await client.listAssetGroups({ Filter: { GroupType: "AIGC", Name: name } })).Items[0]!;
      groups.push(group.Id);
      e.admin.seedAsset({ gateway, GroupId: group.Id, Name: `in-${name}` });
    }
    const byGroup = await client.listAssets({ Filter: {}, SortBy: "GroupId", SortOrder: "Asc" });
    expect(byGroup.Items.map((a) => a.GroupId)).toEqual([...groups].sort());
    for (const a of byGroup.Items) expect(a.CreateTime).toMatch(ISO_UTC_SECONDS);
  });
});

describe.each(NATIVE)("%s ids", (gateway, region) => {
  it("carry digits in their suffix; a malformed id is InvalidParameter.AssetID, a deleted one NotFound.asset_id", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect(gateway));
    // The documented example of a live id (byteplus-sa/ark-mcp plans/PLAN_MODELARK_ASSET_LIBRARY_VALIDATION.md).
    const group = e.admin.seedGroup({ gateway, Id: "group-20260924075329-67prc", Name: "validation" });
    expect(await client.getAssetGroup({ Id: group.Id })).toMatchObject({ Id: "group-20260924075329-67prc" });
    const { Id } = await client.createAsset({ GroupId: group.Id, AssetType: "Image", URL: sampleUrl(e, "a.png", { width: 640, height: 640 }), Name: "digits" });
    expect(Id).toMatch(/^asset-\d{14}-[a-z0-9]{5}$/);
    const made = new Set<string>();
    for (let i = 0; i < 30; i++) made.add((await client.createAssetGroup({ Name: `ids-${i}` })).Id.slice(-5));
    expect([...made].some((suffix) => /\d/.test(suffix))).toBe(true);

    const malformed = await rejection(client.getAsset({ Id: "asset-fake-nonexistent-id" }));
    expect(malformed).toBeInstanceOf(InvalidParameterError);
    expect(malformed).toMatchObject({ httpStatus: 400, gatewayCode: "InvalidParameter.AssetID", gatewayMessage: "Id is Invalid" });
    expect(malformed!.message).toContain("not a well-formed asset id");
    const badGroup = await signed(e.url, { action: "GetAssetGroup", body: { Id: "my-group" }, region });
    expect(badGroup.body.ResponseMetadata.Error).toMatchObject({ Code: "InvalidParameter.GroupID", Message: "Id is Invalid" });

    await client.deleteAsset({ Id });
    const deleted = await rejection(client.getAsset({ Id }));
    expect(deleted).toBeInstanceOf(NotFoundError);
    expect(deleted).toMatchObject({ httpStatus: 404, gatewayCode: "NotFound.asset_id" });
  });
});

describe("BytePlus-only fields", () => {
  it("GetAsset and ListAssets carry Moderation{Strategy} and LastInferenceTime at byteplus, neither at volcengine", async () => {
    const e = await emulator();
    const byteplus = clientFor(e, getDialect("byteplus"));
    const { Id: GroupId } = await byteplus.createAssetGroup({ Name: "moderated" });
    const { Id } = await byteplus.createAsset({ GroupId, AssetType: "Image", URL: "https://example.com/a.png", Name: "skip", Moderation: { Strategy: "Skip" } });
    const { Id: plain } = await byteplus.createAsset({ GroupId, AssetType: "Image", URL: "https://example.com/b.png", Name: "default" });
    expect((await byteplus.getAsset({ Id })).Moderation).toEqual({ Strategy: "Skip" });
    expect((await byteplus.getAsset({ Id: plain })).Moderation).toEqual({ Strategy: "Default" });
    const used = e.admin.seedAsset({ gateway: "byteplus", GroupId, Name: "used", LastInferenceTime: "2026-08-01T10:00:00Z" });
    expect(used).toMatchObject({ LastInferenceTime: "2026-08-01T10:00:00Z", Moderation: { Strategy: "Default" } });
    const listed = await byteplus.listAssets({ Filter: { GroupIds: [GroupId] } });
    expect(listed.Items.find((a) => a.Id === used.Id)).toMatchObject({ LastInferenceTime: "2026-08-01T10:00:00Z", Moderation: { Strategy: "Default" } });
    expect(listed.Items.find((a) => a.Id === Id)!.LastInferenceTime).toBeUndefined();

    const volcengine = clientFor(e, getDialect("volcengine"));
    const { Id: vg } = await volcengine.createAssetGroup({ Name: "plain" });
    const { Id: va } = await volcengine.createAsset({ GroupId: vg, AssetType: "Image", URL: "https://example.com/a.png" });
    const raw = await signed(e.url, { action: "GetAsset", body: { Id: va }, region: "cn-beijing" });
    expect(raw.body.Result).not.toHaveProperty("Moderation");
    expect(raw.body.Result).not.toHaveProperty("LastInferenceTime");
  });

  it("the Asset resource exposes them as outputs, never as inputs or drift", async () => {
    const e = await emulator();
    configureWith(configFor(e, "byteplus"));
    const group = await createResource("AssetGroup", { name: "outputs" });
    const { id, outs } = await createResource("Asset", { groupId: group.id, name: "hero", assetType: "Image", source: { url: "https://example.com/hero.png" } });
    expect(outs).toMatchObject({ status: "Active", moderationStrategy: "Default" });
    expect(outs["lastInferenceTime"]).toBeUndefined();
    const Asset = providers.Asset as unknown as Record<string, (...args: any[]) => Promise<any>>;
    const read = await Asset["read"]!(id, outs);
    expect(read.props).toMatchObject({ moderationStrategy: "Default" });
    expect(read.inputs).not.toHaveProperty("moderationStrategy");
    expect(read.inputs).not.toHaveProperty("lastInferenceTime");
    expect(await Asset["diff"]!(id, read.props, read.inputs)).toEqual({ changes: false, replaces: [] });

    const used = e.admin.seedAsset({ gateway: "byteplus", GroupId: group.id, Name: "used", ModerationStrategy: "Skip", LastInferenceTime: "2026-08-01T10:00:00Z" });
    const usedRead = await Asset["read"]!(used.Id, { ...outs, name: "used" });
    expect(usedRead.props).toMatchObject({ moderationStrategy: "Skip", lastInferenceTime: "2026-08-01T10:00:00Z" });
    expect(await Asset["diff"]!(used.Id, usedRead.props, usedRead.inputs)).toEqual({ changes: false, replaces: [] });

    configureWith(configFor(e, "volcengine"));
    const vGroup = await createResource("AssetGroup", { name: "outputs" });
    const plain = await createResource("Asset", { groupId: vGroup.id, name: "hero", assetType: "Image", source: { url: "https://example.com/hero.png" } });
    expect(plain.outs["moderationStrategy"]).toBeUndefined();
  });

  it("BytePlus pages by cursor (MaxResults → NextToken) and the client's iterators use it; Volcengine pages by number", async () => {
    const sent: { gateway: string; request: unknown }[] = [];
    const hook: ResponseHook = (ctx, wire) => {
      if (ctx.action === "ListAssets" && ctx.request) sent.push({ gateway: ctx.gateway, request: ctx.request });
      return wire;
    };
    const e = await emulator({ responseHook: hook });
    for (const gateway of ["byteplus", "volcengine"] as const) {
      const group = e.admin.seedGroup({ gateway, Name: "many" });
      for (let i = 0; i < 25; i++) e.admin.seedAsset({ gateway, GroupId: group.Id, Name: `a${i}` });
    }
    const byteplus = clientFor(e, getDialect("byteplus"));
    const ids: string[] = [];
    for await (const a of byteplus.listAllAssets({ Filter: {}, MaxResults: 10 })) ids.push(a.Id);
    expect(new Set(ids).size).toBe(25);
    const bpRequests = sent.filter((s) => s.gateway === "byteplus").map((s) => s.request as Record<string, unknown>);
    expect(bpRequests).toHaveLength(3);
    expect(bpRequests.every((r) => r["MaxResults"] === 10 && r["PageNumber"] === undefined && r["PageSize"] === undefined)).toBe(true);
    expect(bpRequests[0]!["NextToken"]).toBeUndefined();
    expect(bpRequests[1]!["NextToken"]).toEqual(expect.any(String));

    const raw = (body: unknown) => signed(e.url, { action: "ListAssets", body, region: "ap-southeast-1" });
    const page1 = await raw({ Filter: { GroupType: "AIGC" }, MaxResults: 20 });
    expect(Object.keys(page1.body.Result).sort()).toEqual(["Items", "NextToken"]);
    const page2 = await raw({ Filter: { GroupType: "AIGC" }, MaxResults: 20, NextToken: page1.body.Result.NextToken });
    expect(page2.body.Result.Items).toHaveLength(5);
    expect(page2.body.Result.NextToken).toBeUndefined();
    const mixed = await raw({ Filter: { GroupType: "AIGC" }, MaxResults: 20, PageNumber: 2 });
    expect(mixed.body.ResponseMetadata.Error).toMatchObject({ Code: "InvalidParameter" });
    expect(mixed.body.ResponseMetadata.Error.Message).toContain("cannot be combined");
    const forged = await raw({ Filter: { GroupType: "AIGC" }, NextToken: "not-a-token" });
    expect(forged.body.ResponseMetadata.Error).toMatchObject({ Code: "InvalidParameter.NextToken" });
    await expect(byteplus.listAssets({ Filter: {}, MaxResults: 5, PageSize: 5 })).rejects.toMatchObject({ gatewayCode: "ClientValidation", field: "MaxResults" });

    const volcengine = clientFor(e, getDialect("volcengine"));
    const vIds: string[] = [];
    for await (const a of volcengine.listAllAssets({ Filter: {} })) vIds.push(a.Id);
    expect(new Set(vIds).size).toBe(25);
    const vRequests = sent.filter((s) => s.gateway === "volcengine").map((s) => s.request as Record<string, unknown>);
    expect(vRequests.every((r) => r["PageNumber"] !== undefined && r["MaxResults"] === undefined)).toBe(true);
    await expect(volcengine.listAssets({ Filter: {}, MaxResults: 5 })).rejects.toMatchObject({ gatewayCode: "ClientValidation", field: "MaxResults" });
    // Upstream ignores fields it does not know: Volcengine answers a MaxResults request in page mode.
    const ignored = await signed(e.url, { action: "ListAssets", body: { Filter: { GroupType: "AIGC" }, MaxResults: 5 }, region: "cn-beijing" });
    expect(ignored.body.Result).toMatchObject({ TotalCount: 25, PageNumber: 1, PageSize: 10 });
  });

  it("BytePlus sends its request id as X-Tt-Logid, and the client reads it when the body has none", async () => {
    let stripBody = false;
    const e = await emulator({
      responseHook: (_ctx, wire) => (stripBody ? { ...wire, body: { ResponseMetadata: { Error: { Code: "InternalError", Message: "no id in the body" } } } } : wire),
    });
    const ok = await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" } }, region: "ap-southeast-1" });
    expect(ok.headers.get(LOGID_HEADER)).toBe(ok.body.ResponseMetadata.RequestId);
    const failed = await signed(e.url, { action: "GetAsset", body: { Id: "asset-20000101000000-absnt" }, region: "ap-southeast-1" });
    expect(failed.headers.get(LOGID_HEADER)).toBe(failed.body.ResponseMetadata.RequestId);
    const volc = await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" } }, region: "cn-beijing" });
    expect(volc.headers.get(LOGID_HEADER)).toBeNull();

    stripBody = true;
    const client = clientFor(e, getDialect("byteplus"), { maxRetries: 0 });
    const error = await rejection(client.getAssetGroup({ Id: "group-20000101000000-absnt" }));
    expect(error!.requestId).toMatch(/^\d{14}[0-9A-F]{18}$/);
    expect(error!.message).toContain(`RequestId ${error!.requestId}`);
  });
});

describe.each(NATIVE)("%s media", (gateway, region) => {
  it("answers a data: URI in URL with InvalidParameter.URL; the client refuses it before sending", async () => {
    const e = await emulator();
    const group = e.admin.seedGroup({ gateway, Name: "media" });
    const r = await signed(e.url, { action: "CreateAsset", body: { GroupId: group.Id, AssetType: "Image", URL: "data:image/png;base64,iVBORw0KGgo=" }, region });
    expect(r.status).toBe(400);
    expect(r.body.ResponseMetadata.Error).toMatchObject({ Code: "InvalidParameter.URL" });
    const client = clientFor(e, getDialect(gateway));
    await expect(client.createAsset({ GroupId: group.Id, AssetType: "Image", URL: "data:image/png;base64,iVBORw0KGgo=" })).rejects.toMatchObject({
      gatewayCode: "ClientValidation",
      field: "URL",
    });
    expect(e.requests.filter((x) => x.action === "CreateAsset")).toHaveLength(1);
  });

  it("fails an image in a format the service does not take with UnsupportedImageFormat", async () => {
    const limits = { ...LIMIT_SETS.first, image: { ...LIMIT_SETS.first.image, formats: LIMIT_SETS.first.image.formats.filter((f) => f !== "gif") } };
    const e = await emulator({ limits });
    const client = clientFor(e, getDialect(gateway));
    const { Id: GroupId } = await client.createAssetGroup({ Name: "formats" });
    const gif = await client.createAsset({ GroupId, AssetType: "Image", URL: sampleUrl(e, "a.gif", { width: 640, height: 640 }) });
    const avif = await client.createAsset({ GroupId, AssetType: "Image", URL: "https://example.com/photo.avif" });
    const junk = await client.createAsset({ GroupId, AssetType: "Image", URL: sampleUrl(e, "a.wav") });
    expect((await settled(client, gif.Id)).Error).toMatchObject({ Code: "UnsupportedImageFormat" });
    expect((await settled(client, avif.Id)).Error).toMatchObject({ Code: "UnsupportedImageFormat" });
    // Not an image at all: the documented TypeMismatch, not a format question.
    expect((await settled(client, junk.Id)).Error).toMatchObject({ Code: "TypeMismatch" });
  });
});

describe("account states", () => {
  it("answer SubscriptionRequired, AccessDenied (unsigned authorization letter) and QuotaExceeded with their fixes", async () => {
    const e = await emulator({ accountState: "subscriptionRequired" });
    const byteplus = clientFor(e, getDialect("byteplus"));
    const volcengine = clientFor(e, getDialect("volcengine"));
    const noSubscription = await rejection(byteplus.listAssetGroups({ Filter: {} }));
    expect(noSubscription).toBeInstanceOf(ForbiddenError);
    expect(noSubscription).toMatchObject({ httpStatus: 403, gatewayCode: "SubscriptionRequired", gatewayMessage: "This API requires an active subscription." });
    expect(noSubscription!.message).toContain("activate it in the console");

    const put = (body: unknown) => fetch(`${e.url}/_emulator/account`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await put({ state: "authorizationUnsigned" })).status).toBe(200);
    const unsigned = await rejection(volcengine.getAsset({ Id: "asset-20000101000000-absnt" }));
    expect(unsigned).toMatchObject({ httpStatus: 403, gatewayCode: "AccessDenied" });
    expect(unsigned!.message).toContain("sign its one-time authorization letter in the console");

    expect((await put({ state: "quotaExceeded", gateway: "byteplus" })).status).toBe(200);
    await put({ state: "active", gateway: "volcengine" });
    expect((await byteplus.listAssetGroups({ Filter: {} })).Items).toEqual([]);
    const quota = await rejection(byteplus.createAssetGroup({ Name: "one-too-many" }));
    expect(quota).toMatchObject({ httpStatus: 403, gatewayCode: "QuotaExceeded" });
    expect(quota!.message).toContain("quota is used up");
    expect(await volcengine.createAssetGroup({ Name: "fine" })).toMatchObject({ Id: expect.stringMatching(/^group-/) });
    expect((await put({ state: "bankrupt" })).status).toBe(400);
  });
});

describe.each(NATIVE)("%s eventual consistency", (gateway) => {
  it("is off by default: a new group takes assets at once, a new asset is visible at once", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect(gateway), { maxRetries: 0 });
    const { Id: GroupId } = await client.createAssetGroup({ Name: "instant" });
    const { Id } = await client.createAsset({ GroupId, AssetType: "Image", URL: "https://example.com/a.png" });
    expect((await client.getAsset({ Id })).Id).toBe(Id);
  });

  it("retries CreateAsset while the group it just created is not found yet, bounded", async () => {
    const e = await emulator({ consistency: { groupLagMs: 400 } });
    const client = clientFor(e, getDialect(gateway), {}, { sleep: realSleep, groupPropagation: { retryDelayMs: 150, retries: 5 } });
    const { Id: GroupId } = await client.createAssetGroup({ Name: "fresh" });
    const { Id } = await client.createAsset({ GroupId, AssetType: "Image", URL: "https://example.com/a.png" });
    expect(Id).toMatch(/^asset-/);
    const creates = e.requests.filter((r) => r.action === "CreateAsset");
    expect(creates.length).toBeGreaterThanOrEqual(2);
    expect(creates.slice(0, -1).every((r) => r.errorCode === "NotFound.group_id")).toBe(true);
    expect(creates.at(-1)!.status).toBe(200);

    // Bounded: a group that stays invisible fails after retries + 1 attempts, with the gateway's NotFound.
    const slow = await emulator({ consistency: { groupLagMs: 60_000 } });
    const impatient = clientFor(slow, getDialect(gateway), {}, { sleep: realSleep, groupPropagation: { retryDelayMs: 20, retries: 2 } });
    const { Id: stuck } = await impatient.createAssetGroup({ Name: "stuck" });
    const error = await rejection(impatient.createAsset({ GroupId: stuck, AssetType: "Image", URL: "https://example.com/a.png" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ gatewayCode: "NotFound.group_id" });
    expect(slow.requests.filter((r) => r.action === "CreateAsset")).toHaveLength(3);

    // A group this client did not just create: "not found" is the truth, no retry.
    const stranger = clientFor(slow, getDialect(gateway), {}, { sleep: realSleep, groupPropagation: { retryDelayMs: 20, retries: 2 } });
    await expect(stranger.createAsset({ GroupId: stuck, AssetType: "Image", URL: "https://example.com/a.png" })).rejects.toBeInstanceOf(NotFoundError);
    expect(slow.requests.filter((r) => r.action === "CreateAsset")).toHaveLength(4);
  });

  it("hides a just-created asset from GetAsset and ListAssets for a while; the watcher waits instead of calling it gone", async () => {
    const e = await emulator({ consistency: { assetLagMs: 400 }, processingMs: 30 });
    const client = clientFor(e, getDialect(gateway), { maxRetries: 0 });
    const group = e.admin.seedGroup({ gateway, Name: "lagging" });
    const { Id } = await client.createAsset({ GroupId: group.Id, AssetType: "Image", URL: "https://example.com/a.png" });
    await expect(client.getAsset({ Id })).rejects.toBeInstanceOf(NotFoundError);
    expect((await client.listAssets({ Filter: { GroupIds: [group.Id] } })).Items).toEqual([]);

    const target: WatchTarget = { scopeKey: `${gateway}/lagging`, client, projectName: "default", groupId: group.Id };
    const patient = new StatusWatcher({ pollIntervalMs: 30, maxPollIntervalMs: 60, notVisibleGraceMs: 5000 });
    const outcome = await patient.wait(target, Id, 5000, { justCreated: true });
    expect(outcome).toMatchObject({ kind: "done", asset: { Id, Status: "Active" } });
    expect((await client.listAssets({ Filter: { GroupIds: [group.Id] } })).Items.map((a) => a.Id)).toEqual([Id]);

    // Bounded: past the grace, an asset that never shows is gone; without justCreated, at once.
    await fetch(`${e.url}/_emulator/consistency`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ assetLagMs: 60_000 }) });
    const { Id: hidden } = await client.createAsset({ GroupId: group.Id, AssetType: "Image", URL: "https://example.com/b.png" });
    const brief = new StatusWatcher({ pollIntervalMs: 30, maxPollIntervalMs: 60, notVisibleGraceMs: 200 });
    const started = performance.now();
    await expect(brief.wait(target, hidden, 5000, { justCreated: true })).rejects.toThrow(/disappeared while processing/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    await expect(brief.wait({ ...target, scopeKey: "other" }, hidden, 5000)).rejects.toThrow(/disappeared while processing/);
  });

  it("a pulumi-up-like create of a group and an asset succeeds with both lags on", async () => {
    const e = await emulator({ consistency: { groupLagMs: 300, assetLagMs: 300 }, processingMs: 30 });
    configureWith(configFor(e, gateway));
    const group = await createResource("AssetGroup", { name: "eventual" });
    const { id, outs } = await createResource("Asset", { groupId: group.id, name: "hero", assetType: "Image", source: { url: "https://example.com/hero.png" } });
    expect(outs).toMatchObject({ status: "Active", assetUri: `asset://${id}` });
    const creates = e.requests.filter((r) => r.action === "CreateAsset");
    expect(creates[0]!.errorCode).toBe("NotFound.group_id");
    expect(creates.at(-1)!.status).toBe(200);
  }, 20_000);
});

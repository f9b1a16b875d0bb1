/**
 * The resellers as their sources say, both sides: the emulator answers through the dialect (wire checked raw over
 * HTTP) and the real client decodes it. Sources are named in each dialect file (provider/gateways/*.ts).
 */
import { describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { resetForTests } from "../../provider/resources/context.js";
import { configFor, configureWith, createResource, mediaFile } from "../support/resources.js";
import { DEFAULT_API_KEY } from "../../emulator/auth.js";
import { parseCli } from "../../emulator/cli.js";
import { ConflictError, ERROR_CODES, isGone, NotFoundError, ThrottledError, UnauthorizedError } from "../../provider/errors.js";
import { AGENTSFLARE_429_HINT } from "../../provider/gateways/agentsflare.js";
import { anyfastDialect, type AnyfastDialectOptions } from "../../provider/gateways/anyfast.js";
import { globalAiOpcTimeToIso, isoToGlobalAiOpcTime } from "../../provider/gateways/globalaiopc.js";
import { DIALECTS, getDialect } from "../../provider/gateways/index.js";
import type { WireResponse } from "../../provider/gateways/dialect.js";
import { bearer, clientFor, emulator, sampleUrl, settled, useCleanup, wireResponseOf } from "../support/emulator.js";

useCleanup();

const ABSENT = "asset-20260101000000-0ab9z";

/** The emulator with the Anyfast dialect of these options in place of the default one. */
async function anyfastEmulator(options: AnyfastDialectOptions) {
  return emulator({ dialects: DIALECTS.map((d) => (d.name === "anyfast" ? anyfastDialect(options) : d)) });
}

/** A raw POST to a gateway of the emulator; the answer as the client's transport would hand it to the dialect. */
async function rawPost(baseUrl: string, path: string, body: unknown, apiKey = DEFAULT_API_KEY): Promise<WireResponse> {
  return wireResponseOf(await bearer(baseUrl, path, body, apiKey));
}

describe("anyfast", () => {
  const shapes = ["error-object", "json-in-message", "code-message", "plain-text"] as const;

  it.each(shapes)("relays an upstream NotFound as 404 in the %s shape, and the client reads the documented code as gone", async (relayShape) => {
    const e = await anyfastEmulator({ relayShape });
    const wire = await rawPost(e.gatewayUrl("anyfast"), "/volc/asset/GetAsset", { model: "volc-asset", Id: ABSENT });
    expect(wire.status).toBe(404);
    if (relayShape === "error-object") expect(wire.body).toEqual({ error: { code: "upstream_error", message: expect.stringMatching(/^\[NotFound\.asset_id\] /) } });
    if (relayShape === "json-in-message") {
      expect(wire.body).toMatchObject({ code: "upstream_error", data: null });
      expect(JSON.parse((wire.body as { message: string }).message)).toMatchObject({ ResponseMetadata: { Error: { Code: "NotFound.asset_id" } } });
    }
    if (relayShape === "code-message") expect(wire.body).toEqual({ code: "upstream_error", message: expect.stringMatching(/^\[NotFound\.asset_id\] /) });
    if (relayShape === "plain-text") {
      expect(wire.body).toBeUndefined();
      expect(wire.rawText).toMatch(/^upstream_error: \[NotFound\.asset_id\] /);
    }

    const error = await clientFor(e, getDialect("anyfast")).getAsset({ Id: ABSENT }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ httpStatus: 404, gatewayCode: "NotFound.asset_id", gone: "asset" });
  });

  it.each(shapes)("relays an upstream failure as 502 in the %s shape (retried for reads, then Unavailable)", async (relayShape) => {
    const e = await anyfastEmulator({ relayShape });
    e.admin.setFaults({ errorRate: 1 });
    const error = await clientFor(e, getDialect("anyfast"), { maxRetries: 1 }).getAsset({ Id: ABSENT }).catch((err: unknown) => err);
    expect(error).toMatchObject({ httpStatus: 502, attempts: 2 });
    expect([ERROR_CODES.Unavailable, ERROR_CODES.Internal]).toContain((error as { code: string }).code);
    expect(isGone(error, "asset")).toBe(false);
  });

  it("a rejected parameter is relayed as 400; a masked code gives the client its suffix, never a not-found", async () => {
    const masked = await anyfastEmulator({ maskCodes: "parameters" });
    // A CreateAsset without GroupId, sent raw (the client would refuse it): MissingParameter.GroupId, masked.
    const wire = await rawPost(masked.gatewayUrl("anyfast"), "/volc/asset/CreateAsset", { model: "volc-asset", AssetType: "Image", URL: "https://example.com/a.png" });
    expect(wire.status).toBe(400);
    expect(wire.body).toEqual({ error: { code: "upstream_error", message: expect.stringMatching(/^\[\*\*\*\.GroupId\] /) } });
    const decoded = getDialect("anyfast").decodeResponse("CreateAsset", wire);
    expect(decoded).toMatchObject({ ok: false, failure: { kind: "InvalidParameter", code: "GroupId", httpStatus: 400 } });

    // The masked form of a not-found code is not the documented code: a 404 that only masks is not "gone".
    const maskedNotFound = getDialect("anyfast").decodeResponse("GetAsset", { status: 404, headers: {}, body: { error: { code: "upstream_error", message: "[***.asset_id] gone?" } } });
    expect(maskedNotFound).toMatchObject({ ok: false, failure: { kind: "Unknown", code: "asset_id" } });
  });

  it("a duplicate Name in a group answers 404 [NotFound.group_id]; the client reports a Conflict naming the duplicate", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect("anyfast"));
    const { Id: GroupId } = await client.createAssetGroup({ Name: "cast" });
    const first = await client.createAsset({ GroupId, Name: "hero", AssetType: "Image", URL: sampleUrl(e, "hero.png", { width: 640, height: 480 }) });

    const wire = await rawPost(e.gatewayUrl("anyfast"), "/volc/asset/CreateAsset", { model: "volc-asset", GroupId, Name: "hero", AssetType: "Image", URL: "https://example.com/b.png" });
    expect(wire.status).toBe(404);
    expect((wire.body as { error: { message: string } }).error.message).toMatch(/^\[NotFound\.group_id\] /);

    const error = await client.createAsset({ GroupId, Name: "hero", AssetType: "Image", URL: "https://example.com/b.png" }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: ERROR_CODES.Conflict, gatewayCode: "NotFound.group_id" });
    expect(String((error as Error).message)).toContain(`"hero" (${first.Id})`);

    // A group that really does not exist stays NotFound (the lookup finds no duplicate).
    const missing = await client.createAsset({ GroupId: "group-20260101000000-n0ne9", Name: "hero", AssetType: "Image", URL: "https://example.com/b.png" }).catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(NotFoundError);
  });

  it("uploading a local file warns of the reported unresolvable-upload risk (a risk, not a refusal)", async () => {
    const e = await emulator();
    const warn = vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    try {
      configureWith(configFor(e, "anyfast"));
      const group = await createResource("AssetGroup", { name: "uploads" });
      const asset = await createResource("Asset", { groupId: group.id, name: "hero", assetType: "Image", source: { file: mediaFile("png", { width: 640, height: 480 }) } });
      expect(asset.outs["status"]).toBe("Active");
      expect(warn.mock.calls.map(([m]) => String(m))).toContainEqual(expect.stringMatching(/Asset "hero" .*stay unresolvable.*OpenMontage.*set source\.url instead/));

      warn.mockClear();
      await createResource("Asset", { groupId: group.id, name: "by-url", assetType: "Image", source: { url: "https://example.com/by-url.png" } });
      expect(warn.mock.calls.map(([m]) => String(m)).filter((m) => m.includes("unresolvable"))).toEqual([]);
    } finally {
      warn.mockRestore();
      await resetForTests();
    }
  });

  it("the CLI selects the relay shape and masking (--anyfast-relay-shape, --anyfast-mask-codes) and unknown answers", async () => {
    const parsed = parseCli(["--port", "0", "--anyfast-relay-shape", "plain-text", "--anyfast-mask-codes", "parameters"]);
    if (parsed.help) throw new Error("unexpected help");
    const e = await emulator(parsed.options);
    const wire = await rawPost(e.gatewayUrl("anyfast"), "/volc/asset/CreateAsset", { model: "volc-asset", AssetType: "Image", URL: "https://example.com/a.png" });
    expect({ status: wire.status, text: wire.rawText }).toEqual({ status: 400, text: expect.stringMatching(/^upstream_error: \[\*\*\*\.GroupId\] /) });
    expect(() => parseCli(["--anyfast-relay-shape", "xml"])).toThrow(/--anyfast-relay-shape must be one of error-object, json-in-message, code-message, plain-text/);
    const faulty = parseCli(["--unknown-answer-rate", "1"]);
    expect(faulty.help === false && faulty.options.faults).toEqual({ unknownAnswerRate: 1 });
  });

  it("its own errors keep the {error:{code,message}} shape (bad key 401)", async () => {
    const e = await emulator();
    const wire = await rawPost(e.gatewayUrl("anyfast"), "/volc/asset/GetAsset", { model: "volc-asset", Id: ABSENT }, "wrong-key");
    expect(wire.status).toBe(401);
    expect(wire.body).toEqual({ error: { code: "invalid_api_key", message: expect.any(String) } });
  });
});

describe("globalaiopc", () => {
  it("answers the documented detail shape with a zone-less Beijing createTime, which the client reads as UTC", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect("globalaiopc"));
    const { Id } = await client.createAsset({ Name: "cat", AssetType: "Image", URL: sampleUrl(e, "cat.png", { width: 640, height: 480 }) });
    const asset = await settled(client, Id);

    const response = await fetch(`${e.gatewayUrl("globalaiopc")}/kyyReactApiServer/kyyVideo2/asset/${Id}`, { headers: { authorization: `Bearer ${DEFAULT_API_KEY}` } });
    const body = (await response.json()) as { code: unknown; msg: unknown; data: Record<string, unknown> };
    expect(body.code).toBe(0);
    expect(body.msg).toBeNull();
    expect(Object.keys(body.data).sort()).toEqual(["assetId", "assetType", "createTime", "name", "status", "url"]);
    expect(body.data["createTime"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    expect(asset.CreateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // Beijing time is 8 hours ahead of UTC.
    expect(isoToGlobalAiOpcTime(asset.CreateTime)).toBe(body.data["createTime"]);
    expect(Math.abs(Date.parse(asset.CreateTime!) - Date.now())).toBeLessThan(60_000);
    expect(asset.UpdateTime).toBeUndefined();
  });

  it("converts the documented example createTime to ISO UTC (Asia/Shanghai assumed)", () => {
    expect(globalAiOpcTimeToIso("2026-03-30 14:21:58")).toBe("2026-03-30T06:21:58Z");
    expect(globalAiOpcTimeToIso("2026-01-01 03:00:00")).toBe("2025-12-31T19:00:00Z");
    expect(globalAiOpcTimeToIso("2026-03-30T06:21:58Z")).toBe("2026-03-30T06:21:58Z");
  });

  it('answers a delete with code "0" and msg "删除成功"', async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect("globalaiopc"));
    const { Id } = await client.createAsset({ Name: "cat", AssetType: "Image", URL: "https://example.com/cat.png" });
    const response = await fetch(`${e.gatewayUrl("globalaiopc")}/kyyReactApiServer/kyyVideo2/asset/${Id}`, { method: "DELETE", headers: { authorization: `Bearer ${DEFAULT_API_KEY}` } });
    expect(await response.json()).toEqual({ code: "0", msg: "删除成功", data: null });
    await expect(client.getAsset({ Id })).rejects.toMatchObject({ gone: "asset" });
  });
});

describe("agentsflare", () => {
  it("a bad key is the platform's 404 Key not found, decoded as Unauthorized (never gone)", async () => {
    const e = await emulator();
    const error = await clientFor(e, getDialect("agentsflare"), { apiKey: "expired" }).getAsset({ Id: ABSENT }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ httpStatus: 404, gatewayCode: "KeyNotFound", gatewayMessage: "Key not found" });
    expect(isGone(error, "asset")).toBe(false);
  });

  it("429 says rate limited or insufficient balance", async () => {
    const e = await emulator({ rateLimits: { GetAsset: { requests: 1, perSeconds: 3600 } } });
    const client = clientFor(e, getDialect("agentsflare"), { maxRetries: 0 });
    await client.getAsset({ Id: ABSENT }).catch(() => undefined);
    const error = await client.getAsset({ Id: ABSENT }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(String((error as Error).message)).toContain(AGENTSFLARE_429_HINT);
    expect(AGENTSFLARE_429_HINT).toBe("rate limited or insufficient balance: top up or slow down");
  });

  it("a wrong route is the platform's 404 Cannot POST, decoded as Unknown (not a missing asset)", async () => {
    const e = await emulator();
    const wire = await rawPost(e.gatewayUrl("agentsflare"), "/byteplus/_unstable/open/ListAssets", {});
    expect(wire.status).toBe(404);
    expect(wire.body).toEqual({ message: "Cannot POST /byteplus/_unstable/open/ListAssets", error: "Not Found", statusCode: 404 });
    expect(getDialect("agentsflare").decodeResponse("GetAsset", wire)).toMatchObject({ ok: false, failure: { kind: "Unknown" } });
  });
});

/**
 * The emulator pipeline over real HTTP: every dialect mounted at its real path, dispatch (volcengine vs byteplus by
 * the signature's region), authentication per gateway, deserialization and validation errors in each gateway's
 * own shape. Requests are encoded and answers decoded with the dialects themselves (test/support/emulator.ts `sendAs`).
 */
import { describe, expect, it } from "vitest";
import { DIALECTS, getDialect } from "../../provider/gateways/index.js";
import { DEFAULT_API_KEY } from "../../emulator/auth.js";
import { makeSample } from "../../emulator/samples.js";
import { bearer, emulator, eventually, failureOf, resultOf, sendAs, signed, useCleanup } from "../support/emulator.js";

useCleanup();

const BEARER = DIALECTS.filter((d) => d.capabilities.auth === "bearer");
const AKSK = DIALECTS.filter((d) => d.capabilities.auth === "aksk");

describe("dispatch", () => {
  it.each(DIALECTS.map((d) => [d.name, d] as const))("%s answers GetAsset of an unknown id with NotFound.asset_id in its own shape", async (_name, dialect) => {
    const e = await emulator();
    const { decoded } = await sendAs(e.url, dialect, "GetAsset", { Id: "asset-20260320120147-zzzzz" });
    expect(failureOf(decoded)).toMatchObject({ kind: "NotFound", code: "NotFound.asset_id" });
  });

  it("answers the native envelope with the documented status, CodeN and the gateway's region", async () => {
    const e = await emulator();
    for (const [region, gateway] of [["cn-beijing", "volcengine"], ["ap-southeast-1", "byteplus"]] as const) {
      const r = await signed(e.url, { action: "GetAsset", body: { Id: "asset-20000101000000-absnt" }, region });
      expect(r.status).toBe(404);
      expect(r.body.ResponseMetadata).toMatchObject({ Action: "GetAsset", Version: "2024-01-01", Service: "ark", Region: region, Error: { Code: "NotFound.asset_id" } });
      expect(r.body.ResponseMetadata.RequestId).toMatch(/^\d{14}[0-9A-F]{18}$/);
      expect(e.requests.at(-1)).toMatchObject({ gateway, action: "GetAsset", status: 404, errorCode: "NotFound.asset_id" });
    }
  });

  it("tells volcengine from byteplus by the credential scope's region, and keeps their data apart", async () => {
    const e = await emulator();
    const created = await signed(e.url, { action: "CreateAssetGroup", body: { Name: "beijing" }, region: "cn-beijing" });
    expect(created.body.ResponseMetadata.Region).toBe("cn-beijing");
    const id = created.body.Result.Id as string;
    expect(id).toMatch(/^group-\d{14}-[a-z0-9]{5}$/);
    const here = await signed(e.url, { action: "GetAssetGroup", body: { Id: id }, region: "cn-beijing" });
    expect(here.body.Result).toMatchObject({ Id: id, Name: "beijing", GroupType: "AIGC", ProjectName: "default" });
    const there = await signed(e.url, { action: "GetAssetGroup", body: { Id: id }, region: "ap-southeast-1" });
    expect(there.body.ResponseMetadata).toMatchObject({ Region: "ap-southeast-1", Error: { Code: "NotFound.group_id" } });
  });

  it("answers an unknown action in the shape of the gateway whose paths it resembles", async () => {
    const e = await emulator();
    const anyfast = await bearer(e.url, "/volc/asset/CreateThing", {});
    expect(anyfast.status).toBe(400);
    expect(anyfast.body.error.message).toContain("[InvalidActionOrVersion]");
    const native = await signed(e.url, { action: "CreateThing" });
    expect(native.status).toBe(404);
    expect(native.body.ResponseMetadata.Error).toMatchObject({ Code: "InvalidActionOrVersion", CodeN: 100008 });
    const gogo = await bearer(e.url, "/v1/seedance/asset/DeleteAsset", { Id: "x" });
    expect(failureOf(getDialect("gogogotoken").decodeResponse("DeleteAsset", { status: gogo.status, headers: {}, body: gogo.body })).code).toBe("InvalidActionOrVersion");
  });

  it("answers a path no gateway resembles with a plain 404", async () => {
    const e = await emulator();
    const r = await bearer(e.url, "/nothing/here", {});
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("NoRoute");
  });
});

describe("authentication", () => {
  it.each(BEARER.map((d) => [d.name, d] as const))("%s refuses a missing or unknown Bearer key in its shape, read as Unauthorized", async (name, dialect) => {
    const e = await emulator();
    for (const apiKey of [null, "wrong-key"]) {
      const { wire, decoded } = await sendAs(e.url, dialect, "GetAsset", { Id: "asset-x" }, { apiKey });
      // Agentsflare answers a bad key with 404 {"statusCode":404,"message":"Key not found"} (docs-dkq.pages.dev/en/guide/usage/faq).
      expect(wire.status).toBe(name === "agentsflare" ? 404 : 401);
      if (name === "agentsflare") expect(wire.body).toEqual({ statusCode: 404, message: "Key not found" });
      expect(failureOf(decoded).kind).toBe("Unauthorized");
    }
  });

  it.each(AKSK.map((d) => [d.name, d] as const))("%s refuses bad signatures with the native codes", async (_name, dialect) => {
    const e = await emulator();
    const cases = [
      [{ accessKeyId: "AKLTunknown" }, 401, "InvalidAccessKey"],
      [{ secretAccessKey: "not-the-secret" }, 401, "SignatureDoesNotMatch"],
      [{ date: new Date(Date.now() - 20 * 60_000) }, 400, "InvalidTimestamp"],
      [{ region: "us-east-1" }, 401, "SignatureDoesNotMatch"],
    ] as const;
    for (const [auth, status, code] of cases) {
      const { wire, decoded } = await sendAs(e.url, dialect, "GetAsset", { Id: "asset-x" }, auth);
      expect({ status: wire.status, code: failureOf(decoded).code }).toEqual({ status, code });
    }
  });

  it("refuses an unsigned request to the native API", async () => {
    const e = await emulator();
    const r = await bearer(e.url, "/?Action=GetAsset&Version=2024-01-01", { Id: "x" });
    expect(r.status).toBe(401);
    expect(r.body.ResponseMetadata.Error.Code).toBe("InvalidAuthorization");
  });

  it("refuses a body, query or signed header changed after signing", async () => {
    const e = await emulator();
    const body = await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" } }, tamper: (r) => void (r.body = JSON.stringify({ Filter: { GroupType: "AIGC" }, PageSize: 5 })) });
    const query = await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" } }, tamper: (r) => void (r.query["Extra"] = "1") });
    const header = await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" } }, tamper: (r) => void (r.headers["content-type"] = "application/json; charset=utf-8") });
    for (const r of [body, query, header]) expect(r.body.ResponseMetadata.Error.Code).toBe("SignatureDoesNotMatch");
  });

  it("accepts an STS token only when it is signed", async () => {
    const e = await emulator();
    const ok = await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" } }, securityToken: "sts-token" });
    expect(ok.status).toBe(200);
    const unsigned = await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" } }, tamper: (r) => void (r.headers["X-Security-Token"] = "sts-token") });
    expect(unsigned.body.ResponseMetadata.Error).toMatchObject({ Code: "InvalidSecretToken", CodeN: 100026 });
  });

  it("isolates data per credential", async () => {
    const e = await emulator({ apiKeys: [DEFAULT_API_KEY, "second-key"] });
    const gogo = getDialect("gogogotoken");
    const { Id } = resultOf((await sendAs(e.url, gogo, "CreateAssetGroup", { Name: "mine" })).decoded);
    expect(resultOf((await sendAs(e.url, gogo, "GetAssetGroup", { Id })).decoded).Name).toBe("mine");
    expect(failureOf((await sendAs(e.url, gogo, "GetAssetGroup", { Id }, { apiKey: "second-key" })).decoded).code).toBe("NotFound.group_id");
    const list = resultOf((await sendAs(e.url, gogo, "ListAssetGroups", { Filter: {} }, { apiKey: "second-key" })).decoded);
    expect(list.TotalCount).toBe(0);
  });
});

describe("deserialize and validate", () => {
  it("answers a list call without Filter with MissingParameter.Filter", async () => {
    const e = await emulator();
    const r = await signed(e.url, { action: "ListAssets", body: { PageNumber: 1 } });
    expect(r.status).toBe(400);
    expect(r.body.ResponseMetadata.Error).toMatchObject({ Code: "MissingParameter.Filter", CodeN: 100002 });
  });

  it("names other missing and invalid fields", async () => {
    const e = await emulator();
    const noGroup = await signed(e.url, { action: "CreateAsset", body: { URL: "https://example.com/a.png", AssetType: "Image" } });
    expect(noGroup.body.ResponseMetadata.Error.Code).toBe("MissingParameter.GroupId");
    const noName = await signed(e.url, { action: "CreateAssetGroup", body: {} });
    expect(noName.body.ResponseMetadata.Error.Code).toBe("MissingParameter.Name");
    const bigPage = await signed(e.url, { action: "ListAssetGroups", body: { Filter: { GroupType: "AIGC" }, PageSize: 101 } });
    expect(bigPage.body.ResponseMetadata.Error).toMatchObject({ Code: "InvalidParameter" });
    expect(bigPage.body.ResponseMetadata.Error.Message).toContain("PageSize");
  });

  it("answers a body that is not JSON with InvalidParameter", async () => {
    const e = await emulator();
    const r = await fetch(`${e.url}/v1/seedance/asset/GetAsset`, { method: "POST", headers: { authorization: `Bearer ${DEFAULT_API_KEY}`, "content-type": "application/json" }, body: "{nope" });
    expect(r.status).toBe(400);
    expect(((await r.json()) as any).ResponseMetadata.Error.Code).toBe("InvalidParameter");
  });

  it("refuses uploads and asset types the gateway does not take (capabilities)", async () => {
    const e = await emulator();
    const gogo = getDialect("gogogotoken");
    const { Id: GroupId } = resultOf((await sendAs(e.url, gogo, "CreateAssetGroup", { Name: "g" })).decoded);
    const b64 = Buffer.from(makeSample("png").data).toString("base64");
    // The dialect's own encoder would send it as is: the emulator is the one to refuse.
    const base64 = await bearer(e.url, "/v1/seedance/asset/CreateAsset", { GroupId, AssetType: "Image", URL: b64 });
    expect(base64.body.ResponseMetadata.Error.Code).toBe("InvalidParameter");
    expect(base64.body.ResponseMetadata.Error.Message).toContain("bare base64 is not accepted");
    const audio = await bearer(e.url, "/v1/seedance/asset/CreateAsset", { GroupId, AssetType: "Audio", URL: "https://example.com/a.mp3" });
    expect(audio.body.ResponseMetadata.Error.Message).toContain("AssetType Audio is not supported");
  });

  it("relays a dialect's own request error (Anyfast's model field)", async () => {
    const e = await emulator();
    const anyfast = getDialect("anyfast");
    const { Id: GroupId } = resultOf((await sendAs(e.url, anyfast, "CreateAssetGroup", { Name: "g" })).decoded);
    const r = await bearer(e.url, "/volc/asset/CreateAsset", { model: "volc-asset", GroupId, AssetType: "Video", URL: "https://example.com/a.mp4" });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^\[InvalidParameter\.model\]/);
  });

  it("takes Anyfast's multipart upload, naming the asset after the file", async () => {
    const e = await emulator();
    const anyfast = getDialect("anyfast");
    const { Id: GroupId } = resultOf((await sendAs(e.url, anyfast, "CreateAssetGroup", { Name: "g" })).decoded);
    const file = { fileName: "portrait.png", contentType: "image/png", data: makeSample("png", { width: 600, height: 800 }).data };
    const { Id } = resultOf((await sendAs(e.url, anyfast, "CreateAsset", { GroupId, AssetType: "Image", File: file })).decoded);
    const asset = await eventually(async () => {
      const a = resultOf((await sendAs(e.url, anyfast, "GetAsset", { Id })).decoded);
      return a.Status === "Processing" ? undefined : a;
    });
    expect(asset).toMatchObject({ Id, Name: "portrait", Status: "Active", AssetType: "Image", GroupId });
    const object = await fetch(asset.URL);
    expect(Buffer.from(await object.arrayBuffer())).toEqual(Buffer.from(file.data));
  });

  it("takes Anyfast's data URIs and bare base64", async () => {
    const e = await emulator();
    const anyfast = getDialect("anyfast");
    const { Id: GroupId } = resultOf((await sendAs(e.url, anyfast, "CreateAssetGroup", { Name: "g" })).decoded);
    const b64 = Buffer.from(makeSample("png").data).toString("base64");
    const tiny = Buffer.from(makeSample("png", { width: 100, height: 100 }).data).toString("base64");
    const ids = await Promise.all(
      [`data:image/png;base64,${b64}`, b64, tiny].map(async (URL) => resultOf((await sendAs(e.url, anyfast, "CreateAsset", { GroupId, AssetType: "Image", URL })).decoded).Id),
    );
    await e.admin.idle();
    await new Promise((r) => setTimeout(r, 30));
    const statuses = await Promise.all(ids.map(async (Id) => resultOf((await sendAs(e.url, anyfast, "GetAsset", { Id })).decoded)));
    expect(statuses.map((a) => [a.Status, a.Error?.Code])).toEqual([["Active", undefined], ["Active", undefined], ["Failed", "WidthTooSmall"]]);
  });
});

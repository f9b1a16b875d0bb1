/**
 * The request examples of the seed documents, sent as written — raw HTTP, not the project's client — to the
 * emulator, which must answer what the documents say. The seeds are the project's input documents (kept outside the
 * repository); their public originals: 000 docs.anyfast.ai (volc-asset-create-video OpenAPI), 001 the
 * docs.anyfast.com.cn asset guide, 002 docs.gogogotoken.com/assets.md, 003
 * docs.globalaiopc.com/en/api-reference/video/seedance2/seedance2-asset-upload, 004
 * docs.agentsflare.com/api-examples/assets-api (docs/sources.md). Where a seed contradicts the official sources
 * (seed 004's `/open/<Action>` path and `"VolcEngine"+SK` signing key), the corrected request is sent: the native
 * `POST /?Action=…&Version=2024-01-01`, signed with the official algorithm (provider/signer.ts, itself pinned by the
 * published test vectors in test/unit/signer.test.ts).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import type { EmulatorHandle } from "../../emulator/server.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { signRequest } from "../../provider/signer.js";
import { emulator, sampleUrl, useCleanup } from "../support/emulator.js";

useCleanup();

const ASSET_ID = /^asset-\d{14}-[a-z0-9]{5}$/;
const GROUP_ID = /^group-\d{14}-[a-z0-9]{5}$/;

interface Answer {
  status: number;
  body: Record<string, any>;
}

/** A curl of the seeds: POST JSON with a Bearer key (or another method with no body). */
async function bearer(e: EmulatorHandle, gateway: GatewayName, method: string, path: string, body?: unknown, key = DEFAULT_API_KEY): Promise<Answer> {
  const response = await fetch(`${e.gatewayUrl(gateway)}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Seed 004's Python sample, corrected: native path and query, official signature over the exact bytes sent. */
async function native(e: EmulatorHandle, gateway: "volcengine" | "byteplus", action: string, payload: unknown): Promise<Answer> {
  const base = new URL(e.gatewayUrl(gateway));
  const body = JSON.stringify(payload);
  const query = { Action: action, Version: "2024-01-01" };
  const headers = { "Content-Type": "application/json" };
  const signed = signRequest({
    method: "POST",
    host: base.host,
    path: "/",
    query,
    headers,
    body,
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    secretAccessKey: DEFAULT_SECRET_ACCESS_KEY,
    region: gateway === "volcengine" ? "cn-beijing" : "ap-southeast-1",
    service: "ark",
  });
  const response = await fetch(`${base.origin}/?${new URLSearchParams(query)}`, { method: "POST", headers: { ...headers, ...signed }, body });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Polls like the seeds' samples do (they sleep 3 s; the emulator processes in 30 ms). */
async function poll<T>(get: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await get();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("still Processing after 200 polls");
}

describe("seed 004, native API (corrected): create a group, create an asset, poll GetAsset until Active", () => {
  for (const gateway of ["volcengine", "byteplus"] as const) {
    it(gateway, async () => {
      const e = await emulator();
      const group = await native(e, gateway, "CreateAssetGroup", { Name: "my-character-group", Description: "Character assets for Seedance", GroupType: "AIGC" });
      expect(group.status).toBe(200);
      expect(group.body["ResponseMetadata"]).toMatchObject({ Action: "CreateAssetGroup", Version: "2024-01-01", Service: "ark" });
      expect(group.body["Result"]["Id"]).toMatch(GROUP_ID);

      const asset = await native(e, gateway, "CreateAsset", {
        GroupId: group.body["Result"]["Id"],
        URL: sampleUrl(e, "character-01.png", { width: 640, height: 480 }),
        AssetType: "Image",
        Name: "character-01",
      });
      expect(asset.body["Result"]["Id"]).toMatch(ASSET_ID);

      const ready = await poll(
        () => native(e, gateway, "GetAsset", { Id: asset.body["Result"]["Id"] }),
        (answer) => answer.body["Result"]?.["Status"] !== "Processing",
      );
      // Seed 004's GetAsset field table.
      expect(ready.body["Result"]).toMatchObject({ Id: asset.body["Result"]["Id"], Name: "character-01", AssetType: "Image", GroupId: group.body["Result"]["Id"], Status: "Active", ProjectName: "default" });
      for (const field of ["URL", "CreateTime", "UpdateTime"]) expect(ready.body["Result"][field]).toEqual(expect.any(String));
      // The returned URL is a temporary presigned link (12 hours), not the source URL (ark-mcp SPEC_MODELARK_ASSET_LIBRARY_CONTRACT.md).
      expect(ready.body["Result"]["URL"]).toContain("X-Tos-Expires=43200");
    });
  }

  it("the seed's own request (`POST /open/CreateAssetGroup`, no Action query) is not an API route", async () => {
    const e = await emulator();
    const response = await fetch(`${e.gatewayUrl("volcengine")}/open/CreateAssetGroup`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
  });
});

describe("seeds 000 and 001, Anyfast", () => {
  it("CreateAssetGroup → CreateAsset of an image, a video and an audio → ListAssetGroups / ListAssets, as in the guide", async () => {
    const e = await emulator();
    const group = await bearer(e, "anyfast", "POST", "/volc/asset/CreateAssetGroup", { model: "volc-asset", Name: "your-custom-name" });
    // "预期响应: { "Id": "group-20260427160000-xxxxx" }" — the unwrapped Result.
    expect(group).toEqual({ status: 200, body: { Id: expect.stringMatching(GROUP_ID) } });
    const GroupId = group.body["Id"];

    const image = await bearer(e, "anyfast", "POST", "/volc/asset/CreateAsset", {
      model: "volc-asset",
      GroupId,
      Name: "character-reference",
      AssetType: "Image",
      URL: "https://example.com/example.png",
    });
    expect(image).toEqual({ status: 200, body: { Id: expect.stringMatching(ASSET_ID) } });
    // Seed 000's OpenAPI example: a video with the volc-asset-video billing model.
    const video = await bearer(e, "anyfast", "POST", "/volc/asset/CreateAsset", {
      model: "volc-asset-video",
      GroupId,
      Name: "scene-clip",
      AssetType: "Video",
      URL: "https://example.com/video.mp4",
    });
    expect(video.body["Id"]).toMatch(ASSET_ID);
    const audio = await bearer(e, "anyfast", "POST", "/volc/asset/CreateAsset", {
      model: "volc-asset-audio",
      GroupId,
      Name: "background-music",
      AssetType: "Audio",
      URL: "https://example.com/bgm.mp3",
    });
    expect(audio.body["Id"]).toMatch(ASSET_ID);

    // "使用令牌访问时,系统自动为素材组名称添加 [u-{用户ID}]-[t-{令牌ID}] 前缀" and the filter matches the plain name.
    const groups = await bearer(e, "anyfast", "POST", "/volc/asset/ListAssetGroups", { model: "volc-asset", Filter: { Name: "your-custom" }, PageNumber: 1, PageSize: 10 });
    expect(groups.status).toBe(200);
    expect(groups.body).toMatchObject({ TotalCount: 1, PageNumber: 1, PageSize: 10 });
    expect(groups.body["Items"][0]["Name"]).toMatch(/^\[u-\d+\]-\[t-\d+\]-your-custom-name$/);

    const assets = await bearer(e, "anyfast", "POST", "/volc/asset/ListAssets", {
      model: "volc-asset",
      Filter: { Name: "character", GroupIds: [GroupId], GroupType: "AIGC" },
      PageNumber: 1,
      PageSize: 10,
    });
    expect(assets.body).toMatchObject({ TotalCount: 1, Items: [{ Id: image.body["Id"], Name: "character-reference", AssetType: "Image" }] });
  });

  it("a data URI and bare base64 in URL are accepted (seed 001: three URL formats)", async () => {
    const e = await emulator();
    const { body: group } = await bearer(e, "anyfast", "POST", "/volc/asset/CreateAssetGroup", { model: "volc-asset", Name: "uploads" });
    const png = Buffer.from(await (await fetch(sampleUrl(e, "a.png", { width: 640, height: 480 }))).arrayBuffer()).toString("base64");
    // Distinct names: Anyfast answers a duplicate Name inside a group with 404 (baudevs/OpenMontage SKILL.md).
    for (const [i, URL] of [`data:image/png;base64,${png}`, png].entries()) {
      const created = await bearer(e, "anyfast", "POST", "/volc/asset/CreateAsset", { model: "volc-asset", GroupId: group["Id"], Name: `inline-${i}`, AssetType: "Image", URL });
      expect(created.body["Id"]).toMatch(ASSET_ID);
      const ready = await poll(
        () => bearer(e, "anyfast", "POST", "/volc/asset/GetAsset", { model: "volc-asset", Id: created.body["Id"] }),
        (answer) => answer.body["Status"] !== "Processing",
      );
      expect(ready.body["Status"]).toBe("Active");
    }
  });

  it("the multipart upload of the guide (file, GroupId, Name, model, AssetType)", async () => {
    const e = await emulator();
    const { body: group } = await bearer(e, "anyfast", "POST", "/volc/asset/CreateAssetGroup", { model: "volc-asset", Name: "multipart" });
    const mp4 = await (await fetch(sampleUrl(e, "clip.mp4", { seconds: 3 }))).arrayBuffer();
    const form = new FormData();
    form.set("model", "volc-asset-video");
    form.set("file", new Blob([mp4], { type: "video/mp4" }), "reference-clip.mp4");
    form.set("GroupId", group["Id"]);
    form.set("Name", "reference-clip");
    form.set("AssetType", "Video");
    const response = await fetch(`${e.gatewayUrl("anyfast")}/volc/asset/CreateAsset`, { method: "POST", headers: { Authorization: `Bearer ${DEFAULT_API_KEY}` }, body: form });
    const created = (await response.json()) as Record<string, string>;
    expect(response.status).toBe(200);
    expect(created["Id"]).toMatch(ASSET_ID);
    const ready = await poll(
      () => bearer(e, "anyfast", "POST", "/volc/asset/GetAsset", { model: "volc-asset", Id: created["Id"] }),
      (answer) => answer.body["Status"] !== "Processing",
    );
    expect(ready.body).toMatchObject({ Name: "reference-clip", AssetType: "Video", Status: "Active" });
  });

  it("seed 000's error schema: 401 {error:{code,message}} for a bad key", async () => {
    const e = await emulator();
    const answer = await bearer(e, "anyfast", "POST", "/volc/asset/CreateAssetGroup", { model: "volc-asset", Name: "x" }, "not-a-key");
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  });
});

describe("seed 002, gogogotoken", () => {
  it("the three curl examples and GetAsset, with exact casing", async () => {
    const e = await emulator();
    const group = await bearer(e, "gogogotoken", "POST", "/v1/seedance/asset/CreateAssetGroup", { Name: "我的素材组" });
    expect(group.status).toBe(200);
    const GroupId = group.body["Result"]["Id"];
    expect(GroupId).toMatch(GROUP_ID);
    const asset = await bearer(e, "gogogotoken", "POST", "/v1/seedance/asset/CreateAsset", { GroupId, Name: "参考图1", AssetType: "Image", URL: "https://assets.example.com/photo.jpg" });
    const Id = asset.body["Result"]["Id"];
    expect(Id).toMatch(ASSET_ID);
    const list = await bearer(e, "gogogotoken", "POST", "/v1/seedance/asset/ListAssets", { Filter: { GroupIds: [GroupId], GroupType: "AIGC" }, PageNumber: 1, PageSize: 20 });
    expect(list.body["Result"]).toMatchObject({ TotalCount: 1, PageNumber: 1, PageSize: 20, Items: [{ Id, Name: "参考图1" }] });
    const got = await bearer(e, "gogogotoken", "POST", "/v1/seedance/asset/GetAsset", { Id });
    expect(got.body["Result"]).toMatchObject({ Id, GroupId, AssetType: "Image" });
  });

  it("has no delete endpoints (8 endpoints documented)", async () => {
    const e = await emulator();
    const answer = await fetch(`${e.gatewayUrl("gogogotoken")}/v1/seedance/asset/DeleteAsset`, { method: "POST", headers: { Authorization: `Bearer ${DEFAULT_API_KEY}` }, body: "{}" });
    expect(answer.status).toBe(404);
  });
});

describe("seed 004 海外版, Agentsflare", () => {
  it("the curl pair: CreateAsset without GroupId, then GetAsset; base_resp.status_code 0", async () => {
    const e = await emulator();
    const created = await bearer(e, "agentsflare", "POST", "/byteplus/_unstable/open/CreateAsset", { Name: "test asset", URL: "https://static.example.com/character.png", AssetType: "Image" });
    expect(created).toEqual({ status: 200, body: { Id: expect.stringMatching(ASSET_ID), base_resp: { status_code: 0, status_msg: expect.any(String) } } });
    const ready = await poll(
      () => bearer(e, "agentsflare", "POST", "/byteplus/_unstable/open/GetAsset", { Id: created.body["Id"] }),
      (answer) => answer.body["Status"] !== "Processing",
    );
    // Seed 004's GetAsset table (海外版).
    expect(ready.body).toMatchObject({ Id: created.body["Id"], Status: "Active", AssetType: "Image", Name: "test asset", base_resp: { status_code: 0 } });
    for (const field of ["URL", "CreateTime", "UpdateTime"]) expect(ready.body[field]).toEqual(expect.any(String));
  });
});

describe("seed 003, GlobalAiOpc", () => {
  it("upload with lower-case fields answers {code: 0, msg: null, data}; the asset is then readable and deletable", async () => {
    const e = await emulator();
    const uploaded = await bearer(e, "globalaiopc", "POST", "/kyyReactApiServer/kyyVideo2/asset/upload", { assetType: "Image", url: "https://example.com/image.jpg", name: "Cat Image" });
    expect(uploaded).toEqual({ status: 200, body: { code: 0, msg: null, data: { assetId: expect.stringMatching(ASSET_ID) } } });
    const id = uploaded.body["data"]["assetId"];
    const got = await bearer(e, "globalaiopc", "GET", `/kyyReactApiServer/kyyVideo2/asset/${id}`);
    expect(got.body).toMatchObject({ code: 0, data: { assetId: id, name: "Cat Image", assetType: "Image" } });
    // The delete answer has code "0" as a string (GlobalAiOpc's seedance2-asset-delete page; docs/sources.md).
    const deleted = await bearer(e, "globalaiopc", "DELETE", `/kyyReactApiServer/kyyVideo2/asset/${id}`);
    expect(deleted.body["code"]).toBe("0");
  });

  it("a Document asset type exists here (seed 003), and the type must be capitalized", async () => {
    const e = await emulator();
    const doc = await bearer(e, "globalaiopc", "POST", "/kyyReactApiServer/kyyVideo2/asset/upload", { assetType: "Document", url: "https://example.com/brief.pdf" });
    expect(doc.body["code"]).toBe(0);
    const lower = await bearer(e, "globalaiopc", "POST", "/kyyReactApiServer/kyyVideo2/asset/upload", { assetType: "image", url: "https://example.com/image.jpg" });
    expect(lower.body["code"]).not.toBe(0);
  });
});

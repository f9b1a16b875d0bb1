/**
 * GatewayClient against the four Bearer gateways, driven by a table: request shape (method, path, body, auth),
 * envelope decoding and error classes. Wire bodies are written out literally from the gateways' documents (the
 * project's seed documents 000–004; their public originals are listed in docs/sources.md) rather than produced by
 * the dialects, so these tests check the dialects instead of agreeing with them.
 */
import nock from "nock";
import { describe, expect, it } from "vitest";
import { ACTIONS, ALL_ACTIONS, type Action } from "../../provider/api.js";
import { GatewayClient } from "../../provider/client.js";
import {
  GatewayError,
  InternalError,
  InvalidParameterError,
  NotFoundError,
  ThrottledError,
  UnauthorizedError,
  UnsupportedActionError,
  type SeedanceError,
} from "../../provider/errors.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { answer, useClients, fakeTiming, useNock, type Answer, type RecordedRequest } from "../support/http-mock.js";

const API_KEY = "test-bearer-key-0004";

const ORIGINS = {
  anyfast: "https://www.anyfast.ai",
  gogogotoken: "https://gogogotoken.com",
  agentsflare: "https://api.agentsflare.com",
  globalaiopc: "https://zcbservice.aizfw.cn",
} as const;
type BearerGateway = keyof typeof ORIGINS;

useNock();
const clients = useClients();

function bearerClient(gateway: BearerGateway, maxRetries = 0, throttleBudgetMs = maxRetries === 0 ? 0 : undefined) {
  const client = new GatewayClient({ gateway, apiKey: API_KEY, maxRetries, ...(throttleBudgetMs !== undefined ? { throttleBudgetMs } : {}) }, fakeTiming().options);
  clients.push(client);
  return client;
}

const NATIVE_ASSET = { Id: "asset-1", Name: "hero", URL: "https://tos.example/a.png", AssetType: "Image", GroupId: "group-1", Status: "Active" };
const nativeEnvelope = (result: unknown) => ({ ResponseMetadata: { RequestId: "req-1", Action: "X", Version: "2024-01-01" }, Result: result });

interface Case {
  gateway: BearerGateway;
  name: string;
  action: Action;
  request: Record<string, unknown>;
  sent: { method: string; path: string; body?: unknown };
  reply: Answer;
  result?: unknown;
  error?: { class: new (...args: never[]) => SeedanceError; gatewayCode: string };
}

const CASES: Case[] = [
  // Anyfast: seeds 000/001.
  {
    gateway: "anyfast",
    name: "CreateAssetGroup carries the volc-asset model",
    action: "CreateAssetGroup",
    request: { Name: "characters" },
    sent: { method: "POST", path: "/volc/asset/CreateAssetGroup", body: { model: "volc-asset", Name: "characters" } },
    reply: { status: 200, body: { Id: "group-1" } },
    result: { Id: "group-1" },
  },
  {
    gateway: "anyfast",
    name: "a video CreateAsset bills volc-asset-video",
    action: "CreateAsset",
    request: { GroupId: "group-1", URL: "https://example.com/v.mp4", AssetType: "Video", Name: "clip" },
    sent: { method: "POST", path: "/volc/asset/CreateAsset", body: { model: "volc-asset-video", GroupId: "group-1", URL: "https://example.com/v.mp4", AssetType: "Video", Name: "clip" } },
    reply: { status: 200, body: { Id: "asset-1" } },
    result: { Id: "asset-1" },
  },
  {
    gateway: "anyfast",
    name: "bare base64 is accepted as URL",
    action: "CreateAsset",
    request: { GroupId: "group-1", URL: "iVBORw0KGgoAAAANSUhEUg==", AssetType: "Image" },
    sent: { method: "POST", path: "/volc/asset/CreateAsset", body: { model: "volc-asset", GroupId: "group-1", URL: "iVBORw0KGgoAAAANSUhEUg==", AssetType: "Image" } },
    reply: { status: 200, body: { Id: "asset-2" } },
    result: { Id: "asset-2" },
  },
  {
    gateway: "anyfast",
    name: "ListAssets answers the unwrapped Result",
    action: "ListAssets",
    request: { Filter: { GroupIds: ["group-1"], Statuses: ["Active"] } },
    sent: { method: "POST", path: "/volc/asset/ListAssets", body: { model: "volc-asset", Filter: { GroupIds: ["group-1"], Statuses: ["Active"] } } },
    reply: { status: 200, body: { Items: [NATIVE_ASSET], TotalCount: 1, PageNumber: 1, PageSize: 10 } },
    result: { Items: [{ Id: "asset-1", Status: "Active" }], TotalCount: 1 },
  },
  {
    gateway: "anyfast",
    name: "DeleteAsset's {Id, Deleted} becomes {}",
    action: "DeleteAsset",
    request: { Id: "asset-1" },
    sent: { method: "POST", path: "/volc/asset/DeleteAsset", body: { model: "volc-asset", Id: "asset-1" } },
    reply: { status: 200, body: { Id: "asset-1", Deleted: true } },
    result: {},
  },
  {
    gateway: "anyfast",
    name: "an upstream error relayed as 404 keeps the bracketed native code",
    action: "GetAssetGroup",
    request: { Id: "group-x" },
    sent: { method: "POST", path: "/volc/asset/GetAssetGroup", body: { model: "volc-asset", Id: "group-x" } },
    reply: { status: 404, body: { error: { code: "upstream_error", message: "[NotFound.group_id] The specified group is not found" } } },
    error: { class: NotFoundError, gatewayCode: "NotFound.group_id" },
  },
  {
    gateway: "anyfast",
    name: "a bad key is 401 invalid_api_key",
    action: "GetAsset",
    request: { Id: "asset-1" },
    sent: { method: "POST", path: "/volc/asset/GetAsset", body: { model: "volc-asset", Id: "asset-1" } },
    reply: { status: 401, body: { error: { code: "invalid_api_key", message: "invalid token" } } },
    error: { class: UnauthorizedError, gatewayCode: "invalid_api_key" },
  },
  {
    gateway: "anyfast",
    name: "a 400 invalid_request with an upstream code",
    action: "CreateAsset",
    request: { GroupId: "group-1", URL: "https://example.com/a.png", AssetType: "Image" },
    sent: { method: "POST", path: "/volc/asset/CreateAsset", body: { model: "volc-asset", GroupId: "group-1", URL: "https://example.com/a.png", AssetType: "Image" } },
    reply: { status: 400, body: { error: { code: "invalid_request", message: "[InvalidParameter.DownloadFailed] cannot download" } } },
    error: { class: InvalidParameterError, gatewayCode: "InvalidParameter.DownloadFailed" },
  },

  // gogogotoken: seed 002 (envelope undocumented: the native one is assumed, see the dialect).
  {
    gateway: "gogogotoken",
    name: "GetAssetGroup in the native envelope",
    action: "GetAssetGroup",
    request: { Id: "group-1" },
    sent: { method: "POST", path: "/v1/seedance/asset/GetAssetGroup", body: { Id: "group-1" } },
    reply: { status: 200, body: nativeEnvelope({ Id: "group-1", Name: "g", GroupType: "AIGC" }) },
    result: { Id: "group-1", Name: "g", Description: "", GroupType: "AIGC" },
  },
  {
    gateway: "gogogotoken",
    name: "UpdateAsset with exact casing",
    action: "UpdateAsset",
    request: { Id: "asset-1", Name: "renamed" },
    sent: { method: "POST", path: "/v1/seedance/asset/UpdateAsset", body: { Id: "asset-1", Name: "renamed" } },
    reply: { status: 200, body: nativeEnvelope({ Id: "asset-1" }) },
    result: { Id: "asset-1" },
  },
  {
    gateway: "gogogotoken",
    name: "a native error with HTTP 200",
    action: "GetAsset",
    request: { Id: "asset-x" },
    sent: { method: "POST", path: "/v1/seedance/asset/GetAsset", body: { Id: "asset-x" } },
    reply: { status: 200, body: { ResponseMetadata: { RequestId: "r", Error: { Code: "NotFound.asset_id", Message: "not found" } } } },
    error: { class: NotFoundError, gatewayCode: "NotFound.asset_id" },
  },
  {
    gateway: "gogogotoken",
    name: "the gateway's own 401",
    action: "ListAssetGroups",
    request: { Filter: { GroupType: "AIGC" } },
    sent: { method: "POST", path: "/v1/seedance/asset/ListAssetGroups", body: { Filter: { GroupType: "AIGC" } } },
    reply: { status: 401, body: { error: { message: "invalid key", type: "new_api_error", code: "invalid_api_key" } } },
    error: { class: UnauthorizedError, gatewayCode: "invalid_api_key" },
  },

  // Agentsflare: seed 004 "海外版".
  {
    gateway: "agentsflare",
    name: "CreateAsset without groups, flat answer with base_resp",
    action: "CreateAsset",
    request: { URL: "https://example.com/a.png", AssetType: "Image", Name: "hero" },
    sent: { method: "POST", path: "/byteplus/_unstable/open/CreateAsset", body: { URL: "https://example.com/a.png", AssetType: "Image", Name: "hero" } },
    reply: { status: 200, body: { Id: "asset-1", base_resp: { status_code: 0, status_msg: "success" } } },
    result: { Id: "asset-1" },
  },
  {
    gateway: "agentsflare",
    name: "GetAsset flat fields",
    action: "GetAsset",
    request: { Id: "asset-1" },
    sent: { method: "POST", path: "/byteplus/_unstable/open/GetAsset", body: { Id: "asset-1" } },
    reply: { status: 200, body: { Id: "asset-1", Name: "hero", URL: "https://tos.example/a.png", AssetType: "Image", Status: "Processing", base_resp: { status_code: 0, status_msg: "success" } } },
    result: { Id: "asset-1", Status: "Processing", AssetType: "Image" },
  },
  {
    gateway: "agentsflare",
    name: "a failure in base_resp with HTTP 200",
    action: "CreateAsset",
    request: { URL: "https://example.com/a.png", AssetType: "Image" },
    sent: { method: "POST", path: "/byteplus/_unstable/open/CreateAsset", body: { URL: "https://example.com/a.png", AssetType: "Image" } },
    reply: { status: 200, body: { base_resp: { status_code: 2013, status_msg: "InvalidParameter.DownloadFailed: could not download" } } },
    error: { class: InvalidParameterError, gatewayCode: "InvalidParameter.DownloadFailed" },
  },
  {
    gateway: "agentsflare",
    name: "authentication failure 1004",
    action: "GetAsset",
    request: { Id: "asset-1" },
    sent: { method: "POST", path: "/byteplus/_unstable/open/GetAsset", body: { Id: "asset-1" } },
    reply: { status: 401, body: { base_resp: { status_code: 1004, status_msg: "authentication failed" } } },
    error: { class: UnauthorizedError, gatewayCode: "1004" },
  },

  // GlobalAiOpc: seed 003.
  {
    gateway: "globalaiopc",
    name: "CreateAsset posts lower-case fields to /upload",
    action: "CreateAsset",
    request: { URL: "https://example.com/spec.pdf", AssetType: "Document", Name: "spec" },
    sent: { method: "POST", path: "/kyyReactApiServer/kyyVideo2/asset/upload", body: { assetType: "Document", url: "https://example.com/spec.pdf", name: "spec" } },
    reply: { status: 200, body: { code: 0, msg: null, data: { assetId: "a1" } } },
    result: { Id: "a1" },
  },
  {
    gateway: "globalaiopc",
    name: "GetAsset is a GET by path",
    action: "GetAsset",
    request: { Id: "a1" },
    sent: { method: "GET", path: "/kyyReactApiServer/kyyVideo2/asset/a1" },
    reply: {
      status: 200,
      body: { code: 0, msg: "ok", data: { assetId: "a1", name: "spec", assetType: "Document", url: "https://cdn.example/a1", status: "Processing", errorCode: null, errorMessage: null } },
    },
    result: { Id: "a1", Name: "spec", AssetType: "Document", Status: "Processing" },
  },
  {
    gateway: "globalaiopc",
    name: "DeleteAsset answers code \"0\" as a string",
    action: "DeleteAsset",
    request: { Id: "a1" },
    sent: { method: "DELETE", path: "/kyyReactApiServer/kyyVideo2/asset/a1" },
    reply: { status: 200, body: { code: "0", msg: "success", data: null } },
    result: {},
  },
  {
    gateway: "globalaiopc",
    name: "a failure code with HTTP 200",
    action: "GetAsset",
    request: { Id: "a2" },
    sent: { method: "GET", path: "/kyyReactApiServer/kyyVideo2/asset/a2" },
    reply: { status: 200, body: { code: 404, msg: "NotFound.asset_id: asset a2 not found", data: null } },
    error: { class: NotFoundError, gatewayCode: "NotFound.asset_id" },
  },
  {
    gateway: "globalaiopc",
    name: "a bad token",
    action: "GetAsset",
    request: { Id: "a1" },
    sent: { method: "GET", path: "/kyyReactApiServer/kyyVideo2/asset/a1" },
    reply: { status: 401, body: { code: 401, msg: "token invalid", data: null } },
    error: { class: UnauthorizedError, gatewayCode: "401" },
  },
];

describe.each(Object.keys(ORIGINS) as BearerGateway[])("%s", (gateway) => {
  it.each(CASES.filter((c) => c.gateway === gateway).map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const log: RecordedRequest[] = [];
    nock(ORIGINS[gateway]).intercept(c.sent.path, c.sent.method).reply(answer(log, c.reply));
    const outcome = await bearerClient(gateway)
      .call(c.action, c.request as never)
      .then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );

    const sent = log[0]!;
    expect(sent.method).toBe(c.sent.method);
    expect(sent.url.pathname).toBe(c.sent.path);
    expect(sent.url.search).toBe("");
    expect(sent.headers["authorization"]).toBe(`Bearer ${API_KEY}`);
    expect(sent.headers["x-date"]).toBeUndefined();
    if (c.sent.body === undefined) expect(sent.text).toBe("");
    else {
      expect(sent.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(sent.text)).toEqual(c.sent.body);
    }

    if (c.error) {
      expect("error" in outcome ? outcome.error : outcome).toBeInstanceOf(c.error.class);
      expect(outcome).toMatchObject({ error: { gateway, action: c.action, gatewayCode: c.error.gatewayCode, httpStatus: c.reply.status } });
    } else {
      expect(outcome).toMatchObject({ result: c.result as object });
      if (Object.keys(c.result as object).length === 0) expect(outcome).toEqual({ result: {} });
    }
  });

  it("raises UnsupportedActionError, sending nothing, for every action it lacks", async () => {
    const client = bearerClient(gateway);
    for (const action of ACTIONS.filter((a) => !client.capabilities.actions.includes(a))) {
      await expect(client.call(action, { Id: "x" } as never)).rejects.toBeInstanceOf(UnsupportedActionError);
    }
  });
});

describe("bearer gateway capabilities from the seeds", () => {
  it.each([
    ["gogogotoken", ACTIONS.filter((a) => !a.startsWith("Delete"))],
    ["agentsflare", ["CreateAsset", "GetAsset"]],
    ["globalaiopc", ["CreateAsset", "GetAsset", "DeleteAsset"]],
    // The ten asset Actions and real-person verification (docs.anyfast.ai/guides/model-api/bytedance/volc-real-human-assets).
    ["anyfast", ALL_ACTIONS],
  ] as const)("%s serves %j", (gateway, actions) => {
    expect([...bearerClient(gateway as GatewayName as BearerGateway).capabilities.actions].sort()).toEqual([...actions].sort());
  });

  it.each([
    ["gogogotoken", { GroupId: "g", URL: "https://e.com/a.mp3", AssetType: "Audio" }, "AssetType"],
    ["agentsflare", { URL: "https://e.com/v.mp4", AssetType: "Video" }, "AssetType"],
    ["gogogotoken", { GroupId: "g", URL: "data:image/png;base64,AAAA", AssetType: "Image" }, "URL"],
    ["anyfast", { URL: "https://e.com/a.png", AssetType: "Image" }, "GroupId"],
  ] as const)("%s rejects %j before sending", async (gateway, request, field) => {
    await expect(bearerClient(gateway).createAsset(request as never)).rejects.toMatchObject({ name: "InvalidParameterError", field });
  });
});

describe("bearer gateway transport details", () => {
  it("uploads a file to Anyfast as multipart with the billing model", async () => {
    const log: RecordedRequest[] = [];
    nock(ORIGINS.anyfast).post("/volc/asset/CreateAsset").reply(answer(log, { status: 200, body: { Id: "asset-9" } }));
    const data = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const result = await bearerClient("anyfast").createAsset({ GroupId: "group-1", AssetType: "Audio", Name: "voice", File: { fileName: "voice.mp3", contentType: "audio/mpeg", data } });
    expect(result).toEqual({ Id: "asset-9" });

    const sent = log[0]!;
    expect(sent.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(Buffer.from(sent.body), { headers: { "content-type": sent.headers["content-type"]! } }).formData();
    expect(form.get("model")).toBe("volc-asset-audio");
    expect(form.get("GroupId")).toBe("group-1");
    expect(form.get("Name")).toBe("voice");
    const file = form.get("file") as File;
    expect(file.name).toBe("voice.mp3");
    expect(file.type).toBe("audio/mpeg");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(data);
  });

  it("retries a throttled bearer call honouring the gateway's Retry-After", async () => {
    const timing = fakeTiming();
    const client = new GatewayClient({ gateway: "globalaiopc", apiKey: API_KEY }, timing.options);
    clients.push(client);
    nock(ORIGINS.globalaiopc).post("/kyyReactApiServer/kyyVideo2/asset/upload").reply(answer([], { status: 429, body: { code: 429, msg: "too many requests", data: null }, headers: { "retry-after": "2" } }));
    nock(ORIGINS.globalaiopc).post("/kyyReactApiServer/kyyVideo2/asset/upload").reply(answer([], { status: 200, body: { code: 0, msg: null, data: { assetId: "a1" } } }));
    await expect(client.createAsset({ URL: "https://example.com/a.png", AssetType: "Image" })).resolves.toEqual({ Id: "a1" });
    expect(timing.sleeps).toEqual([2000]);
  });

  it("does not retry an Anyfast CreateAsset answered 502", async () => {
    const log: RecordedRequest[] = [];
    nock(ORIGINS.anyfast).post("/volc/asset/CreateAsset").reply(answer(log, { status: 502, body: { error: { code: "upstream_error", message: "[InternalError] upstream failed" } } }));
    const error = await bearerClient("anyfast", 4).createAsset({ GroupId: "group-1", URL: "https://example.com/a.png", AssetType: "Image" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true });
    expect(log).toHaveLength(1);
  });

  it("maps a 429 without a throttling code to ThrottledError", async () => {
    nock(ORIGINS.gogogotoken).post("/v1/seedance/asset/GetAsset").reply(answer([], { status: 429, body: { error: { message: "slow", type: "x", code: "rate_limit_exceeded" } } }));
    const error = await bearerClient("gogogotoken").getAsset({ Id: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toBeInstanceOf(GatewayError);
  });
});

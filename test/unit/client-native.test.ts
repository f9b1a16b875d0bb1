/**
 * GatewayClient against the native Volcengine / BytePlus API, at the HTTP level (nock): request shape and signature,
 * envelope decoding, error classes, response validation. Retries, limits and secrecy: client-policy.test.ts.
 */
import { createHash } from "node:crypto";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { GatewayClient, type GatewayProfile } from "../../provider/client.js";
import {
  ConflictError,
  ForbiddenError,
  GatewayError,
  InternalError,
  InvalidParameterError,
  isSeedanceError,
  NotFoundError,
  ResponseValidationError,
  ThrottledError,
  UnauthorizedError,
  UnavailableError,
} from "../../provider/errors.js";
import { verifySignature } from "../../provider/signer.js";
import { answer, useClients, fakeTiming, useNock, type Answer, type RecordedRequest } from "../support/http-mock.js";

const AK = "AKLTtestaccesskeyid0001";
const SK = "dGVzdC1zZWNyZXQta2V5LTAwMDE=";
const NOW = new Date("2026-03-20T12:00:00Z");

const NATIVE = {
  volcengine: { origin: "https://ark.cn-beijing.volcengineapi.com", region: "cn-beijing" },
  byteplus: { origin: "https://ark.ap-southeast-1.byteplusapi.com", region: "ap-southeast-1" },
} as const;
type NativeName = keyof typeof NATIVE;

useNock();
const clients = useClients();

function nativeClient(gateway: NativeName, profile: Partial<GatewayProfile> = {}) {
  const timing = fakeTiming(NOW);
  const client = new GatewayClient({ gateway, accessKeyId: AK, secretAccessKey: SK, ...profile }, timing.options);
  clients.push(client);
  return { client, sleeps: timing.sleeps };
}

/** Mocks one native call of `action` answering `a`; the returned log receives the request. */
function mockNative(gateway: NativeName, action: string, a: Answer, log: RecordedRequest[] = []): RecordedRequest[] {
  nock(NATIVE[gateway].origin).post("/").query({ Action: action, Version: "2024-01-01" }).reply(answer(log, a));
  return log;
}

function ok(action: string, result: unknown, gateway: NativeName = "volcengine"): Answer {
  return {
    status: 200,
    body: { ResponseMetadata: { RequestId: "req-ok", Action: action, Version: "2024-01-01", Service: "ark", Region: NATIVE[gateway].region }, Result: result },
  };
}

function failure(status: number, code: string, message = "it failed", headers?: Record<string, string>): Answer {
  return {
    status,
    body: { ResponseMetadata: { RequestId: "req-err", Action: "X", Version: "2024-01-01", Service: "ark", Region: "cn-beijing", Error: { Code: code, Message: message } } },
    ...(headers ? { headers } : {}),
  };
}

const ASSET = {
  Id: "asset-20260320120147-pqwhc",
  Name: "hero",
  URL: "https://tos.example/asset.png?X-Tos-Expires=43200",
  AssetType: "Image",
  GroupId: "group-20260319072926-rrnmg",
  Status: "Active",
  Error: null,
  ProjectName: "default",
  CreateTime: 1773921600,
  UpdateTime: "2026-03-20T12:00:00Z",
};

describe.each(["volcengine", "byteplus"] as const)("%s: request shape", (gateway) => {
  it("POSTs / with Action and Version in the query, the PascalCase JSON body, and a valid signature", async () => {
    const { client } = nativeClient(gateway);
    const log = mockNative(gateway, "CreateAssetGroup", ok("CreateAssetGroup", { Id: "group-1" }, gateway));
    const request = { Name: "characters", Description: "hero shots", GroupType: "AIGC" as const, ProjectName: "default" };

    await expect(client.createAssetGroup(request)).resolves.toEqual({ Id: "group-1" });

    const sent = log[0]!;
    expect(sent.method).toBe("POST");
    expect(sent.url.origin + sent.url.pathname).toBe(`${NATIVE[gateway].origin}/`);
    expect(sent.url.search).toBe("?Action=CreateAssetGroup&Version=2024-01-01");
    expect(JSON.parse(sent.text)).toEqual(request);
    expect(sent.headers["content-type"]).toBe("application/json");
    expect(sent.headers["x-date"]).toBe("20260320T120000Z");
    expect(sent.headers["x-content-sha256"]).toBe(createHash("sha256").update(sent.body).digest("hex"));

    const verdict = verifySignature({
      method: sent.method,
      path: sent.url.pathname,
      query: sent.url.search,
      headers: sent.headers,
      body: sent.body,
      lookupSecret: (ak) => (ak === AK ? SK : undefined),
      now: NOW,
    });
    expect(verdict).toMatchObject({ ok: true, scope: { accessKeyId: AK, region: NATIVE[gateway].region, service: "ark", date: "20260320" } });
    if (verdict.ok) expect(verdict.signedHeaders).toEqual(["content-type", "host", "x-content-sha256", "x-date"]);
  });

  it("signs and sends X-Security-Token for STS keys", async () => {
    const { client } = nativeClient(gateway, { securityToken: "sts-test-token-0001" });
    const log = mockNative(gateway, "GetAsset", ok("GetAsset", ASSET, gateway));
    await client.getAsset({ Id: ASSET.Id });
    expect(log[0]!.headers["x-security-token"]).toBe("sts-test-token-0001");
    expect(log[0]!.headers["authorization"]).toContain("x-security-token");
  });

  it("uses a configured base URL, region and version", async () => {
    const { client } = nativeClient(gateway, { baseUrl: "https://open.volcengineapi.com", region: "cn-shanghai", version: "2024-01-01" });
    const log: RecordedRequest[] = [];
    nock("https://open.volcengineapi.com").post("/").query(true).reply(answer(log, ok("GetAsset", ASSET, gateway)));
    await client.getAsset({ Id: ASSET.Id });
    expect(log[0]!.headers["authorization"]).toContain("/cn-shanghai/ark/request");
  });
});

describe("native request details", () => {
  it("sends Moderation to byteplus only (volcengine does not take it)", async () => {
    const request = { GroupId: "group-1", URL: "https://example.com/a.png", AssetType: "Image" as const, Moderation: { Strategy: "Skip" as const } };
    const byteplusLog = mockNative("byteplus", "CreateAsset", ok("CreateAsset", { Id: "asset-1" }, "byteplus"));
    const volcengineLog = mockNative("volcengine", "CreateAsset", ok("CreateAsset", { Id: "asset-2" }));
    await nativeClient("byteplus").client.createAsset(request);
    await nativeClient("volcengine").client.createAsset(request);
    expect(JSON.parse(byteplusLog[0]!.text).Moderation).toEqual({ Strategy: "Skip" });
    expect(JSON.parse(volcengineLog[0]!.text).Moderation).toBeUndefined();
  });
});

describe("native envelope decoding", () => {
  it("returns the Result with timestamps normalized to ISO strings and defaults filled", async () => {
    const { client } = nativeClient("volcengine");
    mockNative("volcengine", "GetAsset", ok("GetAsset", ASSET));
    const asset = await client.getAsset({ Id: ASSET.Id });
    expect(asset).toMatchObject({ Id: ASSET.Id, Status: "Active", CreateTime: "2026-03-19T12:00:00.000Z", UpdateTime: "2026-03-20T12:00:00Z" });
  });

  it("answers {} for deletes with an empty or absent Result", async () => {
    const { client } = nativeClient("byteplus");
    mockNative("byteplus", "DeleteAsset", { status: 200, body: { ResponseMetadata: { RequestId: "r" } } });
    await expect(client.deleteAsset({ Id: "asset-1" })).resolves.toEqual({});
  });

  it("iterates every page of ListAssets", async () => {
    const { client } = nativeClient("volcengine");
    const log: RecordedRequest[] = [];
    const page = (n: number, ids: string[]) => ok("ListAssets", { Items: ids.map((Id) => ({ ...ASSET, Id })), TotalCount: 3, PageNumber: n, PageSize: 2 });
    mockNative("volcengine", "ListAssets", page(1, ["a1", "a2"]), log);
    mockNative("volcengine", "ListAssets", page(2, ["a3"]), log);
    const ids: string[] = [];
    for await (const asset of client.listAllAssets({ Filter: { GroupIds: ["group-1"] }, PageSize: 2 })) ids.push(asset.Id);
    expect(ids).toEqual(["a1", "a2", "a3"]);
    expect(log.map((r) => JSON.parse(r.text).PageNumber)).toEqual([1, 2]);
  });

  it("treats ResponseMetadata.Error with HTTP 200 as a failure", async () => {
    const { client } = nativeClient("volcengine");
    mockNative("volcengine", "GetAsset", failure(200, "NotFound.asset_id", "The specified asset asset-x is not found"));
    const error = await client.getAsset({ Id: "asset-x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      code: "SEEDANCE_ERR_NOT_FOUND",
      gateway: "volcengine",
      action: "GetAsset",
      httpStatus: 200,
      gatewayCode: "NotFound.asset_id",
      gatewayMessage: "The specified asset asset-x is not found",
      requestId: "req-err",
      kind: "NotFound",
    });
    expect(isSeedanceError(error)).toBe(true);
    expect((error as Error).message).toBe(
      [
        "GetAsset on volcengine failed with NotFound (HTTP 200).",
        "The gateway answered NotFound.asset_id: The specified asset asset-x is not found (RequestId req-err).",
        "Next step: check the Id and ProjectName; the resource may have been deleted outside this program (refresh to forget it).",
      ].join("\n"),
    );
  });

  // Non-retried statuses only here (reads retry 5xx; client-policy.test.ts covers that).
  it.each([
    [404, "NotFound.group_id", NotFoundError, "SEEDANCE_ERR_NOT_FOUND"],
    [401, "SignatureDoesNotMatch", UnauthorizedError, "SEEDANCE_ERR_UNAUTHORIZED"],
    [401, "InvalidAccessKey", UnauthorizedError, "SEEDANCE_ERR_UNAUTHORIZED"],
    [400, "InvalidTimestamp", UnauthorizedError, "SEEDANCE_ERR_UNAUTHORIZED"],
    [403, "AccessDenied", ForbiddenError, "SEEDANCE_ERR_FORBIDDEN"],
    [400, "InvalidParameter.DownloadFailed", InvalidParameterError, "SEEDANCE_ERR_INVALID_PARAMETER"],
    [400, "MissingParameter.Filter", InvalidParameterError, "SEEDANCE_ERR_INVALID_PARAMETER"],
    [409, "AlreadyExists", ConflictError, "SEEDANCE_ERR_CONFLICT"],
    [500, "InternalError", InternalError, "SEEDANCE_ERR_INTERNAL"],
    [503, "ServiceUnavailableTemp", UnavailableError, "SEEDANCE_ERR_UNAVAILABLE"],
    [429, "FlowLimitExceeded", ThrottledError, "SEEDANCE_ERR_THROTTLED"],
    [418, "Teapot", GatewayError, "SEEDANCE_ERR_GATEWAY"],
  ] as const)("HTTP %i %s → %o", async (status, code, errorClass, errorCode) => {
    // CreateAsset is mutating, so 5xx is not retried; a throttle budget of 0 keeps 429 from being retried.
    const { client } = nativeClient("byteplus", { maxRetries: 0, throttleBudgetMs: 0 });
    mockNative("byteplus", "CreateAsset", failure(status, code));
    const error = await client.createAsset({ GroupId: "group-1", URL: "https://example.com/a.png", AssetType: "Image" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ code: errorCode, gatewayCode: code, httpStatus: status, gateway: "byteplus", action: "CreateAsset" });
  });

  it("reports a non-JSON error body by its status", async () => {
    const { client } = nativeClient("volcengine");
    mockNative("volcengine", "UpdateAsset", { status: 502, body: "<html>Bad Gateway</html>", headers: { "content-type": "text/html" } });
    const error = await client.updateAsset({ Id: "asset-1", Name: "n" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ gatewayCode: "HTTP502", gatewayMessage: "<html>Bad Gateway</html>", mayHaveBeenApplied: true });
  });
});

describe("response validation", () => {
  it("names gateway, action and field path when the Result does not match", async () => {
    const { client } = nativeClient("volcengine");
    mockNative("volcengine", "GetAsset", ok("GetAsset", { ...ASSET, Status: "Exploded" }));
    const error = await client.getAsset({ Id: ASSET.Id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).not.toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: "SEEDANCE_ERR_RESPONSE_VALIDATION", gateway: "volcengine", action: "GetAsset", field: "Status", requestId: "req-ok" });
    expect((error as Error).message).toMatch(/^GetAsset on volcengine succeeded, but the answer did not match the expected shape\.\nField Status: /);
  });

  it("names the path inside a list", async () => {
    const { client } = nativeClient("byteplus");
    mockNative("byteplus", "ListAssetGroups", ok("ListAssetGroups", { Items: [{ Id: "g1", Name: "a" }, { Id: "g2" }], TotalCount: 2, PageNumber: 1, PageSize: 10 }, "byteplus"));
    await expect(client.listAssetGroups({ Filter: { GroupType: "AIGC" } })).rejects.toMatchObject({ field: "Items.1.Name" });
  });

  it("does not crash on a success without Result, or on a body that is not JSON", async () => {
    const { client } = nativeClient("volcengine");
    mockNative("volcengine", "GetAssetGroup", { status: 200, body: { ResponseMetadata: { RequestId: "r1" } } });
    await expect(client.getAssetGroup({ Id: "group-1" })).rejects.toMatchObject({ name: "ResponseValidationError", field: "(result)" });
    mockNative("volcengine", "GetAssetGroup", { status: 200, body: "OK", headers: { "content-type": "text/plain" } });
    await expect(client.getAssetGroup({ Id: "group-1" })).rejects.toBeInstanceOf(GatewayError);
  });

  it("says a mutating call was applied when only its answer is malformed", async () => {
    const { client } = nativeClient("volcengine");
    mockNative("volcengine", "CreateAssetGroup", ok("CreateAssetGroup", { Identifier: "group-1" }));
    await expect(client.createAssetGroup({ Name: "g" })).rejects.toMatchObject({ field: "Id", mayHaveBeenApplied: true });
  });
});

/**
 * The pure parts of the native dialect's sourced behaviours (issue 8, "Second look"): encoding and decoding in
 * provider/gateways/native.ts, the native error table, the group-propagation retry rule, the code-specific next
 * steps, and the emulator CLI options for them. Their behaviour over HTTP: test/integration/native-fidelity.test.ts.
 */
import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseCli } from "../../emulator/cli.js";
import { GatewayClient } from "../../provider/client.js";
import { verifySignature } from "../../provider/signer.js";
import { answer, fakeTiming, useNock, type RecordedRequest } from "../support/http-mock.js";
import { gatewayErrorFromFailure, NotFoundError } from "../../provider/errors.js";
import { DialectRequestError } from "../../provider/gateways/dialect.js";
import { byteplus, DEFAULT_LIST_GROUP_TYPE, requireListFilter, volcengine } from "../../provider/gateways/native.js";
import { nativeError } from "../../provider/gateways/native-errors.js";
import { isGroupNotFound, RecentGroups } from "../../provider/group-propagation.js";

const failureCode = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return (error as DialectRequestError).canonical.code;
  }
  return undefined;
};

describe("native list encoding", () => {
  it("always sends Filter.GroupType, AIGC unless the caller names one", () => {
    for (const dialect of [volcengine, byteplus]) {
      const bare = dialect.encodeRequest("ListAssets", { Filter: { GroupIds: ["group-20260924075329-67prc"] } }, { version: "2024-01-01" });
      expect(bare.body).toEqual({ kind: "json", value: { Filter: { GroupIds: ["group-20260924075329-67prc"], GroupType: DEFAULT_LIST_GROUP_TYPE } } });
      const named = dialect.encodeRequest("ListAssetGroups", { Filter: { GroupType: "LivenessFace" } }, { version: "2024-01-01" });
      expect(named.body).toEqual({ kind: "json", value: { Filter: { GroupType: "LivenessFace" } } });
      const other = dialect.encodeRequest("GetAsset", { Id: "asset-20260924075329-s9g98" }, { version: "2024-01-01" });
      expect(other.body).toEqual({ kind: "json", value: { Id: "asset-20260924075329-s9g98" } });
    }
    expect(DEFAULT_LIST_GROUP_TYPE).toBe("AIGC");
  });

  it("refuses, on the server side, a list without Filter or without Filter.GroupType", () => {
    expect(failureCode(() => requireListFilter("ListAssets", { PageSize: 10 }))).toBe("MissingParameter.Filter");
    expect(failureCode(() => requireListFilter("ListAssetGroups", { Filter: { Name: "x" } }))).toBe("MissingParameter.Filter.GroupType");
    expect(failureCode(() => requireListFilter("ListAssets", { Filter: { GroupType: "" } }))).toBe("MissingParameter.Filter.GroupType");
    expect(failureCode(() => requireListFilter("ListAssets", { Filter: { GroupType: "AIGC" } }))).toBeUndefined();
    expect(failureCode(() => requireListFilter("GetAsset", {}))).toBeUndefined();
    expect(nativeError("MissingParameter.Filter.GroupType", "m")).toMatchObject({ kind: "InvalidParameter", httpStatus: 400 });
  });

  it("pages by cursor at BytePlus only", () => {
    expect(byteplus.capabilities.cursorPaging).toBe(true);
    expect(volcengine.capabilities.cursorPaging).toBe(false);
  });
});

useNock();

describe("BytePlus hosts", () => {
  // neonvoid/NV_Comfy_Utils reaches BytePlus at open.ap-southeast-1.byteplusapi.com: the host is configuration.
  it("signs for the host baseUrl names, so open.ap-southeast-1.byteplusapi.com works as well", async () => {
    const log: RecordedRequest[] = [];
    nock("https://open.ap-southeast-1.byteplusapi.com")
      .post("/")
      .query({ Action: "ListAssetGroups", Version: "2024-01-01" })
      .reply(answer(log, { status: 200, body: { ResponseMetadata: { RequestId: "r" }, Result: { Items: [], TotalCount: 0, PageNumber: 1, PageSize: 10 } } }));
    const now = new Date("2026-06-11T08:00:00Z");
    const client = new GatewayClient(
      { gateway: "byteplus", baseUrl: "https://open.ap-southeast-1.byteplusapi.com", accessKeyId: "AKLTtest", secretAccessKey: "c2VjcmV0" },
      fakeTiming(now).options,
    );
    try {
      await client.listAssetGroups({ Filter: {} });
    } finally {
      await client.close();
    }
    const sent = log[0]!;
    expect(sent.headers["host"]).toBe("open.ap-southeast-1.byteplusapi.com");
    expect(JSON.parse(sent.text)).toEqual({ Filter: { GroupType: "AIGC" } });
    const verdict = verifySignature({ method: sent.method, path: sent.url.pathname, query: sent.url.search, headers: sent.headers, body: sent.body, lookupSecret: () => "c2VjcmV0", now });
    expect(verdict).toMatchObject({ ok: true, scope: { region: "ap-southeast-1", service: "ark" } });
  });
});

describe("native request ids", () => {
  const envelope = (requestId?: string) => ({ ResponseMetadata: { ...(requestId ? { RequestId: requestId } : {}), Error: { Code: "InternalError", Message: "m" } } });

  it("takes ResponseMetadata.RequestId first, then the X-Tt-Logid header", () => {
    const both = byteplus.decodeResponse("GetAsset", { status: 500, headers: { "x-tt-logid": "logid-1" }, body: envelope("body-1") });
    expect(both).toMatchObject({ ok: false, failure: { requestId: "body-1" } });
    const header = byteplus.decodeResponse("GetAsset", { status: 500, headers: { "x-tt-logid": "logid-2" }, body: envelope() });
    expect(header).toMatchObject({ ok: false, failure: { requestId: "logid-2" } });
    const html = byteplus.decodeResponse("GetAsset", { status: 502, headers: { "x-tt-logid": "logid-3" }, body: undefined, rawText: "<html>Bad Gateway</html>" });
    expect(html).toMatchObject({ ok: false, failure: { requestId: "logid-3", httpStatus: 502 } });
    const success = byteplus.decodeResponse("DeleteAsset", { status: 200, headers: { "x-tt-logid": "logid-4" }, body: { ResponseMetadata: {} } });
    expect(success).toMatchObject({ ok: true, requestId: "logid-4" });
  });

  it("is sent as X-Tt-Logid by the BytePlus side of the emulator only", () => {
    expect(byteplus.encodeResult("DeleteAsset", {}, "rid-1").headers["x-tt-logid"]).toBe("rid-1");
    expect(byteplus.encodeError("GetAsset", nativeError("NotFound.asset_id", "m"), "rid-2").headers["x-tt-logid"]).toBe("rid-2");
    expect(volcengine.encodeResult("DeleteAsset", {}, "rid-3").headers["x-tt-logid"]).toBeUndefined();
  });
});

describe("native error codes", () => {
  it("classifies the asset-library codes with their statuses", () => {
    expect(nativeError("SubscriptionRequired", "This API requires an active subscription")).toMatchObject({ kind: "Forbidden", httpStatus: 403 });
    expect(nativeError("QuotaExceeded", "m")).toMatchObject({ kind: "Forbidden", httpStatus: 403 });
    expect(nativeError("AccessDenied", "m")).toMatchObject({ kind: "Forbidden", httpStatus: 403 });
    expect(nativeError("InvalidParameter.AssetID", "Id is Invalid")).toMatchObject({ kind: "InvalidParameter", httpStatus: 400 });
    expect(nativeError("InvalidParameter.URL", "m")).toMatchObject({ kind: "InvalidParameter", httpStatus: 400 });
  });

  it("gives each code with a specific fix its own next step", () => {
    const next = (code: string, kind: "Forbidden" | "InvalidParameter") =>
      gatewayErrorFromFailure({ gateway: "byteplus", action: "CreateAsset", attempts: 1, mayHaveBeenApplied: false }, { kind, code, message: "m", httpStatus: 403 }).message;
    expect(next("SubscriptionRequired", "Forbidden")).toMatch(/Next step: .*active subscription.*activate it in the console/);
    expect(next("AccessDenied", "Forbidden")).toMatch(/Next step: .*sign its one-time authorization letter in the console/);
    expect(next("QuotaExceeded", "Forbidden")).toMatch(/Next step: .*quota is used up.*not verified/);
    expect(next("InvalidParameter.URL", "InvalidParameter")).toMatch(/Next step: .*public http\(s\) URL.*no data: URI/);
    expect(next("InvalidParameter.AssetID", "InvalidParameter")).toMatch(/Next step: .*not a well-formed asset id/);
    expect(next("SomethingElse", "Forbidden")).toMatch(/Next step: allow the key to manage assets/);
  });
});

describe("group propagation", () => {
  const notFound = (code: string, message: string, httpStatus: number, kind: "NotFound" | "InvalidParameter" | "Unavailable" | "Forbidden" = "NotFound") =>
    gatewayErrorFromFailure({ gateway: "anyfast", action: "CreateAsset", attempts: 1, mayHaveBeenApplied: false }, { kind, code, message, httpStatus });

  it("recognises a group that is not found yet, natively and as relayed (400/502 with the words)", () => {
    expect(isGroupNotFound(notFound("NotFound.group_id", "The asset group does not exist.", 404))).toBe(true);
    expect(isGroupNotFound(notFound("InvalidParameter", "[NotFound.GroupId] group not found", 400, "InvalidParameter"))).toBe(true);
    expect(isGroupNotFound(notFound("HTTP502", "upstream: GroupNotFound", 502, "Unavailable"))).toBe(true);
    expect(isGroupNotFound(notFound("NotFound.asset_id", "The asset does not exist.", 404))).toBe(false);
    expect(isGroupNotFound(notFound("AccessDenied", "group not found", 403, "Forbidden"))).toBe(false);
    expect(isGroupNotFound(new Error("group not found"))).toBe(false);
    expect(notFound("NotFound.group_id", "m", 404)).toBeInstanceOf(NotFoundError);
  });

  it("remembers the groups a client created within the window only", () => {
    const recent = new RecentGroups();
    recent.record("group-20260924075329-67prc", 1_000, 60_000);
    expect(recent.isRecent("group-20260924075329-67prc", 61_000, 60_000)).toBe(true);
    expect(recent.isRecent("group-20260924075329-67prc", 61_001, 60_000)).toBe(false);
    expect(recent.isRecent("group-20260924075329-other", 2_000, 60_000)).toBe(false);
    expect(recent.isRecent(undefined, 2_000, 60_000)).toBe(false);
  });
});

describe("emulator CLI options of account state and consistency", () => {
  it("parses --account-state, --group-lag-ms and --asset-lag-ms, and names a bad value", () => {
    const parsed = parseCli(["--account-state", "subscriptionRequired", "--group-lag-ms", "2000", "--asset-lag-ms", "500"]);
    expect(parsed).toMatchObject({ help: false, options: { accountState: "subscriptionRequired", consistency: { groupLagMs: 2000, assetLagMs: 500 } } });
    expect(parseCli([])).not.toHaveProperty("options.consistency");
    expect(() => parseCli(["--account-state", "broke"])).toThrow(/--account-state must be one of active, subscriptionRequired/);
    expect(() => parseCli(["--group-lag-ms", "-1"])).toThrow(/--group-lag-ms/);
  });
});

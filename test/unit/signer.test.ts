import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalQueryString, parseAuthorization, signRequest, verifySignature, type SignRequestInput } from "../../provider/signer.js";

// The official test vectors of the Volcengine signing documentation (public, not secrets): the ListUsers one is the
// worked example of volcengine.com/docs/6369/67270; docs/sources.md, "Signing". "Seed 004" below is the native
// example of docs.agentsflare.com/api-examples/assets-api, one of the project's input documents.
const AK = "AKLTYWViMTVmZGYzM2E0NDI5Mzk2MDZjNjFmMjc2MjRjMzg";
const SK = "WkRZeE1EQmxPVGhsWWpWak5HVmtNbUUxTXpZeU9UVXlOMlE1TmpZeVlqTQ==";

const VECTORS = [
  {
    name: "GET QueryBalanceAcct",
    method: "GET",
    host: "billing.volcengineapi.com",
    query: { Action: "QueryBalanceAcct", Version: "2022-01-01" },
    body: "",
    xDate: "20250329T180937Z",
    service: "billing",
    signature: "1eda9e7e6b1728151a8e8791fdaf67cfbd28bd5c80d0fce2eb208746cf483105",
  },
  {
    name: "POST ListBill",
    method: "POST",
    host: "billing.volcengineapi.com",
    query: { Action: "ListBill", Version: "2022-01-01" },
    body: '{"Limit":10,"BillPeriod":"2023-08"}',
    xDate: "20250329T180937Z",
    service: "billing",
    signature: "5e8480ceea12d0000a23c054151c50dd02c1a7dec835004057d19f13d53a7658",
  },
  {
    name: "GET ListUsers",
    method: "GET",
    host: "iam.volcengineapi.com",
    query: { Action: "ListUsers", Limit: "10", Offset: "0", Version: "2018-01-01" },
    body: "",
    xDate: "20240619T071306Z",
    service: "iam",
    signature: "e31c4558bcfe08a286001f59cedbf0791ffd0b2362f10e55ee2627467bcdde93",
  },
] as const;

function dateOf(xDate: string): Date {
  return new Date(`${xDate.slice(0, 4)}-${xDate.slice(4, 6)}-${xDate.slice(6, 8)}T${xDate.slice(9, 11)}:${xDate.slice(11, 13)}:${xDate.slice(13, 15)}Z`);
}

function vectorInput(v: (typeof VECTORS)[number]): SignRequestInput {
  return {
    method: v.method,
    host: v.host,
    path: "/",
    query: v.query,
    body: v.body,
    accessKeyId: AK,
    secretAccessKey: SK,
    region: "cn-beijing",
    service: v.service,
    date: dateOf(v.xDate),
    signedHeaders: ["host", "x-date"],
  };
}

describe("signRequest: official test vectors", () => {
  for (const v of VECTORS) {
    it(v.name, () => {
      const headers = signRequest(vectorInput(v));
      expect(headers["X-Date"]).toBe(v.xDate);
      expect(headers.Authorization).toBe(
        `HMAC-SHA256 Credential=${AK}/${v.xDate.slice(0, 8)}/cn-beijing/${v.service}/request, SignedHeaders=host;x-date, Signature=${v.signature}`,
      );
    });
  }

  it("seed 004's \"VolcEngine\"+SK key derivation does NOT give the official signature", () => {
    const v = VECTORS[0];
    // Seed 004's signer, transcribed: same canonical request, but kDate keyed with "VolcEngine" + SK.
    const canonical = ["GET", "/", canonicalQueryString(v.query), `host:${v.host}\nx-date:${v.xDate}\n`, "host;x-date", sha("")].join("\n");
    const scope = `${v.xDate.slice(0, 8)}/cn-beijing/${v.service}/request`;
    const stringToSign = ["HMAC-SHA256", v.xDate, scope, sha(canonical)].join("\n");
    const kDate = mac(`VolcEngine${SK}`, v.xDate.slice(0, 8));
    const seedSignature = mac(mac(mac(mac(kDate, "cn-beijing"), v.service), "request"), stringToSign).toString("hex");
    expect(seedSignature).not.toBe(v.signature);
    // …while the same transcription without the prefix reproduces the vector, so only the prefix differs.
    const official = mac(mac(mac(mac(mac(SK, v.xDate.slice(0, 8)), "cn-beijing"), v.service), "request"), stringToSign).toString("hex");
    expect(official).toBe(v.signature);
  });
});

describe("signRequest: default signed headers", () => {
  const base = {
    method: "POST",
    host: "ark.cn-beijing.volcengineapi.com",
    path: "/",
    query: { Action: "GetAsset", Version: "2024-01-01" },
    headers: { "Content-Type": "application/json" },
    body: '{"Id":"asset-1"}',
    accessKeyId: "AKTEST",
    secretAccessKey: "secret-test",
    region: "cn-beijing",
    service: "ark",
    date: new Date("2026-03-20T12:00:00Z"),
  };

  it("signs content-type, host, x-content-sha256, x-date, and x-security-token for STS keys", () => {
    expect(parseAuthorization(signRequest(base).Authorization)?.signedHeaders).toEqual(["content-type", "host", "x-content-sha256", "x-date"]);
    const sts = signRequest({ ...base, securityToken: "sts-token" });
    expect(sts["X-Security-Token"]).toBe("sts-token");
    expect(parseAuthorization(sts.Authorization)?.signedHeaders).toContain("x-security-token");
    expect(signRequest(base)["X-Content-Sha256"]).toBe(sha(base.body));
  });

  it("encodes the query with RFC 3986 rules", () => {
    expect(canonicalQueryString({ b: "a b", a: "x*y~(1)!", "c+": ["2", "1"] })).toBe("a=x%2Ay~%281%29%21&b=a%20b&c%2B=1&c%2B=2");
  });
});

describe("verifySignature", () => {
  const now = new Date("2026-03-20T12:00:00Z");
  const request = {
    method: "POST",
    path: "/",
    query: { Action: "CreateAsset", Version: "2024-01-01" },
    body: '{"GroupId":"group-1","URL":"https://example.com/a.png","AssetType":"Image"}',
  };
  const signed = signRequest({
    ...request,
    host: "ark.ap-southeast-1.byteplusapi.com",
    headers: { "content-type": "application/json" },
    accessKeyId: "AKTEST",
    secretAccessKey: "secret-test",
    region: "ap-southeast-1",
    service: "ark",
    date: now,
  });
  const received = {
    ...request,
    query: "Action=CreateAsset&Version=2024-01-01",
    headers: {
      host: "ark.ap-southeast-1.byteplusapi.com",
      "content-type": "application/json",
      authorization: signed.Authorization,
      "x-date": signed["X-Date"],
      "x-content-sha256": signed["X-Content-Sha256"],
    },
    lookupSecret: (ak: string) => (ak === "AKTEST" ? "secret-test" : undefined),
    now,
  };

  it("accepts the request as signed and returns the credential scope", () => {
    expect(verifySignature(received)).toEqual({
      ok: true,
      scope: { accessKeyId: "AKTEST", date: "20260320", region: "ap-southeast-1", service: "ark" },
      signedHeaders: ["content-type", "host", "x-content-sha256", "x-date"],
    });
  });

  it("accepts the official vectors", () => {
    for (const v of VECTORS) {
      const headers = signRequest(vectorInput(v));
      const result = verifySignature({
        method: v.method,
        path: "/",
        query: v.query,
        body: v.body,
        headers: { Host: v.host, "X-Date": headers["X-Date"], Authorization: headers.Authorization },
        lookupSecret: () => SK,
        now: dateOf(v.xDate),
      });
      expect(result.ok).toBe(true);
    }
  });

  it.each([
    ["an altered body", { body: received.body.replace("Image", "Video") }],
    ["an altered query", { query: "Action=DeleteAsset&Version=2024-01-01" }],
    ["an added query parameter", { query: "Action=CreateAsset&Version=2024-01-01&ProjectName=x" }],
    ["an altered signed header", { headers: { ...received.headers, host: "ark.cn-beijing.volcengineapi.com" } }],
    ["a wrong secret key", { lookupSecret: () => "secret-wrong" }],
    ["a different method", { method: "PUT" }],
  ])("rejects %s with SignatureDoesNotMatch", (_name, change) => {
    const result = verifySignature({ ...received, ...change });
    expect(result).toMatchObject({ ok: false, code: "SignatureDoesNotMatch", scope: { region: "ap-southeast-1" } });
  });

  it("rejects an unknown access key with InvalidAccessKey", () => {
    expect(verifySignature({ ...received, lookupSecret: () => undefined })).toMatchObject({ ok: false, code: "InvalidAccessKey" });
  });

  it("rejects a skew above 15 minutes with InvalidTimestamp, configurable", () => {
    const late = new Date(now.getTime() + 16 * 60_000);
    expect(verifySignature({ ...received, now: late })).toMatchObject({ ok: false, code: "InvalidTimestamp" });
    expect(verifySignature({ ...received, now: late, maxSkewSeconds: 3600 }).ok).toBe(true);
    expect(verifySignature({ ...received, now: new Date(now.getTime() + 14 * 60_000) }).ok).toBe(true);
  });

  it("rejects a missing or malformed Authorization header, and unsigned host", () => {
    const { authorization: _a, ...noAuth } = received.headers;
    expect(verifySignature({ ...received, headers: noAuth })).toMatchObject({ ok: false, code: "MissingAuthenticationToken" });
    expect(verifySignature({ ...received, headers: { ...received.headers, authorization: "Bearer abc" } })).toMatchObject({
      ok: false,
      code: "InvalidAuthorization",
    });
    const unsignedHost = signed.Authorization.replace("content-type;host;", "content-type;");
    expect(verifySignature({ ...received, headers: { ...received.headers, authorization: unsignedHost } })).toMatchObject({
      ok: false,
      code: "InvalidAuthorization",
    });
  });
});

function sha(data: string): string {
  return createHash("sha256").update(data).digest("hex");
}

function mac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

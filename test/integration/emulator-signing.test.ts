/**
 * The emulator's AK/SK verification checked by a signer that is not the project's: a small one written here from
 * the published algorithm (https://docs.byteplus.com/api/docs/byteplus-platform/reference-how-to-calculate-a-signature,
 * volcengine.com/docs/6369/67270), pinned by the three official test vectors. A client and an emulator sharing
 * provider/signer.ts could share a bug; this one cannot. Seed 004's signer (the native example of
 * docs.agentsflare.com/api-examples/assets-api: `"VolcEngine" + SK` as the first key, `/open/<Action>` path) must
 * fail as it would against the real service. Seeds: the project's input documents, listed with their public
 * originals in docs/sources.md.
 */
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import { emulator, useCleanup } from "../support/emulator.js";

useCleanup();

interface Signable {
  method: string;
  host: string;
  path: string;
  query: Record<string, string>;
  body: string;
  xDate: string;
  region: string;
  service: string;
  ak: string;
  sk: string;
  /** `VolcEngine` reproduces seed 004's (wrong) key derivation. */
  keyPrefix?: string;
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());

/** Independent implementation: signs `host;x-date` only, as the official vectors do. Returns the headers to send. */
function independentSign(r: Signable): Record<string, string> {
  const query = Object.keys(r.query)
    .sort()
    .map((k) => `${enc(k)}=${enc(r.query[k]!)}`)
    .join("&");
  const canonicalRequest = [r.method, r.path, query, `host:${r.host}\nx-date:${r.xDate}\n`, "host;x-date", sha256(r.body)].join("\n");
  const scope = `${r.xDate.slice(0, 8)}/${r.region}/${r.service}/request`;
  const stringToSign = ["HMAC-SHA256", r.xDate, scope, sha256(canonicalRequest)].join("\n");
  let key = hmac((r.keyPrefix ?? "") + r.sk, r.xDate.slice(0, 8));
  for (const part of [r.region, r.service, "request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
  return { "X-Date": r.xDate, Authorization: `HMAC-SHA256 Credential=${r.ak}/${scope}, SignedHeaders=host;x-date, Signature=${signature}` };
}

const signatureOf = (headers: Record<string, string>) => /Signature=([0-9a-f]{64})$/.exec(headers["Authorization"]!)![1];

describe("the independent signer", () => {
  const official = { ak: "AKLTYWViMTVmZGYzM2E0NDI5Mzk2MDZjNjFmMjc2MjRjMzg", sk: "WkRZeE1EQmxPVGhsWWpWak5HVmtNbUUxTXpZeU9UVXlOMlE1TmpZeVlqTQ==", region: "cn-beijing" };

  it.each([
    ["GET", "billing.volcengineapi.com", { Action: "QueryBalanceAcct", Version: "2022-01-01" }, "", "20250329T180937Z", "billing", "1eda9e7e6b1728151a8e8791fdaf67cfbd28bd5c80d0fce2eb208746cf483105"],
    ["POST", "billing.volcengineapi.com", { Action: "ListBill", Version: "2022-01-01" }, '{"Limit":10,"BillPeriod":"2023-08"}', "20250329T180937Z", "billing", "5e8480ceea12d0000a23c054151c50dd02c1a7dec835004057d19f13d53a7658"],
    ["GET", "iam.volcengineapi.com", { Action: "ListUsers", Limit: "10", Offset: "0", Version: "2018-01-01" }, "", "20240619T071306Z", "iam", "e31c4558bcfe08a286001f59cedbf0791ffd0b2362f10e55ee2627467bcdde93"],
  ])("matches the official vector %s %s %j", (method, host, query, body, xDate, service, expected) => {
    expect(signatureOf(independentSign({ method, host, path: "/", query, body, xDate, service, ...official }))).toBe(expected);
  });
});

describe("the emulator's native routes", () => {
  const xDateNow = () => new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

  async function call(base: string, action: string, payload: unknown, region: string, extra: Partial<Signable> = {}, path = "/") {
    const url = new URL(base);
    const query: Record<string, string> = path === "/" ? { Action: action, Version: "2024-01-01" } : {};
    const body = JSON.stringify(payload);
    const headers = independentSign({
      method: "POST", host: url.host, path, query, body, xDate: xDateNow(), region, service: "ark", ak: DEFAULT_ACCESS_KEY_ID, sk: DEFAULT_SECRET_ACCESS_KEY, ...extra,
    });
    const qs = new URLSearchParams(query).toString();
    const res = await fetch(`${base}${path}${qs ? `?${qs}` : ""}`, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body });
    return { status: res.status, body: (await res.json()) as any };
  }

  it.each([
    ["volcengine", "cn-beijing"],
    ["byteplus", "ap-southeast-1"],
  ])("%s accepts a request signed by the independent signer (host;x-date only)", async (_gateway, region) => {
    const e = await emulator();
    const created = await call(e.url, "CreateAssetGroup", { Name: "independent" }, region);
    expect(created.status).toBe(200);
    expect(created.body.ResponseMetadata).toMatchObject({ Action: "CreateAssetGroup", Region: region, Service: "ark" });
    const got = await call(e.url, "GetAssetGroup", { Id: created.body.Result.Id }, region);
    expect(got.body.Result).toMatchObject({ Id: created.body.Result.Id, Name: "independent" });
  });

  it.each([
    ["volcengine", "cn-beijing"],
    ["byteplus", "ap-southeast-1"],
  ])("%s refuses seed 004's signer (VolcEngine + SK) with SignatureDoesNotMatch", async (_gateway, region) => {
    const e = await emulator();
    const r = await call(e.url, "CreateAssetGroup", { Name: "seed-004" }, region, { keyPrefix: "VolcEngine" });
    expect(r.status).toBe(401);
    expect(r.body.ResponseMetadata).toMatchObject({ Region: region, Error: { Code: "SignatureDoesNotMatch", CodeN: 100010 } });
    expect(e.admin.snapshot({ gateway: _gateway as "volcengine" | "byteplus" }).groups).toHaveLength(0);
  });

  it("does not serve seed 004's /open/<Action> path", async () => {
    const e = await emulator();
    const r = await call(e.url, "CreateAssetGroup", { Name: "x" }, "cn-beijing", {}, "/open/CreateAssetGroup");
    expect(r.status).toBe(404);
  });

  it("refuses a body changed after independent signing", async () => {
    const e = await emulator();
    const url = new URL(e.url);
    const headers = independentSign({
      method: "POST", host: url.host, path: "/", query: { Action: "CreateAssetGroup", Version: "2024-01-01" }, body: '{"Name":"a"}',
      xDate: xDateNow(), region: "cn-beijing", service: "ark", ak: DEFAULT_ACCESS_KEY_ID, sk: DEFAULT_SECRET_ACCESS_KEY,
    });
    const res = await fetch(`${e.url}/?Action=CreateAssetGroup&Version=2024-01-01`, { method: "POST", headers, body: '{"Name":"b"}' });
    expect(((await res.json()) as any).ResponseMetadata.Error.Code).toBe("SignatureDoesNotMatch");
  });
});

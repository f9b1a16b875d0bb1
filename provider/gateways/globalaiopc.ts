/**
 * GlobalAiOpc (`https://zcbservice.aizfw.cn`): no asset groups; CreateAsset as
 * `POST /kyyReactApiServer/kyyVideo2/asset/upload` with lower-case `{assetType, url, name}` (types Image, Video,
 * Audio, Document; public URL), GetAsset as `GET …/kyyVideo2/asset/{assetId}`, DeleteAsset as
 * `DELETE …/kyyVideo2/asset/{assetId}`; Bearer key; answers `{code, msg, data}` with code 0 = success — the delete
 * answer has code `"0"` as a string. Sources: seed 003 (gw) and gateway-api.md "Gateways".
 *
 * Guessed (undocumented) and kept in one place here: the `data` of an upload is `{assetId}`; the `data` of a get is
 * the asset in camelCase (`assetId, name, assetType, url, status, errorCode, errorMessage, createTime,
 * updateTime`) with the native status words; failures use HTTP-like numbers in `code` (400, 401, 403, 404, 409,
 * 429, 500, 503) with HTTP 200, except 401 and 429 which are also the HTTP status; `msg` keeps the upstream code
 * as a prefix (`NotFound.asset_id: …`).
 */
import type { Action, RequestOf, ResultOf } from "../api.js";
import type { CanonicalError, DecodeResult, Dialect, RoutedRequest, WireRequest, WireResponse } from "./dialect.js";
import { tierRateLimits } from "./tiers.js";
import { asRecord, headerRequestId } from "./wire.js";
import { classifyNativeCode, kindFromStatus, STATUS_OF_KIND } from "./native-errors.js";

const BASE = "/kyyReactApiServer/kyyVideo2/asset";
const SUPPORTED = ["CreateAsset", "GetAsset", "DeleteAsset"] as const satisfies readonly Action[];

function assetFromData(data: Record<string, unknown>): Record<string, unknown> {
  const code = data["errorCode"];
  return {
    Id: data["assetId"],
    Name: data["name"],
    URL: data["url"],
    AssetType: data["assetType"],
    Status: data["status"],
    Error: typeof code === "string" && code !== "" ? { Code: code, Message: String(data["errorMessage"] ?? "") } : null,
    CreateTime: data["createTime"],
    UpdateTime: data["updateTime"],
  };
}

function dataFromAsset(asset: Record<string, unknown>): Record<string, unknown> {
  const error = asRecord(asset["Error"]);
  return {
    assetId: asset["Id"],
    name: asset["Name"] ?? "",
    assetType: asset["AssetType"],
    url: asset["URL"],
    status: asset["Status"],
    errorCode: error?.["Code"] ?? null,
    errorMessage: error?.["Message"] ?? null,
    createTime: asset["CreateTime"],
    updateTime: asset["UpdateTime"],
  };
}

/** The GlobalAiOpc dialect (see the module comment for sources and guesses). */
export const globalaiopc: Dialect = {
  name: "globalaiopc",
  title: "GlobalAiOpc (Bearer, /kyyReactApiServer/kyyVideo2/asset, no groups)",
  defaults: { baseUrl: "https://zcbservice.aizfw.cn" },
  capabilities: {
    actions: SUPPORTED,
    auth: "bearer",
    groups: false,
    assetTypes: ["Image", "Video", "Audio", "Document"],
    uploads: ["url"],
    listAssetsByStatus: false,
    groupNamePrefix: false,
    moderation: false,
    // Undocumented: the native limits of the same actions are assumed.
    rateLimits: tierRateLimits("globalaiopc"),
  },

  encodeRequest<A extends Action>(action: A, request: RequestOf<A>): WireRequest {
    if (action === "CreateAsset") {
      const r = request as RequestOf<"CreateAsset">;
      return {
        method: "POST",
        path: `${BASE}/upload`,
        query: {},
        headers: { "content-type": "application/json" },
        body: { kind: "json", value: { assetType: r.AssetType, url: r.URL, ...(r.Name ? { name: r.Name } : {}) } },
      };
    }
    const id = encodeURIComponent((request as { Id: string }).Id);
    return { method: action === "DeleteAsset" ? "DELETE" : "GET", path: `${BASE}/${id}`, query: {}, headers: {} };
  },

  decodeResponse<A extends Action>(action: A, response: WireResponse): DecodeResult<A> {
    const body = asRecord(response.body);
    const requestId = headerRequestId(response.headers);
    // `code` is 0, or "0" on delete (gateway-api.md).
    if (!body || String(body["code"]) !== "0" || response.status >= 400) {
      const message = String(body?.["msg"] ?? response.rawText?.slice(0, 200) ?? "");
      const upstream = /^([A-Z][\w.]*): /.exec(message)?.[1];
      const numeric = Number(body?.["code"]);
      return {
        ok: false,
        failure: {
          kind: upstream ? classifyNativeCode(upstream, response.status) : kindFromStatus(Number.isFinite(numeric) && numeric >= 400 ? numeric : response.status),
          code: upstream ?? (body?.["code"] !== undefined ? String(body["code"]) : `HTTP${response.status}`),
          message,
          httpStatus: response.status,
          ...(requestId ? { requestId } : {}),
        },
      };
    }
    const data = asRecord(body["data"]) ?? {};
    const result = action === "CreateAsset" ? { Id: data["assetId"] } : action === "GetAsset" ? assetFromData(data) : {};
    return { ok: true, result: result as ResultOf<A>, ...(requestId ? { requestId } : {}) };
  },

  route(method, path): RoutedRequest | undefined {
    if (method === "POST" && path === `${BASE}/upload`) return { action: "CreateAsset", params: {} };
    if (!path.startsWith(`${BASE}/`)) return undefined;
    const assetId = decodeURIComponent(path.slice(BASE.length + 1));
    if (assetId.includes("/") || assetId === "" || assetId === "upload") return undefined;
    if (method === "GET") return { action: "GetAsset", params: { assetId } };
    if (method === "DELETE") return { action: "DeleteAsset", params: { assetId } };
    return undefined;
  },

  decodeRequest(routed, request) {
    if (routed.action === "CreateAsset") {
      const body = asRecord(request.body?.kind === "json" ? request.body.value : undefined) ?? {};
      return { AssetType: body["assetType"], URL: body["url"], ...(body["name"] !== undefined ? { Name: body["name"] } : {}) };
    }
    return { Id: routed.params["assetId"] };
  },

  encodeResult(action, result, requestId) {
    const r = result as Record<string, unknown>;
    const data = action === "CreateAsset" ? { assetId: r["Id"] } : action === "GetAsset" ? dataFromAsset(r) : null;
    return {
      status: 200,
      headers: { "content-type": "application/json", "x-request-id": requestId },
      body: { code: action === "DeleteAsset" ? "0" : 0, msg: null, data },
    };
  },

  encodeError(_action, error: CanonicalError, requestId) {
    const status = error.kind === "Unauthorized" ? 401 : error.kind === "Throttled" ? 429 : 200;
    return {
      status,
      headers: { "content-type": "application/json", "x-request-id": requestId, ...(status === 429 ? { "retry-after": "1" } : {}) },
      body: { code: STATUS_OF_KIND[error.kind], msg: `${error.code}: ${error.message}`, data: null },
    };
  },
};

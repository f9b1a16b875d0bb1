/**
 * GlobalAiOpc (`https://zcbservice.aizfw.cn`): no asset groups; CreateAsset as
 * `POST /kyyReactApiServer/kyyVideo2/asset/upload` with lower-case `{assetType, url, name}` (types Image, Video,
 * Audio, Document; public URL), GetAsset as `GET …/kyyVideo2/asset/{assetId}`, DeleteAsset as
 * `DELETE …/kyyVideo2/asset/{assetId}`; Bearer key; answers `{code, msg, data}` with code 0 = success.
 *
 * Documented:
 * - The asset detail (docs.globalaiopc.com/en/api-reference/video/kyyvideo2/kyyvideo2-asset-detail): `code` 0
 *   (an integer), `msg` null, `data` `{name, assetId, status, assetType, url, createTime}` with `createTime` like
 *   `"2026-03-30 14:21:58"` — no time zone, and no error or update fields.
 * - The delete answer (docs.globalaiopc.com/en/api-reference/video/seedance2/seedance2-asset-delete): `code` `"0"`
 *   (a string), `msg` `"删除成功"` ("Deletion successful"), `data` null.
 *
 * Guess: `createTime` is Beijing time (Asia/Shanghai, UTC+8, no daylight saving): the service and its host
 * (`aizfw.cn`) are in mainland China and `yyyy-MM-dd HH:mm:ss` is a Chinese Java backend's server-local format.
 * The client converts it to ISO-8601 UTC (`2026-03-30T06:21:58Z`); the emulator writes it that way. The
 * documented example's asset id carries the same digits (`asset-20260330142158-…`), so both come from one clock —
 * which zone that clock is in is not documented.
 *
 * Guess (undocumented, kept in one place here): the `data` of an upload is `{assetId}`; a Failed asset's reason
 * travels as `errorCode`/`errorMessage` (the detail documents no error fields, so the emulator sends them only for
 * a Failed asset and the client accepts their absence); failures use HTTP-like numbers in `code` (400, 401, 403,
 * 404, 409, 429, 500, 503) with HTTP 200, except 401 and 429 which are also the HTTP status; `msg` keeps the
 * upstream native code as a prefix (`NotFound.asset_id: …`), which is also the code read as "gone".
 */
import type { Action, RequestOf, ResultOf } from "../api.js";
import type { CanonicalError, DecodeResult, Dialect, RoutedRequest, WireRequest, WireResponse } from "./dialect.js";
import { tierRateLimits } from "./tiers.js";
import { asRecord, bodyExcerpt, headerRequestId, kindOfUnparsed, NATIVE_NOT_FOUND_CODES } from "./wire.js";
import { classifyNativeCode, STATUS_OF_KIND } from "./native-errors.js";

const BASE = "/kyyReactApiServer/kyyVideo2/asset";
const SUPPORTED = ["CreateAsset", "GetAsset", "DeleteAsset"] as const satisfies readonly Action[];

/** Guess: the offset of GlobalAiOpc's zone-less `createTime`, in minutes east of UTC (Asia/Shanghai, UTC+8). */
export const GLOBALAIOPC_UTC_OFFSET_MINUTES = 8 * 60;

/** The documented delete answer's `msg` (seedance2-asset-delete). */
export const GLOBALAIOPC_DELETED_MSG = "删除成功";

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/**
 * `"2026-03-30 14:21:58"` (Beijing time, a guess: see the module comment) → `"2026-03-30T06:21:58Z"`.
 * A value that already carries a zone (ISO-8601 with `Z` or an offset) or is not a time is returned unchanged.
 */
export function globalAiOpcTimeToIso(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const m = LOCAL_TIME.exec(value.trim());
  if (!m) return value;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s) - GLOBALAIOPC_UTC_OFFSET_MINUTES * 60_000;
  return new Date(utc).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** ISO-8601 UTC (or epoch ms) → GlobalAiOpc's `yyyy-MM-dd HH:mm:ss` in Beijing time (the guess above). */
export function isoToGlobalAiOpcTime(value: unknown): unknown {
  const ms = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) return value;
  return new Date(ms + GLOBALAIOPC_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 19).replace("T", " ");
}

function assetFromData(data: Record<string, unknown>): Record<string, unknown> {
  const code = data["errorCode"];
  return {
    Id: data["assetId"],
    Name: data["name"],
    URL: data["url"],
    AssetType: data["assetType"],
    Status: data["status"],
    Error: typeof code === "string" && code !== "" ? { Code: code, Message: String(data["errorMessage"] ?? "") } : null,
    CreateTime: globalAiOpcTimeToIso(data["createTime"]),
    // Not documented; kept when a future answer carries it.
    ...(data["updateTime"] !== undefined ? { UpdateTime: globalAiOpcTimeToIso(data["updateTime"]) } : {}),
  };
}

/** The documented detail `data`; the error fields only for a Failed asset (a guess, see the module comment). */
function dataFromAsset(asset: Record<string, unknown>): Record<string, unknown> {
  const error = asRecord(asset["Error"]);
  return {
    name: asset["Name"] ?? "",
    assetId: asset["Id"],
    status: asset["Status"],
    assetType: asset["AssetType"],
    url: asset["URL"],
    createTime: isoToGlobalAiOpcTime(asset["CreateTime"]),
    ...(error ? { errorCode: error["Code"], errorMessage: error["Message"] } : {}),
  };
}

/** The GlobalAiOpc dialect (see the module comment for sources and guesses). */
export const globalaiopc: Dialect = {
  name: "globalaiopc",
  title: "GlobalAiOpc (Bearer, /kyyReactApiServer/kyyVideo2/asset, no groups)",
  // limitSet: its own docs (docs.globalaiopc.com/en/api-reference/video/seedance2/seedance2-asset-upload: video "480p, 720p").
  defaults: { baseUrl: "https://zcbservice.aizfw.cn", limitSet: "720p" },
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
  // Guess: the relayed native code in `msg` (see the module comment).
  notFoundCodes: { asset: NATIVE_NOT_FOUND_CODES.asset, group: [] },

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
    // `code` is 0, or "0" (a string) on delete.
    const documented = body !== undefined && "code" in body;
    if (!documented || String(body["code"]) !== "0" || response.status >= 400) {
      const message = documented ? String(body["msg"] ?? "") : bodyExcerpt(response.rawText);
      const upstream = /^([A-Z][\w.]*): /.exec(message)?.[1];
      const numeric = Number(body?.["code"]);
      const own = documented && Number.isFinite(numeric) && numeric >= 400 ? numeric : undefined;
      return {
        ok: false,
        failure: {
          // A body without `code` matches no documented shape: never read as not-found, whatever its status.
          kind: upstream ? classifyNativeCode(upstream, response.status) : own !== undefined ? kindOfUnparsed(own) : kindOfUnparsed(response.status),
          code: upstream ?? (documented ? String(body["code"]) : `HTTP${response.status}`),
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
    const headers = { "content-type": "application/json", "x-request-id": requestId };
    if (action === "DeleteAsset") return { status: 200, headers, body: { code: "0", msg: GLOBALAIOPC_DELETED_MSG, data: null } };
    const data = action === "CreateAsset" ? { assetId: r["Id"] } : dataFromAsset(r);
    return { status: 200, headers, body: { code: 0, msg: null, data } };
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

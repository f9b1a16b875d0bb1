/**
 * The native dialect of Volcengine Ark (cn-beijing) and BytePlus ModelArk (ap-southeast-1):
 * `POST /?Action=<Action>&Version=2024-01-01` with a PascalCase JSON body, AK/SK signature (../signer.ts),
 * answers `{ResponseMetadata, Result}`, failures `ResponseMetadata.Error{Code, CodeN, Message}` with the status of
 * the common-code table — and `Error` can arrive with HTTP 200, so it is a failure whatever the status
 * (byteplus-sa/ark-mcp `src/ark_mcp/providers/modelark/openapi.py`, built on docs.byteplus.com/en/docs/ModelArk/2318271).
 *
 * Behaviours of both sides, with their public sources:
 * - ListAssets / ListAssetGroups need `Filter` (`MissingParameter.Filter`: byteplus-sa/ark-mcp
 *   `specs/SPEC_MODELARK_ASSET_LIBRARY_CONTRACT.md`) and `Filter.GroupType` (`MissingParameter.Filter.GroupType`:
 *   live on BytePlus per neonvoid/NV_Comfy_Utils; marked required on cloud.baidu.com/doc/qianfan-multimodal/s/Bmryomw71,
 *   a mirror of the native schema). The client always sends `GroupType`: `AIGC` unless the caller names one
 *   (the only type the API creates; ark-mcp sends it on every list call). The emulator refuses a list without it.
 * - BytePlus answers carry the request id in the `X-Tt-Logid` header (ark-mcp `openapi.py` `extract_request_id`);
 *   the client takes `ResponseMetadata.RequestId` first, then that header (for answers without a JSON body).
 * - BytePlus lists also page by cursor, `MaxResults` → `Result.NextToken` (ark-mcp SPEC): `cursorPaging`.
 * - BytePlus assets carry `Moderation{Strategy}` and `LastInferenceTime` (ark-mcp `src/ark_mcp/domain/assets.py`).
 * - `open.ap-southeast-1.byteplusapi.com` also serves BytePlus (neonvoid/NV_Comfy_Utils): set `baseUrl` to use it.
 * Not used: a `POST /open/<Action>` path (Agentsflare's page, not the native API) and a `"VolcEngine"+SK` signing key
 * (the official signer keys with the secret alone: ../signer.ts).
 */
import { ALL_ACTIONS, type Action, type RequestOf, type ResultOf } from "../api.js";
import { DialectRequestError, type CanonicalError, type DecodeResult, type Dialect, type GatewayDefaults, type GatewayName, type WireRequest, type WireResponse } from "./dialect.js";
import { classifyNativeCode, kindFromStatus, NATIVE_COMMON_CODES, nativeError } from "./native-errors.js";
import { tierRateLimits } from "./tiers.js";
import { asRecord, jsonFields } from "./wire.js";

/** The group type the client sends when a list call names none (the API creates only `AIGC` groups). */
export const DEFAULT_LIST_GROUP_TYPE = "AIGC";

/** The header BytePlus returns its request id in (byteplus-sa/ark-mcp `openapi.py`), lower-cased as received. */
export const LOGID_HEADER = "x-tt-logid";

const LIST_ACTIONS: ReadonlySet<Action> = new Set<Action>(["ListAssets", "ListAssetGroups"]);

/**
 * Server side: what a native list call must carry before schema validation — `Filter`, then `Filter.GroupType`.
 * @throws DialectRequestError `MissingParameter.Filter` / `MissingParameter.Filter.GroupType` (HTTP 400).
 */
export function requireListFilter(action: Action, body: unknown): void {
  if (!LIST_ACTIONS.has(action)) return;
  const filter = asRecord(asRecord(body)?.["Filter"]);
  if (!filter) throw new DialectRequestError(nativeError("MissingParameter.Filter", "The parameter Filter is required."));
  if (filter["GroupType"] === undefined || filter["GroupType"] === null || filter["GroupType"] === "") {
    throw new DialectRequestError(nativeError("MissingParameter.Filter.GroupType", "The parameter Filter.GroupType is required."));
  }
}

/** The API version of the asset Actions (`Version=2024-01-01` in the query). */
export const NATIVE_VERSION = "2024-01-01";

/**
 * `bytePlus` switches on what only BytePlus is known to have: `Moderation` on CreateAsset and assets, cursor
 * paging, `LastInferenceTime`, the `X-Tt-Logid` header.
 */
function makeNativeDialect(name: GatewayName, title: string, baseUrl: string, region: string, bytePlus: boolean, limitSet: GatewayDefaults["limitSet"]): Dialect {
  const moderation = bytePlus;
  return {
    name,
    title,
    pactProvider: bytePlus ? "byteplus-modelark" : "volcengine-ark",
    defaults: { baseUrl, region, service: "ark", version: NATIVE_VERSION, limitSet },
    capabilities: {
      // The ten asset Actions and real-person verification (ark-mcp `providers/modelark/assets.py`).
      actions: ALL_ACTIONS,
      auth: "aksk",
      groups: true,
      assetTypes: ["Image", "Video", "Audio"],
      // Upstream fetches a public URL itself (byteplus-sa/ark-mcp SPEC); a data: URI answers InvalidParameter.URL
      // (neonvoid/NV_Comfy_Utils, live).
      uploads: ["url"],
      listAssetsByStatus: true,
      groupNamePrefix: false,
      moderation,
      // BytePlus only (ark-mcp SPEC); no source shows cursors at Volcengine.
      cursorPaging: bytePlus,
      // The default tier's limits (./tiers.ts, with sources); the client and the emulator use the configured tier's.
      rateLimits: tierRateLimits(name),
    },

    encodeRequest<A extends Action>(action: A, request: RequestOf<A>, options: { version: string }): WireRequest {
      const body = jsonFields(request);
      if (!moderation) delete body["Moderation"];
      if (LIST_ACTIONS.has(action)) {
        const filter = { ...asRecord(body["Filter"]) };
        filter["GroupType"] ??= DEFAULT_LIST_GROUP_TYPE;
        body["Filter"] = filter;
      }
      return {
        method: "POST",
        path: "/",
        query: { Action: action, Version: options.version },
        headers: { "content-type": "application/json" },
        body: { kind: "json", value: body },
      };
    },

    decodeResponse<A extends Action>(action: A, response: WireResponse): DecodeResult<A> {
      const body = asRecord(response.body);
      const meta = asRecord(body?.["ResponseMetadata"]);
      const logid = response.headers[LOGID_HEADER];
      const requestId = typeof meta?.["RequestId"] === "string" && meta["RequestId"] ? (meta["RequestId"] as string) : logid || undefined;
      const error = asRecord(meta?.["Error"]);
      if (error) {
        const code = String(error["Code"] ?? "Unknown");
        return {
          ok: false,
          failure: {
            kind: classifyNativeCode(code, response.status),
            code,
            message: String(error["Message"] ?? ""),
            httpStatus: response.status,
            ...(requestId ? { requestId } : {}),
          },
        };
      }
      if (response.status >= 400 || !body) {
        return {
          ok: false,
          failure: {
            kind: kindFromStatus(response.status),
            code: `HTTP${response.status}`,
            message: response.rawText?.slice(0, 200) ?? "",
            httpStatus: response.status,
            ...(requestId ? { requestId } : {}),
          },
        };
      }
      // A 2xx without ResponseMetadata is no native answer (a proxy, a wrong host): never a success, so that a
      // delete never counts as done on it (issue 8: unknown shapes fail loudly).
      if (!meta) return { ok: false, failure: { kind: "Unknown", code: `HTTP${response.status}`, message: response.rawText?.slice(0, 200) ?? "", httpStatus: response.status } };
      // Delete actions answer an empty Result (or none).
      const result = (body["Result"] ?? (action.startsWith("Delete") ? {} : undefined)) as ResultOf<A>;
      return { ok: true, result, ...(requestId ? { requestId } : {}) };
    },

    route(method, path, query) {
      if (method !== "POST" || path !== "/") return undefined;
      const action = query["Action"];
      if (!action || !(ALL_ACTIONS as readonly string[]).includes(action) || query["Version"] !== NATIVE_VERSION) return undefined;
      return { action: action as Action, params: {} };
    },

    decodeRequest(routed, request) {
      const body = request.body?.kind === "json" ? request.body.value : undefined;
      requireListFilter(routed.action, body);
      return body;
    },

    encodeResult(action, result, requestId) {
      return {
        status: 200,
        headers: { "content-type": "application/json", ...(bytePlus ? { [LOGID_HEADER]: requestId } : {}) },
        body: { ResponseMetadata: { RequestId: requestId, Action: action, Version: NATIVE_VERSION, Service: "ark", Region: region }, Result: result },
      };
    },

    encodeError(action: Action | undefined, error: CanonicalError, requestId: string) {
      const head = error.code.split(".")[0] ?? error.code;
      const codeN = NATIVE_COMMON_CODES[error.code]?.[0] ?? NATIVE_COMMON_CODES[head]?.[0];
      return {
        status: error.httpStatus,
        // Retry-After on throttling: the documented limits are per second.
        headers: {
          "content-type": "application/json",
          ...(error.kind === "Throttled" ? { "retry-after": "1" } : {}),
          ...(bytePlus ? { [LOGID_HEADER]: requestId } : {}),
        },
        body: {
          ResponseMetadata: {
            RequestId: requestId,
            Action: action ?? "",
            Version: NATIVE_VERSION,
            Service: "ark",
            Region: region,
            Error: { Code: error.code, ...(codeN ? { CodeN: codeN } : {}), Message: error.message },
          },
        },
      };
    },
  };
}

/** Volcengine Ark, China mainland. Host and region configurable (some code uses `open.volcengineapi.com`). */
export const volcengine: Dialect = makeNativeDialect(
  "volcengine",
  "Volcengine Ark (native, AK/SK, cn-beijing)",
  "https://ark.cn-beijing.volcengineapi.com",
  "cn-beijing",
  false,
  // The newest published for the native (Volcengine) schema: the Baidu mirror of 2026-07-27.
  "1080p",
);

/** BytePlus ModelArk, international. Same style and signing; CreateAsset also takes `Moderation`. */
export const byteplus: Dialect = makeNativeDialect(
  "byteplus",
  "BytePlus ModelArk (native, AK/SK, ap-southeast-1)",
  "https://ark.ap-southeast-1.byteplusapi.com",
  "ap-southeast-1",
  true,
  // BytePlus's own rules (ark-mcp plan, docs.byteplus.com/en/docs/ModelArk/2318271).
  "4k",
);

/**
 * The native dialect of Volcengine Ark (cn-beijing) and BytePlus ModelArk (ap-southeast-1):
 * `POST /?Action=<Action>&Version=2024-01-01` with a PascalCase JSON body, AK/SK signature (../signer.ts),
 * answers `{ResponseMetadata, Result}`, failures `ResponseMetadata.Error{Code, CodeN, Message}` with the status of
 * the common-code table — and `Error` can arrive with HTTP 200, so it is a failure whatever the status.
 * Source: ../../shared/notes/gateway-api.md "Native Volcengine Ark …" (official); seed 004's `/open/<Action>` path
 * and its `"VolcEngine"+SK` signing key are wrong and not used.
 */
import { ACTIONS, type Action, type RequestOf, type ResultOf } from "../api.js";
import type { CanonicalError, DecodeResult, Dialect, GatewayName, WireRequest, WireResponse } from "./dialect.js";
import { classifyNativeCode, kindFromStatus, NATIVE_COMMON_CODES } from "./native-errors.js";
import { tierRateLimits } from "./tiers.js";
import { asRecord, jsonFields } from "./wire.js";

/** The API version of the asset Actions (`Version=2024-01-01` in the query). */
export const NATIVE_VERSION = "2024-01-01";

function makeNativeDialect(name: GatewayName, title: string, baseUrl: string, region: string, moderation: boolean): Dialect {
  return {
    name,
    title,
    defaults: { baseUrl, region, service: "ark", version: NATIVE_VERSION },
    capabilities: {
      actions: ACTIONS,
      auth: "aksk",
      groups: true,
      assetTypes: ["Image", "Video", "Audio"],
      // Upstream fetches the URL itself and takes no base64 (gateway-api.md).
      uploads: ["url"],
      listAssetsByStatus: true,
      groupNamePrefix: false,
      moderation,
      // The default tier's limits (./tiers.ts, with sources); the client and the emulator use the configured tier's.
      rateLimits: tierRateLimits(name),
    },

    encodeRequest<A extends Action>(action: A, request: RequestOf<A>, options: { version: string }): WireRequest {
      const body = jsonFields(request);
      if (!moderation) delete body["Moderation"];
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
      const requestId = typeof meta?.["RequestId"] === "string" ? (meta["RequestId"] as string) : undefined;
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
      // Delete actions answer an empty Result (or none).
      const result = (body["Result"] ?? (action.startsWith("Delete") ? {} : undefined)) as ResultOf<A>;
      return { ok: true, result, ...(requestId ? { requestId } : {}) };
    },

    route(method, path, query) {
      if (method !== "POST" || path !== "/") return undefined;
      const action = query["Action"];
      if (!action || !(ACTIONS as readonly string[]).includes(action) || query["Version"] !== NATIVE_VERSION) return undefined;
      return { action: action as Action, params: {} };
    },

    decodeRequest(_routed, request) {
      return request.body?.kind === "json" ? request.body.value : undefined;
    },

    encodeResult(action, result, requestId) {
      return {
        status: 200,
        headers: { "content-type": "application/json" },
        body: { ResponseMetadata: { RequestId: requestId, Action: action, Version: NATIVE_VERSION, Service: "ark", Region: region }, Result: result },
      };
    },

    encodeError(action: Action | undefined, error: CanonicalError, requestId: string) {
      const head = error.code.split(".")[0] ?? error.code;
      const codeN = NATIVE_COMMON_CODES[error.code]?.[0] ?? NATIVE_COMMON_CODES[head]?.[0];
      return {
        status: error.httpStatus,
        // Retry-After on throttling: the documented limits are per second.
        headers: { "content-type": "application/json", ...(error.kind === "Throttled" ? { "retry-after": "1" } : {}) },
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
);

/** BytePlus ModelArk, international. Same style and signing; CreateAsset also takes `Moderation`. */
export const byteplus: Dialect = makeNativeDialect(
  "byteplus",
  "BytePlus ModelArk (native, AK/SK, ap-southeast-1)",
  "https://ark.ap-southeast-1.byteplusapi.com",
  "ap-southeast-1",
  true,
);

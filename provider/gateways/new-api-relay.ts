/**
 * The native protocol relayed by a one-api/new-api fork (gogogotoken, new-api's `/doubao/open`): the upstream's
 * `{ResponseMetadata, Result}` answers passed through, and the relay's own failures (bad key, throttling, its HTTP
 * front) in new-api's `{"error": {"message", "type", "code"}}` shape. Guess: the own-failure shape is new-api's
 * usual one (QuantumNous/new-api `types/error.go` OpenAIError: message, type, param, code); neither relay documents it.
 */
import type { Action, ResultOf } from "../api.js";
import type { CanonicalError, DecodeResult, WireResponse } from "./dialect.js";
import { classifyNativeCode } from "./native-errors.js";
import { asRecord, bodyExcerpt, headerRequestId, kindOfUnparsed } from "./wire.js";

/**
 * Client side: the Result of a relayed native answer, or the failure — `ResponseMetadata.Error` (native codes,
 * whatever the status), a new-api `error`, or any status ≥ 400. `unwrapped`: also accept a bare Result without
 * `ResponseMetadata` (a relay that may strip the envelope); otherwise a body without it is a failure.
 */
export function decodeRelayedNative<A extends Action>(response: WireResponse, options: { unwrapped: boolean }): DecodeResult<A> {
  const body = asRecord(response.body);
  const meta = asRecord(body?.["ResponseMetadata"]);
  const requestId = (typeof meta?.["RequestId"] === "string" ? (meta["RequestId"] as string) : undefined) ?? headerRequestId(response.headers);
  const nativeErr = asRecord(meta?.["Error"]);
  const ownErr = asRecord(body?.["error"]);
  if (nativeErr || ownErr || response.status >= 400 || !body || (!meta && !options.unwrapped)) {
    const code = String(nativeErr?.["Code"] ?? ownErr?.["code"] ?? ownErr?.["type"] ?? `HTTP${response.status}`);
    return {
      ok: false,
      failure: {
        kind: nativeErr ? classifyNativeCode(code, response.status) : kindOfUnparsed(response.status),
        code,
        message: String(nativeErr?.["Message"] ?? ownErr?.["message"] ?? bodyExcerpt(response.rawText)),
        httpStatus: response.status,
        ...(requestId ? { requestId } : {}),
      },
    };
  }
  const result = (meta ? body["Result"] : body) as ResultOf<A>;
  return { ok: true, result, ...(requestId ? { requestId } : {}) };
}

/**
 * Server side: the relay's own answer to `error` when the relay itself raises it (Unauthorized, Throttled, and with
 * `frontDoor` its HTTP front's refusals), in new-api's shape; undefined when the upstream's native answer applies.
 */
export function newApiOwnError(error: CanonicalError, requestId: string, options: { frontDoor: boolean }): WireResponse | undefined {
  if (error.kind !== "Unauthorized" && error.kind !== "Throttled" && !(options.frontDoor && error.frontDoor)) return undefined;
  const status = error.kind === "Unauthorized" ? 401 : error.kind === "Throttled" ? 429 : error.httpStatus;
  const code = error.kind === "Unauthorized" ? "invalid_api_key" : error.kind === "Throttled" ? "rate_limit_exceeded" : error.code;
  return {
    status,
    headers: { "content-type": "application/json", "x-request-id": requestId, ...(error.kind === "Throttled" ? { "retry-after": "1" } : {}) },
    body: { error: { message: error.message, type: "new_api_error", code } },
  };
}

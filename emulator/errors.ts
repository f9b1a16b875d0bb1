/**
 * The one factory of wire errors. Every failure the emulator answers is raised here in canonical (native) terms —
 * a native code such as `NotFound.asset_id`, `MissingParameter.Filter` or `FlowLimitExceeded` with its native
 * HTTP status (../provider/gateways/native-errors.ts `nativeError`) — and the pipeline (./server.ts) hands it to the
 * gateway's dialect, which answers in its own shape and status (`Dialect.encodeError`).
 */
import { DialectRequestError, type CanonicalError } from "../provider/gateways/dialect.js";
import { nativeError } from "../provider/gateways/native-errors.js";

/** A failure on its way to `Dialect.encodeError`, with extra response headers (e.g. `Retry-After`). */
export class EmulatorError extends Error {
  readonly canonical: CanonicalError;
  readonly headers: Readonly<Record<string, string>>;
  constructor(canonical: CanonicalError, headers: Record<string, string> = {}) {
    super(canonical.message);
    this.name = "EmulatorError";
    this.canonical = canonical;
    this.headers = headers;
  }
}

/**
 * The factory: an error for a native code. The status comes from the native common-code table by the code's head
 * (`InvalidAccessKey` 401, `FlowLimitExceeded` 429 …) or from its kind (`NotFound.*` 404, `InvalidParameter` 400).
 */
export function emulatorError(code: string, message: string, headers: Record<string, string> = {}): EmulatorError {
  return new EmulatorError(nativeError(code, message), headers);
}

/**
 * The named errors of the pipeline, all built by `emulatorError`. Sources of the codes: the Volcengine common error
 * codes (official; `InvalidAccessKey`, `SignatureDoesNotMatch`, `FlowLimitExceeded` …) and the asset codes seen live
 * (`NotFound.asset_id`: byteplus-sa/ark-mcp `plans/PLAN_MODELARK_ASSET_LIBRARY_VALIDATION.md`; `[NotFound.group_id]`
 * relayed: baudevs/OpenMontage `tools/video/_anyfast.py`).
 */
export const Errors = {
  /** 404: no route of the gateway matches (unknown path, action or version). */
  noRoute: (method: string, path: string) => emulatorError("InvalidActionOrVersion", `No action is served at ${method} ${path}.`),
  /** 400: `MissingParameter.<Field>` (native: `MissingParameter.Filter` for a list call without Filter). */
  missingParameter: (field: string) => emulatorError(`MissingParameter.${field}`, `The parameter ${field} is required.`),
  /** 400 */
  invalidParameter: (message: string) => emulatorError("InvalidParameter", message),
  /** 400 `InvalidParameter` raised by the gateway's front door: the body cannot be read (not JSON, nested too deep). */
  unreadableBody: (message: string) => {
    const error = emulatorError("InvalidParameter", message);
    error.canonical.frontDoor = true;
    return error;
  },
  /** 404: `NotFound.asset_id` / `NotFound.group_id`. */
  notFound: (what: "asset_id" | "group_id", id: string) =>
    emulatorError(`NotFound.${what}`, `The ${what === "asset_id" ? "asset" : "asset group"} ${id} does not exist.`),
  /** 401: bearer gateways, no `Authorization: Bearer …`. */
  missingToken: () => emulatorError("MissingAuthenticationToken", "The request has no Authorization: Bearer <api key> header."),
  /** 401: bearer gateways, an unknown key. */
  invalidToken: () => emulatorError("InvalidAuthorization", "The API key is not valid."),
  /** 401/400 for signature failures: the verifier's own code (InvalidAccessKey, InvalidTimestamp, SignatureDoesNotMatch …). */
  signature: (code: string, message: string) => emulatorError(code, message),
  /** 429 with Retry-After in whole seconds. */
  throttled: (retryAfterSeconds: number) =>
    emulatorError("FlowLimitExceeded", `Request rate limit exceeded; retry after ${retryAfterSeconds} s.`, { "retry-after": String(retryAfterSeconds) }),
  /** 500 */
  internal: (message = "An internal error occurred (injected fault).") => emulatorError("InternalError", message),
  /** 503 */
  unavailable: (message = "The service is temporarily unavailable (injected fault).") => emulatorError("ServiceUnavailableTemp", message),
};

/** Any thrown value as a wire error: emulator and dialect errors keep their code; anything else is InternalError. */
export function toEmulatorError(err: unknown): EmulatorError {
  if (err instanceof EmulatorError) return err;
  if (err instanceof DialectRequestError) return new EmulatorError(err.canonical);
  return Errors.internal(`Internal error: ${err instanceof Error ? err.message : String(err)}`);
}

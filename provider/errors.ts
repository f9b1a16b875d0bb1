/**
 * One error hierarchy for everything the client raises. Every error has a stable machine-readable `code`
 * (`SEEDANCE_ERR_*`, in the manner of undici's `UND_ERR_*`) and a brand, so callers branch on codes or classes,
 * never on message text.
 *
 *   SeedanceError
 *   ├─ GatewayError            the gateway answered with a failure (subclass per ErrorKind)
 *   │   ├─ NotFoundError, UnauthorizedError, ForbiddenError, ThrottledError, InvalidParameterError,
 *   │   └─ ConflictError, UnavailableError, InternalError
 *   ├─ NetworkError            no usable answer: connection refused/reset, DNS (`cause` kept)
 *   ├─ TimeoutError            no answer in time
 *   ├─ ResponseValidationError the request succeeded; the data did not match the schema
 *   ├─ UnsupportedActionError  the gateway does not serve the action (nothing was sent)
 *   └─ ConfigError             the profile is incomplete or wrong (nothing was sent)
 *
 * Messages follow one formula (`formatMessage`): a one-line summary, what came back, then "Next step: …".
 * No message contains a credential: the client scrubs the profile's secrets from everything a gateway echoes
 * (./logging.ts `scrubSecrets`) before it reaches an error. The shape follows sindresorhus/ky `source/errors/` and
 * undici's `UND_ERR_*` codes (docs/sources.md, "House style").
 */
import type { Action } from "./api.js";
import type { ErrorKind, GatewayFailure, GatewayName, GoneObject } from "./gateways/dialect.js";

/** The stable code of each error class (GatewayError subclasses by ErrorKind). Branch on these, not on messages. */
export const ERROR_CODES = {
  Gateway: "SEEDANCE_ERR_GATEWAY",
  NotFound: "SEEDANCE_ERR_NOT_FOUND",
  Unauthorized: "SEEDANCE_ERR_UNAUTHORIZED",
  Forbidden: "SEEDANCE_ERR_FORBIDDEN",
  Throttled: "SEEDANCE_ERR_THROTTLED",
  InvalidParameter: "SEEDANCE_ERR_INVALID_PARAMETER",
  Conflict: "SEEDANCE_ERR_CONFLICT",
  Unavailable: "SEEDANCE_ERR_UNAVAILABLE",
  Internal: "SEEDANCE_ERR_INTERNAL",
  Network: "SEEDANCE_ERR_NETWORK",
  Timeout: "SEEDANCE_ERR_TIMEOUT",
  ResponseValidation: "SEEDANCE_ERR_RESPONSE_VALIDATION",
  UnsupportedAction: "SEEDANCE_ERR_UNSUPPORTED_ACTION",
  Config: "SEEDANCE_ERR_CONFIG",
} as const;
/** One of ERROR_CODES' values, e.g. `SEEDANCE_ERR_NOT_FOUND`. */
export type SeedanceErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Brand shared across copies of this module (e.g. `dist/` and sources loaded side by side), unlike `instanceof`. */
const BRAND = Symbol.for("pulumi-seedance-assets.error");

/** The three parts of every message. */
export interface MessageParts {
  /** One line: what failed. */
  summary: string;
  /** What came back (status, the gateway's code and message, RequestId), or what was wrong. */
  detail?: string;
  /** What the user can do next. */
  next: string;
}

/** The one message formula: `summary\ndetail\nNext step: next`. */
export function formatMessage(parts: MessageParts): string {
  return [parts.summary, parts.detail, `Next step: ${parts.next}`].filter(Boolean).join("\n");
}

/** Base of every error this package raises. `code` is stable; `isSeedanceError` recognises the brand. */
export class SeedanceError extends Error {
  readonly code: SeedanceErrorCode;
  /** True when a mutating call failed ambiguously and may have changed remote state anyway. */
  readonly mayHaveBeenApplied: boolean;
  readonly [BRAND] = true;

  constructor(code: SeedanceErrorCode, parts: MessageParts, options?: { cause?: unknown; mayHaveBeenApplied?: boolean }) {
    super(formatMessage(parts), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.mayHaveBeenApplied = options?.mayHaveBeenApplied ?? false;
  }
}

/** Whether `value` is an error of this package, even from another copy of the module. */
export function isSeedanceError(value: unknown): value is SeedanceError {
  return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

/** Where a call went: the gateway profile's gateway and the Action. */
export interface CallContext {
  gateway: GatewayName;
  action: Action;
}

/** The fields of a gateway's answer, as carried by every GatewayError. */
export interface GatewayErrorFields extends CallContext {
  kind: ErrorKind;
  /** HTTP status of the answer; undefined when the client rejected the request before sending it. */
  httpStatus: number | undefined;
  /** The gateway's own code, verbatim (e.g. `NotFound.asset_id`, `SignatureDoesNotMatch`, `1004`). */
  gatewayCode: string;
  /** The gateway's message, with the profile's secrets scrubbed. */
  gatewayMessage: string;
  requestId?: string;
  /** Attempts made, retries included. */
  attempts?: number;
  /** The object the gateway's documented not-found code says is gone (GatewayFailure.gone); absent otherwise. */
  gone?: GoneObject;
}

/** The gateway answered with a failure. Subclasses per ErrorKind; `kind: "Unknown"` stays a plain GatewayError. */
export class GatewayError extends SeedanceError {
  readonly gateway: GatewayName;
  readonly action: Action;
  readonly kind: ErrorKind;
  readonly httpStatus: number | undefined;
  readonly gatewayCode: string;
  readonly gatewayMessage: string;
  readonly requestId: string | undefined;
  readonly attempts: number;
  /** Set only when the gateway's documented not-found code says this asset or group does not exist (see `isGone`). */
  readonly gone: GoneObject | undefined;

  constructor(fields: GatewayErrorFields, next: string, options?: { code?: SeedanceErrorCode; mayHaveBeenApplied?: boolean; cause?: unknown }) {
    super(options?.code ?? ERROR_CODES.Gateway, { summary: summaryOf(fields), detail: detailOf(fields), next }, options);
    this.gateway = fields.gateway;
    this.action = fields.action;
    this.kind = fields.kind;
    this.httpStatus = fields.httpStatus;
    this.gatewayCode = fields.gatewayCode;
    this.gatewayMessage = fields.gatewayMessage;
    this.requestId = fields.requestId;
    this.attempts = fields.attempts ?? 1;
    this.gone = fields.gone;
  }
}

/**
 * Whether an error positively says the asset (or group) does not exist: the gateway answered one of its documented
 * not-found codes (`Dialect.notFoundCodes`, e.g. native `NotFound.asset_id`). The only reason for `read` to forget
 * a resource, for a delete to count as done, or for a waiter to stop as "deleted". Authentication failures, unknown
 * shapes, 5xx, a bare 404 and anything unparsed are not "gone": they fail the operation.
 */
export function isGone(error: unknown, object: GoneObject): boolean {
  return isSeedanceError(error) && (error as Partial<GatewayError>).gone === object;
}

/** The Id (or ProjectName) does not exist, e.g. `NotFound.asset_id`. Never retried. */
export class NotFoundError extends GatewayError {}
/** Bad or expired credentials, or a wrong signature or clock (`SignatureDoesNotMatch`, `InvalidTimestamp`, 401). */
export class UnauthorizedError extends GatewayError {}
/** The credential may not do this (`AccessDenied`, 403): an IAM policy or ProjectName matter. */
export class ForbiddenError extends GatewayError {}
/** The name or resource already exists (409, `AlreadyExists`). */
export class ConflictError extends GatewayError {}
/** Temporarily unavailable (502/503/504, `ServiceUnavailableTemp`); reads were retried, mutating calls were not. */
export class UnavailableError extends GatewayError {}
/** The gateway failed internally (500, `InternalError`); reads were retried, mutating calls were not. */
export class InternalError extends GatewayError {}

/**
 * The request's parameters were rejected: by the gateway (`httpStatus` set), or by the client before sending
 * (`httpStatus` undefined, `gatewayCode` `ClientValidation`). `field` names the offending field when known.
 */
export class InvalidParameterError extends GatewayError {
  readonly field: string | undefined;
  constructor(fields: GatewayErrorFields & { field?: string }, next: string) {
    super(fields, next, { code: ERROR_CODES.InvalidParameter });
    this.field = fields.field;
  }
}

/** Rate limited (kind Throttled or HTTP 429), after the client's own retries. */
export class ThrottledError extends GatewayError {
  /** The wait the gateway asked for (Retry-After), in seconds, when it gave one. */
  readonly retryAfterSeconds: number | undefined;
  constructor(fields: GatewayErrorFields & { retryAfterSeconds?: number }, next: string) {
    super(fields, next, { code: ERROR_CODES.Throttled });
    this.retryAfterSeconds = fields.retryAfterSeconds;
  }
}

/** No usable answer because of the connection (refused, reset, DNS). `cause` is the underlying error. */
export class NetworkError extends SeedanceError {
  readonly gateway: GatewayName;
  readonly action: Action;
  readonly url: string;
  constructor(ctx: CallContext & { url: string; attempts: number; mayHaveBeenApplied: boolean; cause: unknown }) {
    super(
      ERROR_CODES.Network,
      {
        summary: `${ctx.action} on ${ctx.gateway} failed: network error after ${attempts(ctx.attempts)}.`,
        detail: `Connecting to ${ctx.url}: ${describeCause(ctx.cause)}`,
        next: ctx.mayHaveBeenApplied ? MAY_HAVE_BEEN_APPLIED : "check the network, a proxy, or the profile's baseUrl, then run again.",
      },
      { cause: ctx.cause, mayHaveBeenApplied: ctx.mayHaveBeenApplied },
    );
    this.gateway = ctx.gateway;
    this.action = ctx.action;
    this.url = ctx.url;
  }
}

/** No answer within the per-attempt timeout (`timeoutMs` of the profile). */
export class TimeoutError extends SeedanceError {
  readonly gateway: GatewayName;
  readonly action: Action;
  readonly timeoutMs: number;
  constructor(ctx: CallContext & { url: string; timeoutMs: number; attempts: number; mayHaveBeenApplied: boolean; cause?: unknown }) {
    super(
      ERROR_CODES.Timeout,
      {
        summary: `${ctx.action} on ${ctx.gateway} timed out after ${ctx.timeoutMs} ms (${attempts(ctx.attempts)}).`,
        detail: `No complete answer from ${ctx.url}.`,
        next: ctx.mayHaveBeenApplied ? MAY_HAVE_BEEN_APPLIED : "try again later, or raise the profile's timeoutMs.",
      },
      { cause: ctx.cause, mayHaveBeenApplied: ctx.mayHaveBeenApplied },
    );
    this.gateway = ctx.gateway;
    this.action = ctx.action;
    this.timeoutMs = ctx.timeoutMs;
  }
}

/**
 * The gateway answered success but the data did not match the expected shape. Deliberately not an HTTP error:
 * the request succeeded; the data did not match. `field` is the zod issue path, e.g. `Items.0.Status`.
 */
export class ResponseValidationError extends SeedanceError {
  readonly gateway: GatewayName;
  readonly action: Action;
  readonly field: string;
  readonly requestId: string | undefined;
  constructor(ctx: CallContext & { field: string; problem: string; requestId?: string; mayHaveBeenApplied?: boolean }) {
    super(
      ERROR_CODES.ResponseValidation,
      {
        summary: `${ctx.action} on ${ctx.gateway} succeeded, but the answer did not match the expected shape.`,
        detail: `Field ${ctx.field}: ${ctx.problem}${ctx.requestId ? ` (RequestId ${ctx.requestId})` : ""}.`,
        next: ctx.mayHaveBeenApplied
          ? `the call was applied; report the gateway's answer (run with SEEDANCE_DEBUG=1 to see it) — the gateway's API may have changed.`
          : "run with SEEDANCE_DEBUG=1 to see the answer and report it: the gateway's API may have changed.",
      },
      { mayHaveBeenApplied: ctx.mayHaveBeenApplied ?? false },
    );
    this.gateway = ctx.gateway;
    this.action = ctx.action;
    this.field = ctx.field;
    this.requestId = ctx.requestId;
  }
}

/** The gateway does not serve this Action (its capabilities say so); nothing was sent. */
export class UnsupportedActionError extends SeedanceError {
  readonly gateway: GatewayName;
  readonly action: Action;
  constructor(ctx: CallContext & { supported: readonly Action[] }) {
    super(ERROR_CODES.UnsupportedAction, {
      summary: `${ctx.gateway} does not support ${ctx.action}.`,
      detail: `It serves: ${ctx.supported.join(", ")}.`,
      next: `manage this resource another way (for example in the gateway's console), or use a gateway that serves ${ctx.action}.`,
    });
    this.gateway = ctx.gateway;
    this.action = ctx.action;
  }
}

/** The configuration is incomplete or invalid; nothing was sent. */
export class ConfigError extends SeedanceError {
  /** The configuration field at fault, e.g. `accessKeyId`. */
  readonly field: string;
  /** The rule it breaks, e.g. `required for AK/SK gateways`. */
  readonly rule: string;
  /** How to fix it. */
  readonly fix: string;
  constructor(ctx: { field: string; rule: string; fix: string; gateway?: GatewayName }) {
    super(ERROR_CODES.Config, {
      summary: `Invalid configuration${ctx.gateway ? ` for gateway ${ctx.gateway}` : ""}: ${ctx.field} ${ctx.rule}.`,
      next: ctx.fix,
    });
    this.field = ctx.field;
    this.rule = ctx.rule;
    this.fix = ctx.fix;
  }
}

/**
 * The one factory of GatewayErrors: the subclass of `failure.kind`, with the next step for that kind.
 * `mayHaveBeenApplied` is set by the client for mutating calls that failed ambiguously (5xx).
 */
export function gatewayErrorFromFailure(
  ctx: CallContext & { attempts: number; mayHaveBeenApplied: boolean },
  failure: GatewayFailure,
): GatewayError {
  const fields: GatewayErrorFields = {
    gateway: ctx.gateway,
    action: ctx.action,
    kind: failure.kind,
    httpStatus: failure.httpStatus,
    gatewayCode: failure.code,
    gatewayMessage: failure.message,
    attempts: ctx.attempts,
    ...(failure.requestId ? { requestId: failure.requestId } : {}),
    ...(failure.gone ? { gone: failure.gone } : {}),
  };
  const next = ctx.mayHaveBeenApplied ? MAY_HAVE_BEEN_APPLIED : (NEXT_STEP_OF_CODE[failure.code] ?? NEXT_STEP_OF_KIND[failure.kind]);
  if (failure.kind === "Throttled") {
    return new ThrottledError({ ...fields, ...(failure.retryAfterSeconds !== undefined ? { retryAfterSeconds: failure.retryAfterSeconds } : {}) }, next);
  }
  if (failure.kind === "InvalidParameter") return new InvalidParameterError(fields, next);
  const [ErrorClass, code] = CLASS_OF_KIND[failure.kind];
  return new ErrorClass(fields, next, { code, mayHaveBeenApplied: ctx.mayHaveBeenApplied });
}

const CLASS_OF_KIND: Readonly<Record<Exclude<ErrorKind, "Throttled" | "InvalidParameter">, readonly [typeof GatewayError, SeedanceErrorCode]>> = {
  NotFound: [NotFoundError, ERROR_CODES.NotFound],
  Unauthorized: [UnauthorizedError, ERROR_CODES.Unauthorized],
  Forbidden: [ForbiddenError, ERROR_CODES.Forbidden],
  Conflict: [ConflictError, ERROR_CODES.Conflict],
  Unavailable: [UnavailableError, ERROR_CODES.Unavailable],
  Internal: [InternalError, ERROR_CODES.Internal],
  Unknown: [GatewayError, ERROR_CODES.Gateway],
};

/** The next step of a mutating call whose outcome is unknown. */
export const MAY_HAVE_BEEN_APPLIED =
  "the call may have been applied and was not retried: read the resource back (refresh, or Get/List) before running again, to avoid a duplicate.";

/** The generic next step of each gateway failure kind (docs/reference.md "Error codes" is generated from it). */
export const NEXT_STEP_OF_KIND: Readonly<Record<ErrorKind, string>> = {
  NotFound: "check the Id and ProjectName; the resource may have been deleted outside this program (refresh to forget it).",
  Unauthorized:
    "check the profile's credentials (accessKeyId/secretAccessKey for AK/SK gateways, apiKey for bearer gateways) and the machine clock (signatures expire after 15 minutes); after rotating a key in the stack config, run `pulumi refresh --run-program` or `pulumi up` (a plain refresh or destroy uses the credentials stored with the provider in the state).",
  Forbidden: "allow the key to manage assets (IAM policy with ark:*Asset*) and use the ProjectName the key belongs to.",
  Throttled: "lower the request rate (the profile's rateLimits) or run again later.",
  InvalidParameter: "correct the field the message names; see the gateway's limits for the asset type.",
  Conflict: "choose another name, or import the existing resource.",
  Unavailable: "the gateway is temporarily unavailable: run again later.",
  Internal: "the gateway failed internally: run again later, and report the RequestId if it persists.",
  Unknown: "run with SEEDANCE_DEBUG=1 to see the full answer; report it with the RequestId if it persists.",
};

/**
 * Next steps for gateway codes with a specific fix (native codes, relayed by the resellers), before the kind's
 * generic one. Sources: provider/gateways/native-errors.ts.
 */
export const NEXT_STEP_OF_CODE: Readonly<Record<string, string>> = {
  SubscriptionRequired:
    "this account has no active subscription to the asset library API (\"This API requires an active subscription\"): activate it in the console (BytePlus ModelArk / Volcengine Ark), then run again.",
  AccessDenied:
    "if this account has never used the asset library, sign its one-time authorization letter in the console (Ark → asset library) and run again; otherwise allow the key to manage assets (IAM policy with ark:*Asset*) and use the ProjectName the key belongs to.",
  QuotaExceeded:
    "the account's asset or group quota is used up (Entry tier: 50 assets and 50 groups): delete assets or groups you no longer need, or move to a paid tier. (This code is not verified against the live service.)",
  "InvalidParameter.AssetID":
    "the Id is not a well-formed asset id (like asset-20260924075329-s9g98): check the id in the program or the state; the gateway did not look it up.",
  "InvalidParameter.URL":
    "give a public http(s) URL the service can download; the native API takes no data: URI or base64 (upload the file to public storage first, or use a gateway that takes uploads).",
  "MissingParameter.Filter.GroupType": "set Filter.GroupType (AIGC or LivenessFace) in the list request.",
};

function summaryOf(f: GatewayErrorFields): string {
  const where = f.httpStatus === undefined ? "was rejected before sending" : `failed with ${f.kind} (HTTP ${f.httpStatus})`;
  return `${f.action} on ${f.gateway} ${where}${f.attempts && f.attempts > 1 ? ` after ${attempts(f.attempts)}` : ""}.`;
}

function detailOf(f: GatewayErrorFields): string {
  const who = f.httpStatus === undefined ? "The client found" : "The gateway answered";
  return `${who} ${f.gatewayCode}: ${f.gatewayMessage || "(no message)"}${f.requestId ? ` (RequestId ${f.requestId})` : ""}.`;
}

function attempts(n: number): string {
  return n === 1 ? "1 attempt" : `${n} attempts`;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${typeof code === "string" ? `${code} ` : ""}${cause.message}`;
  }
  return String(cause);
}

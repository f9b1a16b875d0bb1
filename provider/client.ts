/**
 * `GatewayClient`: one client for every gateway. It mounts the gateway's dialect (./gateways) and runs each call
 * through one pipeline, in this order:
 *
 *   capability check → validate request (RequestSchemas) → dialect.encodeRequest → encode body once
 *   → per attempt: rate limiter → auth (Bearer, or AK/SK signature over the exact bytes) → send (undici)
 *   → dialect.decodeResponse → validate result (ResultSchemas) | GatewayError of the failure's kind → retry?
 *
 * Retry policy (byteplus-sa/ark-mcp `specs/SPEC_MODELARK_ASSET_LIBRARY_CONTRACT.md`, "Server behavior"): throttling (kind Throttled or HTTP 429) is
 * retried for every Action, honouring Retry-After, for as long as the call's throttle budget lasts
 * (`throttleBudgetMs`, default 10 min of waiting; throttled calls were not applied, so repeating them is always
 * safe, and a throttle is never fatal while the budget lasts); reads are also retried on 5xx, connection errors and
 * timeouts, up to `maxRetries`; mutating Actions (MUTATING_ACTIONS) are never retried after an ambiguous failure —
 * they raise at once with `mayHaveBeenApplied: true`, and the resources reconcile them by looking the object up
 * (./resources/reconcile.ts). Backoff is exponential with full jitter.
 */
import { createHash } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { MUTATING_ACTIONS, RequestSchemas, ResultSchemas, type Action, type AssetRecord, type GroupRecord, type RequestOf, type ResultOf } from "./api.js";
import {
  ConfigError,
  ConflictError,
  ERROR_CODES,
  GatewayError,
  gatewayErrorFromFailure,
  InvalidParameterError,
  NetworkError,
  ResponseValidationError,
  TimeoutError,
  UnsupportedActionError,
  type CallContext,
} from "./errors.js";
import { z } from "zod";
import { credentialReason, nonNegativeNumber, positiveNumber, PROFILE_FIELDS, requiredCredentials } from "./profile.js";
import { createAssetViolations, mediaFormOf } from "./gateways/create-asset-rules.js";
import { GATEWAY_NAMES, getDialect, isGatewayName } from "./gateways/index.js";
import { GROUP_PROPAGATION, isGroupNotFound, RecentGroups, type GroupPropagationPolicy } from "./group-propagation.js";
import { goneObjectOf } from "./gateways/wire.js";
import type { Capabilities, Dialect, GatewayFailure, GatewayName, RateLimit, WireRequest, WireResponse } from "./gateways/dialect.js";
import { createHttpLogger, scrubSecrets, type HttpLogger } from "./logging.js";
import { sharedRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { tierRateLimits, type TierName } from "./gateways/tiers.js";
import { signRequest } from "./signer.js";
import { buildUrl, createAgent, DEFAULT_TIMEOUT_MS, encodeBody, sendAttempt, type AttemptOutcome, type EncodedBody } from "./transport.js";

/** Retries after the first attempt, by default. */
export const DEFAULT_MAX_RETRIES = 4;
/** Full-jitter backoff: attempt n waits random(0, min(MAX_BACKOFF_MS, BASE_BACKOFF_MS · 2^(n-1))) ms. */
export const BASE_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 20_000;
/**
 * Default time budget, in ms, that one call may spend waiting on throttled answers (Retry-After, or backoff when the
 * gateway gives none) before its ThrottledError is raised: 10 minutes (GatewayProfile.throttleBudgetMs,
 * `seedance:throttleBudgetSeconds`). Throttled attempts do not count against maxRetries.
 */
export const DEFAULT_THROTTLE_BUDGET_MS = 600_000;

/** Where and how to reach one gateway. Unset fields take the dialect's defaults (./gateways/<gateway>.ts). */
export interface GatewayProfile {
  gateway: GatewayName;
  /** e.g. `https://ark.cn-beijing.volcengineapi.com`; a path is kept as a prefix. */
  baseUrl?: string;
  /** Bearer gateways (anyfast, gogogotoken, agentsflare, globalaiopc). */
  apiKey?: string;
  /** AK/SK gateways (volcengine, byteplus). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** STS session token (AK/SK gateways), sent and signed as X-Security-Token. */
  securityToken?: string;
  /** Signing region, e.g. `cn-beijing`. */
  region?: string;
  /** Signing service; `ark`. */
  service?: string;
  /** API version; `2024-01-01`. */
  version?: string;
  /**
   * The account's tier (`entry`, `advanced`, `premium`), whose rate limits pace the calls (./gateways/tiers.ts);
   * default the gateway's default tier (volcengine, byteplus: `entry`).
   */
  tier?: TierName;
  /** Per-Action overrides of the tier's rate limits. */
  rateLimits?: Partial<Record<Action, RateLimit>>;
  /** Per attempt, in milliseconds; default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 4. */
  maxRetries?: number;
  /**
   * Total wait, in ms, one call may spend on throttled answers before giving up; default DEFAULT_THROTTLE_BUDGET_MS
   * (10 min). Throttled attempts are retried within this budget however many there are.
   */
  throttleBudgetMs?: number;
}

/** Test and embedding hooks; all optional. */
export interface GatewayClientOptions {
  /** The undici dispatcher; default a keep-alive Agent owned (and closed) by the client. */
  dispatcher?: Dispatcher;
  /** The signing clock; default `new Date()`. */
  now?: () => Date;
  /** Waits between retries; default a timer. Must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
  /** Default: one limiter shared by the process, so clients of one credential share its budget. */
  rateLimiter?: RateLimiter;
  /** Debug logging on or off; default from SEEDANCE_DEBUG (./logging.ts). */
  debug?: boolean;
  /** Where debug lines go; default stderr. */
  log?: (line: string) => void;
  /** Retrying CreateAsset into a group this client just created (./group-propagation.ts); default GROUP_PROPAGATION. */
  groupPropagation?: Partial<GroupPropagationPolicy>;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts waiting, sending and backoff; the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

type ListAction = "ListAssets" | "ListAssetGroups";

/**
 * A client of one gateway profile. Create one per profile and reuse it (it holds a keep-alive pool); `close()` it
 * when done. Example:
 *
 *   const client = new GatewayClient({ gateway: "volcengine", accessKeyId, secretAccessKey });
 *   const { Id } = await client.createAssetGroup({ Name: "characters" });
 *   for await (const asset of client.listAllAssets({ Filter: { GroupIds: [Id] } })) console.log(asset.Status);
 */
export class GatewayClient {
  readonly dialect: Dialect;
  readonly capabilities: Capabilities;
  readonly #profile: Required<Pick<GatewayProfile, "timeoutMs" | "maxRetries" | "throttleBudgetMs">> & GatewayProfile;
  readonly #baseUrl: URL;
  readonly #version: string;
  readonly #rateLimits: Partial<Record<Action, RateLimit>>;
  readonly #limiterKey: string;
  readonly #secrets: (string | undefined)[];
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #now: () => Date;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #limiter: RateLimiter;
  readonly #log: HttpLogger;
  readonly #groupPropagation: GroupPropagationPolicy;
  readonly #recentGroups = new RecentGroups();
  #closed = false;

  /** @throws ConfigError naming the profile field when the gateway is unknown, a credential is missing, or a value is out of range. */
  constructor(profile: GatewayProfile, options: GatewayClientOptions = {}) {
    if (!isGatewayName(profile.gateway)) {
      throw new ConfigError({ field: "gateway", rule: `"${String(profile.gateway)}" is not a known gateway`, fix: `set gateway to one of ${GATEWAY_NAMES.join(", ")}.` });
    }
    this.dialect = getDialect(profile.gateway);
    this.capabilities = this.dialect.capabilities;
    this.#profile = {
      ...profile,
      timeoutMs: profile.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: profile.maxRetries ?? DEFAULT_MAX_RETRIES,
      throttleBudgetMs: profile.throttleBudgetMs ?? DEFAULT_THROTTLE_BUDGET_MS,
    };
    checkProfile(this.#profile, this.dialect);
    this.#baseUrl = new URL(profile.baseUrl ?? this.dialect.defaults.baseUrl);
    this.#version = profile.version ?? this.dialect.defaults.version ?? "";
    this.#rateLimits = { ...(profile.tier ? tierRateLimits(profile.gateway, profile.tier) : this.capabilities.rateLimits), ...profile.rateLimits };
    const identity = profile.accessKeyId ?? createHash("sha256").update(profile.apiKey ?? "").digest("hex").slice(0, 16);
    this.#limiterKey = `${profile.gateway}|${this.#baseUrl.origin}|${identity}|`;
    this.#secrets = [profile.apiKey, profile.accessKeyId, profile.secretAccessKey, profile.securityToken];
    this.#ownsDispatcher = !options.dispatcher;
    this.#dispatcher = options.dispatcher ?? createAgent({ timeoutMs: this.#profile.timeoutMs });
    this.#now = options.now ?? (() => new Date());
    this.#sleep = options.sleep ?? abortableSleep;
    this.#random = options.random ?? Math.random;
    this.#limiter = options.rateLimiter ?? sharedRateLimiter;
    this.#log = createHttpLogger({ secrets: this.#secrets, ...(options.debug !== undefined ? { enabled: options.debug } : {}), ...(options.log ? { write: options.log } : {}) });
    this.#groupPropagation = { ...GROUP_PROPAGATION, ...options.groupPropagation };
  }

  /**
   * Calls one Action and returns its canonical result (ResultSchemas[action], parsed).
   * @throws UnsupportedActionError before sending when the gateway lacks the Action.
   * @throws InvalidParameterError (httpStatus undefined) before sending when the request breaks the schema or the
   *   gateway's capabilities (group, asset type, upload kind); `field` names the field.
   * @throws GatewayError subclass of the failure's kind; ThrottledError once the throttle budget is spent; NetworkError / TimeoutError;
   *   ResponseValidationError when a successful answer does not match the schema.
   * CreateAsset into a group this client created moments ago is retried while the gateway answers "group not found"
   * (eventual consistency, ./group-propagation.ts); the last such failure is thrown when the retries run out.
   */
  async call<A extends Action>(action: A, request: RequestOf<A>, opts: CallOptions = {}): Promise<ResultOf<A>> {
    if (action === "CreateAssetGroup") {
      const result = await this.#callOnce(action, request, opts);
      this.#recentGroups.record((result as ResultOf<"CreateAssetGroup">).Id, this.#now().getTime(), this.#groupPropagation.windowMs);
      return result;
    }
    if (action !== "CreateAsset") return this.#callOnce(action, request, opts);
    const groupId = (request as RequestOf<"CreateAsset">).GroupId;
    const policy = this.#groupPropagation;
    for (let retry = 0; ; retry++) {
      try {
        return await this.#callOnce(action, request, opts);
      } catch (error) {
        if (retry >= policy.retries || !isGroupNotFound(error) || !this.#recentGroups.isRecent(groupId, this.#now().getTime(), policy.windowMs)) throw error;
        await this.#sleep(policy.retryDelayMs, opts.signal);
      }
    }
  }

  async #callOnce<A extends Action>(action: A, request: RequestOf<A>, opts: CallOptions): Promise<ResultOf<A>> {
    const ctx: CallContext = { gateway: this.dialect.name, action };
    if (!this.capabilities.actions.includes(action)) throw new UnsupportedActionError({ ...ctx, supported: this.capabilities.actions });
    const input = this.#validateRequest(action, request);
    const wire = this.dialect.encodeRequest(action, input, { version: this.#version });
    const body = await encodeBody(wire.body);
    const url = buildUrl(this.#baseUrl, wire);
    const mutating = MUTATING_ACTIONS.has(action);

    // Throttled attempts spend the throttle budget; every other failed attempt spends one of maxRetries.
    let retriesUsed = 0;
    let throttled = 0;
    let throttleWaitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      const release = await this.#limiter.acquire(this.#limiterKey + action, this.#rateLimits[action], opts.signal);
      let headers: Record<string, string>;
      let outcome: AttemptOutcome;
      const started = performance.now();
      try {
        headers = this.#headers(wire, url, body);
        outcome = await sendAttempt({
          dispatcher: this.#dispatcher,
          url,
          method: wire.method,
          headers,
          ...(body ? { body: body.bytes } : {}),
          timeoutMs: this.#profile.timeoutMs,
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
      } finally {
        // The gateway handled the call (if at all) before now: its slot counts from here (./rate-limit.ts).
        release();
      }
      this.#logAttempt(ctx, attempt, wire.method, url, headers, body, outcome, performance.now() - started);
      const canRetry = retriesUsed < this.#profile.maxRetries;

      if (!outcome.ok) {
        retriesUsed++;
        const { failure } = outcome;
        const ambiguous = mutating && failure.requestMayHaveArrived;
        if (canRetry && !ambiguous) {
          await this.#sleep(this.#backoff(retriesUsed), opts.signal);
          continue;
        }
        const common = { ...ctx, url: url.origin + url.pathname, attempts: attempt, mayHaveBeenApplied: ambiguous, cause: failure.cause };
        throw failure.reason === "timeout" ? new TimeoutError({ ...common, timeoutMs: this.#profile.timeoutMs }) : new NetworkError(common);
      }

      const decoded = this.#decode(ctx, outcome.response);
      if (decoded.ok) return this.#validateResult<A>(ctx, decoded.result, decoded.requestId, mutating);

      const failure = decoded.failure;
      if (failure.kind === "Throttled") {
        throttled++;
        const wait = this.#throttleWait(failure, throttled);
        if (throttleWaitedMs + wait <= this.#profile.throttleBudgetMs) {
          throttleWaitedMs += wait;
          await this.#sleep(wait, opts.signal);
          continue;
        }
        throw gatewayErrorFromFailure({ ...ctx, attempts: attempt, mayHaveBeenApplied: false }, failure);
      }
      retriesUsed++;
      const wait = canRetry ? this.#retryWait(failure, mutating, retriesUsed) : undefined;
      if (wait !== undefined) {
        await this.#sleep(wait, opts.signal);
        continue;
      }
      const error = gatewayErrorFromFailure({ ...ctx, attempts: attempt, mayHaveBeenApplied: mutating && isServerSide(failure) }, failure);
      if (action === "CreateAsset") throw await this.#explainCreateAssetFailure(input as RequestOf<"CreateAsset">, error, opts);
      throw error;
    }
  }

  /**
   * Where the gateway answers a duplicate asset Name with the group's not-found code
   * (`capabilities.duplicateNameAnswersGroupNotFound`, Anyfast), looks the name up: an asset of that Name in the
   * group turns the misleading NotFound into a ConflictError naming the duplicate. Anything else is returned as is.
   */
  async #explainCreateAssetFailure(request: RequestOf<"CreateAsset">, error: GatewayError, opts: CallOptions): Promise<GatewayError> {
    if (!this.capabilities.duplicateNameAnswersGroupNotFound || error.gone !== "group" || !request.GroupId || !request.Name) return error;
    if (!this.capabilities.actions.includes("ListAssets")) return error;
    let duplicate: AssetRecord | undefined;
    try {
      for await (const asset of this.listAllAssets({ Filter: { GroupIds: [request.GroupId], Name: request.Name }, ProjectName: request.ProjectName }, opts)) {
        if (asset.Name === request.Name) {
          duplicate = asset;
          break;
        }
      }
    } catch {
      return error; // The lookup failing (e.g. the group really is gone) leaves the gateway's own answer standing.
    }
    if (!duplicate) return error;
    return new ConflictError(
      {
        gateway: error.gateway,
        action: error.action,
        kind: "Conflict",
        httpStatus: error.httpStatus,
        gatewayCode: error.gatewayCode,
        gatewayMessage: `${error.gatewayMessage} — ${this.dialect.name} answers a duplicate Name this way: the group ${request.GroupId} exists and already holds an asset named "${request.Name}" (${duplicate.Id}).`,
        attempts: error.attempts,
        ...(error.requestId ? { requestId: error.requestId } : {}),
      },
      `asset names must be unique inside a group on ${this.dialect.name}: rename the new asset, delete or rename ${duplicate.Id}, or adopt it (adopt: true).`,
      { code: ERROR_CODES.Conflict },
    );
  }

  /** Closes the client's own connection pool (not an injected dispatcher). Idempotent. */
  async close(): Promise<void> {
    if (!this.#ownsDispatcher || this.#closed) return;
    this.#closed = true;
    await this.#dispatcher.close();
  }

  createAssetGroup(request: RequestOf<"CreateAssetGroup">, opts?: CallOptions): Promise<ResultOf<"CreateAssetGroup">> {
    return this.call("CreateAssetGroup", request, opts);
  }
  createAsset(request: RequestOf<"CreateAsset">, opts?: CallOptions): Promise<ResultOf<"CreateAsset">> {
    return this.call("CreateAsset", request, opts);
  }
  getAsset(request: RequestOf<"GetAsset">, opts?: CallOptions): Promise<ResultOf<"GetAsset">> {
    return this.call("GetAsset", request, opts);
  }
  getAssetGroup(request: RequestOf<"GetAssetGroup">, opts?: CallOptions): Promise<ResultOf<"GetAssetGroup">> {
    return this.call("GetAssetGroup", request, opts);
  }
  listAssets(request: RequestOf<"ListAssets">, opts?: CallOptions): Promise<ResultOf<"ListAssets">> {
    return this.call("ListAssets", request, opts);
  }
  listAssetGroups(request: RequestOf<"ListAssetGroups">, opts?: CallOptions): Promise<ResultOf<"ListAssetGroups">> {
    return this.call("ListAssetGroups", request, opts);
  }
  updateAsset(request: RequestOf<"UpdateAsset">, opts?: CallOptions): Promise<ResultOf<"UpdateAsset">> {
    return this.call("UpdateAsset", request, opts);
  }
  updateAssetGroup(request: RequestOf<"UpdateAssetGroup">, opts?: CallOptions): Promise<ResultOf<"UpdateAssetGroup">> {
    return this.call("UpdateAssetGroup", request, opts);
  }
  deleteAsset(request: RequestOf<"DeleteAsset">, opts?: CallOptions): Promise<ResultOf<"DeleteAsset">> {
    return this.call("DeleteAsset", request, opts);
  }
  deleteAssetGroup(request: RequestOf<"DeleteAssetGroup">, opts?: CallOptions): Promise<ResultOf<"DeleteAssetGroup">> {
    return this.call("DeleteAssetGroup", request, opts);
  }

  /**
   * Starts real-person verification: `{BytedToken, H5Link}`; the person opens H5Link (valid 120 s) on a phone.
   * Native gateways and Anyfast (a "Byteplus-Direct" token) only; elsewhere UnsupportedActionError. See ./liveness.ts.
   */
  createVisualValidateSession(request: RequestOf<"CreateVisualValidateSession">, opts?: CallOptions): Promise<ResultOf<"CreateVisualValidateSession">> {
    return this.call("CreateVisualValidateSession", request, opts);
  }
  /** The LivenessFace `GroupId` a finished verification created; `""` while pending (or after a failed check). */
  getVisualValidateResult(request: RequestOf<"GetVisualValidateResult">, opts?: CallOptions): Promise<ResultOf<"GetVisualValidateResult">> {
    return this.call("GetVisualValidateResult", request, opts);
  }

  /** Every asset matching the filter, page after page (PageSize default 100), as an async iterator. Errors as `call`. */
  listAllAssets(request: Omit<RequestOf<"ListAssets">, "PageNumber">, opts?: CallOptions): AsyncGenerator<AssetRecord> {
    return this.#pages("ListAssets", request, opts) as AsyncGenerator<AssetRecord>;
  }

  /** Every asset group matching the filter, page after page (PageSize default 100), as an async iterator. Errors as `call`. */
  listAllAssetGroups(request: Omit<RequestOf<"ListAssetGroups">, "PageNumber">, opts?: CallOptions): AsyncGenerator<GroupRecord> {
    return this.#pages("ListAssetGroups", request, opts) as AsyncGenerator<GroupRecord>;
  }

  async *#pages<A extends ListAction>(action: A, request: Omit<RequestOf<A>, "PageNumber">, opts?: CallOptions): AsyncGenerator<AssetRecord | GroupRecord> {
    if (this.capabilities.cursorPaging && request.PageSize === undefined) {
      yield* this.#cursorPages(action, request, opts);
      return;
    }
    const pageSize = request.PageSize ?? 100;
    let seen = 0;
    for (let page = 1; ; page++) {
      const result: ResultOf<ListAction> = await this.call(action, { ...request, PageNumber: page, PageSize: pageSize } as RequestOf<A>, opts);
      yield* result.Items;
      seen += result.Items.length;
      // A short page, or the announced total, ends the listing (a gateway ignoring PageNumber still terminates).
      if (result.Items.length < pageSize || (result.TotalCount !== undefined && seen >= result.TotalCount)) return;
    }
  }

  /**
   * Cursor paging (Capabilities.cursorPaging, BytePlus): `MaxResults` (default 100), then each answer's
   * `NextToken` until none (or an empty page) comes back. A token seen twice ends the listing instead of looping.
   */
  async *#cursorPages<A extends ListAction>(action: A, request: Omit<RequestOf<A>, "PageNumber">, opts?: CallOptions): AsyncGenerator<AssetRecord | GroupRecord> {
    const { MaxResults = 100, NextToken: first, ...rest } = request as Omit<RequestOf<ListAction>, "PageNumber">;
    const seen = new Set<string>();
    let token = first;
    for (;;) {
      const result: ResultOf<ListAction> = await this.call(action, { ...rest, MaxResults, ...(token ? { NextToken: token } : {}) } as RequestOf<A>, opts);
      yield* result.Items;
      token = result.NextToken;
      if (!token || result.Items.length === 0 || seen.has(token)) return;
      seen.add(token);
    }
  }

  #validateRequest<A extends Action>(action: A, request: RequestOf<A>): RequestOf<A> {
    const parsed = RequestSchemas[action].safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw this.#invalid(action, issue.path.join(".") || "(request)", issue.message);
    }
    if (action === "CreateAsset") this.#checkCreateAsset(parsed.data as RequestOf<"CreateAsset">);
    if (action === "ListAssets" || action === "ListAssetGroups") this.#checkPaging(action, parsed.data as RequestOf<ListAction>);
    return parsed.data as RequestOf<A>;
  }

  /** Cursor fields only where the gateway pages by cursor, and never mixed with page numbers (nothing is sent). */
  #checkPaging(action: ListAction, request: RequestOf<ListAction>): void {
    const cursor = request.MaxResults !== undefined || request.NextToken !== undefined;
    if (!cursor) return;
    const field = request.MaxResults !== undefined ? "MaxResults" : "NextToken";
    if (!this.capabilities.cursorPaging) throw this.#invalid(action, field, `is not taken by ${this.dialect.name}: it pages by PageNumber/PageSize only`);
    if (request.PageNumber !== undefined || request.PageSize !== undefined) {
      throw this.#invalid(action, field, "cannot be mixed with PageNumber/PageSize: page either by cursor (MaxResults, NextToken) or by page number");
    }
  }

  /** What the schema cannot know: the gateway's capabilities for CreateAsset. */
  #checkCreateAsset(request: RequestOf<"CreateAsset">): void {
    // The shared rules (./gateways/create-asset-rules.ts); a GroupId where the gateway has no groups is left to the
    // dialect, and a URL of no known form goes as the base64 it may be, for a gateway that takes base64 to judge.
    const media = mediaFormOf(request);
    const violation = createAssetViolations(this.dialect.name, this.capabilities, {
      hasGroup: Boolean(request.GroupId),
      assetType: request.AssetType,
      media: media === "unknown" ? "base64" : media,
    }).find((v) => v.kind !== "unexpected");
    if (violation) throw this.#invalid("CreateAsset", violation.field, violation.problem);
  }

  #invalid(action: Action, field: string, problem: string): InvalidParameterError {
    return new InvalidParameterError(
      { gateway: this.dialect.name, action, kind: "InvalidParameter", httpStatus: undefined, gatewayCode: "ClientValidation", gatewayMessage: `${field} ${problem}`, field },
      `correct ${field} in the ${action} request; nothing was sent.`,
    );
  }

  #headers(wire: WireRequest, url: URL, body: EncodedBody | undefined): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json", ...wire.headers };
    if (body?.contentType) headers["content-type"] = body.contentType;
    const p = this.#profile;
    if (this.capabilities.auth === "bearer") return { ...headers, authorization: `Bearer ${p.apiKey}` };
    const signed = signRequest({
      method: wire.method,
      host: url.host,
      path: url.pathname,
      query: wire.query,
      headers,
      body: body?.bytes ?? "",
      accessKeyId: p.accessKeyId!,
      secretAccessKey: p.secretAccessKey!,
      ...(p.securityToken ? { securityToken: p.securityToken } : {}),
      region: p.region ?? this.dialect.defaults.region ?? "",
      service: p.service ?? this.dialect.defaults.service ?? "",
      date: this.#now(),
    });
    return { ...headers, ...signed };
  }

  /** The dialect's decoding, hardened: a throwing decoder or 429 without the Throttled kind are normalized; messages scrubbed. */
  #decode(ctx: CallContext, response: WireResponse): ReturnType<Dialect["decodeResponse"]> {
    let decoded: ReturnType<Dialect["decodeResponse"]>;
    try {
      decoded = this.dialect.decodeResponse(ctx.action, response);
    } catch (error) {
      throw new ResponseValidationError({ ...ctx, field: "(body)", problem: this.#scrub(error instanceof Error ? error.message : String(error)) });
    }
    if (decoded.ok) return decoded;
    const failure: GatewayFailure = { ...decoded.failure, message: this.#scrub(decoded.failure.message) };
    if (failure.httpStatus === 429) failure.kind = "Throttled";
    // A 404 that names no code (dialects write `HTTP<status>` for a body in no documented shape: a wrong base URL, a
    // proxy's page) says nothing about the object: it is not NotFound, and its message must not suggest a deletion.
    if (failure.kind === "NotFound" && /^HTTP\d{3}\b/.test(failure.code)) failure.kind = "Unknown";
    // "Gone" is decided here, once, from the dialect's documented not-found codes — never by a dialect's guess.
    delete failure.gone;
    const gone = goneObjectOf(this.dialect, failure);
    if (gone) failure.gone = gone;
    const retryAfter = failure.retryAfterSeconds ?? parseRetryAfter(response.headers["retry-after"], this.#now());
    if (retryAfter !== undefined) failure.retryAfterSeconds = retryAfter;
    return { ok: false, failure };
  }

  #validateResult<A extends Action>(ctx: CallContext, result: unknown, requestId: string | undefined, mutating: boolean): ResultOf<A> {
    const parsed = ResultSchemas[ctx.action].safeParse(result);
    // zod's union of every Action's output does not narrow by A: the schema of ctx.action is the one of A.
    if (parsed.success) return parsed.data as unknown as ResultOf<A>;
    const issue = parsed.error.issues[0]!;
    throw new ResponseValidationError({
      ...ctx,
      field: issue.path.join(".") || "(result)",
      problem: this.#scrub(issue.message),
      ...(requestId ? { requestId } : {}),
      mayHaveBeenApplied: mutating,
    });
  }

  /**
   * Milliseconds to wait before repeating a throttled call (the n-th throttled answer of this call): the gateway's
   * Retry-After, else full-jitter backoff (at least a short pause, so a storm is not hammered). Throttled calls were
   * not applied, so even mutating ones are safe to repeat; the caller bounds the total by the throttle budget, so a
   * Retry-After beyond what is left of the budget raises the ThrottledError at once (with retryAfterSeconds).
   */
  #throttleWait(failure: GatewayFailure, n: number): number {
    const seconds = failure.retryAfterSeconds;
    if (seconds === undefined) return Math.max(BASE_BACKOFF_MS / 5, this.#backoff(n));
    return seconds * 1000;
  }

  /** Milliseconds to wait before retrying a non-throttle gateway failure, or undefined when it must not be retried. */
  #retryWait(failure: GatewayFailure, mutating: boolean, retry: number): number | undefined {
    return isServerSide(failure) && !mutating ? this.#backoff(retry) : undefined;
  }

  #backoff(attempt: number): number {
    return Math.floor(this.#random() * Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempt - 1)));
  }

  #scrub(text: string): string {
    return scrubSecrets(text, this.#secrets);
  }

  #logAttempt(ctx: CallContext, attempt: number, method: string, url: URL, headers: Record<string, string>, body: EncodedBody | undefined, outcome: AttemptOutcome, durationMs: number): void {
    if (!this.#log.enabled) return;
    const requestId = outcome.ok ? (outcome.response.headers["x-request-id"] ?? requestIdOf(outcome.response.body) ?? outcome.response.headers["x-tt-logid"]) : undefined;
    this.#log.exchange({
      gateway: ctx.gateway,
      action: ctx.action,
      attempt,
      method,
      url: url.href,
      requestHeaders: headers,
      ...(body ? { requestBody: body.description } : {}),
      durationMs,
      ...(outcome.ok
        ? { status: outcome.response.status, responseBody: outcome.response.rawText ?? "", ...(requestId ? { requestId } : {}) }
        : { error: `${outcome.failure.reason}: ${outcome.failure.cause instanceof Error ? outcome.failure.cause.message : String(outcome.failure.cause)}` }),
    });
  }
}

/** A 5xx-like failure: the outcome of a mutating call is unknown. */
function isServerSide(failure: GatewayFailure): boolean {
  return failure.kind === "Unavailable" || failure.kind === "Internal" || (failure.kind === "Unknown" && failure.httpStatus >= 500);
}

/** A timer that rejects with the signal's own reason (timers/promises rejects with a generic AbortError). */
async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, signal ? { signal } : {});
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
}

/** How a CreateAsset carries its media: the one rule, ./gateways/create-asset-rules.ts. */
export { uploadKindOf } from "./gateways/create-asset-rules.js";

/** Retry-After as seconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

function requestIdOf(body: unknown): string | undefined {
  const id = (body as { ResponseMetadata?: { RequestId?: unknown } } | undefined)?.ResponseMetadata?.RequestId;
  return typeof id === "string" ? id : undefined;
}

/** The client-side profile schema: the shared field rules (./profile.ts), with the client's units (milliseconds). */
const ClientProfileSchema = z.object({
  baseUrl: PROFILE_FIELDS.baseUrl.optional(),
  tier: PROFILE_FIELDS.tier.optional(),
  rateLimits: PROFILE_FIELDS.rateLimits.optional(),
  maxRetries: PROFILE_FIELDS.maxRetries,
  timeoutMs: positiveNumber("milliseconds per attempt"),
  throttleBudgetMs: nonNegativeNumber("milliseconds"),
});

/** How to fix each field of the profile, for ConfigError. */
const PROFILE_FIXES: Readonly<Record<string, (dialect: Dialect, field: string) => string>> = {
  baseUrl: (d) => `set baseUrl like ${d.defaults.baseUrl}, or leave it unset for that default.`,
  tier: () => "set tier to the account's tier (BytePlus console: Advanced Creation Rights), or leave it unset for the gateway's default.",
  rateLimits: (_d, field) => `set ${field} to e.g. { requests: 10, perSeconds: 1 }.`,
  maxRetries: () => "set maxRetries to e.g. 4, or leave it unset.",
  timeoutMs: () => "set timeoutMs to e.g. 30000, or leave it unset.",
  throttleBudgetMs: () => "set throttleBudgetMs to e.g. 600000 (10 min), or leave it unset.",
};

/** The profile's own rules (./profile.ts, shared with the stack configuration); every failure names the field to set. */
function checkProfile(profile: GatewayProfile & { timeoutMs: number; maxRetries: number; throttleBudgetMs: number }, dialect: Dialect): void {
  const fail = (field: string, rule: string, fix: string) => new ConfigError({ field, rule, fix, gateway: dialect.name });
  const missing = requiredCredentials(dialect.capabilities).find((field) => !profile[field]);
  if (missing) throw fail(missing, `is required: ${dialect.name} ${credentialReason(dialect.capabilities)}`, `set ${requiredCredentials(dialect.capabilities).join(" and ")} in the gateway profile.`);
  const parsed = ClientProfileSchema.safeParse(profile);
  if (parsed.success) return;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join(".");
  const top = String(issue.path[0] ?? "");
  throw fail(field, issue.message, PROFILE_FIXES[top]?.(dialect, field) ?? `correct ${field}.`);
}

/**
 * The emulator's HTTP server: every gateway dialect mounted on one port at its real paths, each request through
 * one pipeline written out in order in `servePipeline`:
 *
 *   dispatch (Dialect.route; volcengine vs byteplus by the signature's region) → authenticate (./auth.ts)
 *   → account state (./account.ts) → throttle (./ratelimit.ts) → deserialize (Dialect.decodeRequest, then ./validate.ts) → faults (./faults.ts)
 *   → handler (./handlers.ts) → serialize (Dialect.encodeResult) — and any failure → Dialect.encodeError.
 *
 * Paths under `/_emulator/` are the admin surface (./admin.ts), guarded by ./exposure.ts. Sources of behaviour are
 * named in each module.
 *
 * As a server it takes no more than it needs: a gateway request is authenticated from its head before a byte of its
 * body is read, bodies are capped per route and by a budget of bytes buffered at once (./request-body.ts; 413/503 in
 * the gateway's error shape), JSON nested deeper than 32 levels is refused unparsed, generated samples are bounded
 * and streamed (./samples.ts), and presigned links use the configured public URL, never the request's `Host`.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Action, RequestOf } from "../provider/api.js";
import { DIALECTS } from "../provider/gateways/index.js";
import type { Dialect, GatewayName, RoutedRequest, WireRequest, WireResponse } from "../provider/gateways/dialect.js";
import { AccountStates, type AccountState } from "./account.js";
import { createAdmin, serveAdmin, type EmulatorAdmin } from "./admin.js";
import {
  authenticateHead,
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_API_KEY,
  DEFAULT_SECRET_ACCESS_KEY,
  signingRegion,
  type AccessKey,
  type EmulatorCredentials,
  type Principal,
  type ReceivedHead,
} from "./auth.js";
import { Errors, toEmulatorError } from "./errors.js";
import { adminGuard, checkAdminRequest, isLoopbackHost, type AdminGuard } from "./exposure.js";
import { BODY_LIMITS, BodyBudget, BodyRefused, bodyLimitFor, jsonTooDeep, MAX_JSON_DEPTH, readBoundedBody } from "./request-body.js";
import { Faults, type FaultOptions } from "./faults.js";
import { HANDLERS, type ConsistencyOptions, type Handler } from "./handlers.js";
import { Lifecycle } from "./lifecycle.js";
import { DEFAULT_LIMIT_SET, LIMIT_SETS, type LimitSetName, type MediaLimits } from "../provider/media/limits.js";
import type { QuotaPolicy } from "./quotas.js";
import { Throttle, type RateLimitOptions } from "./ratelimit.js";
import type { TierName } from "../provider/gateways/tiers.js";
import { FileStore, MemoryStore, namespaceKey, type Store } from "./store.js";
import { validateRequest } from "./validate.js";
import { VisualValidateSessions, type VisualValidateOptions } from "./visual-validate.js";
import { mergeHeaders, newRequestId, toWireRequest, writeJson, writeWire } from "./wire.js";

/** What a response hook sees about the call it may rewrite. */
export interface ResponseHookContext {
  gateway: GatewayName;
  /** Undefined when no route matched. */
  action?: Action;
  requestId: string;
  /** The validated canonical request, when the call got that far. */
  request?: unknown;
  /** The request as the dialect read it. */
  wireRequest?: WireRequest;
}

/**
 * Rewrites an answer before it is sent — lets the contract suite simulate a gateway that drifted from its dialect
 * (a renamed field, another status). Runs for successes and failures alike.
 */
export type ResponseHook = (ctx: ResponseHookContext, wire: WireResponse) => WireResponse | Promise<WireResponse>;

/** Options of `startEmulator`; every field is optional (defaults on each field). */
export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /**
   * Interface to listen on; default `127.0.0.1` (loopback). Any other interface (e.g. `0.0.0.0`) makes the admin
   * surface require `adminToken` (generated when not given).
   */
  host?: string;
  /**
   * The base URL clients on other machines reach this emulator at (e.g. `http://emulator.ci.internal:4010`), used in
   * presigned links and the gateways' base URLs the health route lists; never taken from a request's `Host`.
   * Default: the URL it listens on (`url`).
   */
  publicUrl?: string;
  /**
   * Token the admin surface requires as `Authorization: Bearer <token>` (./exposure.ts). Default: none on loopback,
   * a random one (see `EmulatorHandle.adminToken`) on any other interface.
   */
  adminToken?: string;
  /** Budget of request-body bytes buffered at once across requests; default 160 MiB (./request-body.ts). */
  maxBufferedBodyBytes?: number;
  /** Bearer API keys accepted at every Bearer gateway; default `[DEFAULT_API_KEY]` (`emulator-api-key`). */
  apiKeys?: readonly string[];
  /** Access key pairs accepted at the AK/SK gateways; default the DEFAULT_ACCESS_KEY_ID / DEFAULT_SECRET_ACCESS_KEY pair. */
  accessKeys?: readonly AccessKey[];
  /** How long a new asset stays Processing, in ms; default 2000. */
  processingMs?: number;
  /**
   * Media limits: a named set (`720p`, `1080p`, `4k`; `first`, `later`) for every gateway, or a custom set
   * (../provider/media/limits.ts). Default: each gateway's newest documented set (DEFAULT_LIMIT_SET).
   */
  limits?: LimitSetName | MediaLimits;
  /** Throttling: default the tier's limits; `false` turns it off, an object overrides per Action (./ratelimit.ts). */
  rateLimits?: RateLimitOptions;
  /**
   * The account tier of every gateway (`entry`, `advanced`, `premium`): its rate limits and quotas
   * (../provider/gateways/tiers.ts). Default: each gateway's default tier (BytePlus and Volcengine `entry`).
   */
  tier?: TierName;
  /** Enforce the tier's asset and group quotas (./quotas.ts); default true. */
  quotas?: boolean;
  /** Injected faults; default none (./faults.ts). */
  faults?: FaultOptions;
  /** A JSON state file to load and keep up to date, so the data survives a restart. Default: memory only. */
  stateFile?: string;
  /** A store of your own (overrides `stateFile`). */
  store?: Store;
  /** The dialects to mount; default every one (../provider/gateways/index.ts DIALECTS). */
  dialects?: readonly Dialect[];
  /** Tolerated X-Date skew of AK/SK signatures, in seconds; default 900. */
  maxSkewSeconds?: number;
  /** Timeout for fetching local media URLs, in ms; default 5000. */
  fetchTimeoutMs?: number;
  /** The clock; default `() => new Date()`. */
  now?: () => Date;
  /** Rewrites answers before they are sent (contract tests of drift). */
  responseHook?: ResponseHook;
  /**
   * The account state every gateway plays (./account.ts): `active` (default), `subscriptionRequired`,
   * `authorizationUnsigned`, `quotaExceeded`.
   */
  accountState?: AccountState;
  /** Eventual-consistency lags to reproduce (./handlers.ts ConsistencyOptions); default none. */
  consistency?: ConsistencyOptions;
  /** Lifetimes of real-person verification sessions; default the documented 120 s link, 30 min token (./visual-validate.ts). */
  visualValidate?: VisualValidateOptions;
  /**
   * API keys that act as Anyfast tokens of a regular, AIGC-only group rather than "Byteplus-Direct": verification and
   * LivenessFace groups answer "GroupType must be one of [AIGC]" (./visual-validate.ts). Default none.
   */
  aigcOnlyApiKeys?: readonly string[];
}

/** One line of the request log (the last 1000 requests), for tests: e.g. "was CreateAsset sent twice?". */
export interface RequestLogEntry {
  time: string;
  gateway?: GatewayName;
  action?: Action;
  status: number;
  /** The gateway's error code (the canonical one) when the call failed. */
  errorCode?: string;
  /** The connection was destroyed without an answer (fault injection). */
  dropped?: boolean;
}

/** A running emulator: where it listens, its admin surface, its request log, and `close()`. */
export interface EmulatorHandle {
  /** `http://127.0.0.1:<port>` (a URL this machine reaches it at, also when bound to all interfaces) — no trailing slash. */
  url: string;
  port: number;
  /** The address actually bound, as a URL: `http://0.0.0.0:4010`, `http://[::]:4010`, `http://127.0.0.1:4010`. */
  address: string;
  /** Whether the bound interface is loopback only. */
  loopback: boolean;
  /** The public base URL (EmulatorOptions.publicUrl, else `url`): presigned links and health's base URLs. */
  publicUrl: string;
  /** The token the admin surface requires, when it requires one (given, or generated for a non-loopback bind). */
  adminToken?: string;
  /** The base URL to configure a client on this machine with for a gateway (`url` plus the gateway's base path, if any). */
  gatewayUrl(gateway: GatewayName): string;
  /** Seeding, reset, faults and limits at run time (also over HTTP under `/_emulator/`, see ./admin.ts). */
  admin: EmulatorAdmin;
  store: Store;
  /** The most recent requests, oldest first. */
  readonly requests: readonly RequestLogEntry[];
  /** Stops listening, waits for background media checks, writes the state file. */
  close(): Promise<void>;
}

/** A mounted dialect: where its paths start and sample paths of its actions (to answer unrouted requests in its shape). */
interface Mount {
  dialect: Dialect;
  prefix: string;
  samplePaths: string[];
}

/** Everything the pipeline and the admin surface share. */
export interface EmulatorState {
  mounts: Mount[];
  credentials: EmulatorCredentials;
  store: Store;
  lifecycle: Lifecycle;
  limiter: Throttle;
  quotas: QuotaPolicy;
  faults: Faults;
  now: () => Date;
  maxSkewSeconds: number | undefined;
  responseHook: ResponseHook | undefined;
  log: RequestLogEntry[];
  account: AccountStates;
  consistency: ConsistencyOptions;
  visualValidate: VisualValidateSessions;
  aigcOnlyApiKeys: ReadonlySet<string>;
  /** The media limits in force (they size the body caps). */
  limits: MediaLimits | ((gateway: GatewayName) => MediaLimits);
  /** Request-body bytes buffered at once. */
  bodyBudget: BodyBudget;
  /** Presigned links and health's base URLs start here; set once listening. */
  publicUrl: string;
  /** Who may call the admin surface; set once listening. */
  guard: AdminGuard;
  /**
   * Rotated credentials: a new credential → the credential whose data it took over (./admin.ts
   * `rotateCredential`). Data is kept by the account's first credential, so a rotated key sees the same assets.
   */
  accounts: Map<string, string>;
}

/** The credential a principal's data is kept under (its own, unless it replaced another in a rotation). */
export function accountOf(state: Pick<EmulatorState, "accounts">, credential: string): string {
  return state.accounts.get(credential) ?? credential;
}

const LOG_SIZE = 1000;

/**
 * Starts the emulator and resolves once it listens. Rejects when the port is taken (`EADDRINUSE`) or the state
 * file exists but is not a version-1 state file.
 *
 * @example
 *   const emulator = await startEmulator({ processingMs: 30 });
 *   // configure a client with emulator.gatewayUrl("anyfast") and DEFAULT_API_KEY …
 *   await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const now = options.now ?? (() => new Date());
  const store = options.store ?? (options.stateFile ? new FileStore(options.stateFile) : new MemoryStore());
  const chosen = options.limits;
  // Unset: each gateway's newest documented set, the same default `check` applies (DEFAULT_LIMIT_SET).
  const limits = typeof chosen === "object" ? chosen : (gateway: GatewayName) => LIMIT_SETS[chosen ?? DEFAULT_LIMIT_SET[gateway]];
  const lifecycle = new Lifecycle(store, {
    processingMs: options.processingMs ?? 2000,
    limits,
    fetchTimeoutMs: options.fetchTimeoutMs ?? 5000,
    now: () => now().getTime(),
  });
  const state: EmulatorState = {
    mounts: (options.dialects ?? DIALECTS).map(mountOf),
    credentials: {
      apiKeys: options.apiKeys ?? [DEFAULT_API_KEY],
      accessKeys: options.accessKeys ?? [{ accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY }],
    },
    store,
    lifecycle,
    limiter: new Throttle(options.rateLimits ?? {}, options.tier),
    quotas: options.quotas === false ? false : { tier: options.tier },
    faults: new Faults(options.faults ?? {}),
    now,
    maxSkewSeconds: options.maxSkewSeconds,
    responseHook: options.responseHook,
    log: [],
    account: new AccountStates(options.accountState),
    consistency: { ...options.consistency },
    visualValidate: new VisualValidateSessions(options.visualValidate),
    aigcOnlyApiKeys: new Set(options.aigcOnlyApiKeys ?? []),
    limits,
    bodyBudget: new BodyBudget(options.maxBufferedBodyBytes ?? BODY_LIMITS.inFlight),
    publicUrl: "",
    guard: { origins: new Set(), hosts: new Set() },
    accounts: new Map(),
  };
  let publicUrl: string | undefined;
  if (options.publicUrl !== undefined) {
    const parsed = URL.canParse(options.publicUrl) ? new URL(options.publicUrl) : undefined;
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash) {
      throw new Error(`publicUrl must be an http(s) base URL such as http://emulator.ci.internal:4010, got "${options.publicUrl}".`);
    }
    publicUrl = parsed.href.replace(/\/+$/, "");
  }
  lifecycle.resume();

  // Slow clients cannot hold a request open for ever: headers within 30 s, the whole request within 2 minutes.
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(state, req, res).catch((err: unknown) => {
      if (!res.headersSent) writeJson(res, 500, { error: { code: "InternalError", message: String(err) } });
      else res.destroy();
    });
  };
  const server: Server = createServer({ headersTimeout: 30_000, requestTimeout: 120_000 }, onRequest);
  // `Expect: 100-continue` is answered only once authentication and the body cap allow the body (./request-body.ts),
  // so a refused upload is never sent at all.
  server.on("checkContinue", onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${address.port}`;
  const loopback = isLoopbackHost(address.address);
  const adminToken = options.adminToken ?? (loopback ? undefined : randomBytes(24).toString("base64url"));
  state.publicUrl = publicUrl ?? url;
  state.guard = adminGuard(address.port, state.publicUrl, adminToken);
  // A shared emulator fetches only its own URLs (samples, objects), never the other services of its machine.
  if (!loopback) lifecycle.options.localFetch = { ownOrigins: [...new Set([new URL(url).origin, new URL(state.publicUrl).origin])], fetchBase: url };

  return {
    url,
    port: address.port,
    address: `http://${host}:${address.port}`,
    loopback,
    publicUrl: state.publicUrl,
    ...(adminToken ? { adminToken } : {}),
    gatewayUrl(gateway) {
      const mount = state.mounts.find((m) => m.dialect.name === gateway);
      if (!mount) throw new Error(`The gateway ${gateway} is not mounted.`);
      return url + mount.prefix;
    },
    admin: createAdmin(state, () => state.publicUrl),
    store,
    get requests() {
      return state.log;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await lifecycle.idle();
      store.flush();
    },
  };
}

async function handleRequest(state: EmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = new URL(req.url ?? "/", "http://emulator.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  if (target.pathname.startsWith("/_emulator/")) {
    const refusal = checkAdminRequest(state.guard, `${method} ${target.pathname}`, req.headers);
    if (refusal) return refuseUnread(req, res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
    let body: Buffer;
    try {
      body = await readBoundedBody(req, BODY_LIMITS.json, state.bodyBudget, res);
    } catch (err) {
      if (!(err instanceof BodyRefused)) throw err;
      return refuseUnread(req, res, err.status, { error: { code: err.status === 413 ? "RequestEntityTooLarge" : "Busy", message: err.message } });
    }
    if (jsonTooDeep(body)) {
      return writeJson(res, 400, { error: { code: "InvalidJson", message: `The body nests JSON deeper than ${MAX_JSON_DEPTH} levels.` } });
    }
    await serveAdmin(state, { method, url: target, body, publicBaseUrl: state.publicUrl }, res);
    return;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of target.searchParams) query[k] = v;
  const head: ReceivedHead = {
    method,
    path: rawPath(req.url ?? "/"),
    rawQuery: target.search.slice(1),
    query,
    headers: req.headers,
  };
  await servePipeline(state, req, head, res);
}

/** How long an unread body may keep streaming after its refusal before the connection is cut, in ms. */
const LINGER_MS = 2000;

/**
 * Answers a request whose body was not read ("lingering close", RFC 9112 §9.6): the answer goes out at once, what
 * the client still sends is discarded as it arrives (never buffered), and a client that keeps sending after the
 * answer has LINGER_MS before the connection is cut. Closing at once would reset the connection with the client's
 * bytes unread by the kernel, and a reset can destroy the answer before the client reads it.
 */
function refuseUnread(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  lingerThenClose(req, res);
  writeJson(res, status, body, LINGER_HEADERS);
}

/**
 * An explicit `Connection: keep-alive` keeps node:http from destroying the socket right after the answer (it
 * would when the client asked for `Connection: close`); the unread body is then discarded by node:http.
 */
const LINGER_HEADERS: Readonly<Record<string, string>> = { connection: "keep-alive" };

function lingerThenClose(req: IncomingMessage, res: ServerResponse): void {
  // The socket is taken now: node:http detaches it from the request once the answer is finished.
  const socket = req.socket;
  res.once("finish", () => {
    if (req.complete || !socket || socket.destroyed) return;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    req.once("end", () => clearTimeout(timer));
    socket.once("close", () => clearTimeout(timer));
  });
}

/** The pipeline, in order. See the module comment. */
async function servePipeline(state: EmulatorState, req: IncomingMessage, received: ReceivedHead, res: ServerResponse): Promise<void> {
  const now = state.now();
  const requestId = newRequestId(now);

  // 1. Dispatch: which gateway, which action.
  const match = dispatch(state.mounts, received);
  if (!match) {
    logRequest(state, { status: 404, errorCode: "NoRoute" });
    refuseUnread(req, res, 404, { error: { code: "NoRoute", message: `No gateway of this emulator serves ${received.method} ${received.path}.` } });
    return;
  }
  const { dialect, routed, mount } = match;
  const hookContext: ResponseHookContext = { gateway: dialect.name, requestId, ...(routed ? { action: routed.action } : {}) };
  let wire: WireResponse;
  let errorCode: string | undefined;
  let drop = false;
  let bodyRead = false;
  try {
    if (!routed) throw Errors.noRoute(received.method, received.path);
    const action = routed.action;

    // 2. Authenticate from the head, then read the body within the route's cap, then finish authenticating.
    const auth = authenticateHead(dialect, received, {
      credentials: state.credentials,
      now,
      ...(state.maxSkewSeconds !== undefined ? { maxSkewSeconds: state.maxSkewSeconds } : {}),
    });
    const body = await readBoundedBody(req, bodyLimitFor(dialect, action, typeof state.limits === "function" ? state.limits(dialect.name) : state.limits), state.bodyBudget, res);
    bodyRead = true;
    auth.verifyBody(body);
    const principal: Principal = auth.principal;
    const ns = namespaceKey(dialect.name, accountOf(state, principal.credential));
    const accountError = state.account.check(dialect.name, action);
    if (accountError) throw accountError;

    // 3. Throttle, per gateway, credential and action.
    const admission = state.limiter.admit(`${ns}/${action}`, state.limiter.limitFor(dialect, action), now.getTime());
    if (!admission.ok) throw Errors.throttled(admission.retryAfterSeconds);

    // 4. Deserialize: the dialect's reading of the wire, then the canonical schema and the gateway's capabilities.
    if (!/^multipart\//i.test(String(received.headers["content-type"] ?? "")) && jsonTooDeep(body)) {
      throw Errors.unreadableBody(`The request body nests JSON deeper than ${MAX_JSON_DEPTH} levels.`);
    }
    const wireRequest = await toWireRequest({ ...received, body }, received.path.slice(mount.prefix.length) || "/");
    hookContext.wireRequest = wireRequest;
    const request = validateRequest(dialect, action, dialect.decodeRequest({ ...routed, action }, wireRequest));
    hookContext.request = request;

    // 5. Faults: latency, then an injected 500/503 before anything changes; a drop is carried out after the handler.
    const fault = state.faults.decide(action);
    if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault.error === 500) throw Errors.internal();
    if (fault.error === 503) throw Errors.unavailable();
    if (fault.unknown) {
      logRequest(state, { gateway: dialect.name, action, status: fault.unknown.status, errorCode: "UnknownAnswer" });
      writeWire(res, fault.unknown);
      return;
    }
    drop = fault.drop;

    // 6. Handler.
    const handler = HANDLERS[action] as Handler<typeof action>;
    const result = handler(
      {
        dialect,
        principal,
        ns,
        store: state.store,
        lifecycle: state.lifecycle,
        now: state.now(),
        publicBaseUrl: state.publicUrl,
        consistency: state.consistency,
        visualValidate: state.visualValidate,
        aigcOnly: dialect.capabilities.auth === "bearer" && state.aigcOnlyApiKeys.has(principal.credential),
        quotas: state.quotas,
      },
      request,
    );

    // 7. Serialize.
    wire = dialect.encodeResult(action, result, requestId, request as RequestOf<typeof action>);
  } catch (err) {
    // 8. Errors: the canonical error in the gateway's own shape, plus headers such as Retry-After.
    if (err instanceof BodyRefused) {
      // 413 (or 503 when the body budget is spent) in the gateway's error shape. Guess: the gateways document no
      // body cap; a front proxy answers 413, and the body keeps the shape clients parse.
      const canonical = err.status === 413
        ? { kind: "InvalidParameter" as const, code: "RequestEntityTooLarge", message: err.message, httpStatus: 413, frontDoor: true }
        : { kind: "Unavailable" as const, code: "ServiceUnavailableTemp", message: err.message, httpStatus: 503 };
      errorCode = canonical.code;
      const encoded = dialect.encodeError(routed?.action, canonical, requestId);
      wire = { ...encoded, status: err.status, headers: mergeHeaders(encoded.headers, err.status === 503 ? { "retry-after": "1" } : {}) };
    } else {
      const error = toEmulatorError(err);
      errorCode = error.canonical.code;
      wire = dialect.encodeError(routed?.action, error.canonical, requestId);
      wire = { ...wire, headers: mergeHeaders(wire.headers, error.headers) };
    }
    // A body left unread (refused before reading or past its cap): see refuseUnread.
    if (!bodyRead) {
      lingerThenClose(req, res);
      wire = { ...wire, headers: mergeHeaders(wire.headers, LINGER_HEADERS) };
    }
  }

  if (state.responseHook) wire = await state.responseHook(hookContext, wire);
  const entry = { gateway: dialect.name, ...(routed ? { action: routed.action } : {}) };
  if (drop) {
    logRequest(state, { ...entry, status: 0, dropped: true });
    res.socket?.destroy();
    return;
  }
  logRequest(state, { ...entry, status: wire.status, ...(errorCode ? { errorCode } : {}) });
  writeWire(res, wire);
}

/**
 * The gateway and action of a request. Several dialects may route the same request (volcengine and byteplus share
 * `POST /?Action=…&Version=2024-01-01`): the one whose signing region the Authorization header names wins, else the
 * first. A request no dialect routes is answered by the dialect whose paths it resembles most (so a wrong action
 * at Anyfast gets Anyfast's 404 shape); undefined when it resembles none.
 */
function dispatch(mounts: readonly Mount[], received: ReceivedHead): { mount: Mount; dialect: Dialect; routed?: RoutedRequest } | undefined {
  const region = signingRegion(received.headers);
  const byRegion = <T extends { mount: Mount }>(candidates: T[]): T | undefined =>
    candidates.find((c) => region !== undefined && c.mount.dialect.defaults.region === region) ?? candidates[0];

  const routed: { mount: Mount; routed: RoutedRequest }[] = [];
  for (const mount of mounts) {
    if (!received.path.startsWith(mount.prefix)) continue;
    const r = mount.dialect.route(received.method, received.path.slice(mount.prefix.length) || "/", received.query);
    if (r) routed.push({ mount, routed: r });
  }
  const hit = byRegion(routed);
  if (hit) return { mount: hit.mount, dialect: hit.mount.dialect, routed: hit.routed };

  const scored = mounts.map((mount) => ({ mount, score: Math.max(0, ...mount.samplePaths.map((p) => resemblance(mount.prefix + p, received.path))) }));
  const best = Math.max(0, ...scored.map((s) => s.score));
  if (best === 0) return undefined;
  const near = byRegion(scored.filter((s) => s.score === best));
  return near ? { mount: near.mount, dialect: near.mount.dialect } : undefined;
}

/** How alike two paths are: 1000 when equal, else the number of leading path segments they share. */
function resemblance(sample: string, path: string): number {
  if (sample === path) return 1000;
  const a = sample.split("/").filter(Boolean);
  const b = path.split("/").filter(Boolean);
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

const SAMPLE_REQUEST = { Id: "sample", Name: "sample", GroupId: "sample", URL: "https://example.com/sample.png", AssetType: "Image", Filter: {} };

function mountOf(dialect: Dialect): Mount {
  const prefix = new URL(dialect.defaults.baseUrl).pathname.replace(/\/+$/, "");
  const samplePaths: string[] = [];
  for (const action of dialect.capabilities.actions) {
    try {
      samplePaths.push(dialect.encodeRequest(action, SAMPLE_REQUEST as never, { version: dialect.defaults.version ?? "" }).path);
    } catch {
      // A dialect that cannot encode the sample simply contributes no path.
    }
  }
  return { dialect, prefix, samplePaths };
}

/** The path of a request target as received (still percent-encoded), without the query. */
function rawPath(target: string): string {
  const q = target.indexOf("?");
  const path = q === -1 ? target : target.slice(0, q);
  return path.startsWith("/") ? path : new URL(path).pathname;
}

function logRequest(state: EmulatorState, entry: Omit<RequestLogEntry, "time">): void {
  state.log.push({ time: state.now().toISOString(), ...entry });
  if (state.log.length > LOG_SIZE) state.log.splice(0, state.log.length - LOG_SIZE);
}

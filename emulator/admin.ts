/**
 * The admin surface, for tests, Pact provider states and demos: seed groups and assets (with any status and
 * error) for a credential, reset, inspect, and change faults, rate limits and processing time at run time.
 * In process as `EmulatorHandle.admin`; over HTTP as JSON under `/_emulator/`, guarded by ./exposure.ts (an admin
 * token when bound beyond loopback, no foreign Origin, JSON writes only):
 *
 * | method and path | body / query | answer |
 * |---|---|---|
 * | `GET /_emulator/health` | | `{ok, gateways: [{name, title, auth, baseUrl, actions}]}` |
 * | `POST /_emulator/reset` | `{gateway?, credential?}` | `{ok}`; everything when empty |
 * | `POST /_emulator/groups` | SeedGroupInput | 201, the group as GetAssetGroup returns it |
 * | `POST /_emulator/assets` | SeedAssetInput | 201, the asset as GetAsset returns it |
 * | `GET /_emulator/state?gateway=&credential=` | | `{groups, assets}` of that namespace |
 * | `PUT /_emulator/faults` | FaultOptions (./faults.ts) | `{ok}` |
 * | `PUT /_emulator/rate-limits` | RateLimitOptions (./ratelimit.ts), `false` = off | `{ok}` |
 * | `PUT /_emulator/processing` | `{processingMs}` | `{ok}` |
 * | `PUT /_emulator/account` | `{state, gateway?}` (./account.ts AccountState) | `{ok}` |
 * | `PUT /_emulator/consistency` | `{groupLagMs?, assetLagMs?}` (./handlers.ts ConsistencyOptions) | `{ok}` |
 * | `PUT /_emulator/credentials` | `{apiKeys?: string[], accessKeys?: [{accessKeyId, secretAccessKey}]}` | `{ok}`; replaces the accepted credentials (new ones start with no data) |
 * | `POST /_emulator/credentials/rotate` | `{from, to}`: `to` an API key, or `{accessKeyId, secretAccessKey}` | `{ok}`; a key rotation: `to` replaces `from` for the same account (sees its data), `from` is refused from now on |
 * | `GET /_emulator/requests` | | the request log (./server.ts RequestLogEntry[]) |
 * | `GET /_emulator/visual-validate/<token>` | | the simulated H5 page of real-person verification (./visual-validate.ts) |
 * | `POST /_emulator/visual-validate/<token>/complete` | `{face, resultCode?}` | `{bytedToken, resultCode, redirect}`: the person passed (10000) |
 * | `GET /_emulator/samples/<name>.<png,gif,bmp,wav,mp3,mp4,mov>?width=&height=&seconds=&fps=&padBytes=` | | a media file (./samples.ts) |
 * | `GET /_emulator/tos/<assetId>?X-Tos-…` | | the asset's object behind a presigned link (./objects.ts) |
 *
 * `credential` is an API key (Bearer gateways) or an access key id (AK/SK gateways); default: the first configured.
 * Admin errors answer `{error: {code, message}}` with 400 or 404 (401/403/413/415 from the guard and body cap).
 */
import type { ServerResponse } from "node:http";
import { z } from "zod";
import { AssetTypeSchema, AssetStatusSchema, GroupTypeSchema, ALL_ACTIONS, type ResultOf } from "../provider/api.js";
import type { GatewayName } from "../provider/gateways/dialect.js";
import { GATEWAY_NAMES } from "../provider/gateways/index.js";
import { ACCOUNT_STATES, type AccountState } from "./account.js";
import { identityOf, type AccessKey, type EmulatorCredentials } from "./auth.js";
import type { FaultOptions } from "./faults.js";
import { assetRecord, groupRecord, newId, type ConsistencyOptions } from "./handlers.js";
import type { AssetError } from "../provider/media/probe.js";
import { OBJECT_PATH_PREFIX, verifyObjectUrl } from "./objects.js";
import type { RateLimitOptions } from "./ratelimit.js";
import { isSampleFormat, SampleParameterError, sampleStream, type SampleFormat, type SampleStream } from "./samples.js";
import { accountOf, type EmulatorState } from "./server.js";
import { namespaceKey, type AssetRow, type GroupRow } from "./store.js";
import { writeJson } from "./wire.js";
import { AdminError } from "./admin-error.js";
import { serveVisualValidate, type VisualValidateCompletion } from "./visual-validate.js";

export { AdminError };

const Scope = z.object({ gateway: z.enum(GATEWAY_NAMES), credential: z.string().min(1).optional() });
const Timestamp = z.string().datetime({ offset: true }).optional();
const AssetErrorSchema = z.object({ Code: z.string().min(1), Message: z.string() });

/** A group to seed. `Name` gets the gateway's isolation prefix unless `prefixName` is false. */
export const SeedGroupInputSchema = Scope.extend({
  Id: z.string().min(1).optional(),
  Name: z.string().min(1),
  Description: z.string().optional(),
  /** `LivenessFace` groups cannot be created through the API, only seeded. */
  GroupType: GroupTypeSchema.optional(),
  ProjectName: z.string().min(1).optional(),
  /** ISO-8601; default now. */
  CreateTime: Timestamp,
  prefixName: z.boolean().optional(),
  /** LivenessFace groups: the verified face label uploads are matched against (./visual-validate.ts). */
  face: z.string().min(1).optional(),
});
export type SeedGroupInput = z.input<typeof SeedGroupInputSchema>;

/**
 * An asset to seed. `Status` defaults to Active; a Failed asset gets `Error` (default FormatUnsupported); a
 * Processing one stays so forever, or for `settleAfterMs` and then becomes `settleTo` (Active, or Failed with the
 * given error). `GroupId` is required where the gateway has groups and must exist.
 */
export const SeedAssetInputSchema = Scope.extend({
  Id: z.string().min(1).optional(),
  GroupId: z.string().min(1).optional(),
  Name: z.string().optional(),
  AssetType: AssetTypeSchema.optional(),
  /** The source URL (served by a 302 from the presigned link). */
  URL: z.string().optional(),
  Status: AssetStatusSchema.optional(),
  Error: AssetErrorSchema.optional(),
  ProjectName: z.string().min(1).optional(),
  CreateTime: Timestamp,
  settleAfterMs: z.number().min(0).optional(),
  settleTo: z.union([z.literal("Active"), AssetErrorSchema]).optional(),
  /** BytePlus: the asset's `Moderation.Strategy`; default `Default`. */
  ModerationStrategy: z.string().min(1).optional(),
  /** BytePlus: when a generation task last used the asset, ISO-8601; default never. */
  LastInferenceTime: Timestamp,
});
export type SeedAssetInput = z.input<typeof SeedAssetInputSchema>;

/** Which data to reset: everything, one gateway, or one credential at one gateway. */
export interface ResetScope {
  gateway?: GatewayName;
  credential?: string;
}

/** In-process admin of a running emulator (also served as JSON under `/_emulator/`, see the module comment). */
export interface EmulatorAdmin {
  /** @throws AdminError (404 unknown gateway) */
  seedGroup(input: SeedGroupInput): ResultOf<"GetAssetGroup">;
  /** @throws AdminError (400 bad input, 404 unknown gateway or group) */
  seedAsset(input: SeedAssetInput): ResultOf<"GetAsset">;
  reset(scope?: ResetScope): void;
  /** The groups and assets of one namespace, as the API returns them (assets settled as of now). */
  snapshot(scope: { gateway: GatewayName; credential?: string }): { groups: ResultOf<"GetAssetGroup">[]; assets: ResultOf<"GetAsset">[] };
  setFaults(options: FaultOptions): void;
  setRateLimits(options: RateLimitOptions): void;
  setProcessingMs(ms: number): void;
  /** The account state of every gateway, or of one (./account.ts). */
  setAccountState(state: AccountState, gateway?: GatewayName): void;
  /** Replaces the eventual-consistency lags (./handlers.ts ConsistencyOptions); `{}` turns them off. */
  setConsistency(options: ConsistencyOptions): void;
  /**
   * Replaces the accepted credentials of one kind or both (a key rotation: the new ones work, the old ones are
   * refused from the next request). Existing data stays with the credential it was created under.
   * @throws AdminError 400 when a list is empty.
   */
  setCredentials(credentials: Partial<EmulatorCredentials>): void;
  /**
   * A key rotation as a gateway's console does it: `to` (an API key, or an access key pair) replaces `from` (an API
   * key or an access key id) for the same account — it sees the same groups and assets — and `from` is refused from
   * the next request on.
   * @throws AdminError 404 when `from` is not an accepted credential, 400 when `to` is of the other kind.
   */
  rotateCredential(from: string, to: string | AccessKey): void;
  /** Resolves when every background media check has finished. */
  idle(): Promise<void>;
  /**
   * Completes the simulated H5 step of a real-person verification: the person passed (resultCode 10000, the default)
   * with face `face`, creating their LivenessFace group (./visual-validate.ts).
   * @throws VisualValidateError (404 unknown token, 409 used, 410 expired, 400 no face)
   */
  completeVisualValidate(token: string, outcome: { face?: string; resultCode?: string }): VisualValidateCompletion;
}


/** The admin API over a running emulator's state. `baseUrl` is used for presigned links in returned records. */
export function createAdmin(state: EmulatorState, baseUrl: () => string = () => "http://127.0.0.1"): EmulatorAdmin {
  const scopeOf = (gateway: GatewayName, credential?: string) => {
    const mount = state.mounts.find((m) => m.dialect.name === gateway);
    if (!mount) throw new AdminError(404, "UnknownGateway", `The gateway ${gateway} is not mounted.`);
    const fallback = mount.dialect.capabilities.auth === "bearer" ? state.credentials.apiKeys[0] : state.credentials.accessKeys[0]?.accessKeyId;
    const cred = credential ?? fallback;
    if (!cred) throw new AdminError(400, "NoCredential", `No credential is configured for ${gateway}.`);
    return { dialect: mount.dialect, credential: cred, ns: namespaceKey(gateway, accountOf(state, cred)) };
  };
  const recordContext = () => ({ store: state.store, now: state.now(), publicBaseUrl: baseUrl() });

  return {
    seedGroup(raw) {
      const input = parse(SeedGroupInputSchema, raw);
      const { dialect, credential, ns } = scopeOf(input.gateway, input.credential);
      const time = input.CreateTime ? Date.parse(input.CreateTime) : state.now().getTime();
      const prefix = dialect.capabilities.groupNamePrefix && input.prefixName !== false ? dialect.capabilities.groupNamePrefix.of(identityOf(credential)) : "";
      const row: GroupRow = {
        Id: input.Id ?? newId(state.store, "group", state.now()),
        Name: prefix + input.Name,
        Description: input.Description ?? "",
        GroupType: input.GroupType ?? "AIGC",
        ProjectName: input.ProjectName ?? "default",
        CreateTime: time,
        UpdateTime: time,
        seq: state.store.nextSeq(),
        ...(input.face ? { face: input.face } : {}),
      };
      state.store.putGroup(ns, row);
      return groupRecord(row);
    },

    seedAsset(raw) {
      const input = parse(SeedAssetInputSchema, raw);
      const { dialect, ns } = scopeOf(input.gateway, input.credential);
      const project = input.ProjectName ?? "default";
      if (dialect.capabilities.groups) {
        if (!input.GroupId) throw new AdminError(400, "MissingGroupId", `${dialect.name} keeps assets in groups: GroupId is required.`);
        const group = state.store.getGroup(ns, input.GroupId);
        if (!group || group.ProjectName !== project) throw new AdminError(404, "UnknownGroup", `No group ${input.GroupId} in that namespace and project.`);
      }
      const status = input.Status ?? "Active";
      const time = input.CreateTime ? Date.parse(input.CreateTime) : state.now().getTime();
      const row: AssetRow = {
        Id: input.Id ?? newId(state.store, "asset", state.now()),
        Name: input.Name ?? "",
        AssetType: input.AssetType ?? "Image",
        ...(dialect.capabilities.groups && input.GroupId ? { GroupId: input.GroupId } : {}),
        ProjectName: project,
        Status: status,
        CreateTime: time,
        UpdateTime: time,
        seq: state.store.nextSeq(),
        source: { kind: "seeded", ...(input.URL ? { url: input.URL } : {}) },
        ...(input.ModerationStrategy ? { moderation: input.ModerationStrategy } : {}),
        ...(input.LastInferenceTime ? { lastInferenceTime: Date.parse(input.LastInferenceTime) } : {}),
      };
      if (status === "Failed") row.Error = input.Error ?? { Code: "FormatUnsupported", Message: "Seeded as Failed." };
      if (status === "Processing") {
        row.readyAt = input.settleAfterMs === undefined ? Infinity : state.now().getTime() + input.settleAfterMs;
        const to: "Active" | AssetError = input.settleTo ?? "Active";
        row.pending = to === "Active" ? { Status: "Active" } : { Status: "Failed", Error: to };
      }
      state.store.putAsset(ns, row);
      return assetRecord({ ...recordContext(), dialect }, row);
    },

    reset(scope = {}) {
      if (scope.gateway && scope.credential) return state.store.reset(scopeOf(scope.gateway, scope.credential).ns);
      if (!scope.gateway) return state.store.reset();
      for (const ns of state.store.namespaces()) if (ns.startsWith(`${scope.gateway}/`)) state.store.reset(ns);
    },

    snapshot(scope) {
      const { ns, dialect } = scopeOf(scope.gateway, scope.credential);
      return {
        groups: state.store.groups(ns).map(groupRecord),
        assets: state.store.assets(ns).map((row) => assetRecord({ ...recordContext(), dialect }, state.lifecycle.settle(ns, row))),
      };
    },

    setFaults(options) {
      state.faults.configure(options);
    },
    setRateLimits(options) {
      state.limiter.configure(options);
    },
    setProcessingMs(ms) {
      if (!(ms >= 0)) throw new AdminError(400, "InvalidProcessingMs", "processingMs must be ≥ 0.");
      state.lifecycle.options.processingMs = ms;
    },
    setAccountState(accountState, gateway) {
      state.account.set(accountState, gateway);
    },
    setConsistency(options) {
      for (const [key, ms] of Object.entries(options)) {
        if (!(typeof ms === "number" && ms >= 0)) throw new AdminError(400, "InvalidConsistency", `${key} must be a number of ms ≥ 0.`);
      }
      for (const key of Object.keys(state.consistency)) delete state.consistency[key as keyof ConsistencyOptions];
      Object.assign(state.consistency, options);
    },
    setCredentials(credentials) {
      if (credentials.apiKeys?.length === 0 || credentials.accessKeys?.length === 0) {
        throw new AdminError(400, "InvalidCredentials", "Give at least one credential of a kind, or leave that kind out.");
      }
      state.credentials = {
        apiKeys: credentials.apiKeys ? [...credentials.apiKeys] : state.credentials.apiKeys,
        accessKeys: credentials.accessKeys ? credentials.accessKeys.map((k) => ({ ...k })) : state.credentials.accessKeys,
      };
    },
    rotateCredential(from, to) {
      const { apiKeys, accessKeys } = state.credentials;
      if (apiKeys.includes(from)) {
        if (typeof to !== "string") throw new AdminError(400, "InvalidRotation", `from is an API key: rotate it to another API key (a string).`);
        state.credentials = { apiKeys: [...apiKeys.filter((k) => k !== from), to], accessKeys };
        state.accounts.set(to, accountOf(state, from));
        return;
      }
      if (accessKeys.some((k) => k.accessKeyId === from)) {
        if (typeof to === "string") throw new AdminError(400, "InvalidRotation", "from is an access key id: rotate it to {accessKeyId, secretAccessKey}.");
        state.credentials = { apiKeys, accessKeys: [...accessKeys.filter((k) => k.accessKeyId !== from), { ...to }] };
        state.accounts.set(to.accessKeyId, accountOf(state, from));
        return;
      }
      throw new AdminError(404, "UnknownCredential", "from is not an accepted API key or access key id.");
    },
    idle() {
      return state.lifecycle.idle();
    },
    completeVisualValidate(token, outcome) {
      return state.visualValidate.complete(token, outcome, state.store, state.now());
    },
  };
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AdminError(400, "InvalidInput", z.prettifyError(parsed.error));
  return parsed.data;
}

const UnknownAnswerSchema = z.object({ status: z.number().int().min(100).max(599).optional(), body: z.string().optional(), contentType: z.string().optional() });
const FaultSpecSchema = z.object({
  errorRate: z.number().min(0).max(1).optional(),
  latencyMs: z.number().min(0).optional(),
  dropRate: z.number().min(0).max(1).optional(),
  unknownAnswerRate: z.number().min(0).max(1).optional(),
  unknownAnswer: UnknownAnswerSchema.optional(),
});
const FaultOptionsSchema = FaultSpecSchema.extend({ seed: z.number().int().optional(), actions: z.partialRecord(z.enum(ALL_ACTIONS), FaultSpecSchema).optional() });
const RateLimitSchema = z.object({ requests: z.number().int().min(1), perSeconds: z.number().positive() });
const CredentialsSchema = z.strictObject({
  apiKeys: z.array(z.string().min(1).max(512)).min(1).max(100).optional(),
  accessKeys: z.array(z.strictObject({ accessKeyId: z.string().min(1).max(256), secretAccessKey: z.string().min(1).max(512) })).min(1).max(100).optional(),
});
const RateLimitOptionsSchema = z.union([z.literal(false), z.partialRecord(z.enum(ALL_ACTIONS), z.union([RateLimitSchema, z.literal(false)]))]);

/** A request to the admin surface, already read. */
export interface AdminRequest {
  method: string;
  url: URL;
  body: Buffer;
  /** This emulator's base URL as the caller reached it. */
  publicBaseUrl: string;
}

/** Serves `/_emulator/…`. */
export async function serveAdmin(state: EmulatorState, req: AdminRequest, res: ServerResponse): Promise<void> {
  const admin = createAdmin(state, () => req.publicBaseUrl);
  const path = req.url.pathname;
  const route = `${req.method} ${path}`;
  try {
    const body = (): unknown => {
      if (req.body.length === 0) return {};
      try {
        return JSON.parse(req.body.toString("utf8")) as unknown;
      } catch {
        throw new AdminError(400, "InvalidJson", "The body is not valid JSON.");
      }
    };
    if (req.method === "GET" && path.startsWith(OBJECT_PATH_PREFIX)) return await serveObject(state, req, res);
    if (req.method === "GET" && path.startsWith("/_emulator/samples/")) return await serveSample(req.url, res);
    if (serveVisualValidate(state.visualValidate, state.store, state.now(), req, res)) return;
    switch (route) {
      case "GET /_emulator/health":
        return writeJson(res, 200, {
          ok: true,
          gateways: state.mounts.map((m) => ({
            name: m.dialect.name,
            title: m.dialect.title,
            auth: m.dialect.capabilities.auth,
            baseUrl: req.publicBaseUrl + m.prefix,
            actions: m.dialect.capabilities.actions,
          })),
        });
      case "POST /_emulator/reset": {
        const scope = parse(z.object({ gateway: z.enum(GATEWAY_NAMES).optional(), credential: z.string().min(1).optional() }), body());
        admin.reset({ ...(scope.gateway ? { gateway: scope.gateway } : {}), ...(scope.credential ? { credential: scope.credential } : {}) });
        return writeJson(res, 200, { ok: true });
      }
      case "POST /_emulator/groups":
        return writeJson(res, 201, admin.seedGroup(body() as SeedGroupInput));
      case "POST /_emulator/assets":
        return writeJson(res, 201, admin.seedAsset(body() as SeedAssetInput));
      case "GET /_emulator/state": {
        const scope = parse(Scope, Object.fromEntries(req.url.searchParams));
        return writeJson(res, 200, admin.snapshot({ gateway: scope.gateway, ...(scope.credential ? { credential: scope.credential } : {}) }));
      }
      case "PUT /_emulator/faults":
        admin.setFaults(parse(FaultOptionsSchema, body()) as FaultOptions);
        return writeJson(res, 200, { ok: true });
      case "PUT /_emulator/rate-limits":
        admin.setRateLimits(parse(RateLimitOptionsSchema, body()) as RateLimitOptions);
        return writeJson(res, 200, { ok: true });
      case "PUT /_emulator/processing":
        admin.setProcessingMs(parse(z.object({ processingMs: z.number().min(0) }), body()).processingMs);
        return writeJson(res, 200, { ok: true });
      case "PUT /_emulator/account": {
        const input = parse(z.object({ state: z.enum(ACCOUNT_STATES), gateway: z.enum(GATEWAY_NAMES).optional() }), body());
        admin.setAccountState(input.state, input.gateway);
        return writeJson(res, 200, { ok: true });
      }
      case "PUT /_emulator/consistency":
        admin.setConsistency(parse(z.object({ groupLagMs: z.number().min(0).optional(), assetLagMs: z.number().min(0).optional() }).strict(), body()) as ConsistencyOptions);
        return writeJson(res, 200, { ok: true });
      case "PUT /_emulator/credentials":
        admin.setCredentials(parse(CredentialsSchema, body()));
        return writeJson(res, 200, { ok: true });
      case "POST /_emulator/credentials/rotate": {
        const rotation = parse(z.strictObject({ from: z.string().min(1), to: z.union([z.string().min(1).max(512), CredentialsSchema.shape.accessKeys.unwrap().element]) }), body());
        admin.rotateCredential(rotation.from, rotation.to);
        return writeJson(res, 200, { ok: true });
      }
      case "GET /_emulator/requests":
        return writeJson(res, 200, state.log);
      default:
        throw new AdminError(404, "NoSuchAdminRoute", `No admin route ${route}.`);
    }
  } catch (err) {
    if (err instanceof AdminError) return writeJson(res, err.status, { error: { code: err.code, message: err.message } });
    throw err;
  }
}

async function serveSample(url: URL, res: ServerResponse): Promise<void> {
  const name = url.pathname.slice("/_emulator/samples/".length);
  const ext = /\.([a-z0-9]+)$/.exec(name)?.[1] ?? "";
  if (!isSampleFormat(ext)) throw new AdminError(404, "NoSuchSample", `Samples are .png, .gif, .bmp, .wav, .mp3, .mp4 and .mov; got ${name}.`);
  const num = (key: string) => {
    const v = url.searchParams.get(key);
    if (v === null) return undefined;
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n < 0) throw new AdminError(400, "InvalidSampleParameter", `${key} must be a number ≥ 0, got "${v}".`);
    return n;
  };
  const params = Object.fromEntries(
    (["width", "height", "seconds", "fps", "padBytes"] as const).flatMap((k) => {
      const v = num(k);
      return v === undefined ? [] : [[k, v]];
    }),
  );
  let sample: SampleStream;
  try {
    sample = sampleStream(ext, params);
  } catch (err) {
    if (err instanceof SampleParameterError) throw new AdminError(400, "InvalidSampleParameter", err.message);
    throw err;
  }
  await streamSample(res, sample);
}

/** Writes a sample in chunks, waiting for the socket to drain, and stops when the client goes away. */
async function streamSample(res: ServerResponse, sample: SampleStream): Promise<void> {
  res.writeHead(200, { "content-type": sample.contentType, "content-length": String(sample.byteLength) });
  for (const chunk of sample.chunks()) {
    if (res.destroyed) return;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
    }
  }
  res.end();
}

const FALLBACK_SAMPLE: Partial<Record<string, SampleFormat>> = { Image: "png", Video: "mp4", Audio: "wav" };

/**
 * Serves the object behind a presigned link: the bytes the emulator read; for an asset whose bytes it never had,
 * a 302 to the source URL, or a generated sample of the asset's type (seeded assets).
 */
async function serveObject(state: EmulatorState, req: AdminRequest, res: ServerResponse): Promise<void> {
  const check = verifyObjectUrl(req.url.pathname, req.url.searchParams, state.store.secret(), state.now());
  if (!check.ok) return writeJson(res, check.status, { Code: check.code, Message: check.message });
  const found = state.store.findAsset(check.assetId);
  if (!found) return writeJson(res, 404, { Code: "NoSuchKey", Message: "The specified key does not exist." });
  const row = state.lifecycle.settle(found.ns, found.row);
  const object = state.store.getObject(row.Id);
  if (object) {
    res.writeHead(200, { "content-type": object.contentType, "content-length": String(object.data.byteLength) });
    res.end(object.data);
    return;
  }
  if (row.source.url && /^https?:\/\//i.test(row.source.url)) {
    res.writeHead(302, { location: row.source.url, "content-length": "0" });
    res.end();
    return;
  }
  const format = FALLBACK_SAMPLE[row.AssetType];
  if (!format) return writeJson(res, 404, { Code: "NoSuchKey", Message: "The emulator holds no bytes for this object." });
  await streamSample(res, sampleStream(format));
}

/**
 * The ten Actions of the native asset library (and real-person verification, ./visual-validate.ts) against the store, in canonical terms (requests already validated,
 * results as ../provider/api.ts `ResultSchemas`). What each does is the native documentation's
 * (the asset API reference docs.byteplus.com/en/docs/ModelArk/2318271, as exercised by byteplus-sa/ark-mcp
 * `specs/SPEC_MODELARK_ASSET_LIBRARY_CONTRACT.md`):
 *
 * - CreateAssetGroup → `{Id}`; the group is `AIGC`. Where the gateway isolates tokens by name
 *   (`capabilities.groupNamePrefix`, Anyfast) the stored and returned name carries `[u-{user}]-[t-{token}]-`.
 * - CreateAsset → `{Id}`; the asset is `Processing` until ./lifecycle.ts settles it.
 * - GetAsset / GetAssetGroup → the record; `URL` is a presigned link to the emulator (./objects.ts), only once Active.
 * - ListAssets / ListAssetGroups → `{Items, TotalCount, PageNumber, PageSize}`: filters GroupIds, GroupType,
 *   Statuses (assets), Name (substring of the name without the isolation prefix); SortBy CreateTime|UpdateTime
 *   (and GroupId for assets), default CreateTime; SortOrder Desc|Asc, default Desc; PageNumber from 1, PageSize
 *   default 10, ≤ 100 (cloud.baidu.com/doc/qianfan-multimodal/s/Bmryomw71, a mirror of the native schema;
 *   docs.orcarouter.ai; docs.easyrouter.io). Where the gateway pages by cursor (BytePlus, byteplus-sa/ark-mcp SPEC):
 *   `MaxResults` (+ `NextToken`) → `{Items, NextToken}`, NextToken absent on the last page (Guess: whether upstream
 *   also sends TotalCount, or an empty NextToken at the end, is unknown); a mix of cursor and page fields is
 *   refused in ./validate.ts.
 * - Timestamps are UTC to the second, `2026-07-15T04:43:26Z` (Baidu mirror).
 * - BytePlus assets also carry `Moderation{Strategy}` and, once used, `LastInferenceTime` (byteplus-sa/ark-mcp
 *   `src/ark_mcp/domain/assets.py`); Volcengine's do not.
 * - UpdateAsset changes only Name; UpdateAssetGroup only Name and Description → `{Id}`.
 * - DeleteAsset → `{}`; DeleteAssetGroup → `{}` and deletes every asset in the group.
 * - Unknown well-formed ids (or ids of another credential or ProjectName) → `NotFound.asset_id` / `NotFound.group_id`
 *   (404). A malformed asset id → `InvalidParameter.AssetID` "Id is Invalid" (400; live on Volcengine 2026-07-01,
 *   in a QuantumNous/new-api fork's test document). Guess: a malformed group id → `InvalidParameter.GroupID`.
 *   Ids: `asset-`/`group-` + UTC `YYYYMMDDHHMMSS` + a suffix of lower-case letters and digits
 *   (`group-20260924075329-67prc`: byteplus-sa/ark-mcp `plans/PLAN_MODELARK_ASSET_LIBRARY_VALIDATION.md`).
 * - Eventual consistency (`ConsistencyOptions`, off by default): CreateAsset into a group younger than `groupLagMs`
 *   answers the group's NotFound; GetAsset/ListAssets do not show an asset younger than `assetLagMs`. Reported by
 *   clients (amortegui84/comfyui-seedance `nodes.py`: "group not visible yet", retried 4 s × 3). Guess: the native
 *   code of the lagging group is the ordinary `NotFound.group_id` (resellers relayed it as 400/502 "group not found").
 */
import type { Action, GroupType, ResultOf } from "../provider/api.js";
import type { Dialect } from "../provider/gateways/dialect.js";
import type { Principal } from "./auth.js";
import { emulatorError, Errors } from "./errors.js";
import type { Lifecycle, MediaSource } from "./lifecycle.js";
import { decodeInline } from "./media-sources.js";
import { presignObjectUrl } from "./objects.js";
import { enforceQuota, type QuotaPolicy } from "./quotas.js";
import type { AssetRow, GroupRow, NamespaceKey, Store } from "./store.js";
import { uploadKindOf, type ValidRequest } from "./validate.js";
import { aigcOnlyError, createSession, faceVerdict, sessionResult, type VisualValidateSessions } from "./visual-validate.js";

/** Everything a handler may touch for one call. */
export interface HandlerContext {
  dialect: Dialect;
  principal: Principal;
  ns: NamespaceKey;
  store: Store;
  lifecycle: Lifecycle;
  now: Date;
  /** This emulator's base URL as the caller reached it (for presigned links). */
  publicBaseUrl: string;
  /** Eventual-consistency lags; absent = none. */
  consistency?: ConsistencyOptions;
  /** Real-person verification sessions (./visual-validate.ts). */
  visualValidate: VisualValidateSessions;
  /** The caller's key is an AIGC-only Anyfast token (not "Byteplus-Direct"): real-person groups are refused. */
  aigcOnly?: boolean;
  /** The tier whose quotas CreateAsset / CreateAssetGroup enforce (./quotas.ts); unset or false: none. */
  quotas?: QuotaPolicy;
}

/**
 * Eventual consistency to reproduce (see the module comment); each lag in ms, 0 or absent = none (the default).
 * Applies to groups and assets made through the API, not to seeded ones.
 */
export interface ConsistencyOptions {
  /** CreateAsset into a group created less than this long ago answers the group's NotFound. */
  groupLagMs?: number;
  /** GetAsset answers NotFound for, and ListAssets leaves out, an asset created less than this long ago. */
  assetLagMs?: number;
}

/** A well-formed native id (see the module comment). Anything else is refused before it is looked up. */
export const NATIVE_ID = { asset: /^asset-\d{14}-[a-z0-9]+$/, group: /^group-\d{14}-[a-z0-9]+$/ } as const;

export type Handler<A extends Action> = (ctx: HandlerContext, request: ValidRequest<A>) => ResultOf<A>;

/** The project a request addresses (native default `default`). */
const projectOf = (request: { ProjectName?: string | undefined }) => request.ProjectName ?? "default";
/** The native default page size (gogogotoken documents 20 for itself; one default is used for all). */
export const DEFAULT_PAGE_SIZE = 10;

/** The ten Actions, each a pure function of the namespace's stored rows and a validated canonical request. */
export const HANDLERS: { [A in Action]: Handler<A> } = {
  CreateAssetGroup(ctx, req) {
    enforceQuota(ctx.quotas, ctx.dialect.name, ctx.store, ctx.ns, "groups");
    const now = ctx.now.getTime();
    const row: GroupRow = {
      Id: newId(ctx.store, "group", ctx.now),
      viaApi: true,
      Name: storedGroupName(ctx, req.Name),
      Description: req.Description ?? "",
      GroupType: "AIGC",
      ProjectName: projectOf(req),
      CreateTime: now,
      UpdateTime: now,
      seq: ctx.store.nextSeq(),
    };
    ctx.store.putGroup(ctx.ns, row);
    return { Id: row.Id };
  },

  CreateAsset(ctx, req) {
    const group = req.GroupId !== undefined ? findGroup(ctx, req.GroupId, projectOf(req)) : undefined;
    if (group?.viaApi && ctx.now.getTime() - group.CreateTime < (ctx.consistency?.groupLagMs ?? 0)) throw Errors.notFound("group_id", group.Id);
    if (group?.GroupType === "LivenessFace" && ctx.aigcOnly) throw aigcOnlyError();
    // Anyfast answers a Name already used in the group "as if the group did not exist" (baudevs/OpenMontage
    // `.agents/skills/anyfast-assets/SKILL.md`); the dialect's capability says whether a gateway does.
    if (req.GroupId !== undefined && req.Name && ctx.dialect.capabilities.duplicateNameAnswersGroupNotFound) {
      const taken = ctx.store.assets(ctx.ns).some((row) => row.GroupId === req.GroupId && row.Name === req.Name);
      if (taken) throw Errors.notFound("group_id", req.GroupId);
    }
    enforceQuota(ctx.quotas, ctx.dialect.name, ctx.store, ctx.ns, "assets");
    const kind = uploadKindOf(req)!;
    let media: MediaSource;
    if (req.File) {
      media = { kind: "bytes", data: req.File.data, contentType: req.File.contentType };
    } else if (kind === "url") {
      media = { kind: "url", url: req.URL! };
    } else {
      const inline = decodeInline(req.URL!);
      if (!inline) throw Errors.invalidParameter("URL is neither a valid data URI nor base64.");
      media = { kind: "bytes", ...inline };
    }
    const now = ctx.now.getTime();
    const row: AssetRow = {
      Id: newId(ctx.store, "asset", ctx.now),
      Name: req.Name ?? "",
      AssetType: req.AssetType,
      ...(req.GroupId !== undefined ? { GroupId: req.GroupId } : {}),
      ProjectName: projectOf(req),
      Status: "Processing",
      CreateTime: now,
      UpdateTime: now,
      seq: ctx.store.nextSeq(),
      source: { kind, ...(kind === "url" ? { url: req.URL! } : {}), ...(req.File ? { fileName: req.File.fileName } : {}) },
      ...(ctx.dialect.capabilities.moderation ? { moderation: req.Moderation?.Strategy ?? "Default" } : {}),
    };
    // Uploads into a real-person group are face-matched once the media checks pass (./visual-validate.ts).
    const mismatch = group ? faceVerdict(group, req.AssetType, { ...(req.URL ? { url: req.URL } : {}), ...(req.File ? { fileName: req.File.fileName } : {}) }) : undefined;
    ctx.lifecycle.begin(ctx.ns, row, media, mismatch ? (o) => (o.Status === "Active" ? { Status: "Failed", Error: mismatch } : o) : undefined);
    return { Id: row.Id };
  },

  GetAsset(ctx, req) {
    const row = findAsset(ctx, req.Id, projectOf(req));
    if (!visible(ctx, row)) throw Errors.notFound("asset_id", row.Id);
    // Anyfast: a real-person asset that failed processing (FaceMismatch) "did not survive preprocessing" and answers
    // NotFound.asset_id for good (baudevs/OpenMontage `.agents/skills/anyfast-assets/SKILL.md` "Reading a 404"):
    // it is dropped when first read as Failed.
    if (ctx.dialect.capabilities.hidesLivenessFace && row.Status === "Failed" && isLivenessFaceAsset(ctx, row)) {
      ctx.store.deleteAsset(ctx.ns, row.Id);
      throw Errors.notFound("asset_id", req.Id);
    }
    return assetRecord(ctx, row);
  },

  GetAssetGroup(ctx, req) {
    return groupRecord(findGroup(ctx, req.Id, projectOf(req)));
  },

  ListAssets(ctx, req) {
    const { GroupIds, GroupType, Statuses, Name } = req.Filter;
    if (GroupType === "LivenessFace" && ctx.aigcOnly) throw aigcOnlyError();
    const project = projectOf(req);
    const groupTypeOf = (row: AssetRow): GroupType | undefined => (row.GroupId ? ctx.store.getGroup(ctx.ns, row.GroupId)?.GroupType : undefined);
    const rows = ctx.store
      .assets(ctx.ns)
      .map((row) => ctx.lifecycle.settle(ctx.ns, row))
      .filter(
        (row) =>
          row.ProjectName === project &&
          visible(ctx, row) &&
          (!GroupIds?.length || (row.GroupId !== undefined && GroupIds.includes(row.GroupId))) &&
          (!GroupType || groupTypeOf(row) === GroupType) &&
          (!Statuses?.length || Statuses.includes(row.Status)) &&
          (!Name || row.Name.includes(Name)) &&
          // Anyfast lists no real-person assets (OpenMontage anyfast-assets SKILL.md).
          !(ctx.dialect.capabilities.hidesLivenessFace && groupTypeOf(row) === "LivenessFace"),
      );
    return page(rows, req, (row) => assetRecord(ctx, row));
  },

  ListAssetGroups(ctx, req) {
    const { GroupIds, GroupType, Name } = req.Filter;
    if (GroupType === "LivenessFace" && ctx.aigcOnly) throw aigcOnlyError();
    const project = projectOf(req);
    const rows = ctx.store
      .groups(ctx.ns)
      .filter(
        (row) =>
          row.ProjectName === project &&
          (!GroupIds?.length || GroupIds.includes(row.Id)) &&
          (!GroupType || row.GroupType === GroupType) &&
          (!Name || declaredName(ctx, row.Name).includes(Name)) &&
          // Anyfast never lists a LivenessFace group, not even by its Id (OpenMontage anyfast-assets SKILL.md).
          !(ctx.dialect.capabilities.hidesLivenessFace && row.GroupType === "LivenessFace"),
      );
    return page(rows, req, groupRecord);
  },

  UpdateAsset(ctx, req) {
    const row = findAsset(ctx, req.Id, projectOf(req));
    ctx.store.putAsset(ctx.ns, { ...row, Name: req.Name, UpdateTime: ctx.now.getTime() });
    return { Id: row.Id };
  },

  UpdateAssetGroup(ctx, req) {
    const row = findGroup(ctx, req.Id, projectOf(req));
    ctx.store.putGroup(ctx.ns, {
      ...row,
      ...(req.Name !== undefined ? { Name: storedGroupName(ctx, req.Name) } : {}),
      ...(req.Description !== undefined ? { Description: req.Description } : {}),
      UpdateTime: ctx.now.getTime(),
    });
    return { Id: row.Id };
  },

  DeleteAsset(ctx, req) {
    findAsset(ctx, req.Id, projectOf(req));
    ctx.store.deleteAsset(ctx.ns, req.Id);
    return {};
  },

  DeleteAssetGroup(ctx, req) {
    findGroup(ctx, req.Id, projectOf(req));
    for (const asset of ctx.store.assets(ctx.ns)) if (asset.GroupId === req.Id) ctx.store.deleteAsset(ctx.ns, asset.Id);
    ctx.store.deleteGroup(ctx.ns, req.Id);
    return {};
  },

  CreateVisualValidateSession(ctx, req) {
    return createSession(ctx, req);
  },

  GetVisualValidateResult(ctx, req) {
    return sessionResult(ctx, req);
  },
};

/** Whether an asset shows in reads yet (see ConsistencyOptions.assetLagMs). */
function visible(ctx: HandlerContext, row: AssetRow): boolean {
  const lag = ctx.consistency?.assetLagMs ?? 0;
  return lag <= 0 || row.source.kind === "seeded" || ctx.now.getTime() - row.CreateTime >= lag;
}

function isLivenessFaceAsset(ctx: HandlerContext, row: AssetRow): boolean {
  return row.GroupId !== undefined && ctx.store.getGroup(ctx.ns, row.GroupId)?.GroupType === "LivenessFace";
}

function findAsset(ctx: HandlerContext, id: string, project: string): AssetRow {
  if (!NATIVE_ID.asset.test(id)) throw emulatorError("InvalidParameter.AssetID", "Id is Invalid");
  const row = ctx.store.getAsset(ctx.ns, id);
  if (!row || row.ProjectName !== project) throw Errors.notFound("asset_id", id);
  return ctx.lifecycle.settle(ctx.ns, row);
}

function findGroup(ctx: HandlerContext, id: string, project: string): GroupRow {
  if (!NATIVE_ID.group.test(id)) throw emulatorError("InvalidParameter.GroupID", "Id is Invalid");
  const row = ctx.store.getGroup(ctx.ns, id);
  if (!row || row.ProjectName !== project) throw Errors.notFound("group_id", id);
  return row;
}

/** The declared name a stored group name stands for (the dialect's prefix removed). */
function declaredName(ctx: Pick<HandlerContext, "dialect">, storedName: string): string {
  const prefix = ctx.dialect.capabilities.groupNamePrefix;
  return prefix ? prefix.strip(storedName) : storedName;
}

function storedGroupName(ctx: Pick<HandlerContext, "dialect" | "principal">, name: string): string {
  const prefix = ctx.dialect.capabilities.groupNamePrefix;
  return prefix ? prefix.of(ctx.principal) + name : name;
}

/** `2026-03-20T12:01:47Z`: ISO-8601 UTC to the second. */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** An asset as GetAsset/ListAssets return it; `Moderation` and `LastInferenceTime` only where the dialect has moderation (BytePlus). */
export function assetRecord(ctx: Pick<HandlerContext, "store" | "now" | "publicBaseUrl"> & { dialect?: Dialect }, row: AssetRow): ResultOf<"GetAsset"> {
  return {
    Id: row.Id,
    Name: row.Name,
    URL: row.Status === "Active" ? presignObjectUrl(ctx.publicBaseUrl, row.Id, ctx.store.secret(), ctx.now) : "",
    AssetType: row.AssetType,
    ...(row.GroupId !== undefined ? { GroupId: row.GroupId } : {}),
    Status: row.Status,
    ...(row.Status === "Failed" && row.Error ? { Error: row.Error } : {}),
    ProjectName: row.ProjectName,
    CreateTime: isoSeconds(row.CreateTime),
    UpdateTime: isoSeconds(row.UpdateTime),
    ...(ctx.dialect?.capabilities.moderation
      ? {
          Moderation: { Strategy: row.moderation ?? "Default" },
          ...(row.lastInferenceTime !== undefined ? { LastInferenceTime: isoSeconds(row.lastInferenceTime) } : {}),
        }
      : {}),
  };
}

/** A group as GetAssetGroup/ListAssetGroups return it. */
export function groupRecord(row: GroupRow): ResultOf<"GetAssetGroup"> {
  return {
    Id: row.Id,
    Name: row.Name,
    Description: row.Description,
    GroupType: row.GroupType,
    ProjectName: row.ProjectName,
    CreateTime: isoSeconds(row.CreateTime),
    UpdateTime: isoSeconds(row.UpdateTime),
  };
}

interface PageRequest {
  PageNumber?: number | undefined;
  PageSize?: number | undefined;
  SortBy?: "CreateTime" | "UpdateTime" | "GroupId" | undefined;
  SortOrder?: "Desc" | "Asc" | undefined;
  MaxResults?: number | undefined;
  NextToken?: string | undefined;
}

type Page<T> = { Items: T[]; TotalCount?: number; PageNumber?: number; PageSize?: number; NextToken?: string };

function page<R extends { CreateTime: number; UpdateTime: number; seq: number; GroupId?: string }, T>(rows: R[], req: PageRequest, toItem: (row: R) => T): Page<T> {
  const by = req.SortBy ?? "CreateTime";
  const sign = (req.SortOrder ?? "Desc") === "Desc" ? -1 : 1;
  const key = (a: R, b: R) => (by === "GroupId" ? (a.GroupId ?? "").localeCompare(b.GroupId ?? "") : a[by] - b[by]);
  const sorted = [...rows].sort((a, b) => sign * (key(a, b) || a.seq - b.seq));
  if (req.MaxResults !== undefined || req.NextToken !== undefined) {
    const start = req.NextToken !== undefined ? offsetOfToken(req.NextToken) : 0;
    const size = req.MaxResults ?? DEFAULT_PAGE_SIZE;
    const end = start + size;
    return { Items: sorted.slice(start, end).map(toItem), ...(end < sorted.length ? { NextToken: tokenOfOffset(end) } : {}) };
  }
  const pageNumber = req.PageNumber ?? 1;
  const pageSize = req.PageSize ?? DEFAULT_PAGE_SIZE;
  const items = sorted.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(toItem);
  return { Items: items, TotalCount: rows.length, PageNumber: pageNumber, PageSize: pageSize };
}

/** An opaque cursor: the offset of the next item, base64url. Guess: upstream tokens are opaque too; their form is unknown. */
function tokenOfOffset(offset: number): string {
  return Buffer.from(`o:${offset}`, "utf8").toString("base64url");
}

/** @throws EmulatorError `InvalidParameter.NextToken` for a token this emulator did not hand out. */
function offsetOfToken(token: string): number {
  const m = /^o:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!m) throw emulatorError("InvalidParameter.NextToken", "The parameter NextToken is invalid: pass the NextToken of the previous answer unchanged.");
  return Number(m[1]);
}

const ID_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A new id like `group-20260924075329-67prc` / `asset-20260320120147-s9g98` (UTC time, five random lower-case letters
 * and digits), unique in the store.
 */
export function newId(store: Pick<Store, "hasId">, kind: "group" | "asset", now: Date): string {
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  for (;;) {
    let suffix = "";
    for (let i = 0; i < 5; i++) suffix += ID_LETTERS[Math.floor(Math.random() * ID_LETTERS.length)];
    const id = `${kind}-${stamp}-${suffix}`;
    if (!store.hasId(id)) return id;
  }
}

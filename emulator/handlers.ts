/**
 * The ten Actions of the native asset library against the store, in canonical terms (requests already validated,
 * results as ../provider/api.ts `ResultSchemas`). What each does is the native documentation's
 * (gateway-api.md "Actions (official)"):
 *
 * - CreateAssetGroup → `{Id}`; the group is `AIGC`. Where the gateway isolates tokens by name
 *   (`capabilities.groupNamePrefix`, Anyfast) the stored and returned name carries `[u-{user}]-[t-{token}]-`.
 * - CreateAsset → `{Id}`; the asset is `Processing` until ./lifecycle.ts settles it.
 * - GetAsset / GetAssetGroup → the record; `URL` is a presigned link to the emulator (./objects.ts), only once Active.
 * - ListAssets / ListAssetGroups → `{Items, TotalCount, PageNumber, PageSize}`: filters GroupIds, GroupType,
 *   Statuses (assets), Name (substring of the name without the isolation prefix); SortBy CreateTime|UpdateTime
 *   (default CreateTime), SortOrder Desc|Asc (default Desc); PageNumber from 1, PageSize default 10, ≤ 100.
 * - UpdateAsset changes only Name; UpdateAssetGroup only Name and Description → `{Id}`.
 * - DeleteAsset → `{}`; DeleteAssetGroup → `{}` and deletes every asset in the group.
 * - Unknown ids (or ids of another credential or ProjectName) → `NotFound.asset_id` / `NotFound.group_id` (404).
 */
import type { Action, GroupType, ResultOf } from "../provider/api.js";
import { withoutGroupNamePrefix } from "../provider/gateways/anyfast.js";
import type { Dialect } from "../provider/gateways/dialect.js";
import { groupNamePrefix, type Principal } from "./auth.js";
import { Errors } from "./errors.js";
import type { Lifecycle, MediaSource } from "./lifecycle.js";
import { decodeInline } from "./media-sources.js";
import { presignObjectUrl } from "./objects.js";
import { enforceQuota, type QuotaPolicy } from "./quotas.js";
import type { AssetRow, GroupRow, NamespaceKey, Store } from "./store.js";
import { uploadKindOf, type ValidRequest } from "./validate.js";

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
  /** The tier whose quotas CreateAsset / CreateAssetGroup enforce (./quotas.ts); unset or false: none. */
  quotas?: QuotaPolicy;
}

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
    if (req.GroupId !== undefined) findGroup(ctx, req.GroupId, projectOf(req));
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
    };
    ctx.lifecycle.begin(ctx.ns, row, media);
    return { Id: row.Id };
  },

  GetAsset(ctx, req) {
    return assetRecord(ctx, findAsset(ctx, req.Id, projectOf(req)));
  },

  GetAssetGroup(ctx, req) {
    return groupRecord(findGroup(ctx, req.Id, projectOf(req)));
  },

  ListAssets(ctx, req) {
    const { GroupIds, GroupType, Statuses, Name } = req.Filter;
    const project = projectOf(req);
    const groupTypeOf = (row: AssetRow): GroupType | undefined => (row.GroupId ? ctx.store.getGroup(ctx.ns, row.GroupId)?.GroupType : undefined);
    const rows = ctx.store
      .assets(ctx.ns)
      .map((row) => ctx.lifecycle.settle(ctx.ns, row))
      .filter(
        (row) =>
          row.ProjectName === project &&
          (!GroupIds?.length || (row.GroupId !== undefined && GroupIds.includes(row.GroupId))) &&
          (!GroupType || groupTypeOf(row) === GroupType) &&
          (!Statuses?.length || Statuses.includes(row.Status)) &&
          (!Name || row.Name.includes(Name)),
      );
    return page(rows, req, (row) => assetRecord(ctx, row));
  },

  ListAssetGroups(ctx, req) {
    const { GroupIds, GroupType, Name } = req.Filter;
    const project = projectOf(req);
    const rows = ctx.store
      .groups(ctx.ns)
      .filter(
        (row) =>
          row.ProjectName === project &&
          (!GroupIds?.length || GroupIds.includes(row.Id)) &&
          (!GroupType || row.GroupType === GroupType) &&
          (!Name || withoutGroupNamePrefix(row.Name).includes(Name)),
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
};

function findAsset(ctx: HandlerContext, id: string, project: string): AssetRow {
  const row = ctx.store.getAsset(ctx.ns, id);
  if (!row || row.ProjectName !== project) throw Errors.notFound("asset_id", id);
  return ctx.lifecycle.settle(ctx.ns, row);
}

function findGroup(ctx: HandlerContext, id: string, project: string): GroupRow {
  const row = ctx.store.getGroup(ctx.ns, id);
  if (!row || row.ProjectName !== project) throw Errors.notFound("group_id", id);
  return row;
}

function storedGroupName(ctx: Pick<HandlerContext, "dialect" | "principal">, name: string): string {
  return ctx.dialect.capabilities.groupNamePrefix ? groupNamePrefix(ctx.principal) + name : name;
}

/** `2026-03-20T12:01:47Z`: ISO-8601 UTC to the second. */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** An asset as GetAsset/ListAssets return it. */
export function assetRecord(ctx: Pick<HandlerContext, "store" | "now" | "publicBaseUrl">, row: AssetRow): ResultOf<"GetAsset"> {
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
  SortBy?: "CreateTime" | "UpdateTime" | undefined;
  SortOrder?: "Desc" | "Asc" | undefined;
}

function page<R extends { CreateTime: number; UpdateTime: number; seq: number }, T>(
  rows: R[],
  req: PageRequest,
  toItem: (row: R) => T,
): { Items: T[]; TotalCount: number; PageNumber: number; PageSize: number } {
  const by = req.SortBy ?? "CreateTime";
  const sign = (req.SortOrder ?? "Desc") === "Desc" ? -1 : 1;
  const sorted = [...rows].sort((a, b) => sign * (a[by] - b[by] || a.seq - b.seq));
  const pageNumber = req.PageNumber ?? 1;
  const pageSize = req.PageSize ?? DEFAULT_PAGE_SIZE;
  const items = sorted.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(toItem);
  return { Items: items, TotalCount: rows.length, PageNumber: pageNumber, PageSize: pageSize };
}

const ID_LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** A new id like `group-20260319072926-rrnmg` / `asset-20260320120147-pqwhc` (UTC time, five random letters), unique in the store. */
export function newId(store: Pick<Store, "hasId">, kind: "group" | "asset", now: Date): string {
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  for (;;) {
    let suffix = "";
    for (let i = 0; i < 5; i++) suffix += ID_LETTERS[Math.floor(Math.random() * ID_LETTERS.length)];
    const id = `${kind}-${stamp}-${suffix}`;
    if (!store.hasId(id)) return id;
  }
}

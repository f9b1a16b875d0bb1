/**
 * The Asset provider's implementation: check, diff, create (with the wait for processing), read, update, delete.
 * Loaded in the provider process through ./runtime.ts; see ./asset.ts for the resource's contract.
 */
import { z } from "zod";
import { assetUri, AssetTypeSchema, type AssetRecord, type AssetType, type GroupType } from "../api.js";
import { createAssetViolations } from "../gateways/create-asset-rules.js";
import { categoryOf, limitSetFor, LIMIT_SETS, type LimitSetName } from "../media/limits.js";
import { verifyAssetAdoption } from "./adoption.js";
import { ASSET_DIFF, ASSET_INPUTS, type AssetState } from "./asset-spec.js";
import type { GatewayClient } from "../client.js";
import { checkFields, nameSchema, profileSchema, projectNameSchema, type FieldSchemas } from "./check.js";
import { isGone } from "../errors.js";
import { clean, config, connect, info, ResourceInitError, statusWatcher, waitTimeoutMs, warn, type Connection } from "./context.js";
import { diffBySpec, UNKNOWN } from "./diff.js";
import { oneLine, pick, type Implementation } from "./implementation.js";
import { reconciledDelete, reconcileWrite, unverifiableCreate } from "./reconcile.js";
import { checkSource, fixFor, sourcePayload } from "./source.js";
import { groupTypeOf, hiddenFromLists } from "./group-type.js";
import { RealPersonAssetVanishedError, type WatchTarget } from "./watcher.js";

const FIELDS: FieldSchemas = {
  groupId: z
    .string({ error: "must be an asset group id. Fix: set group to an AssetGroup resource or to a group id such as group-20260319072926-rrnmg." })
    .min(1, { error: "must not be empty. Fix: set group to an AssetGroup resource or a group id." })
    .optional(),
  name: nameSchema("asset"),
  assetType: z.enum(AssetTypeSchema.options, { error: "must be Image, Video or Audio (Document on GlobalAiOpc). Fix: set assetType to the kind of media of the source." }),
  projectName: projectNameSchema,
  profile: profileSchema,
  // Unset: adopt leftovers only in a group this stack manages (groupManaged); true: adopt in any group; false: never.
  adopt: z.boolean({ error: "must be true or false. Fix: set adopt: true to take over an existing asset of the same name, false never to, or leave it unset." }).optional(),
  groupManaged: z.boolean({ error: "must be true or false (set by the Asset class when group is an AssetGroup of this stack)." }).optional(),
};

function stateOf(inputs: Partial<AssetState>, id: string, record: AssetRecord | undefined): AssetState {
  return clean({
    ...(pick(inputs, ASSET_INPUTS) as AssetState),
    status: record?.Status ?? inputs.status ?? "Processing",
    assetUri: assetUri(id),
    error: record ? (record.Error ? { code: record.Error.Code, message: record.Error.Message } : undefined) : inputs.error,
    createTime: record?.CreateTime ?? inputs.createTime,
    updateTime: record?.UpdateTime ?? inputs.updateTime,
    moderationStrategy: record ? record.Moderation?.Strategy : inputs.moderationStrategy,
    lastInferenceTime: record ? record.LastInferenceTime : inputs.lastInferenceTime,
  });
}

function watchTarget(conn: Connection, s: AssetState, groupType: GroupType | undefined): WatchTarget {
  return {
    scopeKey: `${conn.profileName}\u0000${s.projectName}\u0000${s.groupId ?? ""}`,
    client: conn.client,
    projectName: s.projectName,
    ...(s.groupId ? { groupId: s.groupId } : {}),
    ...(groupType ? { groupType } : {}),
  };
}

/** The media limits `check` applies for a connection: `seedance:mediaLimits`, else the gateway's newest set. */
function mediaLimitsOf(conn: Connection): LimitSetName | "off" {
  const configured = config().mediaLimits;
  return configured === "off" ? "off" : limitSetFor(configured, conn.gateway);
}

/** What to do about a Failed asset, by its Error.Code (the fix quotes `limits`, default the first published set). */
export function failureFix(code: string, assetType: AssetType, limits: LimitSetName = "first"): string {
  if (code === "DownloadFailed") return "make sure source.url is public and downloadable without credentials (or use source.file where the gateway takes uploads).";
  if (code === "FaceMismatch") {
    return "the face in this media is not the person verified for this real-person (LivenessFace) group. Upload only clear, front-facing photos or videos of that same person (one person per group); someone else needs their own verification (`npm run liveness`) and group.";
  }
  if (code === "ContentRestricted") return "the content was refused by the service's review; use other media.";
  if (code === "UnsupportedImageFormat") return "convert the image to JPEG, PNG or WebP and try again.";
  if (code === "TranscodingFailed") return "re-encode the media (H.264 MP4 for video, MP3/WAV for audio) and try again.";
  if (categoryOf(assetType)) return fixFor({ Code: code, Message: "" }, assetType, LIMIT_SETS[limits]);
  return "replace the source with media within the documented limits.";
}

/**
 * How create may take over an existing asset of the declared name and type: `any` (adopt: true, any group),
 * `leftover` (adopt unset and the group is an AssetGroup this stack manages: what an interrupted run left behind is
 * the stack's own), or `none` (adopt: false, or a group the stack does not manage).
 */
export function adoptionMode(s: Pick<AssetState, "adopt" | "groupManaged" | "groupId">): "any" | "leftover" | "none" {
  if (s.adopt === true) return "any";
  if (s.adopt === undefined && s.groupManaged === true && s.groupId) return "leftover";
  return "none";
}

/** The asset ids this provider process has taken over or deleted, per client: never adopted (again) by another resource. */
const claimedIds = new WeakMap<GatewayClient, Set<string>>();
/**
 * The asset ids a create of this provider process took over from outside its own state (adoption). If the same run
 * then deletes one of them for another resource (a library key renamed while the asset's name stayed: Pulumi creates
 * the new resource before deleting the old one), the delete must not remove the asset its new holder just took.
 */
const takenOverIds = new WeakMap<GatewayClient, Set<string>>();
/** Each managed group's assets as listed once per provider process (before this run created anything in it). */
const groupListings = new WeakMap<GatewayClient, Map<string, Promise<AssetRecord[]>>>();

function claimed(conn: Connection): Set<string> {
  let set = claimedIds.get(conn.client);
  if (!set) claimedIds.set(conn.client, (set = new Set()));
  return set;
}

function takenOver(conn: Connection): Set<string> {
  let set = takenOverIds.get(conn.client);
  if (!set) takenOverIds.set(conn.client, (set = new Set()));
  return set;
}

/** The best of several assets with the declared identity: Active over Processing over Failed, then the newest. */
function best(candidates: AssetRecord[]): AssetRecord | undefined {
  const rank = (a: AssetRecord) => (a.Status === "Active" ? 2 : a.Status === "Processing" ? 1 : 0);
  return [...candidates].sort((a, b) => rank(b) - rank(a) || (b.CreateTime ?? "").localeCompare(a.CreateTime ?? ""))[0];
}

function matches(s: AssetState, asset: AssetRecord, taken: Set<string>): boolean {
  return asset.Name === s.name && asset.AssetType === s.assetType && !(s.groupId && asset.GroupId && asset.GroupId !== s.groupId) && !taken.has(asset.Id);
}

/** Assets with the declared name and type in the group, listed now (ListAssets filtered by name), not yet claimed. */
async function listByIdentity(conn: Connection, s: AssetState): Promise<AssetRecord[]> {
  const groupType = s.groupId ? await groupTypeOf(conn, s.groupId, s.projectName) : "AIGC";
  const filter = { ...(s.groupId ? { GroupIds: [s.groupId] } : {}), GroupType: groupType, Name: s.name };
  const found: AssetRecord[] = [];
  const taken = claimed(conn);
  for await (const asset of conn.client.listAllAssets({ Filter: filter, ProjectName: s.projectName })) if (matches(s, asset, taken)) found.push(asset);
  return found;
}

/** adopt: true — an existing asset with the declared name and type in the group, or undefined. */
async function findAsset(conn: Connection, s: AssetState): Promise<AssetRecord | undefined> {
  if (!conn.capabilities.actions.includes("ListAssets")) {
    warn(`Asset "${s.name}": ${conn.gateway} has no ListAssets, so an existing asset cannot be adopted; creating a new one.`);
    return undefined;
  }
  const groupType = s.groupId ? await groupTypeOf(conn, s.groupId, s.projectName) : "AIGC";
  if (hiddenFromLists(conn.capabilities, groupType)) {
    warn(`Asset "${s.name}": ${conn.gateway} lists no assets of real-person (LivenessFace) groups, so an existing asset cannot be adopted; creating a new one.`);
    return undefined;
  }
  return best(await listByIdentity(conn, s));
}

/**
 * A leftover of an interrupted run in a group this stack manages: an asset of the declared name and type that no
 * resource of this run holds. The group is listed once per provider process (one ListAssets page per 100 assets),
 * so a run of many creates costs one listing per group, not one per asset.
 */
async function findLeftover(conn: Connection, s: AssetState): Promise<AssetRecord | undefined> {
  if (!conn.capabilities.actions.includes("ListAssets") || !s.groupId) return undefined;
  const groupType = await groupTypeOf(conn, s.groupId, s.projectName);
  if (hiddenFromLists(conn.capabilities, groupType)) return undefined;
  let listings = groupListings.get(conn.client);
  if (!listings) groupListings.set(conn.client, (listings = new Map()));
  const key = `${s.projectName}\u0000${s.groupId}`;
  let listing = listings.get(key);
  if (!listing) {
    listing = (async () => {
      const all: AssetRecord[] = [];
      for await (const asset of conn.client.listAllAssets({ Filter: { GroupIds: [s.groupId!], GroupType: groupType }, ProjectName: s.projectName })) all.push(asset);
      return all;
    })();
    listings.set(key, listing);
    // A failed listing is not kept: the next create lists again.
    listing.catch(() => listings!.delete(key));
  }
  const taken = claimed(conn);
  return best((await listing).filter((asset) => matches(s, asset, taken)));
}

/**
 * Deletes an asset; the gateway's documented not-found code counts as deleted (any other failure, a bare 404
 * included, fails the delete). After an ambiguous answer it is read back: gone → done, else deleted again. False when
 * the gateway cannot delete.
 */
async function deleteAsset(conn: Connection, id: string, projectName: string): Promise<boolean> {
  if (!conn.capabilities.actions.includes("DeleteAsset")) return false;
  await reconciledDelete(conn.client, "asset", id, projectName);
  claimed(conn).add(id);
  return true;
}

/**
 * CreateAsset, reconciled (./reconcile.ts): after an ambiguous answer the asset is looked up by group + name + type
 * and adopted when found, else created again; a gateway without ListAssets fails with what to check.
 */
async function createAsset(conn: Connection, s: AssetState): Promise<string> {
  const payload = await sourcePayload(s.source, conn.capabilities, conn.gateway);
  if (s.source.file !== undefined && conn.capabilities.fileUploadRisk) warn(`Asset "${s.name}" (${s.source.file}): ${conn.capabilities.fileUploadRisk}`);
  const where = s.groupId ? `in group ${s.groupId}` : "(no group)";
  const canList = conn.capabilities.actions.includes("ListAssets");
  const canDelete = conn.capabilities.actions.includes("DeleteAsset");
  const started = new Date().toISOString();
  const { result, observed, ambiguous } = await reconcileWrite({
    what: `CreateAsset of asset "${s.name}" (${s.assetType}) ${where}`,
    write: () =>
      conn.client.call("CreateAsset", {
        ...(s.groupId ? { GroupId: s.groupId } : {}),
        Name: s.name,
        AssetType: s.assetType,
        ProjectName: s.projectName,
        ...payload,
      }),
    ...(canList
      ? {
          observe: async () => {
            const found = best(await listByIdentity(conn, s));
            return found ? { Id: found.Id } : undefined;
          },
        }
      : {
          unverifiable: (error: unknown) =>
            unverifiableCreate(
              {
                kind: "asset",
                name: s.name,
                gateway: conn.gateway,
                where: `(${s.assetType}, project ${s.projectName})`,
                cleanup: `look in ${conn.gateway}'s console for a ${s.assetType} asset named "${s.name}" created after ${started}${
                  canDelete ? ", and delete it (DeleteAsset with its id) unless you want to keep it outside Pulumi" : `; ${conn.gateway} has no DeleteAsset, so remove it in the console if it should go`
                }.`,
              },
              error,
            ),
        }),
  });
  claimed(conn).add(result.Id);
  if (observed) {
    info(`Asset "${s.name}": CreateAsset had no certain answer (${ambiguous}×); found ${result.Id} by name and type ${where} and took it over instead of creating a duplicate.`);
  } else if (ambiguous > 0) {
    info(`Asset "${s.name}": CreateAsset had no certain answer (${ambiguous}×); looked it up ${where}, it was not there, so it was sent again: ${result.Id}.`);
  }
  return result.Id;
}

/**
 * Waits (coalesced, ./watcher.ts) until the asset is Active. Failed on create: deleted where the gateway can, and
 * the create fails with the gateway's code. Failed on a resumed update: kept in the state as Failed, so the next
 * `pulumi up` replaces it. Timeout or a broken status check: a partial create/update the next run resumes.
 */
async function untilActive(conn: Connection, id: string, s: AssetState, phase: "create" | "update"): Promise<AssetRecord> {
  const label = `Asset "${s.name}" (${id})`;
  let outcome;
  try {
    const groupType = s.groupId ? await groupTypeOf(conn, s.groupId, s.projectName) : undefined;
    // A new asset may not be visible yet (eventual consistency): its absence is not "gone" at first.
    outcome = await statusWatcher().wait(watchTarget(conn, s, groupType), id, waitTimeoutMs(), { justCreated: phase === "create" });
  } catch (error) {
    // Nothing left to resume: the gateway dropped the asset (a failed real-person upload at Anyfast).
    if (error instanceof RealPersonAssetVanishedError) throw new Error(`${label} failed on ${conn.gateway}: ${error.message}`);
    throw new ResourceInitError(id, stateOf(s, id, undefined), [`${label} exists, but checking its status failed: ${oneLine(error)} Run \`pulumi up\` again to resume waiting.`]);
  }
  if (outcome.kind === "timeout") {
    const seconds = config().waitTimeoutSeconds;
    const lastError = outcome.lastError !== undefined ? ` Last status check failed: ${oneLine(outcome.lastError)}` : "";
    throw new ResourceInitError(id, stateOf(s, id, outcome.last), [
      `${label} is still Processing after ${seconds} s (seedance:waitTimeoutSeconds).${lastError} It is kept in the state: run \`pulumi up\` again to resume waiting, or raise seedance:waitTimeoutSeconds.`,
    ]);
  }
  const asset = outcome.asset;
  if (asset.Status === "Active") return asset;
  const code = asset.Error?.Code ?? "Unknown";
  const limits = mediaLimitsOf(conn);
  const failure = `${label} failed processing on ${conn.gateway}: ${code}: ${asset.Error?.Message ?? "(no message)"} Fix: ${failureFix(code, s.assetType, limits === "off" ? limitSetFor(undefined, conn.gateway) : limits)}`;
  if (phase === "update") {
    throw new ResourceInitError(id, stateOf(s, id, asset), [`${failure} It is kept in the state as Failed; the next \`pulumi up\` replaces it.`]);
  }
  let cleanup: string;
  try {
    cleanup = (await deleteAsset(conn, id, s.projectName)) ? "The failed asset was deleted." : `${conn.gateway} cannot delete assets: remove it in the gateway's console.`;
  } catch (error) {
    cleanup = `Deleting the failed asset also failed: ${oneLine(error)}`;
  }
  throw new Error(`${failure} ${cleanup}`);
}

/**
 * Where lists cannot see real-person assets (Anyfast), GetAsset's NotFound is the only word on one: say so when a
 * refresh drops it from the state, since the cause (deleted, or dropped after a failed face match) is not visible.
 */
async function warnIfRealPersonAssetUnseen(conn: Connection, id: string, props: Partial<AssetState>, projectName: string): Promise<void> {
  if (!conn.capabilities.hidesLivenessFace || !props.groupId) return;
  const type = await groupTypeOf(conn, props.groupId, projectName).catch(() => undefined);
  if (!hiddenFromLists(conn.capabilities, type)) return;
  warn(
    `Asset "${props.name ?? id}" (${id}) in the real-person group ${props.groupId}: ${conn.gateway} answers NotFound and lists no real-person assets, so nothing else can confirm it. It was deleted, or dropped after failing face verification; it leaves the state and the next \`pulumi up\` uploads it again.`,
  );
}

/**
 * The Asset implementation. check: inputs, capabilities and media (./source.ts); create: adopt (adoptionMode: opt-in,
 * or leftovers in a group this stack manages; ./adoption.ts checks what it takes over) or CreateAsset (reconciled
 * after an ambiguous answer), then wait (coalesced) until Active; read: GetAsset (the documented not-found code →
 * gone, any other failure fails the refresh); update: UpdateAsset for a new name (reconciled), and a resumed wait for
 * an unfinished asset; delete: DeleteAsset (the documented not-found code = done, repeated after an ambiguous
 * answer), or a warning where the gateway cannot delete.
 */
export const assetProvider: Implementation<AssetState> = {
  async check(_olds, news) {
    const { inputs, failures } = checkFields(FIELDS, news);
    const assetType = inputs["assetType"] as AssetType | typeof UNKNOWN | undefined;
    let conn: Connection | undefined;
    if (inputs["profile"] !== UNKNOWN) {
      try {
        conn = connect(inputs["profile"] as string | undefined);
      } catch (error) {
        failures.push({ property: inputs["profile"] === undefined ? "" : "profile", reason: oneLine(error) });
      }
    }
    if (conn) {
      const c = conn.capabilities;
      inputs["projectName"] ??= conn.defaultProjectName;
      // The shared CreateAsset rules (../gateways/create-asset-rules.ts) for group and type; the source is ./source.ts's.
      const shape = { hasGroup: inputs["groupId"] !== undefined, assetType: assetType === UNKNOWN ? undefined : assetType };
      for (const v of createAssetViolations(conn.gateway, c, shape)) {
        const fix =
          v.field === "AssetType" ? `use one of those, or a gateway that takes ${assetType}.` : v.kind === "missing" ? "set group to an AssetGroup (or a group id)." : "remove group.";
        failures.push({ property: v.field === "AssetType" ? "assetType" : "groupId", reason: `${v.problem}. Fix: ${fix}` });
      }
    }
    const checked = await checkSource(news["source"], {
      assetType: assetType ?? UNKNOWN,
      ...(conn ? { gateway: conn.gateway, capabilities: conn.capabilities } : {}),
      mediaLimits: conn ? mediaLimitsOf(conn) : "off",
    });
    inputs["source"] = checked.source;
    for (const problem of checked.problems) {
      failures.push({ property: "source", reason: problem.field === "source" ? problem.reason : `${problem.field} ${problem.reason}` });
    }
    return { inputs, failures };
  },

  async diff(_id, olds, news) {
    return diffBySpec(ASSET_DIFF, olds, news);
  },

  async create(inputs) {
    const conn = connect(inputs.profile);
    const mode = adoptionMode(inputs);
    let adopted = mode === "any" ? await findAsset(conn, inputs) : mode === "leftover" ? await findLeftover(conn, inputs) : undefined;
    if (adopted) {
      claimed(conn).add(adopted.Id);
      if (adopted.Status !== "Failed") takenOver(conn).add(adopted.Id);
      const why = mode === "leftover" ? "left in this stack's group by an interrupted run (set adopt: false to create a new one instead)" : "adopt: true";
      info(`Asset "${inputs.name}": took over existing asset ${adopted.Id} (${adopted.AssetType}, ${adopted.Status}) in group ${inputs.groupId ?? "(none)"}: ${why}.`);
    }
    if (adopted?.Status === "Failed") {
      await deleteAsset(conn, adopted.Id, inputs.projectName);
      adopted = undefined;
    }
    if (inputs.adopt === true || adopted) await verifyAssetAdoption(conn, inputs, adopted);
    const id = adopted?.Id ?? (await createAsset(conn, inputs));
    const record = adopted?.Status === "Active" ? adopted : await untilActive(conn, id, inputs, "create");
    return { id, outs: stateOf(inputs, id, record) };
  },

  async read(id, props) {
    const conn = connect(props.profile);
    const projectName = props.projectName ?? conn.defaultProjectName;
    let record: AssetRecord;
    try {
      record = await conn.client.call("GetAsset", { Id: id, ProjectName: projectName });
    } catch (error) {
      // Only the gateway's documented not-found code drops the asset from the state; a wrong key, an unknown
      // answer or a 5xx fails the refresh and keeps it (forgetting it would make the next `up` create a duplicate).
      if (!isGone(error, "asset")) throw error;
      await warnIfRealPersonAssetUnseen(conn, id, props, projectName);
      return { id: "" };
    }
    const state = stateOf(
      {
        ...props,
        groupId: record.GroupId ?? props.groupId,
        name: record.Name || props.name,
        assetType: record.AssetType,
        projectName,
      },
      id,
      record,
    );
    return { id, props: state, inputs: pick(state, ASSET_INPUTS) };
  },

  async update(id, olds, news) {
    const conn = connect(news.profile);
    if (olds.name !== news.name) {
      await reconcileWrite({
        what: `UpdateAsset (rename to "${news.name}") of ${id}`,
        write: () => conn.client.call("UpdateAsset", { Id: id, Name: news.name, ProjectName: news.projectName }),
        // Lost answer: read it back; already renamed → done, else rename again.
        observe: async () => ((await conn.client.call("GetAsset", { Id: id, ProjectName: news.projectName })).Name === news.name ? { Id: id } : undefined),
      });
    }
    const record =
      olds.status === "Active" || olds.status === "Failed"
        ? await conn.client.call("GetAsset", { Id: id, ProjectName: news.projectName })
        : await untilActive(conn, id, news, "update");
    return { outs: stateOf(news, id, record) };
  },

  async delete(id, props) {
    const conn = connect(props.profile);
    if (takenOver(conn).has(id)) {
      info(`Asset "${props.name}" (${id}): another resource of this stack took this asset over in this run, so it is only dropped from this resource's state, not deleted.`);
      return;
    }
    const deleted = await deleteAsset(conn, id, props.projectName ?? conn.defaultProjectName);
    if (!deleted) {
      warn(
        `Asset "${props.name}" (${id}): ${conn.gateway} has no DeleteAsset, so the asset stays on the gateway and only leaves the Pulumi state. Delete it in the gateway's console if it should go.`,
      );
    }
  },
};

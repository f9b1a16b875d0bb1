/**
 * The Asset provider's implementation: check, diff, create (with the wait for processing), read, update, delete.
 * Loaded in the provider process through ./runtime.ts; see ./asset.ts for the resource's contract.
 */
import { z } from "zod";
import { assetUri, AssetTypeSchema, type AssetRecord, type AssetType } from "../api.js";
import { categoryOf, LIMIT_SETS } from "../media/limits.js";
import { verifyAssetAdoption } from "./adoption.js";
import { ASSET_DIFF, ASSET_INPUTS, type AssetState } from "./asset.js";
import { adoptSchema, checkFields, nameSchema, profileSchema, projectNameSchema, type FieldSchemas } from "./check.js";
import { clean, config, connect, isNotFound, ResourceInitError, statusWatcher, waitTimeoutMs, warn, type Connection } from "./context.js";
import { diffBySpec, UNKNOWN } from "./diff.js";
import { oneLine, pick, type Implementation } from "./implementation.js";
import { checkSource, fixFor, sourcePayload } from "./source.js";
import type { WatchTarget } from "./watcher.js";

const FIELDS: FieldSchemas = {
  groupId: z
    .string({ error: "must be an asset group id. Fix: set group to an AssetGroup resource or to a group id such as group-20260319072926-rrnmg." })
    .min(1, { error: "must not be empty. Fix: set group to an AssetGroup resource or a group id." })
    .optional(),
  name: nameSchema("asset"),
  assetType: z.enum(AssetTypeSchema.options, { error: "must be Image, Video or Audio (Document on GlobalAiOpc). Fix: set assetType to the kind of media of the source." }),
  projectName: projectNameSchema,
  profile: profileSchema,
  adopt: adoptSchema,
};

function stateOf(inputs: Partial<AssetState>, id: string, record: AssetRecord | undefined): AssetState {
  return clean({
    ...(pick(inputs, ASSET_INPUTS) as AssetState),
    status: record?.Status ?? inputs.status ?? "Processing",
    assetUri: assetUri(id),
    error: record ? (record.Error ? { code: record.Error.Code, message: record.Error.Message } : undefined) : inputs.error,
    createTime: record?.CreateTime ?? inputs.createTime,
    updateTime: record?.UpdateTime ?? inputs.updateTime,
  });
}

function watchTarget(conn: Connection, s: AssetState): WatchTarget {
  return {
    scopeKey: `${conn.profileName}\u0000${s.projectName}\u0000${s.groupId ?? ""}`,
    client: conn.client,
    projectName: s.projectName,
    ...(s.groupId ? { groupId: s.groupId } : {}),
  };
}

/** What to do about a Failed asset, by its Error.Code. */
export function failureFix(code: string, assetType: AssetType): string {
  if (code === "DownloadFailed") return "make sure source.url is public and downloadable without credentials (or use source.file where the gateway takes uploads).";
  if (code === "ContentRestricted" || code === "FaceMismatch") return "the content was refused by the service's review; use other media.";
  if (code === "TranscodingFailed") return "re-encode the media (H.264 MP4 for video, MP3/WAV for audio) and try again.";
  if (categoryOf(assetType)) return fixFor({ Code: code, Message: "" }, assetType, LIMIT_SETS.first);
  return "replace the source with media within the documented limits.";
}

/** An existing asset with the declared name and type in the group (adoption), or undefined. */
async function findAsset(conn: Connection, s: AssetState): Promise<AssetRecord | undefined> {
  if (!conn.capabilities.actions.includes("ListAssets")) {
    warn(`Asset "${s.name}": ${conn.gateway} has no ListAssets, so an existing asset cannot be adopted; creating a new one.`);
    return undefined;
  }
  let failed: AssetRecord | undefined;
  const filter = { ...(s.groupId ? { GroupIds: [s.groupId] } : {}), GroupType: "AIGC" as const, Name: s.name };
  for await (const asset of conn.client.listAllAssets({ Filter: filter, ProjectName: s.projectName })) {
    if (asset.Name !== s.name || asset.AssetType !== s.assetType || (s.groupId && asset.GroupId && asset.GroupId !== s.groupId)) continue;
    if (asset.Status !== "Failed") return asset;
    failed ??= asset;
  }
  return failed;
}

/** Deletes an asset, NotFound included; false when the gateway cannot delete. */
async function deleteAsset(conn: Connection, id: string, projectName: string): Promise<boolean> {
  if (!conn.capabilities.actions.includes("DeleteAsset")) return false;
  try {
    await conn.client.call("DeleteAsset", { Id: id, ProjectName: projectName });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return true;
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
    outcome = await statusWatcher().wait(watchTarget(conn, s), id, waitTimeoutMs());
  } catch (error) {
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
  const failure = `${label} failed processing on ${conn.gateway}: ${code}: ${asset.Error?.Message ?? "(no message)"} Fix: ${failureFix(code, s.assetType)}`;
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
 * The Asset implementation. check: inputs, capabilities and media (./source.ts); create: adopt (opt-in) or
 * CreateAsset, then wait (coalesced) until Active; read: GetAsset (NotFound → gone); update: UpdateAsset for a new
 * name, and a resumed wait for an unfinished asset; delete: DeleteAsset (NotFound = done), or a warning where the
 * gateway cannot delete.
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
      if (c.groups && inputs["groupId"] === undefined) {
        failures.push({ property: "groupId", reason: `is required: ${conn.gateway} keeps assets in asset groups. Fix: set group to an AssetGroup (or a group id).` });
      }
      if (!c.groups && inputs["groupId"] !== undefined) {
        failures.push({ property: "groupId", reason: `must not be set: ${conn.gateway} has no asset groups. Fix: remove group.` });
      }
      if (assetType !== undefined && assetType !== UNKNOWN && !c.assetTypes.includes(assetType)) {
        failures.push({ property: "assetType", reason: `${assetType} is not accepted by ${conn.gateway} (it takes ${c.assetTypes.join(", ")}). Fix: use one of those, or a gateway that takes ${assetType}.` });
      }
    }
    const checked = await checkSource(news["source"], {
      assetType: assetType ?? UNKNOWN,
      ...(conn ? { gateway: conn.gateway, capabilities: conn.capabilities } : {}),
      mediaLimits: conn ? config().mediaLimits : "off",
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
    let adopted = inputs.adopt ? await findAsset(conn, inputs) : undefined;
    if (adopted?.Status === "Failed") {
      await deleteAsset(conn, adopted.Id, inputs.projectName);
      adopted = undefined;
    }
    if (inputs.adopt) await verifyAssetAdoption(conn, inputs, adopted);
    let id = adopted?.Id;
    if (!id) {
      const payload = await sourcePayload(inputs.source, conn.capabilities, conn.gateway);
      const created = await conn.client.call("CreateAsset", {
        ...(inputs.groupId ? { GroupId: inputs.groupId } : {}),
        Name: inputs.name,
        AssetType: inputs.assetType,
        ProjectName: inputs.projectName,
        ...payload,
      });
      id = created.Id;
    }
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
      if (isNotFound(error)) return { id: "" };
      throw error;
    }
    const state = stateOf(
      {
        ...props,
        groupId: record.GroupId ?? props.groupId,
        name: record.Name || props.name,
        assetType: record.AssetType,
        projectName,
        adopt: props.adopt ?? false,
      },
      id,
      record,
    );
    return { id, props: state, inputs: pick(state, ASSET_INPUTS) };
  },

  async update(id, olds, news) {
    const conn = connect(news.profile);
    if (olds.name !== news.name) await conn.client.call("UpdateAsset", { Id: id, Name: news.name, ProjectName: news.projectName });
    const record =
      olds.status === "Active" || olds.status === "Failed"
        ? await conn.client.call("GetAsset", { Id: id, ProjectName: news.projectName })
        : await untilActive(conn, id, news, "update");
    return { outs: stateOf(news, id, record) };
  },

  async delete(id, props) {
    const conn = connect(props.profile);
    const deleted = await deleteAsset(conn, id, props.projectName ?? conn.defaultProjectName);
    if (!deleted) {
      warn(
        `Asset "${props.name}" (${id}): ${conn.gateway} has no DeleteAsset, so the asset stays on the gateway and only leaves the Pulumi state. Delete it in the gateway's console if it should go.`,
      );
    }
  },
};

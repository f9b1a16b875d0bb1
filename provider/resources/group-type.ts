/**
 * The type of an asset's group (`AIGC` or `LivenessFace`), which native list calls must name (`Filter.GroupType`:
 * byteplus-sa/ark-mcp `docs/assets.md` "ListAssetGroups and ListAssets require a group-type filter"), and which
 * decides how an asset is waited for (Anyfast lists no LivenessFace assets: `Capabilities.hidesLivenessFace`).
 * Asked once per group and provider process with GetAssetGroup: a group's type never changes.
 */
import type { GroupType } from "../api.js";
import type { Capabilities } from "../gateways/dialect.js";
import type { Connection } from "./context.js";

const known = new Map<string, Promise<GroupType>>();

/**
 * The type of group `groupId` (GetAssetGroup, cached). Gateways without GetAssetGroup have only the AIGC groups
 * CreateAssetGroup makes, so `AIGC` there.
 * @throws the GetAssetGroup failure (e.g. NotFoundError for an unknown group); a failure is not cached.
 */
export function groupTypeOf(conn: Pick<Connection, "profileName" | "client" | "capabilities">, groupId: string, projectName: string): Promise<GroupType> {
  if (!conn.capabilities.actions.includes("GetAssetGroup")) return Promise.resolve("AIGC");
  const key = `${conn.profileName}\u0000${projectName}\u0000${groupId}`;
  let type = known.get(key);
  if (!type) {
    type = conn.client.call("GetAssetGroup", { Id: groupId, ProjectName: projectName }).then((g) => g.GroupType);
    known.set(key, type);
    type.catch(() => known.delete(key));
  }
  return type;
}

/**
 * Whether the gateway's lists (ListAssetGroups, ListAssets) leave out groups of `groupType` and their assets: Anyfast's
 * real-person groups (`Capabilities.hidesLivenessFace`, provider/gateways/anyfast.ts). Only GetAsset and GetAssetGroup
 * see those, so waiting, adoption and leftover lookups cannot rely on a listing there.
 */
export function hiddenFromLists(capabilities: Capabilities, groupType: GroupType | undefined): boolean {
  return groupType === "LivenessFace" && capabilities.hidesLivenessFace === true;
}

/** For tests: forgets every cached type. */
export function forgetGroupTypes(): void {
  known.clear();
}

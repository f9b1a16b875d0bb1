/**
 * The AssetGroup's spec: its state, its inputs and its diff, declared once. Imported by both sides — the
 * program-side class (./asset-group.ts) and the provider-process implementation (./group-provider.ts) — so neither
 * imports the other.
 */
import type { GroupType } from "../api.js";
import type { DiffSpec } from "./diff.js";

/** An AssetGroup's state as the provider stores it: the checked inputs plus the outputs. */
export interface AssetGroupState {
  name: string;
  description: string;
  groupType: GroupType;
  projectName: string;
  profile?: string;
  adopt: boolean;
  /** Set when the group was adopted by id (never created by this program). */
  groupId?: string;
  deleteOnDestroy?: boolean;
  /** The name as the gateway stores it (with Anyfast's isolation prefix, for example). */
  storedName?: string;
  /** ISO-8601. */
  createTime?: string;
  /** ISO-8601. */
  updateTime?: string;
}

/** The inputs of an AssetGroup, in state order. */
export const ASSET_GROUP_INPUTS = ["name", "description", "groupType", "projectName", "profile", "adopt", "groupId", "deleteOnDestroy"] as const satisfies readonly (keyof AssetGroupState)[];

/** The AssetGroup's diff, declared once: which inputs replace the group and which update it in place. */
export const ASSET_GROUP_DIFF: DiffSpec<AssetGroupState> = {
  replaceOnChange: ["groupType", "projectName", "profile", "groupId"],
  updateInPlace: ["name", "description"],
  uniqueName: { field: "name", scope: ["projectName", "profile"] },
};

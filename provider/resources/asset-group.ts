/**
 * `seedance:AssetGroup` — an asset group of the Seedance 2.0 asset library (CreateAssetGroup … DeleteAssetGroup).
 *
 * ```ts
 * const characters = new AssetGroup("characters", { name: "characters", description: "Reference portraits" });
 * ```
 *
 * Renaming or a new description is an in-place UpdateAssetGroup; a new groupType, projectName or profile replaces
 * the group. Deleting a group deletes every asset in it on the gateway (irreversibly). Gateways that rewrite group
 * names (Anyfast's `[u-…]-[t-…]-` prefix) expose the stored name as `storedName`; `name` stays what you declared,
 * so the prefix never shows as drift.
 *
 * A group that exists already — above all a real-person (`LivenessFace`) group, which only a face verification can
 * make (`npm run liveness`, ../liveness.ts) — is declared by its id and is adopted, never created:
 *
 * ```ts
 * const ana = new AssetGroup("ana", { groupId: "group-20260521163909-kbdhw" });
 * new Asset("ana-front", { group: ana, name: "front", assetType: "Image", source: { url: "https://…/ana-front.jpg" } });
 * ```
 *
 * `pulumi destroy` (or removing it from the program) leaves such a group on the gateway and only drops it from the
 * stack: deleting it would delete every asset in it and the verification itself, which needs the person present
 * again (and LivenessFace groups have extra deletion rules: byteplus-sa/ark-mcp
 * `specs/SPEC_MODELARK_ASSET_LIBRARY_CONTRACT.md`). Set `deleteOnDestroy: true` to delete it anyway; the assets the
 * program declared in it are deleted by their own resources either way.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GroupType } from "../api.js";
import { SeedanceResource } from "./seedance-resource.js";

// The spec (state, inputs, diff), shared with the provider process; re-exported for existing importers.
export { ASSET_GROUP_DIFF, ASSET_GROUP_INPUTS, type AssetGroupState } from "./asset-group-spec.js";

/** Arguments of an AssetGroup. */
export interface AssetGroupArgs {
  /** The group's name, 1–64 characters; changing it renames the group in place. Required unless `groupId` is set (then default: the group's own name). */
  name?: pulumi.Input<string>;
  /** Free text of at most 300 characters; default empty; changing it updates the group in place. */
  description?: pulumi.Input<string>;
  /**
   * `AIGC`, the only type CreateAssetGroup accepts (the default). With `groupId`: the type the adopted group must
   * have (`LivenessFace` for a real person's group), checked on create; default whatever it is. Changing this replaces the group.
   */
  groupType?: pulumi.Input<GroupType>;
  /** The Ark project holding the group; default `seedance:projectName`, else `default`; changing this replaces the group. */
  projectName?: pulumi.Input<string>;
  /** A named gateway profile of `seedance:profiles`; default the top-level `seedance:*` configuration; changing this replaces the group. */
  profile?: pulumi.Input<string>;
  /** Opt-in: on create, take over an existing group of the same name in the project instead of making a duplicate. Default false. */
  adopt?: pulumi.Input<boolean>;
  /**
   * The id of an existing group to adopt instead of creating one, e.g. the LivenessFace group of a real-person
   * verification (`npm run liveness`). It is read (GetAssetGroup), never created; a declared `name`/`description`
   * that differs is applied in place. Changing this replaces the resource (the old group is left alone).
   */
  groupId?: pulumi.Input<string>;
  /**
   * Whether `pulumi destroy` deletes the group on the gateway. Default: true for a group this program created,
   * false for one adopted by `groupId` (it is only dropped from the stack; see the module comment).
   */
  deleteOnDestroy?: pulumi.Input<boolean>;
}

/** An asset group. Its `id` is the gateway's group id (e.g. `group-20260319072926-rrnmg`). */
export class AssetGroup extends SeedanceResource {
  /** The declared name (without any gateway prefix). */
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  /** `AIGC`, or `LivenessFace` for a real person's group (adopted by `groupId`). */
  declare readonly groupType: pulumi.Output<GroupType>;
  /** The adopted group's id when declared by `groupId` (the same as `id`). */
  declare readonly groupId: pulumi.Output<string | undefined>;
  declare readonly deleteOnDestroy: pulumi.Output<boolean | undefined>;
  declare readonly projectName: pulumi.Output<string>;
  declare readonly profile: pulumi.Output<string | undefined>;
  /** The name as the gateway stores it, e.g. `[u-12]-[t-34]-characters` on Anyfast. */
  declare readonly storedName: pulumi.Output<string>;
  /** When the gateway created the group, ISO-8601. */
  declare readonly createTime: pulumi.Output<string | undefined>;
  /** When the gateway last changed the group, ISO-8601. */
  declare readonly updateTime: pulumi.Output<string | undefined>;
  /**
   * True when this stack manages the group (declared, not read with `AssetGroup.get`): Assets in it then adopt the
   * leftovers of an interrupted run by default (AssetArgs.adopt). A plain value, not an output.
   */
  readonly managedByStack: boolean;

  constructor(name: string, args: AssetGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "AssetGroup",
      name,
      {
        name: args.name,
        description: args.description,
        groupType: args.groupType,
        projectName: args.projectName,
        profile: args.profile,
        adopt: args.adopt,
        groupId: args.groupId,
        deleteOnDestroy: args.deleteOnDestroy,
        storedName: undefined,
        createTime: undefined,
        updateTime: undefined,
      },
      opts,
    );
    this.managedByStack = opts?.id === undefined;
  }

  /**
   * Reads an existing group by its gateway id into the program (GetAssetGroup), without managing it.
   * `where` names the profile and project to look in (defaults as for a new group).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, where: { profile?: pulumi.Input<string>; projectName?: pulumi.Input<string> } = {}, opts?: pulumi.CustomResourceOptions): AssetGroup {
    return new AssetGroup(name, { ...where } as AssetGroupArgs, { ...opts, id });
  }
}

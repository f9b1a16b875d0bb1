/**
 * `seedance:Asset` — one media asset of the Seedance 2.0 asset library, referenced in video generation requests as
 * `asset://<Id>` (the `assetUri` output).
 *
 * ```ts
 * const hero = new Asset("hero", { group: characters, name: "hero", assetType: "Image", source: { file: "./media/hero.png" } });
 * export const heroRef = hero.assetUri;
 * ```
 *
 * Create waits until the gateway has processed the media (`Active`), within `seedance:waitTimeoutSeconds`; a
 * `Failed` asset fails the create with the gateway's Error.Code and is deleted. Renaming is an in-place UpdateAsset;
 * a new source, assetType, group, projectName or profile replaces the asset (the old one is deleted first when the
 * name stays in the same group, because names are unique there). The 12-hour presigned download URL that
 * GetAsset returns is deliberately not an output: it would show as drift on every refresh.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AssetStatus, AssetType } from "../api.js";
import type { AssetProcessingError, CheckedSource } from "./asset-spec.js";
import { AssetGroup } from "./asset-group.js";
import { SeedanceResource } from "./seedance-resource.js";

// The spec (state, inputs, diff), shared with the provider process; re-exported for existing importers.
export { ASSET_DIFF, ASSET_INPUTS, type AssetProcessingError, type AssetState, type CheckedSource } from "./asset-spec.js";

/** Where the media comes from: exactly one of `url` and `file`. */
export interface AssetSourceArgs {
  /** A public `https://` URL the gateway downloads (any gateway). */
  url?: pulumi.Input<string>;
  /**
   * A local file, relative to the Pulumi project directory, uploaded by the provider (gateways that take uploads:
   * Anyfast). Its content is hashed: changing the file replaces the asset.
   */
  file?: pulumi.Input<string>;
}

/** Arguments of an Asset. */
export interface AssetArgs {
  /** The asset group (an AssetGroup, or a group id); required where the gateway has groups; changing this replaces the asset. */
  group?: AssetGroup | pulumi.Input<string>;
  /** The asset's name, 1–64 characters, unique in its group; changing it renames the asset in place. */
  name: pulumi.Input<string>;
  /** `Image`, `Video` or `Audio` (`Document` on GlobalAiOpc), as the gateway accepts; changing this replaces the asset. */
  assetType: pulumi.Input<AssetType>;
  /** The media, checked against the published limits before anything is sent; changing it (or the file's content) replaces the asset. */
  source: pulumi.Input<AssetSourceArgs>;
  /** The Ark project holding the asset (the same as its group's); default `seedance:projectName`, else `default`; changing this replaces the asset. */
  projectName?: pulumi.Input<string>;
  /** A named gateway profile of `seedance:profiles`; default the top-level `seedance:*` configuration; changing this replaces the asset. */
  profile?: pulumi.Input<string>;
  /**
   * On create, take over an existing asset of the same name and type in the group instead of making a duplicate.
   * Unset (the default): only in a group this stack manages (`group` is an AssetGroup of this program, not
   * `AssetGroup.get`), where such an asset is a leftover of an interrupted run, so a killed `pulumi up` converges
   * with no orphan; `true`: in any group; `false`: never. Every take-over is reported in the update's output.
   */
  adopt?: pulumi.Input<boolean>;
}

/** An asset. Its `id` is the gateway's asset id (e.g. `asset-20260320120147-pqwhc`). */
export class Asset extends SeedanceResource {
  /** The group id, where the gateway has groups. */
  declare readonly groupId: pulumi.Output<string | undefined>;
  declare readonly name: pulumi.Output<string>;
  declare readonly assetType: pulumi.Output<AssetType>;
  /** The declared source; a file source also carries the SHA-256 of its content. */
  declare readonly source: pulumi.Output<CheckedSource>;
  declare readonly projectName: pulumi.Output<string>;
  declare readonly profile: pulumi.Output<string | undefined>;
  /** `Active` after a successful create; `Processing` after an interrupted wait; `Failed` as found by refresh. */
  declare readonly status: pulumi.Output<AssetStatus>;
  /**
   * `asset://<Id>`, the reference video generation requests take — Seedance 2.0 and 2.5 only (byteplus-sa/ark-mcp
   * SPEC: other models refuse the scheme). Replacing or deleting the asset makes running generation jobs that use it
   * fail with a 400.
   */
  declare readonly assetUri: pulumi.Output<string>;
  /** The gateway's processing error when `status` is Failed. */
  declare readonly error: pulumi.Output<AssetProcessingError | undefined>;
  /** When the gateway created the asset, ISO-8601. */
  declare readonly createTime: pulumi.Output<string | undefined>;
  /** When the gateway last changed the asset, ISO-8601. */
  declare readonly updateTime: pulumi.Output<string | undefined>;
  /**
   * BytePlus only: the content pre-filter strategy (`Default` or `Skip`) GetAsset reports (`Moderation.Strategy`,
   * byteplus-sa/ark-mcp `src/ark_mcp/domain/assets.py`). An output, never compared as drift.
   */
  declare readonly moderationStrategy: pulumi.Output<string | undefined>;
  /**
   * BytePlus only: when a generation task last used the asset (`LastInferenceTime`), ISO-8601; undefined when no
   * use is recorded. Changes whenever the asset is used: a refresh updates it, it never causes a replace.
   */
  declare readonly lastInferenceTime: pulumi.Output<string | undefined>;

  constructor(name: string, args: AssetArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "Asset",
      name,
      {
        groupId: args.group instanceof AssetGroup ? args.group.id : args.group,
        name: args.name,
        assetType: args.assetType,
        source: args.source,
        projectName: args.projectName,
        profile: args.profile,
        adopt: args.adopt,
        // A group of this program (not a read-only AssetGroup.get): leftovers in it are this stack's own.
        groupManaged: args.group instanceof AssetGroup ? args.group.managedByStack : undefined,
        status: undefined,
        assetUri: undefined,
        error: undefined,
        createTime: undefined,
        updateTime: undefined,
        moderationStrategy: undefined,
        lastInferenceTime: undefined,
      },
      opts,
    );
  }

  /**
   * Reads an existing asset by its gateway id into the program (GetAsset), without managing it.
   * `where` names the profile and project to look in (defaults as for a new asset).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, where: { profile?: pulumi.Input<string>; projectName?: pulumi.Input<string> } = {}, opts?: pulumi.CustomResourceOptions): Asset {
    return new Asset(name, { ...where } as AssetArgs, { ...opts, id });
  }
}

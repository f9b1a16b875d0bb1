/**
 * `pulumi-seedance-assets`: declarative Seedance 2.0 asset libraries.
 *
 * ```ts
 * import { AssetGroup, Asset } from "pulumi-seedance-assets";
 * const characters = new AssetGroup("characters", { name: "characters" });
 * const hero = new Asset("hero", { group: characters, name: "hero", assetType: "Image", source: { file: "./media/hero.png" } });
 * export const heroRef = hero.assetUri; // asset://asset-…
 * ```
 *
 * - Resources: `AssetGroup`, `Asset` (Pulumi dynamic resources, type tokens `…/seedance:AssetGroup|Asset`),
 *   configured through the `seedance:*` stack configuration (Pulumi.yaml.example lists every key).
 * - `loadLibrary` / `declareLibrary`: an asset library described in YAML.
 * - `GatewayClient`: the asset API of six gateways behind one canonical interface, with typed errors.
 * - `verifyRealPerson` (./liveness.ts): the real-person verification that makes a LivenessFace group.
 * - The dialect registry (`getDialect`, `DIALECTS`, `capabilityTableMarkdown`) and the canonical API schemas.
 *
 * The gateway emulator is a separate entry point: `pulumi-seedance-assets/emulator`; the command-line tool is
 * `seedance-assets` (`emulator`, `export`, `verify`).
 */
// First: stop with a clear message on a Node.js below the minimum, before a dependency fails in its own words.
import "./node-version.js";
export { AssetGroup, ASSET_GROUP_DIFF, type AssetGroupArgs, type AssetGroupState } from "./resources/asset-group.js";
export { Asset, ASSET_DIFF, type AssetArgs, type AssetProcessingError, type AssetSourceArgs, type AssetState } from "./resources/asset.js";
export { CONFIG_KEYS, CONFIG_NAMESPACE, DEFAULT_POLL_INTERVAL_SECONDS, DEFAULT_PROJECT_NAME, DEFAULT_WAIT_TIMEOUT_SECONDS, type ConfigKey, type ProfileConfig, type ProviderConfig } from "./resources/config.js";
export { UNKNOWN } from "./resources/diff.js";
export { MINIMUM_NODE_VERSION, TESTED_NODE_MAJORS } from "./node-version.js";
export type { CheckedSource } from "./resources/asset-spec.js";
export {
  declareLibrary,
  LibraryAssetSchema,
  LibraryError,
  LibraryGroupSchema,
  LibrarySchema,
  loadLibrary,
  parseLibrary,
  type DeclaredLibrary,
  type DeclareLibraryOptions,
  type Library,
  type LibraryAsset,
  type LibraryGroup,
} from "./library.js";
export {
  DEFAULT_VERIFICATION_POLL_MS,
  DEFAULT_VERIFICATION_TIMEOUT_MS,
  H5_LINK_TTL_MS,
  startVerification,
  verifyRealPerson,
  VerificationNotCompletedError,
  waitForVerifiedGroup,
  type StartVerificationOptions,
  type VerificationFailureReason,
  type VerificationSession,
  type WaitForGroupOptions,
} from "./liveness.js";
export * from "./api.js";
export * from "./client.js";
export * from "./errors.js";
export * from "./gateways/index.js";
export { GROUP_PROPAGATION, isGroupNotFound, type GroupPropagationPolicy } from "./group-propagation.js";
export { DEFAULT_TIERS, defaultTier, GATEWAY_TIERS, sourcedDefaultTier, tiersOfGateway, TIER_NAMES, tierQuotas, tierRateLimits, type Sourced, type TierName, type TierQuotas, type TierSpec } from "./gateways/tiers.js";

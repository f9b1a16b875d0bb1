/**
 * The implementation the serialized providers (./provider.ts) load by package name in the dynamic-provider process:
 * `require("pulumi-seedance-assets/provider/resources/runtime")`. One module instance per process, so both
 * resource kinds share the configuration, the clients and the status watcher (./context.ts).
 */
import type { AssetGroupState } from "./asset-group-spec.js";
import { assetProvider } from "./asset-provider.js";
import { watchEngine } from "./engine-watchdog.js";
import type { AssetState } from "./asset-spec.js";
import { groupProvider } from "./group-provider.js";
import type { Implementation } from "./implementation.js";
import type { ResourceKind } from "./provider.js";

/** Takes the stack configuration; see ./context.ts. */
export { configure } from "./context.js";

/** Each resource kind's implementation. */
export const providers: { readonly [K in ResourceKind]: Implementation<K extends "Asset" ? AssetState : AssetGroupState> } = {
  AssetGroup: groupProvider,
  Asset: assetProvider,
};

// In the dynamic-provider process only: exit when the engine is gone (a killed `pulumi`), instead of running on.
watchEngine();

/**
 * The AssetGroup dynamic provider as a module: its exports object is the provider (configure, check, diff, create, read,
 * update, delete), each a delegation to ../runtime.ts. The state names this module by its export path,
 * `require("pulumi-seedance-assets/provider/resources/dynamic/asset-group")` (../provider.ts `providerReference`), so the
 * path never moves.
 */
import { makeProvider } from "../provider.js";

const provider = makeProvider("AssetGroup");
const { delete: remove } = provider;

export const { configure, check, diff, create, read, update } = provider;
export { remove as delete };

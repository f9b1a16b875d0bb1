/**
 * The AssetGroup dynamic provider as a module: its exports object is the provider (configure, check, diff, create, read,
 * update, delete), each a delegation to ../runtime.ts. A program that loads this package from `node_modules` hands
 * this exports object to Pulumi, which then writes `require("pulumi-seedance-assets/provider/resources/dynamic/asset-group")`
 * into the state instead of the provider's code (../provider.ts `providerFor`).
 */
import { makeProvider } from "../provider.js";

const provider = makeProvider("AssetGroup");

export const configure = provider.configure!;
export const check = provider.check!;
export const diff = provider.diff!;
export const create = provider.create;
export const read = provider.read!;
export const update = provider.update!;
const remove = provider.delete!;
export { remove as delete };

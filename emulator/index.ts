/**
 * The Seedance asset-library gateway emulator: all six gateway dialects on one port at their real paths, with
 * AK/SK and Bearer auth as the real services, per-credential data, asynchronous media checks against the published
 * limits, throttling, fault injection and an admin surface. See ./README.md and `npm run emulator -- --help`.
 *
 * @example
 *   import { startEmulator, DEFAULT_API_KEY } from "pulumi-seedance-assets/emulator";
 *   const emulator = await startEmulator({ processingMs: 50 });
 *   const anyfastBaseUrl = emulator.gatewayUrl("anyfast"); // use with DEFAULT_API_KEY
 *   await emulator.close();
 */
import "../provider/node-version.js"; // first: a clear error on a Node.js below the minimum
export { startEmulator, type EmulatorHandle, type EmulatorOptions, type RequestLogEntry, type ResponseHook, type ResponseHookContext } from "./server.js";
export {
  AdminError,
  SeedAssetInputSchema,
  SeedGroupInputSchema,
  type EmulatorAdmin,
  type ResetScope,
  type SeedAssetInput,
  type SeedGroupInput,
} from "./admin.js";
export { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY, groupNamePrefix, identityOf, type AccessKey } from "./auth.js";
export { FIRST_PUBLISHED_LIMITS, LATER_LIMITS, LIMIT_SETS, type LimitSetName, type MediaLimits, type Range } from "../provider/media/limits.js";
export { checkMedia, judgeByExtension, judgeMedia, probeMedia, type AssetError, type MediaProbe } from "../provider/media/probe.js";
export { mulberry32, type FaultOptions, type FaultSpec } from "./faults.js";
export type { RateLimitOptions } from "./ratelimit.js";
export { FileStore, MemoryStore, namespaceKey, type Store } from "./store.js";
export { makeSample, SAMPLE_FORMATS, type SampleFormat, type SampleParams } from "./samples.js";
export { PRESIGNED_EXPIRES_SECONDS } from "./objects.js";
export { ACCOUNT_STATES, type AccountState } from "./account.js";
export type { ConsistencyOptions } from "./handlers.js";

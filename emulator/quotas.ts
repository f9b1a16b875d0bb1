/**
 * Account quotas of the emulator's tier (../provider/gateways/tiers.ts, with sources): CreateAssetGroup beyond the
 * tier's group quota and CreateAsset beyond its asset quota are refused, counting what exists in the namespace (one
 * gateway and credential: one account). Seeding through the admin surface is not limited.
 *
 * The error: code `QuotaExceeded` — Guess: byteplus-sa/ark-mcp `specs/SPEC_MODELARK_ASSET_LIBRARY_CONTRACT.md` lists
 * the quota error code among the "unverified contract areas"; `QuotaExceeded` is the name client code expects. Its
 * HTTP status is the native table's for an unknown code (../provider/gateways/native-errors.ts `nativeError`).
 */
import type { GatewayName } from "../provider/gateways/dialect.js";
import { describeTier, effectiveTier, tierQuotas, type TierName } from "../provider/gateways/tiers.js";
import { emulatorError, type EmulatorError } from "./errors.js";
import type { NamespaceKey, Store } from "./store.js";

/** Which quota: assets (CreateAsset) or asset groups (CreateAssetGroup). */
export type QuotaKind = "assets" | "groups";

/** The quota policy of an emulator: the tier (undefined = each gateway's default tier), or `false` for none. */
export type QuotaPolicy = { tier: TierName | undefined } | false;

/**
 * Throws QuotaExceeded when one more asset (or group) would exceed the tier's quota of `gateway` in namespace `ns`.
 * The message says how many exist, the quota, the tier, and what to do.
 */
export function enforceQuota(policy: QuotaPolicy | undefined, gateway: GatewayName, store: Store, ns: NamespaceKey, kind: QuotaKind): void {
  if (!policy) return;
  const quota = tierQuotas(gateway, policy.tier)[kind];
  const existing = kind === "assets" ? store.assets(ns).length : store.groups(ns).length;
  if (existing < quota) return;
  throw quotaExceeded(gateway, policy.tier, kind, existing, quota);
}

/** The QuotaExceeded error (see the module comment). */
export function quotaExceeded(gateway: GatewayName, tier: TierName | undefined, kind: QuotaKind, existing: number, quota: number): EmulatorError {
  const what = kind === "assets" ? "asset" : "asset group";
  const upgrade = effectiveTier(gateway, tier) === "premium" ? "" : " or move the account to a larger tier";
  return emulatorError(
    "QuotaExceeded",
    `The ${what} quota of ${describeTier(gateway, tier)} is ${quota}, and ${existing} ${what}s exist. ` +
      `Delete ${what}s you no longer need${upgrade} (BytePlus console: Advanced Creation Rights), then retry.`,
  );
}

/**
 * The preview-time quota check: how many assets and asset groups a library declares per gateway profile, against the
 * quotas of that profile's tier (./gateways/tiers.ts), as warnings `declareLibrary` prints with `pulumi.log.warn` —
 * visible in `pulumi preview` before anything is created. A warning, not an error: the quota is the account's, and
 * the program cannot know what else the account holds (so the check is a lower bound).
 */
import type { Library } from "./library.js";
import { describeTier, effectiveTier, TIER_NAMES, tierQuotas, tierRateLimits, type TierName } from "./gateways/tiers.js";
import { describeRateLimit } from "./rate-limit.js";
import { CONFIG_NAMESPACE, loadConfig, resolveProfile } from "./resources/config.js";

/** Assets and groups declared for one profile (`undefined`: the top-level configuration). */
export interface DeclaredCounts {
  assets: number;
  groups: number;
}

/**
 * Counts the groups and assets of a library per profile, resolving each entry's profile as declareLibrary does
 * (asset, then group, then file, then `defaultProfile`).
 */
export function countByProfile(library: Pick<Library, "groups" | "assets" | "profile">, defaultProfile?: string): Map<string | undefined, DeclaredCounts> {
  const counts = new Map<string | undefined, DeclaredCounts>();
  const add = (profile: string | undefined, kind: keyof DeclaredCounts) => {
    const entry = counts.get(profile) ?? { assets: 0, groups: 0 };
    entry[kind] += 1;
    counts.set(profile, entry);
  };
  for (const group of Object.values(library.groups)) {
    const groupProfile = group.profile ?? library.profile ?? defaultProfile;
    add(groupProfile, "groups");
    for (const asset of Object.values(group.assets)) add(asset.profile ?? groupProfile, "assets");
  }
  for (const asset of Object.values(library.assets)) add(asset.profile ?? library.profile ?? defaultProfile, "assets");
  return counts;
}

/** One warning: `declared` items of `kind` for a profile on `gateway`, whose tier allows `quota`. */
export function quotaWarning(args: { kind: keyof DeclaredCounts; declared: number; quota: number; gateway: Parameters<typeof describeTier>[0]; tier: TierName | undefined; profile: string | undefined }): string {
  const { kind, declared, quota, gateway, tier, profile } = args;
  const what = kind === "assets" ? "assets" : "asset groups";
  const key = profile === undefined || profile === "default" ? `${CONFIG_NAMESPACE}:tier` : `${CONFIG_NAMESPACE}:profiles.${profile}.tier`;
  const effective = effectiveTier(gateway, tier);
  const setting = tier ? `${key}=${tier}` : `${key} is unset; ${effective} is the default of ${gateway}`;
  const larger = TIER_NAMES.slice(TIER_NAMES.indexOf(effective) + 1).find((t) => tierQuotas(gateway, t)[kind] >= declared);
  const upgrade = larger
    ? `, or, if the account has a larger tier, set it: \`pulumi config set${key.includes(".") ? " --path" : ""} ${key} ${larger}\` (${describeTier(gateway, larger)}: ${tierQuotas(gateway, larger)[kind]} ${what}, CreateAsset ${describeRateLimit(tierRateLimits(gateway, larger).CreateAsset!)})`
    : "";
  const scope = profile === undefined ? "" : ` for profile "${profile}"`;
  return (
    `The library declares ${declared} ${what}${scope} on ${gateway}; ${describeTier(gateway, tier)} allows ${quota} (${setting}), ` +
    `and ${what} already on the account count too: creating past the quota fails with QuotaExceeded. ` +
    `Fix: declare at most ${quota} ${what} (remove ${declared - quota})${upgrade}.`
  );
}

/**
 * The warnings for a library under the stack configuration read through `get` (`seedance:<key>`, as
 * `pulumi.runtime.getConfig`) and `env`. A profile whose configuration cannot be resolved is skipped: the resources
 * report that error themselves.
 */
export function libraryQuotaWarnings(
  library: Pick<Library, "groups" | "assets" | "profile">,
  defaultProfile: string | undefined,
  get: (key: string) => unknown,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  const loaded = loadConfig(get, env);
  const warnings: string[] = [];
  for (const [profile, counts] of countByProfile(library, defaultProfile)) {
    let resolved: ReturnType<typeof resolveProfile>;
    try {
      resolved = resolveProfile(loaded, profile);
    } catch {
      continue;
    }
    const { gateway, tier } = resolved.profile;
    const quotas = tierQuotas(gateway, tier);
    for (const kind of ["assets", "groups"] as const) {
      if (counts[kind] > quotas[kind]) warnings.push(quotaWarning({ kind, declared: counts[kind], quota: quotas[kind], gateway, tier, profile: profile === undefined ? undefined : resolved.name }));
    }
  }
  return warnings;
}

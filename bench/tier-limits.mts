/**
 * The rate limits a benchmark runs at. Where the package has tiers as data (provider/gateways/tiers.ts
 * `tierRateLimits(gateway, tier)`, the same table the client paces by and the emulator throttles by), those: the
 * given tier, or the gateway's default tier. Without that module (older builds), a tier's limits come from this
 * file's copy of the BytePlus purchase guide, and no tier means the dialect's documented `Capabilities.rateLimits`.
 * Either way the result is a fresh object of the Actions the gateway serves.
 */
import type { Action } from "pulumi-seedance-assets/provider/api";
import type { Dialect, RateLimit } from "pulumi-seedance-assets/provider/gateways/dialect";

/** The purchase tiers of the asset library. */
export const TIERS = ["entry", "advanced", "premium"] as const;
export type Tier = (typeof TIERS)[number];

type Limits = Partial<Record<Action, RateLimit>>;

/**
 * Per-tier limits of the BytePlus "Advanced Creation Rights purchase guide" (https://docs.byteplus.com/en/docs/ModelArk/2377608,
 * as quoted in byteplus-sa/ark-mcp plans/PLAN_MODELARK_ASSET_LIBRARY.md "Rights tiers"): CreateAsset 3, 120 or 300 per
 * minute; GetAsset 100 QPS; DeleteAssetGroup 5 QPS; every other call 10 QPS. Guess: the same for Volcengine Ark and
 * the resellers that relay it.
 */
function purchaseGuide(tier: Tier): Limits {
  const other = { requests: 10, perSeconds: 1 };
  return {
    CreateAssetGroup: other,
    CreateAsset: { requests: { entry: 3, advanced: 120, premium: 300 }[tier], perSeconds: 60 },
    ListAssetGroups: other,
    ListAssets: other,
    GetAsset: { requests: 100, perSeconds: 1 },
    GetAssetGroup: other,
    UpdateAsset: other,
    UpdateAssetGroup: other,
    DeleteAsset: other,
    DeleteAssetGroup: { requests: 5, perSeconds: 1 },
  };
}

/** The package's tier table, when this build has one. */
async function packageTiers(): Promise<((gateway: string, tier?: Tier) => Limits) | undefined> {
  const specifier = "pulumi-seedance-assets/provider/gateways/tiers"; // a variable: older builds do not have it
  try {
    const module = (await import(specifier)) as { tierRateLimits?: (gateway: string, tier?: Tier) => Limits };
    return module.tierRateLimits;
  } catch {
    return undefined;
  }
}

/** The limits of a gateway, at a tier when one is given. */
export async function rateLimitsOf(dialect: Dialect, tier?: Tier): Promise<Limits> {
  const fromPackage = await packageTiers();
  const c = dialect.capabilities;
  const source = fromPackage ? fromPackage(dialect.name, tier) : tier === undefined ? c.rateLimits : purchaseGuide(tier);
  return Object.fromEntries(Object.entries(source).filter(([action]) => c.actions.includes(action as Action)).map(([a, l]) => [a, { ...l }]));
}

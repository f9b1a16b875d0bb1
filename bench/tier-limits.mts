/**
 * The rate limits a benchmark runs at: a gateway's documented limits (its dialect's `Capabilities.rateLimits`, which
 * the emulator enforces by default), or those of a BytePlus ModelArk purchase tier. Tier data is read from the
 * dialect when it carries it (`Capabilities.rateLimitTiers`); this file's copy of the purchase guide's per-tier
 * values is the fallback for dialects without it, so the benchmark runs the same before and after that data lands.
 */
import type { Action } from "pulumi-seedance-assets/provider/api";
import type { Dialect, RateLimit } from "pulumi-seedance-assets/provider/gateways/dialect";

/** The purchase tiers of the asset library. */
export const TIERS = ["entry", "advanced", "premium"] as const;
export type Tier = (typeof TIERS)[number];

/**
 * Per-tier limits of the BytePlus ModelArk purchase guide: CreateAsset 3, 120 or 300 per minute; GetAsset 100 QPS;
 * every other Action 10 QPS. Guess: the same for Volcengine Ark and the resellers that relay it.
 */
const PURCHASE_GUIDE: Record<Tier, Partial<Record<Action, RateLimit>>> = Object.fromEntries(
  TIERS.map((tier) => [
    tier,
    {
      CreateAssetGroup: { requests: 10, perSeconds: 1 },
      CreateAsset: { requests: { entry: 3, advanced: 120, premium: 300 }[tier], perSeconds: 60 },
      ListAssetGroups: { requests: 10, perSeconds: 1 },
      ListAssets: { requests: 10, perSeconds: 1 },
      GetAsset: { requests: 100, perSeconds: 1 },
      GetAssetGroup: { requests: 10, perSeconds: 1 },
      UpdateAsset: { requests: 10, perSeconds: 1 },
      UpdateAssetGroup: { requests: 10, perSeconds: 1 },
      DeleteAsset: { requests: 10, perSeconds: 1 },
      DeleteAssetGroup: { requests: 10, perSeconds: 1 },
    },
  ]),
) as Record<Tier, Partial<Record<Action, RateLimit>>>;

/** The limits of a gateway, at a tier when one is given (only Actions the gateway serves). A fresh object. */
export function rateLimitsOf(dialect: Dialect, tier?: Tier): Partial<Record<Action, RateLimit>> {
  const c = dialect.capabilities as Dialect["capabilities"] & { rateLimitTiers?: Partial<Record<Tier, Partial<Record<Action, RateLimit>>>> };
  const source = tier === undefined ? c.rateLimits : (c.rateLimitTiers?.[tier] ?? PURCHASE_GUIDE[tier]);
  return Object.fromEntries(Object.entries(source).filter(([action]) => c.actions.includes(action as Action)).map(([a, l]) => [a, { ...l }]));
}

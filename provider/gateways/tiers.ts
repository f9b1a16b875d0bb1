/**
 * Tiers as data: per gateway and tier (`entry`, `advanced`, `premium`), the rate limit of each Action and the quotas
 * (assets, groups) of the account, each value with its public source or marked `Guess:`. The client paces by the
 * configured tier (`seedance:tier`, ../resources/config.ts), the emulator throttles and enforces quotas by it
 * (`--tier`, ../../emulator), and `declareLibrary` warns in `pulumi preview` when a library exceeds its quotas
 * (../tier-check.ts). Limits change over time: change them here, in one place.
 *
 * Sources:
 * - BytePlus ModelArk: the "Advanced Creation Rights purchase guide" (https://docs.byteplus.com/en/docs/ModelArk/2377608),
 *   as quoted in byteplus-sa/ark-mcp `plans/PLAN_MODELARK_ASSET_LIBRARY.md`, section "Rights tiers": Advanced Entry
 *   (free, API access) 50 assets / 50 groups / CreateAsset 3 per minute; Advanced ($1,400/mo) 1M / 1M / 120 per
 *   minute; Advanced Premium ($4,200/mo) 5M / 5M / 300 per minute; "Other rate limits apply to every account:
 *   GetAsset 100 QPS, DeleteAssetGroup 5 QPS, […] all other calls 10 QPS". byteplus-sa/ark-mcp `docs/assets.md`
 *   repeats the Entry tier ("The free Entry tier already allows API access, with 50 assets / 50 groups and 3
 *   CreateAsset calls per minute") and the 15-day grace period after a paid tier lapses, after which assets created
 *   during the paid period are deleted permanently. The "Basic" tier has no API access and is not a tier here.
 * - Volcengine Ark: no published table. A Volcengine client, cyeinfpro/Lumen
 *   `packages/core/lumen_core/volcano_asset_quota.py`, limits itself to 50 assets, 50 groups and 3 CreateAsset per
 *   60 s against `ark.<region>.volcengineapi.com` — the Entry figures; the rest is the BytePlus table (Guess: the
 *   same service in another region).
 * - Resellers (Anyfast, gogogotoken, Agentsflare, GlobalAiOpc) relay the native service with their own upstream
 *   account; none of their docs publishes limits or quotas of its own, so the upstream (BytePlus) figures are used
 *   (Guess). Their users share the reseller's upstream account, so a user may get less than the tier's rate.
 *
 * Default tier per gateway (when `seedance:tier` is unset) — see DEFAULT_TIERS.
 */
import type { Action } from "../api.js";
import { describeRateLimit, type RateLimit } from "../rate-limit.js";
import type { GatewayName } from "./dialect.js";

/** The tiers of the asset library ("Advanced Creation Rights"), by the names used in configuration. */
export const TIER_NAMES = ["entry", "advanced", "premium"] as const;
/** A tier name: `entry`, `advanced` or `premium`. */
export type TierName = (typeof TIER_NAMES)[number];

/** A value with where it comes from: a public URL or repository path, or a sentence starting `Guess:`. */
export interface Sourced<T> {
  value: T;
  source: string;
}

/** The account quotas of a tier: how many assets and asset groups may exist at once. */
export interface TierQuotas {
  assets: number;
  groups: number;
}

/** One tier of one gateway, every value sourced. */
export interface TierSpec {
  /** The tier's name as the vendor says it, for messages: "Entry", "Advanced", "Premium". */
  title: string;
  rateLimits: Partial<Record<Action, Sourced<RateLimit>>>;
  quotas: { assets: Sourced<number>; groups: Sourced<number> };
}

const PURCHASE_GUIDE = "BytePlus Advanced Creation Rights purchase guide, https://docs.byteplus.com/en/docs/ModelArk/2377608, quoted in byteplus-sa/ark-mcp plans/PLAN_MODELARK_ASSET_LIBRARY.md \"Rights tiers\"";
const ENTRY_DOC = "byteplus-sa/ark-mcp docs/assets.md (\"The free Entry tier already allows API access, with 50 assets / 50 groups and 3 CreateAsset calls per minute\")";
const LUMEN = "cyeinfpro/Lumen packages/core/lumen_core/volcano_asset_quota.py (VOLCANO_ASSET_MAX_ASSETS = 50, VOLCANO_ASSET_MAX_GROUPS = 50, VOLCANO_ASSET_CREATE_QPM = 3)";
const TITLES: Record<TierName, string> = { entry: "Entry", advanced: "Advanced", premium: "Premium" };

const perSecond = (requests: number): RateLimit => ({ requests, perSeconds: 1 });
const perMinute = (requests: number): RateLimit => ({ requests, perSeconds: 60 });

/** The BytePlus tier table: CreateAsset by tier, the other Actions the same for every account. */
function byteplusTier(tier: TierName): TierSpec {
  const create = { entry: 3, advanced: 120, premium: 300 }[tier];
  const quota = { entry: 50, advanced: 1_000_000, premium: 5_000_000 }[tier];
  const every = (limit: RateLimit): Sourced<RateLimit> => ({ value: limit, source: `${PURCHASE_GUIDE}: every account` });
  const other = every(perSecond(10));
  return {
    title: TITLES[tier],
    rateLimits: {
      CreateAsset: { value: perMinute(create), source: tier === "entry" ? `${PURCHASE_GUIDE}; ${ENTRY_DOC}` : PURCHASE_GUIDE },
      GetAsset: every(perSecond(100)),
      DeleteAssetGroup: every(perSecond(5)),
      CreateAssetGroup: other,
      ListAssetGroups: other,
      GetAssetGroup: other,
      UpdateAssetGroup: other,
      ListAssets: other,
      UpdateAsset: other,
      DeleteAsset: other,
      // Real-person verification: 3 QPS per account, in the same "Rights tiers" section (ark-mcp's
      // ark_asset_verification_result.py polls every 5 s to stay under it).
      CreateVisualValidateSession: { value: perSecond(3), source: `${PURCHASE_GUIDE}: real-person verification, every account` },
      GetVisualValidateResult: { value: perSecond(3), source: `${PURCHASE_GUIDE}: real-person verification, every account` },
    },
    quotas: {
      assets: { value: quota, source: tier === "entry" ? `${PURCHASE_GUIDE}; ${ENTRY_DOC}` : PURCHASE_GUIDE },
      groups: { value: quota, source: tier === "entry" ? `${PURCHASE_GUIDE}; ${ENTRY_DOC}` : PURCHASE_GUIDE },
    },
  };
}

/** A gateway whose table is BytePlus's, with every source prefixed by why. */
function derived(tier: TierName, why: string, confirmed?: { createAsset?: string; quotas?: string }): TierSpec {
  const base = byteplusTier(tier);
  const rateLimits: TierSpec["rateLimits"] = {};
  for (const [action, limit] of Object.entries(base.rateLimits) as [Action, Sourced<RateLimit>][]) {
    const source = action === "CreateAsset" && confirmed?.createAsset ? confirmed.createAsset : `Guess: ${why} (${limit.source})`;
    rateLimits[action] = { value: limit.value, source };
  }
  const quota = (q: Sourced<number>): Sourced<number> => ({ value: q.value, source: confirmed?.quotas ?? `Guess: ${why} (${q.source})` });
  return { title: base.title, rateLimits, quotas: { assets: quota(base.quotas.assets), groups: quota(base.quotas.groups) } };
}

const RESELLER_WHY = "relays the native service and publishes no limits of its own, so the upstream's (BytePlus) apply";

function tiersOf(make: (tier: TierName) => TierSpec): Record<TierName, TierSpec> {
  return { entry: make("entry"), advanced: make("advanced"), premium: make("premium") };
}

/**
 * The gateways with tier tables of their own: the native services. Every other gateway is a reseller that relays
 * the native service and publishes no limits of its own (`resellerTiers`), so a new reseller dialect needs no entry.
 */
export const GATEWAY_TIERS: Readonly<Partial<Record<GatewayName, Readonly<Record<TierName, TierSpec>>>>> = {
  byteplus: tiersOf(byteplusTier),
  volcengine: tiersOf((tier) =>
    derived(tier, "Volcengine Ark publishes no tier table; the BytePlus one is the same service's", tier === "entry" ? { createAsset: LUMEN, quotas: LUMEN } : undefined),
  ),
};

const resellerTables = new Map<GatewayName, Readonly<Record<TierName, TierSpec>>>();

/** A reseller's tiers: BytePlus's, each value marked `Guess:` with why (RESELLER_WHY). */
function resellerTiers(gateway: GatewayName): Readonly<Record<TierName, TierSpec>> {
  let table = resellerTables.get(gateway);
  if (!table) resellerTables.set(gateway, (table = tiersOf((tier) => derived(tier, `${gateway} ${RESELLER_WHY}`))));
  return table;
}

/** A gateway's tiers: its own table (GATEWAY_TIERS), else a reseller's (BytePlus's, as Guesses). */
export function tiersOfGateway(gateway: GatewayName): Readonly<Record<TierName, TierSpec>> {
  return GATEWAY_TIERS[gateway] ?? resellerTiers(gateway);
}

const RESELLER_DEFAULT =
  "Guess: the reseller's upstream account serves all its users from one account (Anyfast even prefixes group names per user), which Entry's 50-asset quota could not; Advanced is the smaller paid tier";

/**
 * The tier assumed when `seedance:tier` is unset, with why, for the native services. A new BytePlus account that may
 * use the API is on the free Entry tier (ark-mcp `docs/assets.md`; ark-mcp defaults `BYTEPLUS_MODELARK_ASSET_CREATE_QPM`
 * to 3); a Volcengine account likewise (cyeinfpro/Lumen). A reseller's tier is the one of its own upstream account,
 * which no reseller documents: `advanced` (Guess, see RESELLER_DEFAULT; `sourcedDefaultTier`). Set `seedance:tier`
 * when you know yours.
 */
export const DEFAULT_TIERS: Readonly<Partial<Record<GatewayName, Sourced<TierName>>>> = {
  byteplus: { value: "entry", source: `${ENTRY_DOC}; byteplus-sa/ark-mcp plans/PLAN_MODELARK_ASSET_LIBRARY.md (BYTEPLUS_MODELARK_ASSET_CREATE_QPM default 3)` },
  volcengine: { value: "entry", source: `${LUMEN}; Guess: like BytePlus, a new account starts on the free tier` },
};

/** The default tier of a gateway with its source: DEFAULT_TIERS, else a reseller's `advanced` (RESELLER_DEFAULT). */
export function sourcedDefaultTier(gateway: GatewayName): Sourced<TierName> {
  return DEFAULT_TIERS[gateway] ?? { value: "advanced", source: RESELLER_DEFAULT };
}

/** Whether a value is a tier name. */
export function isTierName(value: unknown): value is TierName {
  return typeof value === "string" && (TIER_NAMES as readonly string[]).includes(value);
}

/** The default tier of a gateway (DEFAULT_TIERS). */
export function defaultTier(gateway: GatewayName): TierName {
  return sourcedDefaultTier(gateway).value;
}

/** The tier in force: the given one, else the gateway's default. */
export function effectiveTier(gateway: GatewayName, tier: TierName | undefined): TierName {
  return tier ?? defaultTier(gateway);
}

/** A gateway's tier (default: its default tier), with its sources. */
export function tierSpec(gateway: GatewayName, tier?: TierName): TierSpec {
  return tiersOfGateway(gateway)[effectiveTier(gateway, tier)];
}

/** The rate limit of each Action on a gateway's tier (default: its default tier). A fresh object. */
export function tierRateLimits(gateway: GatewayName, tier?: TierName): Partial<Record<Action, RateLimit>> {
  const limits: Partial<Record<Action, RateLimit>> = {};
  for (const [action, limit] of Object.entries(tierSpec(gateway, tier).rateLimits) as [Action, Sourced<RateLimit>][]) limits[action] = { ...limit.value };
  return limits;
}

/** The quotas of a gateway's tier (default: its default tier). */
export function tierQuotas(gateway: GatewayName, tier?: TierName): TierQuotas {
  const { quotas } = tierSpec(gateway, tier);
  return { assets: quotas.assets.value, groups: quotas.groups.value };
}

/** "the Entry tier of byteplus" — for messages. */
export function describeTier(gateway: GatewayName, tier?: TierName): string {
  return `the ${tierSpec(gateway, tier).title} tier of ${gateway}`;
}

/** One line per Action and quota of a tier, with sources: for docs and `--help`-like listings. */
export function tierTable(gateway: GatewayName, tier?: TierName): string[] {
  const spec = tierSpec(gateway, tier);
  const lines = (Object.entries(spec.rateLimits) as [Action, Sourced<RateLimit>][]).map(([action, l]) => `${action}: ${describeRateLimit(l.value)} — ${l.source}`);
  lines.push(`assets: ${spec.quotas.assets.value} — ${spec.quotas.assets.source}`, `groups: ${spec.quotas.groups.value} — ${spec.quotas.groups.source}`);
  return lines;
}

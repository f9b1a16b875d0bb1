/**
 * Tiers as data (provider/gateways/tiers.ts): every value sourced, the default tier of each gateway, the client's
 * pacing by the configured tier, and `seedance:tier` (key, environment, named profile, errors).
 */
import { describe, expect, it } from "vitest";
import { ACTIONS, ALL_ACTIONS, type Action } from "../../provider/api.js";
import { GATEWAY_NAMES } from "../../provider/gateways/index.js";
import { getDialect } from "../../provider/gateways/index.js";
import { defaultTier, GATEWAY_TIERS, sourcedDefaultTier, TIER_NAMES, tierQuotas, tierRateLimits, tierSpec, tierTable } from "../../provider/gateways/tiers.js";
import { GatewayClient } from "../../provider/client.js";
import { loadConfig, resolveProfile } from "../../provider/resources/config.js";

const SOURCE = /^(Guess: .+|.*(https:\/\/|[\w-]+\/[\w.-]+ [\w./-]+\.(md|py)).*)$/;

describe("the tier table", () => {
  it("gives every gateway and tier a limit for every Action and both quotas, each with a source or a Guess", () => {
    for (const gateway of GATEWAY_NAMES) {
      for (const tier of TIER_NAMES) {
        const spec = tierSpec(gateway, tier);
        expect(Object.keys(spec.rateLimits).sort()).toEqual([...ALL_ACTIONS].sort());
        for (const limit of Object.values(spec.rateLimits)) expect(limit!.source).toMatch(SOURCE);
        expect(spec.quotas.assets.source).toMatch(SOURCE);
        expect(spec.quotas.groups.source).toMatch(SOURCE);
      }
      expect(sourcedDefaultTier(gateway).source).toMatch(SOURCE);
    }
  });

  it("has the BytePlus purchase guide's figures, sourced, not guessed", () => {
    expect(tierRateLimits("byteplus", "entry").CreateAsset).toEqual({ requests: 3, perSeconds: 60 });
    expect(tierRateLimits("byteplus", "advanced").CreateAsset).toEqual({ requests: 120, perSeconds: 60 });
    expect(tierRateLimits("byteplus", "premium").CreateAsset).toEqual({ requests: 300, perSeconds: 60 });
    expect(tierRateLimits("byteplus", "entry")).toMatchObject({ GetAsset: { requests: 100, perSeconds: 1 }, DeleteAssetGroup: { requests: 5, perSeconds: 1 }, ListAssets: { requests: 10, perSeconds: 1 } });
    expect(tierQuotas("byteplus", "entry")).toEqual({ assets: 50, groups: 50 });
    expect(tierQuotas("byteplus", "advanced")).toEqual({ assets: 1_000_000, groups: 1_000_000 });
    expect(tierQuotas("byteplus", "premium")).toEqual({ assets: 5_000_000, groups: 5_000_000 });
    for (const tier of TIER_NAMES) {
      for (const limit of Object.values(GATEWAY_TIERS.byteplus![tier].rateLimits)) expect(limit!.source).toContain("docs.byteplus.com/en/docs/ModelArk/2377608");
    }
    expect(tierTable("byteplus", "entry").join("\n")).not.toMatch(/Guess/);
  });

  it("marks the resellers' figures as the upstream's, guessed", () => {
    for (const gateway of ["anyfast", "gogogotoken", "agentsflare", "globalaiopc"] as const) {
      expect(tierRateLimits(gateway, "entry")).toEqual(tierRateLimits("byteplus", "entry"));
      for (const line of tierTable(gateway, "premium")) expect(line).toMatch(/Guess: .*relays the native service/);
    }
  });

  it("defaults BytePlus and Volcengine to Entry (a new account), resellers to Advanced; the dialects carry the defaults", () => {
    expect(defaultTier("byteplus")).toBe("entry");
    expect(defaultTier("volcengine")).toBe("entry");
    expect(defaultTier("anyfast")).toBe("advanced");
    for (const gateway of GATEWAY_NAMES) expect(getDialect(gateway).capabilities.rateLimits).toEqual(tierRateLimits(gateway, defaultTier(gateway)));
  });

  it("no longer carries the unconfirmed 30-per-second table anywhere", () => {
    for (const gateway of GATEWAY_NAMES) {
      for (const tier of TIER_NAMES) for (const action of ACTIONS) expect(tierRateLimits(gateway, tier)[action as Action]?.requests).not.toBe(30);
    }
  });
});

describe("seedance:tier", () => {
  const from = (values: Record<string, unknown>) => (key: string) => values[key];

  it("is read from the configuration, else SEEDANCE_TIER, and per named profile", () => {
    const top = loadConfig(from({ "seedance:gateway": "byteplus", "seedance:accessKeyId": "AK", "seedance:secretAccessKey": "SK", "seedance:tier": "advanced" }), { SEEDANCE_TIER: "premium" });
    expect(resolveProfile(top, undefined).profile.tier).toBe("advanced");
    const env = loadConfig(from({ "seedance:gateway": "byteplus", "seedance:accessKeyId": "AK", "seedance:secretAccessKey": "SK" }), { SEEDANCE_TIER: "premium" });
    expect(resolveProfile(env, undefined).profile.tier).toBe("premium");
    const named = loadConfig(from({ "seedance:profiles": { bp: { gateway: "byteplus", accessKeyId: "AK", secretAccessKey: "SK", tier: "entry" } } }), {});
    expect(resolveProfile(named, "bp").profile.tier).toBe("entry");
    const unset = loadConfig(from({ "seedance:gateway": "byteplus", "seedance:accessKeyId": "AK", "seedance:secretAccessKey": "SK" }), {});
    expect(resolveProfile(unset, undefined).profile.tier).toBeUndefined();
  });

  it("names the key, the allowed values and the fix when the value is wrong", () => {
    const bad = loadConfig(from({ "seedance:gateway": "byteplus", "seedance:accessKeyId": "AK", "seedance:secretAccessKey": "SK", "seedance:tier": "gold" }), {});
    expect(() => resolveProfile(bad, undefined)).toThrow(
      /seedance:tier must be one of entry, advanced, premium \(the account's Advanced Creation Rights tier\), got "gold"[\s\S]*`pulumi config set seedance:tier …` \(or the environment variable SEEDANCE_TIER\)/,
    );
    const badProfile = loadConfig(from({ "seedance:profiles": { bp: { gateway: "byteplus", tier: "Entry" } } }), {});
    expect(() => resolveProfile(badProfile, "bp")).toThrow(/seedance:profiles\.bp\.tier must be one of entry, advanced, premium/);
    expect(() => new GatewayClient({ gateway: "byteplus", accessKeyId: "AK", secretAccessKey: "SK", tier: "gold" as never })).toThrow(/tier must be one of entry, advanced, premium \(the account's Advanced Creation Rights tier\), got "gold"/);
  });
});

/**
 * The preview-time quota check (provider/tier-check.ts): counts per profile and the warning's numbers and fix.
 */
import { describe, expect, it } from "vitest";
import { parseLibrary } from "../../provider/library.js";
import { countByProfile, libraryQuotaWarnings } from "../../provider/tier-check.js";

/** A library of `groups` groups with `perGroup` URL assets each; `extra` lines are added at the top. */
function library(groups: number, perGroup: number, extra: string[] = []) {
  const lines = [...extra, "groups:"];
  for (let g = 0; g < groups; g++) {
    lines.push(`  g${g}:`, perGroup > 0 ? "    assets:" : "    assets: {}");
    for (let a = 0; a < perGroup; a++) lines.push(`      a${a}: { type: Image, url: https://example.com/${g}/${a}.png }`);
  }
  return parseLibrary(lines.join("\n"), "library.yaml");
}

const config = (values: Record<string, unknown>) => (key: string) => values[key];
const BYTEPLUS = { "seedance:gateway": "byteplus", "seedance:accessKeyId": "AK", "seedance:secretAccessKey": "SK" };

describe("libraryQuotaWarnings", () => {
  it("warns with the numbers, the tier, the setting and the fix when the library exceeds the Entry quota", () => {
    const warnings = libraryQuotaWarnings(library(2, 31), undefined, config(BYTEPLUS), {});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBe(
      "The library declares 62 assets on byteplus; the Entry tier of byteplus allows 50 (seedance:tier is unset; entry is the default of byteplus), " +
        "and assets already on the account count too: creating past the quota fails with QuotaExceeded. " +
        "Fix: declare at most 50 assets (remove 12), or, if the account has a larger tier, set it: `pulumi config set seedance:tier advanced` " +
        "(the Advanced tier of byteplus: 1000000 assets, CreateAsset 120 per minute).",
    );
  });

  it("counts groups too, and names the configured tier", () => {
    const warnings = libraryQuotaWarnings(library(51, 0), undefined, config({ ...BYTEPLUS, "seedance:tier": "entry" }), {});
    expect(warnings).toEqual([expect.stringMatching(/^The library declares 51 asset groups on byteplus; the Entry tier of byteplus allows 50 \(seedance:tier=entry\)/)]);
  });

  it("is silent within the quota, on a larger tier (configuration or SEEDANCE_TIER), and when the configuration is broken", () => {
    expect(libraryQuotaWarnings(library(1, 50), undefined, config(BYTEPLUS), {})).toEqual([]);
    expect(libraryQuotaWarnings(library(2, 31), undefined, config({ ...BYTEPLUS, "seedance:tier": "advanced" }), {})).toEqual([]);
    expect(libraryQuotaWarnings(library(2, 31), undefined, config(BYTEPLUS), { SEEDANCE_TIER: "premium" })).toEqual([]);
    expect(libraryQuotaWarnings(library(2, 31), undefined, config({}), {})).toEqual([]);
  });

  it("checks each profile against its own gateway and tier, naming the profile's key", () => {
    const lib = library(1, 60, ["profile: native"]);
    const profiles = { native: { gateway: "volcengine", accessKeyId: "AK", secretAccessKey: "SK" } };
    const warnings = libraryQuotaWarnings(lib, undefined, config({ "seedance:gateway": "anyfast", "seedance:apiKey": "k", "seedance:profiles": profiles }), {});
    expect(warnings).toEqual([expect.stringContaining('The library declares 60 assets for profile "native" on volcengine; the Entry tier of volcengine allows 50')]);
    expect(warnings[0]).toContain("`pulumi config set --path seedance:profiles.native.tier advanced`");
    // The top level (anyfast, default tier advanced) holds 1 M: no warning for it.
    expect(libraryQuotaWarnings(library(1, 60), undefined, config({ "seedance:gateway": "anyfast", "seedance:apiKey": "k" }), {})).toEqual([]);
  });
});

describe("countByProfile", () => {
  it("resolves each entry's profile as declareLibrary does", () => {
    const lib = parseLibrary(
      ["profile: a", "groups:", "  g:", "    profile: b", "    assets:", "      x: { type: Image, url: https://e.com/x.png }", "      y: { type: Image, url: https://e.com/y.png, profile: c }", "assets:", "  z: { type: Image, url: https://e.com/z.png }"].join("\n"),
      "library.yaml",
    );
    expect(Object.fromEntries(countByProfile(lib))).toEqual({ b: { assets: 1, groups: 1 }, c: { assets: 1, groups: 0 }, a: { assets: 1, groups: 0 } });
    expect(Object.fromEntries(countByProfile(library(2, 3), "p"))).toEqual({ p: { assets: 6, groups: 2 } });
  });
});

/**
 * The three published media-limit sets (provider/media/limits.ts), video sides and aspect ratio, and the rule that
 * `check` (what `pulumi preview` runs on a local file) and the emulator's processing apply the same set: the
 * configured `seedance:mediaLimits`, else the gateway's newest documented set.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import type { AssetType } from "../../provider/api.js";
import { DIALECTS, getDialect } from "../../provider/gateways/index.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { GATEWAY_NAMES } from "../../provider/gateways/index.js";
import { DEFAULT_LIMIT_SET, LIMIT_SETS, limitSetFor } from "../../provider/media/limits.js";
import { checkMedia } from "../../provider/media/probe.js";
import { makeSample } from "../../emulator/samples.js";
import { resetForTests } from "../../provider/resources/context.js";
import { providers } from "../../provider/resources/runtime.js";
import { configFor, configureWith, mediaFile } from "../support/resources.js";
import { clientFor, sampleUrl, settled } from "../support/emulator.js";

type Params = { width: number; height: number; seconds: number; fps: number };
const video = (width: number, height: number): Params => ({ width, height, seconds: 3, fps: 30 });

/** Videos that tell the three sets apart, and the side and aspect checks. */
const VIDEOS: Record<string, Params> = {
  "720p (1280x720)": video(1280, 720),
  "1080p (1920x1080)": video(1920, 1080),
  "portrait 1080x1920": video(1080, 1920),
  "4K (3840x2160)": video(3840, 2160),
  "too wide (1500x500, ratio 3)": video(1500, 500),
  "too flat (1700x290, a side under 300)": video(1700, 290),
};

describe("the limit sets", () => {
  it.each([
    ["720p (1280x720)", { "720p": undefined, "1080p": undefined, "4k": undefined }],
    ["1080p (1920x1080)", { "720p": "PixelCountTooLarge", "1080p": undefined, "4k": undefined }],
    ["4K (3840x2160)", { "720p": "PixelCountTooLarge", "1080p": "PixelCountTooLarge", "4k": undefined }],
    ["too wide (1500x500, ratio 3)", { "720p": "AspectRatioTooLarge", "1080p": "AspectRatioTooLarge", "4k": "AspectRatioTooLarge" }],
    ["too flat (1700x290, a side under 300)", { "720p": "HeightTooSmall", "1080p": "HeightTooSmall", "4k": "HeightTooSmall" }],
  ] as const)("judge a video %s", async (name, expected) => {
    const data = makeSample("mp4", VIDEOS[name]!).data;
    for (const [set, code] of Object.entries(expected)) {
      const { error } = await checkMedia(data, "Video", LIMIT_SETS[set as keyof typeof LIMIT_SETS]);
      expect({ set, code: error?.Code }).toEqual({ set, code });
    }
  });

  it("bound video duration by set: 20 s passes only the 4K set; audio likewise", async () => {
    const long = makeSample("mp4", { width: 1280, height: 720, seconds: 20, fps: 30 }).data;
    expect((await checkMedia(long, "Video", LIMIT_SETS["1080p"])).error?.Code).toBe("DurationTooLong");
    expect((await checkMedia(long, "Video", LIMIT_SETS["4k"])).error).toBeUndefined();
    const voice = makeSample("wav", { seconds: 20 }).data;
    expect((await checkMedia(voice, "Audio", LIMIT_SETS["720p"])).error?.Code).toBe("DurationTooLong");
    expect((await checkMedia(voice, "Audio", LIMIT_SETS["4k"])).error).toBeUndefined();
  });

  it("keep the older names as aliases and default each gateway to its newest documented set", () => {
    expect(LIMIT_SETS.first).toBe(LIMIT_SETS["720p"]);
    expect(LIMIT_SETS.later).toBe(LIMIT_SETS["4k"]);
    expect(DEFAULT_LIMIT_SET).toMatchObject({ volcengine: "1080p", byteplus: "4k", anyfast: "720p", globalaiopc: "720p", agentsflare: "4k", gogogotoken: "4k" });
    // Every gateway of the registry declares one (Dialect.defaults.limitSet).
    expect(Object.keys(DEFAULT_LIMIT_SET)).toEqual(GATEWAY_NAMES);
    expect(limitSetFor("720p", "byteplus")).toBe("720p");
  });
});

describe("check and the emulator apply the same limits", () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startEmulator({ processingMs: 10, rateLimits: false });
  });
  afterAll(async () => {
    await resetForTests();
    await emulator.close();
  });

  /** The code `check` reports for a local file (undefined: accepted). */
  async function checkVerdict(gateway: GatewayName, params: Params, mediaLimits?: string): Promise<string | undefined> {
    configureWith(configFor(emulator, gateway, mediaLimits ? { mediaLimits } : {}));
    const group = getDialect(gateway).capabilities.groups ? { groupId: "group-20260101000000-abcde" } : {};
    const result = await providers.Asset.check({}, { ...group, name: "clip", assetType: "Video" as AssetType, source: { file: mediaFile("mp4", params) } });
    const reason = (result.failures ?? []).map((f) => f.reason).join(" ");
    return /\(([A-Z][A-Za-z]+)\)\. Fix:/.exec(reason)?.[1] ?? (reason ? reason : undefined);
  }

  /** The code the emulator's processing ends with for the same media (undefined: Active). */
  async function emulatorVerdict(e: EmulatorHandle, gateway: GatewayName, params: Params): Promise<string | undefined> {
    const dialect = getDialect(gateway);
    const client = clientFor(e, dialect);
    const GroupId = dialect.capabilities.groups ? (await client.createAssetGroup({ Name: `g-${Math.random()}` })).Id : undefined;
    const { Id } = await client.createAsset({ ...(GroupId ? { GroupId } : {}), AssetType: "Video", URL: sampleUrl(e, "clip.mp4", params) });
    const asset = await settled(client, Id);
    await client.close();
    return asset.Status === "Active" ? undefined : asset.Error?.Code;
  }

  const videoGateways = DIALECTS.filter((d) => d.capabilities.assetTypes.includes("Video")).map((d) => d.name);

  it.each(videoGateways)("%s: the emulator processes with the gateway's newest set by default", async (gateway) => {
    for (const [name, params] of Object.entries(VIDEOS)) {
      const expected = (await checkMedia(makeSample("mp4", params).data, "Video", LIMIT_SETS[DEFAULT_LIMIT_SET[gateway]])).error?.Code;
      expect({ name, emulator: await emulatorVerdict(emulator, gateway, params) }).toEqual({ name, emulator: expected });
    }
  });

  // `check` measures local files, which only upload gateways take (anyfast): there, check and processing must agree.
  it.each([undefined, "720p", "1080p", "4k"] as const)("anyfast with seedance:mediaLimits %s: check and processing agree on every video", async (set) => {
    const e = set ? await startEmulator({ processingMs: 10, rateLimits: false, limits: set }) : emulator;
    try {
      for (const [name, params] of Object.entries(VIDEOS)) {
        const expected = (await checkMedia(makeSample("mp4", params).data, "Video", LIMIT_SETS[limitSetFor(set, "anyfast")])).error?.Code;
        expect({ name, check: await checkVerdict("anyfast", params, set), emulator: await emulatorVerdict(e, "anyfast", params) }).toEqual({ name, check: expected, emulator: expected });
      }
    } finally {
      if (e !== emulator) await e.close();
    }
  });

  it("a 1080p video: processed Active on volcengine and byteplus by default, refused by anyfast's check until seedance:mediaLimits says 4k", async () => {
    const hd = VIDEOS["1080p (1920x1080)"]!;
    expect(await emulatorVerdict(emulator, "volcengine", hd)).toBeUndefined();
    expect(await emulatorVerdict(emulator, "byteplus", hd)).toBeUndefined();
    expect(await emulatorVerdict(emulator, "anyfast", hd)).toBe("PixelCountTooLarge");
    expect(await checkVerdict("anyfast", hd)).toBe("PixelCountTooLarge");
    expect(await checkVerdict("anyfast", hd, "4k")).toBeUndefined();
    expect(await checkVerdict("anyfast", hd, "off")).toBeUndefined();
  });

  it("rejects an unknown set name, naming the choices", () => {
    configureWith(configFor(emulator, "anyfast", { mediaLimits: "8k" }));
    return expect(providers.Asset.check({}, { groupId: "g", name: "x", assetType: "Video", source: { url: "https://example.com/a.mp4" } })).resolves.toMatchObject({
      failures: [{ reason: expect.stringMatching(/seedance:mediaLimits.*720p, 1080p, 4k, first, later, off/) }],
    });
  });
});

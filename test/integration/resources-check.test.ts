/**
 * `check`: every input validated before anything is sent — lengths, enums, the gateway's capabilities, and local
 * media against the published limits — with failures naming the field, the rule and the fix; unknown values
 * (preview) pass.
 */
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/resources/diff.js";
import { providers } from "../../provider/resources/runtime.js";
import { configFor, configureWith, mediaFile, useEmulator } from "../support/resources.js";

const emulator = useEmulator();
const anyfast = () => configureWith(configFor(emulator(), "anyfast"));

async function assetFailures(news: Record<string, unknown>) {
  anyfast();
  return (await providers.Asset.check({}, { groupId: "group-1", name: "a", assetType: "Image", ...news })).failures;
}

describe("AssetGroup check", () => {
  it("fills the defaults and keeps nothing else", async () => {
    anyfast();
    const result = await providers.AssetGroup.check({}, { name: "g", __provider: "code", storedName: "x" });
    expect(result).toEqual({ inputs: { name: "g", description: "", groupType: "AIGC", projectName: "default", adopt: false }, failures: [] });
  });

  it("names the field, the rule and the fix", async () => {
    anyfast();
    const { failures } = await providers.AssetGroup.check({}, { name: "n".repeat(65), description: "d".repeat(301), groupType: "LivenessFace" });
    expect(failures).toEqual([
      { property: "name", reason: "is 65 characters long, more than 64. Fix: shorten it to 64 characters or fewer." },
      { property: "description", reason: "is 301 characters long, more than 300. Fix: shorten it to 300 characters or fewer." },
      { property: "groupType", reason: expect.stringMatching(/^must be "AIGC".*Fix: remove groupType/) },
    ]);
  });

  it("tolerates unknown values in preview", async () => {
    anyfast();
    const result = await providers.AssetGroup.check({}, { name: UNKNOWN, profile: UNKNOWN });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({ name: UNKNOWN, profile: UNKNOWN });
  });

  it("reports a configuration problem as a failure naming the key", async () => {
    configureWith({});
    const { failures } = await providers.AssetGroup.check({}, { name: "g" });
    expect(failures).toEqual([{ property: "", reason: expect.stringMatching(/seedance:gateway is not set\. Next step: run `pulumi config set seedance:gateway <gateway>`/) }]);
    anyfast();
    const unknownProfile = await providers.AssetGroup.check({}, { name: "g", profile: "nope" });
    expect(unknownProfile.failures).toEqual([{ property: "profile", reason: expect.stringMatching(/"nope" is not a profile in seedance:profiles/) }]);
  });
});

describe("Asset check", () => {
  it("hashes a local file and keeps a URL as is", async () => {
    anyfast();
    const file = mediaFile("png");
    const withFile = await providers.Asset.check({}, { groupId: "group-1", name: "a", assetType: "Image", source: { file } });
    expect(withFile.failures).toEqual([]);
    expect(withFile.inputs).toEqual({ groupId: "group-1", name: "a", assetType: "Image", source: { file, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }, projectName: "default" });
    expect(await assetFailures({ source: { url: "https://example.com/a.png" } })).toEqual([]);
  });

  it.each([
    [{ source: { url: "http://example.com/a.png" } }, /^source\.url must be an https URL .*Fix:/],
    [{ source: { url: "nope" } }, /^source\.url "nope" is not a URL/],
    [{ source: { url: "https://example.com/clip.mp4" } }, /^source\.url The URL names a video file \(\.mp4\) but AssetType is Image\. \(TypeMismatch\)\. Fix: set assetType/],
    [{ source: {} }, /^needs exactly one of url and file/],
    [{ source: { url: "https://example.com/a.png", file: "a.png" } }, /^needs exactly one of url and file/],
    [{ source: { file: "/does/not/exist.png" } }, /^source\.file cannot read \/does\/not\/exist\.png: .*Fix: correct the path/],
  ])("rejects a bad source %j", async (news, reason) => {
    expect(await assetFailures(news)).toEqual([{ property: "source", reason: expect.stringMatching(reason) }]);
  });

  it.each([
    ["an image too small", "png", { width: 200, height: 200 }, "Image", /WidthTooSmall.*Fix: resize it so each side is within \(300, 6000\) px/],
    ["an image too wide", "png", { width: 2000, height: 400 }, "Image", /AspectRatioTooLarge.*Fix: crop or pad it to a width\/height ratio within \(0.4, 2.5\)/],
    ["a video too long", "mp4", { seconds: 20 }, "Video", /DurationTooLong.*Fix: trim or extend it to \[2, 15\] seconds/],
    ["a video at 15 fps", "mp4", { fps: 15 }, "Video", /FpsTooLow.*Fix: re-encode it at a frame rate within \[24, 60\] fps/],
    ["a video of too few pixels", "mp4", { width: 320, height: 240 }, "Video", /PixelCountTooSmall.*Fix: scale it so width × height is within \[409600, 927408\] pixels/],
    ["audio too short", "wav", { seconds: 1 }, "Audio", /DurationTooShort.*Fix: trim or extend it to \[2, 15\] seconds/],
    ["a sound declared as an image", "wav", {}, "Image", /TypeMismatch.*Fix: set assetType to match the file/],
  ] as const)("rejects %s before anything is sent", async (_what, format, params, assetType, reason) => {
    const failures = await assetFailures({ assetType, source: { file: mediaFile(format, params) } });
    expect(failures).toEqual([{ property: "source", reason: expect.stringMatching(new RegExp(`^source\\.file .*${reason.source}`)) }]);
  });

  it("accepts media within the limits", async () => {
    expect(await assetFailures({ assetType: "Video", source: { file: mediaFile("mp4", { width: 854, height: 480, seconds: 3, fps: 24 }) } })).toEqual([]);
    expect(await assetFailures({ assetType: "Audio", source: { file: mediaFile("mp3", { seconds: 3 }) } })).toEqual([]);
  });

  it("checks the gateway's capabilities: groups required, asset types", async () => {
    anyfast();
    const { failures } = await providers.Asset.check({}, { name: "a", assetType: "Document", source: { url: "https://example.com/a.pdf" } });
    expect(failures).toEqual([
      { property: "groupId", reason: "is required: anyfast keeps assets in asset groups. Fix: set group to an AssetGroup (or a group id)." },
      { property: "assetType", reason: expect.stringMatching(/^Document is not accepted by anyfast \(it takes Image, Video, Audio\)/) },
    ]);
  });

  it("tolerates unknown values in preview", async () => {
    expect(await assetFailures({ groupId: UNKNOWN, name: UNKNOWN, assetType: UNKNOWN, source: UNKNOWN })).toEqual([]);
    expect(await assetFailures({ source: { file: UNKNOWN } })).toEqual([]);
    expect(await assetFailures({ source: { url: UNKNOWN } })).toEqual([]);
  });
});

/**
 * The media checks (provider/media/probe.ts) against the published limits (provider/media/limits.ts), on generated
 * files (emulator/samples.ts): every documented Error.Code the checks can produce, and the limit sets.
 */
import { describe, expect, it } from "vitest";
import type { AssetType } from "../../provider/api.js";
import { FIRST_PUBLISHED_LIMITS, LATER_LIMITS, compare, type MediaLimits } from "../../provider/media/limits.js";
import { checkMedia, judgeByExtension, probeMedia } from "../../provider/media/probe.js";
import { decodeInline, isLocalUrl } from "../../emulator/media-sources.js";
import { makeSample, type SampleFormat, type SampleParams } from "../../emulator/samples.js";

async function verdict(format: SampleFormat, params: SampleParams, type: AssetType, limits: MediaLimits = FIRST_PUBLISHED_LIMITS) {
  const { error } = await checkMedia(makeSample(format, params).data, type, limits);
  return error?.Code ?? "ok";
}

describe("probeMedia", () => {
  it.each([
    ["png", { width: 800, height: 600 }, { category: "image", format: "png", width: 800, height: 600 }],
    ["gif", { width: 320, height: 400 }, { category: "image", format: "gif", width: 320, height: 400 }],
    ["bmp", { width: 1000, height: 500 }, { category: "image", format: "bmp", width: 1000, height: 500 }],
    ["mp4", { width: 1280, height: 720, seconds: 4, fps: 30 }, { category: "video", format: "mp4", width: 1280, height: 720, duration: 4, fps: 30 }],
    ["mov", { width: 640, height: 640, seconds: 5, fps: 25 }, { category: "video", format: "mov", width: 640, height: 640, duration: 5, fps: 25 }],
    ["wav", { seconds: 3 }, { category: "audio", format: "wav", duration: 3 }],
  ] as const)("reads %s headers", async (format, params, expected) => {
    expect(await probeMedia(makeSample(format, params).data)).toMatchObject(expected);
  });

  it("measures MP3 duration by its frames", async () => {
    const probe = await probeMedia(makeSample("mp3", { seconds: 4 }).data);
    expect(probe).toMatchObject({ category: "audio", format: "mp3" });
    expect(probe!.duration).toBeCloseTo(4, 1);
  });

  it("does not recognise plain text", async () => {
    expect(await probeMedia(Buffer.from("just some text, not media"))).toBeUndefined();
  });
});

describe("checkMedia with the first published limits", () => {
  it.each([
    // images: sides (300, 6000) exclusive, aspect (0.4, 2.5) exclusive
    ["png", { width: 800, height: 600 }, "Image", "ok"],
    ["png", { width: 301, height: 301 }, "Image", "ok"],
    ["png", { width: 300, height: 400 }, "Image", "WidthTooSmall"],
    ["png", { width: 400, height: 200 }, "Image", "HeightTooSmall"],
    ["gif", { width: 6000, height: 4000 }, "Image", "WidthTooLarge"],
    ["gif", { width: 4000, height: 6001 }, "Image", "HeightTooLarge"],
    ["gif", { width: 2500, height: 1000 }, "Image", "AspectRatioTooLarge"],
    ["bmp", { width: 400, height: 1000 }, "Image", "AspectRatioTooSmall"],
    // video: 2–15 s, 24–60 fps, 409,600–927,408 px
    ["mp4", { width: 640, height: 640, seconds: 2, fps: 24 }, "Video", "ok"],
    ["mov", { width: 1280, height: 720, seconds: 15, fps: 60 }, "Video", "ok"],
    ["mp4", { seconds: 1.5 }, "Video", "DurationTooShort"],
    ["mp4", { seconds: 16 }, "Video", "DurationTooLong"],
    ["mp4", { fps: 15 }, "Video", "FpsTooLow"],
    ["mp4", { fps: 120 }, "Video", "FpsTooHigh"],
    ["mp4", { width: 640, height: 480 }, "Video", "PixelCountTooSmall"],
    ["mp4", { width: 1920, height: 1080 }, "Video", "PixelCountTooLarge"],
    // audio: 2–15 s
    ["wav", { seconds: 2 }, "Audio", "ok"],
    ["wav", { seconds: 1 }, "Audio", "DurationTooShort"],
    ["mp3", { seconds: 20 }, "Audio", "DurationTooLong"],
    // category and format
    ["png", {}, "Video", "TypeMismatch"],
    ["wav", {}, "Image", "TypeMismatch"],
    ["mp4", {}, "Audio", "TypeMismatch"],
    ["png", {}, "Document", "ok"],
  ] as const)("%s %j as %s → %s", async (format, params, type, expected) => {
    expect(await verdict(format, params, type)).toBe(expected);
  });

  it("rejects an unrecognised file as FormatUnsupported", async () => {
    const { error } = await checkMedia(Buffer.from("%PDF-1.4 not an image"), "Image", FIRST_PUBLISHED_LIMITS);
    expect(error?.Code).toBe("FormatUnsupported");
  });

  it("rejects a recognised format the limits do not list as FormatUnsupported", async () => {
    const limits: MediaLimits = { ...FIRST_PUBLISHED_LIMITS, image: { ...FIRST_PUBLISHED_LIMITS.image, formats: ["jpeg"] } };
    expect(await verdict("png", {}, "Image", limits)).toBe("FormatUnsupported");
  });

  it("checks file size before dimensions (custom limits keep the files small)", async () => {
    const limits: MediaLimits = {
      image: { ...FIRST_PUBLISHED_LIMITS.image, bytes: { max: 2000, exclusive: true } },
      video: { ...FIRST_PUBLISHED_LIMITS.video, bytes: { max: 5000 } },
      audio: { ...FIRST_PUBLISHED_LIMITS.audio, bytes: { max: 5000 } },
    };
    expect(await verdict("png", { padBytes: 5000, width: 10 }, "Image", limits)).toBe("FileSizeTooLarge");
    expect(await verdict("mp4", { padBytes: 10_000 }, "Video", limits)).toBe("FileSizeTooLarge");
    expect(await verdict("wav", {}, "Audio", limits)).toBe("FileSizeTooLarge");
  });

  it("names the measured value and the range in the message", async () => {
    const { error } = await checkMedia(makeSample("mp4", { seconds: 20 }).data, "Video", FIRST_PUBLISHED_LIMITS);
    expect(error).toEqual({ Code: "DurationTooLong", Message: "Duration 20 s is outside the allowed range [2, 15] s." });
  });
});

describe("the later limits", () => {
  it.each([
    ["mp4", { seconds: 25 }, "Video"],
    ["mp4", { width: 1920, height: 1080 }, "Video"],
    ["wav", { seconds: 28 }, "Audio"],
  ] as const)("accept %s %j as %s", async (format, params, type) => {
    expect(await verdict(format, params, type, FIRST_PUBLISHED_LIMITS)).not.toBe("ok");
    expect(await verdict(format, params, type, LATER_LIMITS)).toBe("ok");
  });

  it("still refuse 31 s of video", async () => {
    expect(await verdict("mp4", { seconds: 31 }, "Video", LATER_LIMITS)).toBe("DurationTooLong");
  });
});

describe("judgeByExtension (URLs the emulator cannot fetch)", () => {
  it.each([
    ["https://cdn.example.com/a/photo.JPG", "Image", undefined],
    ["https://cdn.example.com/clip.mov?sig=1", "Video", undefined],
    ["https://cdn.example.com/no-extension", "Image", undefined],
    ["https://cdn.example.com/file.xyz", "Audio", undefined],
    ["https://cdn.example.com/clip.mp4", "Image", "TypeMismatch"],
    ["https://cdn.example.com/song.flac", "Audio", "FormatUnsupported"],
    ["https://cdn.example.com/pic.avif", "Image", "FormatUnsupported"],
    ["https://cdn.example.com/doc.pdf", "Document", undefined],
  ] as const)("%s as %s → %s", (url, type, code) => {
    expect(judgeByExtension(url, type, FIRST_PUBLISHED_LIMITS)?.Code).toBe(code);
  });
});

describe("sources", () => {
  it("decodes data URIs and bare base64 (PNG assumed)", () => {
    const png = makeSample("png").data;
    const b64 = Buffer.from(png).toString("base64");
    expect(decodeInline(`data:image/png;base64,${b64}`)).toEqual({ data: Buffer.from(png), contentType: "image/png" });
    expect(decodeInline(b64)?.contentType).toBe("image/png");
    expect(Buffer.from(decodeInline(b64)!.data)).toEqual(Buffer.from(png));
    expect(decodeInline("not base64!")).toBeUndefined();
  });

  it("fetches only URLs on this machine", () => {
    expect(isLocalUrl("http://127.0.0.1:4010/x.png")).toBe(true);
    expect(isLocalUrl("http://localhost/x.png")).toBe(true);
    expect(isLocalUrl("http://[::1]:80/x.png")).toBe(true);
    expect(isLocalUrl("https://example.com/x.png")).toBe(false);
    expect(isLocalUrl("ftp://127.0.0.1/x.png")).toBe(false);
  });

  it("compares against open and closed ranges", () => {
    expect(compare(2, { min: 2, max: 15 })).toBe("ok");
    expect(compare(0.4, { min: 0.4, max: 2.5, exclusive: true })).toBe("TooSmall");
    expect(compare(2.5, { min: 0.4, max: 2.5, exclusive: true })).toBe("TooLarge");
  });
});

/**
 * The documented media limits of the asset library, as data. They have changed over time, so two published sets
 * are kept and any other can be passed in (`startEmulator({ limits })`).
 *
 * Source: ../../shared/notes/gateway-api.md "Limits" (first published limits: seed 004 "图像要求" for images,
 * seed 001 "支持的格式" for video and audio; the later, larger limits are reported by gateways and live users).
 */
import type { AssetType } from "../api.js";

/** A closed interval `[min, max]`, or open `(min, max)` when `exclusive`. Either end may be absent. */
export interface Range {
  min?: number;
  max?: number;
  exclusive?: boolean;
}

/** Container or codec formats by lower-case name as the checks report them (`jpeg`, `tiff`, `mp4`, `mov`, `mp3`…). */
export type Formats = readonly string[];

export interface ImageLimits {
  formats: Formats;
  /** Pixels, each side. */
  width: Range;
  height: Range;
  /** width / height. */
  aspectRatio: Range;
  /** File size in bytes. */
  bytes: Range;
}

export interface VideoLimits {
  formats: Formats;
  /** Seconds. */
  duration: Range;
  bytes: Range;
  /** Frames per second. */
  fps: Range;
  /** width × height. */
  pixels: Range;
}

export interface AudioLimits {
  formats: Formats;
  /** Seconds. */
  duration: Range;
  bytes: Range;
}

/** Limits per checked asset type. `Document` (GlobalAiOpc only) is not checked: no limits are published for it. */
export interface MediaLimits {
  image: ImageLimits;
  video: VideoLimits;
  audio: AudioLimits;
}

const MiB = 1024 * 1024;

/**
 * The first published limits: image jpeg/png/webp/bmp/tiff/gif/heic/heif, aspect ratio (0.4, 2.5), each side
 * (300, 6000) px, < 30 MB; video mp4/mov, 2–15 s, ≤ 50 MB, 24–60 fps, 409,600–927,408 px (480p/720p);
 * audio wav/mp3, 2–15 s, ≤ 15 MB. The default.
 */
export const FIRST_PUBLISHED_LIMITS: MediaLimits = {
  image: {
    formats: ["jpeg", "png", "webp", "bmp", "tiff", "gif", "heic", "heif"],
    width: { min: 300, max: 6000, exclusive: true },
    height: { min: 300, max: 6000, exclusive: true },
    aspectRatio: { min: 0.4, max: 2.5, exclusive: true },
    bytes: { max: 30 * MiB, exclusive: true },
  },
  video: {
    formats: ["mp4", "mov"],
    duration: { min: 2, max: 15 },
    bytes: { max: 50 * MiB },
    fps: { min: 24, max: 60 },
    pixels: { min: 409_600, max: 927_408 },
  },
  audio: {
    formats: ["wav", "mp3"],
    duration: { min: 2, max: 15 },
    bytes: { max: 15 * MiB },
  },
};

/** The later limits (gw/live): video up to 30 s and 200 MB, 407,696–8,295,044 px; audio up to 30 s. Images unchanged. */
export const LATER_LIMITS: MediaLimits = {
  image: FIRST_PUBLISHED_LIMITS.image,
  video: { ...FIRST_PUBLISHED_LIMITS.video, duration: { min: 2, max: 30 }, bytes: { max: 200 * MiB }, pixels: { min: 407_696, max: 8_295_044 } },
  audio: { ...FIRST_PUBLISHED_LIMITS.audio, duration: { min: 2, max: 30 } },
};

/** Named limit sets for options and the CLI (`--limits first|later`). */
export const LIMIT_SETS = { first: FIRST_PUBLISHED_LIMITS, later: LATER_LIMITS } as const;
export type LimitSetName = keyof typeof LIMIT_SETS;

/** Where a value falls against a range: inside, or below/above it. */
export function compare(value: number, range: Range): "ok" | "TooSmall" | "TooLarge" {
  if (range.min !== undefined && (range.exclusive ? value <= range.min : value < range.min)) return "TooSmall";
  if (range.max !== undefined && (range.exclusive ? value >= range.max : value > range.max)) return "TooLarge";
  return "ok";
}

/** `(0.4, 2.5)` or `[2, 15]`, for messages. */
export function formatRange(range: Range): string {
  const [open, close] = range.exclusive ? ["(", ")"] : ["[", "]"];
  return `${open}${range.min ?? "-∞"}, ${range.max ?? "∞"}${close}`;
}

/** The media category an asset type is checked as, or undefined for types without published limits. */
export function categoryOf(type: AssetType): keyof MediaLimits | undefined {
  return type === "Image" ? "image" : type === "Video" ? "video" : type === "Audio" ? "audio" : undefined;
}

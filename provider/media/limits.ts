/**
 * The published media limits of the asset library, as data. They have changed over time: three sets are in
 * circulation, each selectable by name (`seedance:mediaLimits`, `startEmulator({ limits })`, `--limits`), and each
 * gateway defaults to the newest set documented for it (DEFAULT_LIMIT_SET). Any other set can be passed in.
 *
 * | name | video | audio | source |
 * |---|---|---|---|
 * | `720p` (alias `first`) | 480p/720p, 2–15 s, 409,600–927,408 px, ≤ 50 MB | 2–15 s | the first published limits, e.g. docs.anyfast.ai/guides/model-api/bytedance/volc-asset "Supported formats", docs.agentsflare.com/api-examples/assets-api |
 * | `1080p` | 480p–1080p, 2–15 s, 409,600–2,086,876 px, ≤ 50 MB | 2–15 s | cloud.baidu.com/doc/qianfan-multimodal/s/ymryo7mgg (CreateAsset of a mirror of the native schema, updated 2026-07-27; list: …/s/Bmryomw71) |
 * | `4k` (alias `later`) | 480p–4K, 2–30 s, 407,696–8,295,044 px, ≤ 200 MB | 2–30 s | byteplus-sa/ark-mcp `plans/PLAN_MODELARK_ASSET_LIBRARY.md` "Asset file rules" (BytePlus docs 2318271); baudevs/OpenMontage `tools/video/_anyfast.py` ASSET_LIMITS (AIGC, live) |
 *
 * Every set: images jpeg/png/webp/bmp/tiff/gif/heic/heif, each side (300, 6000) px, width/height (0.4, 2.5),
 * < 30 MB; video mp4/mov, 24–60 fps, and — besides its pixel count — each side [300, 6000] px and width/height
 * [0.4, 2.5] (ark-mcp plan; the Baidu mirror); audio wav/mp3, ≤ 15 MB.
 */
import type { AssetType } from "../api.js";
import type { GatewayName } from "../gateways/dialect.js";
import { DIALECTS } from "../gateways/index.js";

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
  /** Pixels, each side. */
  width: Range;
  height: Range;
  /** width / height. */
  aspectRatio: Range;
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

const IMAGE_LIMITS: ImageLimits = {
  formats: ["jpeg", "png", "webp", "bmp", "tiff", "gif", "heic", "heif"],
  width: { min: 300, max: 6000, exclusive: true },
  height: { min: 300, max: 6000, exclusive: true },
  aspectRatio: { min: 0.4, max: 2.5, exclusive: true },
  bytes: { max: 30 * MiB, exclusive: true },
};

/** Video sides and aspect ratio, closed intervals in every set (ark-mcp plan; cloud.baidu.com …/ymryo7mgg). */
const VIDEO_SHAPE = {
  width: { min: 300, max: 6000 },
  height: { min: 300, max: 6000 },
  aspectRatio: { min: 0.4, max: 2.5 },
} as const satisfies Pick<VideoLimits, "width" | "height" | "aspectRatio">;

/**
 * The first published limits (`720p`): video mp4/mov 480p/720p, 2–15 s, ≤ 50 MB, 24–60 fps,
 * 409,600–927,408 px; audio wav/mp3, 2–15 s, ≤ 15 MB.
 */
export const FIRST_PUBLISHED_LIMITS: MediaLimits = {
  image: IMAGE_LIMITS,
  video: {
    formats: ["mp4", "mov"],
    duration: { min: 2, max: 15 },
    bytes: { max: 50 * MiB },
    fps: { min: 24, max: 60 },
    pixels: { min: 409_600, max: 927_408 },
    ...VIDEO_SHAPE,
  },
  audio: {
    formats: ["wav", "mp3"],
    duration: { min: 2, max: 15 },
    bytes: { max: 15 * MiB },
  },
};

/** The 1080p set (cloud.baidu.com/doc/qianfan-multimodal/s/ymryo7mgg, 2026-07-27): pixels up to 2,086,876; else as the first. */
export const LIMITS_1080P: MediaLimits = {
  image: IMAGE_LIMITS,
  video: { ...FIRST_PUBLISHED_LIMITS.video, pixels: { min: 409_600, max: 2_086_876 } },
  audio: FIRST_PUBLISHED_LIMITS.audio,
};

/** The 4K set (BytePlus via ark-mcp; OpenMontage live): video up to 30 s and 200 MB, 407,696–8,295,044 px; audio up to 30 s. */
export const LATER_LIMITS: MediaLimits = {
  image: IMAGE_LIMITS,
  video: { ...FIRST_PUBLISHED_LIMITS.video, duration: { min: 2, max: 30 }, bytes: { max: 200 * MiB }, pixels: { min: 407_696, max: 8_295_044 } },
  audio: { ...FIRST_PUBLISHED_LIMITS.audio, duration: { min: 2, max: 30 } },
};

/** The 4K set under its descriptive name (the same object as LATER_LIMITS). */
export const LIMITS_4K: MediaLimits = LATER_LIMITS;

/**
 * Named limit sets for configuration and the CLI: `720p`, `1080p`, `4k` (see the module comment), and the older
 * names `first` (= `720p`) and `later` (= `4k`).
 */
export const LIMIT_SETS = { "720p": FIRST_PUBLISHED_LIMITS, "1080p": LIMITS_1080P, "4k": LIMITS_4K, first: FIRST_PUBLISHED_LIMITS, later: LIMITS_4K } as const;
export type LimitSetName = keyof typeof LIMIT_SETS;
/** The names of LIMIT_SETS, for messages and schemas. */
export const LIMIT_SET_NAMES = Object.keys(LIMIT_SETS) as LimitSetName[];

/**
 * The set each gateway applies when none is configured: the newest documented for it, declared (with its source)
 * by the gateway's dialect (`Dialect.defaults.limitSet`).
 */
export const DEFAULT_LIMIT_SET: Readonly<Record<GatewayName, Exclude<LimitSetName, "first" | "later">>> = Object.fromEntries(
  DIALECTS.map((dialect) => [dialect.name, dialect.defaults.limitSet]),
) as Record<GatewayName, Exclude<LimitSetName, "first" | "later">>;

/** The limit set in force: the configured name, else the gateway's default (DEFAULT_LIMIT_SET). */
export function limitSetFor(configured: LimitSetName | undefined, gateway: GatewayName): LimitSetName {
  return configured ?? DEFAULT_LIMIT_SET[gateway];
}

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

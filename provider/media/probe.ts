/**
 * Media checks: what the real service does while an asset is `Processing` — read the file, recognise its format,
 * measure it and compare against the limits (./limits.ts) — ending in `Active` or `Failed` with an `Error.Code`
 * (used by the emulator while an asset processes, and by the resources' `check` on local files before upload)
 * from the documented list of Failed-asset codes (DownloadFailed, TypeMismatch, FormatUnsupported,
 * DurationTooShort/TooLong, WidthTooSmall/TooLarge, HeightTooSmall/TooLarge, AspectRatioTooSmall/TooLarge,
 * FileSizeTooLarge, PixelCountTooSmall/TooLarge, FpsTooLow/TooHigh; e.g. `[***.PixelCountTooSmall]` in
 * baudevs/OpenMontage `tools/video/_anyfast.py`). Video is bounded by its pixel count, each side and its aspect
 * ratio (byteplus-sa/ark-mcp `plans/PLAN_MODELARK_ASSET_LIBRARY.md`; cloud.baidu.com/doc/qianfan-multimodal/s/ymryo7mgg).
 *
 * Formats are recognised from the bytes by `file-type`; images are measured by `image-size`, MP4/MOV by `mp4box`
 * (duration, track size, frame rate), WAV/MP3 by `music-metadata`. When the bytes cannot be read (a URL on another
 * host) the judgement is by the URL's extension only (see judgeByExtension).
 */
import { imageSize } from "image-size";
import { createFile, MP4BoxBuffer, type Movie } from "mp4box";
import type { AssetType } from "../api.js";
import { categoryOf, compare, formatRange, type MediaLimits, type Range } from "./limits.js";

/** The processing error of a Failed asset, as GetAsset returns it. */
export interface AssetError {
  Code: string;
  Message: string;
}

export type MediaCategory = "image" | "video" | "audio";

/** What was recognised and measured in a file. Absent measurements could not be read. */
export interface MediaProbe {
  category: MediaCategory | "other";
  /** Lower-case format name as the limits list them (`jpeg`, `tiff`, `heic`, `mp4`, `mov`, `wav`, `mp3`, …). */
  format: string;
  contentType: string;
  bytes: number;
  width?: number;
  height?: number;
  /** Seconds. */
  duration?: number;
  fps?: number;
}

/** file-type extension → the format name the limits use. */
const FORMAT_ALIASES: Readonly<Record<string, string>> = { jpg: "jpeg", tif: "tiff", qt: "mov" };

/**
 * Recognises and measures a file. Undefined when the format is not recognised at all.
 * Never throws: a file whose headers cannot be parsed comes back without measurements.
 */
export async function probeMedia(data: Uint8Array): Promise<MediaProbe | undefined> {
  const { fileTypeFromBuffer } = await import("file-type");
  const type = await fileTypeFromBuffer(data);
  if (!type) return undefined;
  let format = FORMAT_ALIASES[type.ext] ?? type.ext;
  if (type.mime === "image/heif" || type.mime === "image/heif-sequence") format = "heif";
  const top = type.mime.split("/")[0];
  const category: MediaProbe["category"] = top === "image" || top === "video" || top === "audio" ? top : "other";
  const probe: MediaProbe = { category, format, contentType: type.mime, bytes: data.byteLength };
  try {
    if (category === "image") Object.assign(probe, measureImage(data));
    else if (category === "video") Object.assign(probe, measureIsoVideo(data));
    else if (category === "audio") Object.assign(probe, await measureAudio(data, type.mime));
  } catch {
    // Unreadable headers: reported as missing measurements, judged FormatUnsupported by checkMedia.
  }
  return probe;
}

function measureImage(data: Uint8Array): Partial<MediaProbe> {
  const size = imageSize(data);
  // EXIF orientations 5–8 swap the displayed sides.
  const swapped = size.orientation !== undefined && size.orientation >= 5;
  return swapped ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
}

function measureIsoVideo(data: Uint8Array): Partial<MediaProbe> {
  const file = createFile();
  let movie: Movie | undefined;
  file.onReady = (info) => {
    movie = info;
  };
  const copy = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, 0), true);
  file.flush();
  if (!movie) return {};
  const track = movie.videoTracks[0];
  const out: Partial<MediaProbe> = {};
  if (movie.timescale > 0) out.duration = movie.duration / movie.timescale;
  if (track) {
    out.width = track.video?.width ?? track.track_width;
    out.height = track.video?.height ?? track.track_height;
    if (track.samples_duration > 0 && track.timescale > 0) out.fps = (track.nb_samples * track.timescale) / track.samples_duration;
  }
  return out;
}

async function measureAudio(data: Uint8Array, mimeType: string): Promise<Partial<MediaProbe>> {
  const { parseBuffer } = await import("music-metadata");
  const meta = await parseBuffer(data, { mimeType, size: data.byteLength }, { duration: true, skipCovers: true });
  return meta.format.duration !== undefined ? { duration: meta.format.duration } : {};
}

const MEASURE_NAMES: Readonly<Record<string, { name: string; unit: string; low: string; high: string }>> = {
  bytes: { name: "FileSize", unit: " bytes", low: "TooSmall", high: "TooLarge" },
  width: { name: "Width", unit: " px", low: "TooSmall", high: "TooLarge" },
  height: { name: "Height", unit: " px", low: "TooSmall", high: "TooLarge" },
  aspectRatio: { name: "AspectRatio", unit: "", low: "TooSmall", high: "TooLarge" },
  duration: { name: "Duration", unit: " s", low: "TooShort", high: "TooLong" },
  pixels: { name: "PixelCount", unit: " px", low: "TooSmall", high: "TooLarge" },
  fps: { name: "Fps", unit: " fps", low: "TooLow", high: "TooHigh" },
};

function checkRange(measure: keyof typeof MEASURE_NAMES, value: number | undefined, range: Range): AssetError | undefined {
  if (value === undefined) return undefined;
  const verdict = compare(value, range);
  if (verdict === "ok") return undefined;
  const m = MEASURE_NAMES[measure]!;
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/0+$/, "");
  return {
    Code: `${m.name}${verdict === "TooSmall" ? m.low : m.high}`,
    Message: `${m.name} ${shown}${m.unit} is outside the allowed range ${formatRange(range)}${m.unit}.`,
  };
}

/**
 * The verdict on a probed file for a declared asset type: undefined when it may become Active, else the error
 * the asset fails with. Checks run in the order format, size, then dimensions/duration/rate; the first failure wins.
 */
export function judgeMedia(probe: MediaProbe | undefined, assetType: AssetType, limits: MediaLimits): AssetError | undefined {
  const category = categoryOf(assetType);
  if (!category) return undefined; // Document: no published limits.
  if (!probe) return { Code: "FormatUnsupported", Message: `The file's format is not recognised; a ${assetType} must be one of ${limits[category].formats.join(", ")}.` };
  if (probe.category !== "other" && probe.category !== category) {
    return { Code: "TypeMismatch", Message: `The file is ${probe.category} (${probe.format}) but AssetType is ${assetType}.` };
  }
  if (!limits[category].formats.includes(probe.format)) {
    return { Code: "FormatUnsupported", Message: `Format ${probe.format} is not supported for ${assetType}; use one of ${limits[category].formats.join(", ")}.` };
  }
  const unreadable = (what: string): AssetError => ({ Code: "FormatUnsupported", Message: `The ${what} of the ${probe.format} file could not be read.` });
  if (category === "image") {
    const l = limits.image;
    if (probe.width === undefined || probe.height === undefined) return unreadable("dimensions");
    return (
      checkRange("bytes", probe.bytes, l.bytes) ??
      checkRange("width", probe.width, l.width) ??
      checkRange("height", probe.height, l.height) ??
      checkRange("aspectRatio", probe.width / probe.height, l.aspectRatio)
    );
  }
  if (category === "video") {
    const l = limits.video;
    if (probe.duration === undefined || probe.width === undefined || probe.height === undefined) return unreadable("duration or dimensions");
    // Pixel count before sides and ratio, in the order of a live-tested client's checks (baudevs/OpenMontage
    // `tools/video/_anyfast.py` validate_asset_file); which the real service reports first is not documented.
    return (
      checkRange("bytes", probe.bytes, l.bytes) ??
      checkRange("duration", probe.duration, l.duration) ??
      checkRange("pixels", probe.width * probe.height, l.pixels) ??
      checkRange("width", probe.width, l.width) ??
      checkRange("height", probe.height, l.height) ??
      checkRange("aspectRatio", probe.width / probe.height, l.aspectRatio) ??
      checkRange("fps", probe.fps, l.fps)
    );
  }
  const l = limits.audio;
  if (probe.duration === undefined) return unreadable("duration");
  return checkRange("bytes", probe.bytes, l.bytes) ?? checkRange("duration", probe.duration, l.duration);
}

/** Checks bytes end to end: probe, then judge. Returns the probe too (for the content type the object is served with). */
export async function checkMedia(data: Uint8Array, assetType: AssetType, limits: MediaLimits): Promise<{ probe?: MediaProbe; error?: AssetError }> {
  const probe = await probeMedia(data);
  const error = judgeMedia(probe, assetType, limits);
  return { ...(probe ? { probe } : {}), ...(error ? { error } : {}) };
}

/** Extensions the emulator knows, with their category and format name. */
const EXTENSIONS: Readonly<Record<string, { category: MediaCategory; format: string }>> = {
  jpg: { category: "image", format: "jpeg" },
  jpeg: { category: "image", format: "jpeg" },
  png: { category: "image", format: "png" },
  webp: { category: "image", format: "webp" },
  bmp: { category: "image", format: "bmp" },
  tif: { category: "image", format: "tiff" },
  tiff: { category: "image", format: "tiff" },
  gif: { category: "image", format: "gif" },
  heic: { category: "image", format: "heic" },
  heif: { category: "image", format: "heif" },
  avif: { category: "image", format: "avif" },
  svg: { category: "image", format: "svg" },
  ico: { category: "image", format: "ico" },
  mp4: { category: "video", format: "mp4" },
  mov: { category: "video", format: "mov" },
  m4v: { category: "video", format: "m4v" },
  avi: { category: "video", format: "avi" },
  mkv: { category: "video", format: "mkv" },
  webm: { category: "video", format: "webm" },
  flv: { category: "video", format: "flv" },
  wmv: { category: "video", format: "wmv" },
  wav: { category: "audio", format: "wav" },
  mp3: { category: "audio", format: "mp3" },
  flac: { category: "audio", format: "flac" },
  aac: { category: "audio", format: "aac" },
  m4a: { category: "audio", format: "m4a" },
  ogg: { category: "audio", format: "ogg" },
  opus: { category: "audio", format: "opus" },
};

/**
 * The verdict on a URL the emulator cannot fetch (any host but this machine): by the extension of its path only.
 * A known extension of another category → TypeMismatch; a known but unsupported format → FormatUnsupported;
 * no or an unknown extension → accepted (the real service would fetch it; the emulator cannot know better).
 */
export function judgeByExtension(url: string, assetType: AssetType, limits: MediaLimits): AssetError | undefined {
  const category = categoryOf(assetType);
  if (!category) return undefined;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return { Code: "DownloadFailed", Message: `${url} is not a URL.` };
  }
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  const known = ext ? EXTENSIONS[ext] : undefined;
  if (!known) return undefined;
  if (known.category !== category) return { Code: "TypeMismatch", Message: `The URL names a ${known.category} file (.${ext}) but AssetType is ${assetType}.` };
  if (!limits[category].formats.includes(known.format)) {
    return { Code: "FormatUnsupported", Message: `Format ${known.format} is not supported for ${assetType}; use one of ${limits[category].formats.join(", ")}.` };
  }
  return undefined;
}


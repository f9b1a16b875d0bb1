/**
 * An asset's source: a public URL the gateway fetches, or a local file this provider uploads.
 *
 * A URL is judged by its extension only (a `.mp4` declared as an Image fails check); the gateway checks the content.
 * Local files are read and checked in `check` — before anything is sent — against the published media limits
 * (../media/limits.ts, measured by ../media/probe.ts: format by magic bytes, size, image dimensions and
 * aspect ratio, video duration, pixels and frame rate, audio duration), and content-hashed, so a changed file is a
 * new asset. At create time the file travels the way the gateway takes it (Capabilities.uploads: multipart, then a
 * `data:` URI, then bare base64); a gateway that only fetches URLs gets a clear error instead.
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { AssetType, RequestOf } from "../api.js";
import type { Capabilities, GatewayName } from "../gateways/dialect.js";
import { createAssetViolations, localUploadKind } from "../gateways/create-asset-rules.js";
import { DIALECTS } from "../gateways/index.js";
import { categoryOf, formatRange, LIMIT_SETS, type LimitSetName, type MediaLimits } from "../media/limits.js";
import { judgeByExtension, judgeMedia, probeMedia, type AssetError, type MediaProbe } from "../media/probe.js";
import type { CheckedSource } from "./asset-spec.js";
import { UNKNOWN } from "./diff.js";

export { sourceIdentity, type CheckedSource, type SourceArgs } from "./asset-spec.js";

/** How a local file travels: the shared CreateAsset rules (../gateways/create-asset-rules.ts). */
export { LOCAL_UPLOAD_PREFERENCE, localUploadKind } from "../gateways/create-asset-rules.js";

/** The gateways that take a local file (from the registry), for messages. */
function uploadingGateways(): GatewayName[] {
  return DIALECTS.filter((d) => localUploadKind(d.capabilities)).map((d) => d.name);
}

/** A problem with the source, as a check failure: `field` is `source.url` or `source.file`. */
export interface SourceProblem {
  field: "source" | "source.url" | "source.file";
  reason: string;
}

/** Options of checkSource. */
export interface CheckSourceOptions {
  assetType: AssetType | typeof UNKNOWN;
  /** The gateway and its capabilities; when unknown (no usable configuration) the upload check is skipped. */
  gateway?: GatewayName;
  capabilities?: Capabilities;
  /** Which published limits to apply, or `off`. */
  mediaLimits: LimitSetName | "off";
  /** Base of relative paths; default the working directory (the Pulumi project directory). */
  cwd?: string;
}

/**
 * Validates a source and, for a file, hashes it. Unknown parts (preview) are passed through unchecked.
 * Returns the checked source, or the problems found (each with the rule and the fix).
 */
export async function checkSource(input: unknown, options: CheckSourceOptions): Promise<{ source: CheckedSource; problems: SourceProblem[] }> {
  if (input === UNKNOWN) return { source: input as unknown as CheckedSource, problems: [] };
  const problems: SourceProblem[] = [];
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { source: {}, problems: [{ field: "source", reason: "must be an object with either url or file. Fix: set source: { url: \"https://…\" } or source: { file: \"./media/…\" }." }] };
  }
  const { url, file } = input as Record<string, unknown>;
  const unknownKeys = Object.keys(input).filter((k) => k !== "url" && k !== "file" && k !== "sha256");
  if (unknownKeys.length) problems.push({ field: "source", reason: `has unknown keys ${unknownKeys.join(", ")}. Fix: keep only url or file.` });
  if ((url === undefined) === (file === undefined)) {
    problems.push({ field: "source", reason: "needs exactly one of url and file. Fix: set source.url to a public https URL, or source.file to a local path." });
    return { source: {}, problems };
  }
  if (url !== undefined) {
    if (url !== UNKNOWN) {
      const problem = checkUrl(url);
      if (problem) problems.push({ field: "source.url", reason: problem });
      else if (options.assetType !== UNKNOWN && options.mediaLimits !== "off") {
        // Only the URL's extension can be judged here; the gateway checks the content after downloading it.
        const limits = LIMIT_SETS[options.mediaLimits];
        const error = judgeByExtension(url as string, options.assetType, limits);
        if (error) problems.push({ field: "source.url", reason: `${error.Message} (${error.Code}). Fix: ${fixFor(error, options.assetType, limits)}` });
      }
    }
    return { source: { url: url as string }, problems };
  }
  if (file === UNKNOWN) return { source: { file: UNKNOWN, sha256: UNKNOWN }, problems };
  if (typeof file !== "string" || file.length === 0) {
    problems.push({ field: "source.file", reason: "must be a non-empty path. Fix: set source.file to a path relative to the Pulumi project, e.g. ./media/hero.png." });
    return { source: {}, problems };
  }
  const refused = options.capabilities ? createAssetViolations(options.gateway ?? "this gateway", options.capabilities, { hasGroup: options.capabilities.groups, media: "localFile" })[0] : undefined;
  if (refused) {
    problems.push({
      field: "source.file",
      reason: `${refused.problem}. Fix: upload ${file} to public storage (https) and set source.url instead, or use a gateway that takes uploads (${uploadingGateways().join(", ")}).`,
    });
    return { source: { file }, problems };
  }
  const path = resolve(options.cwd ?? process.cwd(), file);
  let read: ReadFile;
  try {
    read = await readChecked(path);
  } catch (error) {
    problems.push({ field: "source.file", reason: `cannot read ${path}: ${(error as Error).message}. Fix: correct the path (relative paths start at the Pulumi project directory).` });
    return { source: { file }, problems };
  }
  const { sha256, probe } = read;
  if (options.assetType !== UNKNOWN && options.mediaLimits !== "off") {
    const limits = LIMIT_SETS[options.mediaLimits];
    const error = judgeMedia(probe, options.assetType, limits);
    if (error) problems.push({ field: "source.file", reason: `${file}: ${error.Message} (${error.Code}). Fix: ${fixFor(error, options.assetType, limits)}` });
  }
  return { source: { file, sha256 }, problems };
}

interface ReadFile {
  sha256: string;
  probe: MediaProbe | undefined;
}

/** Hash and probe by path, size and modification time: previews of big libraries read each file once per process. */
const readCache = new Map<string, ReadFile>();

async function readChecked(path: string): Promise<ReadFile> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error("not a regular file");
  const key = `${path}\u0000${info.size}\u0000${info.mtimeMs}`;
  let entry = readCache.get(key);
  if (!entry) {
    const data = await readFile(path);
    entry = { sha256: createHash("sha256").update(data).digest("hex"), probe: await probeMedia(data) };
    readCache.set(key, entry);
  }
  return entry;
}

/** A URL the gateway can fetch: https; http only for this machine (the emulator fetches local URLs itself). */
function checkUrl(url: unknown): string | undefined {
  if (typeof url !== "string") return "must be a string. Fix: set source.url to a public https URL.";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL. Fix: set source.url to a public https URL such as https://example.com/hero.png.`;
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol === "https:" || (parsed.protocol === "http:" && loopback)) return undefined;
  return `must be an https URL the gateway can download, got ${parsed.protocol}//… Fix: serve the media over https, or use source.file for a local file.`;
}

/** The next step for a media check failure, by its Error.Code. */
export function fixFor(error: AssetError, assetType: AssetType, limits: MediaLimits): string {
  const category = categoryOf(assetType);
  const code = error.Code;
  if (code === "TypeMismatch") return `set assetType to match the file, or choose a ${assetType.toLowerCase()} file.`;
  if (code === "FormatUnsupported") return category ? `convert it to one of ${limits[category].formats.join(", ")}.` : "use a supported format.";
  if (code.startsWith("FileSize")) return "compress it or lower its resolution until it fits.";
  const shape = category === "video" ? limits.video : limits.image;
  if (code.startsWith("Width") || code.startsWith("Height")) return `resize it so each side is within ${formatRange(shape.width)} px.`;
  if (code.startsWith("AspectRatio")) return `crop or pad it to a width/height ratio within ${formatRange(shape.aspectRatio)}.`;
  if (code.startsWith("Duration") && category && category !== "image") return `trim or extend it to ${formatRange(limits[category].duration)} seconds.`;
  if (code.startsWith("PixelCount")) return `scale it so width × height is within ${formatRange(limits.video.pixels)} pixels, e.g. 854x480 or 1280x720 (seedance:mediaLimits selects the published set).`;
  if (code.startsWith("Fps")) return `re-encode it at a frame rate within ${formatRange(limits.video.fps)} fps.`;
  return "replace the file with one within the documented limits.";
}

/** The media part of a CreateAsset request for a source: `URL`, or a local file as `File` / data URI / base64. */
export type SourcePayload = Pick<RequestOf<"CreateAsset">, "URL" | "File">;

/**
 * Reads a checked local file again and encodes it the way the gateway takes it.
 * @throws Error when the file is gone or changed since check (its SHA-256 differs), or the gateway takes no uploads.
 */
export async function sourcePayload(source: CheckedSource, capabilities: Capabilities, gateway: GatewayName, cwd = process.cwd()): Promise<SourcePayload> {
  if (source.url !== undefined) return { URL: source.url };
  const kind = localUploadKind(capabilities);
  if (!kind || source.file === undefined) throw new Error(`${gateway} cannot take a local file (${source.file}): set source.url to a public https URL instead.`);
  const data = await readFile(resolve(cwd, source.file));
  const sha256 = createHash("sha256").update(data).digest("hex");
  if (source.sha256 && sha256 !== source.sha256) {
    throw new Error(`${source.file} changed after it was checked (SHA-256 ${sha256.slice(0, 12)}… instead of ${source.sha256.slice(0, 12)}…). Run \`pulumi up\` again.`);
  }
  const contentType = (await probeMedia(data))?.contentType ?? "application/octet-stream";
  if (kind === "multipart") return { File: { fileName: basename(source.file), contentType, data } };
  const base64 = Buffer.from(data).toString("base64");
  return { URL: kind === "dataUri" ? `data:${contentType};base64,${base64}` : base64 };
}

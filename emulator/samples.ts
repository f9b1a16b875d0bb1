/**
 * Tiny but structurally valid media files of chosen size, dimensions, duration and frame rate, so tests, Pact
 * provider states and demos can drive the emulator's media checks (../provider/media/probe.ts) without shipping binary fixtures.
 * The pixels and samples are blank: only the headers the checks read are meaningful.
 *
 * Served by the emulator at `GET /_emulator/samples/<kind>.<ext>?width=&height=&seconds=&fps=&padBytes=` (./admin.ts),
 * so a CreateAsset `URL` pointing there exercises the real fetch-and-check path.
 *
 * Every sample is bounded (SAMPLE_BOUNDS: enough to go past every published limit, never enough to exhaust the
 * process) and described as *parts* — literal bytes, or a run of one repeated byte — so the server streams even the
 * largest one in 1 MiB chunks instead of building it in memory. A 16384 × 16384 PNG is a few hundred kB of deflate
 * blocks that repeat, never a 268 MB pixel buffer.
 */
import { crc32, deflateRawSync, constants as zlibConstants } from "node:zlib";

/** A generated file with the content type it is served with. */
export interface SampleFile {
  contentType: string;
  data: Uint8Array<ArrayBuffer>;
}

/** A piece of a sample: literal bytes, or `count` copies of the byte `fill`. */
export type SamplePart = Uint8Array | { fill: number; count: number };

/** A sample described by its parts, to stream (`chunks()`) without holding it whole. */
export interface SampleStream {
  contentType: string;
  /** Total size in bytes (the Content-Length). */
  byteLength: number;
  /** The bytes in order, in chunks of at most 1 MiB; runs of one byte share one buffer. */
  chunks(): Generator<Uint8Array>;
}

/** The kinds of sample the emulator can make, by file extension. */
export const SAMPLE_FORMATS = ["png", "gif", "bmp", "wav", "mp3", "mp4", "mov"] as const;
export type SampleFormat = (typeof SAMPLE_FORMATS)[number];

const MiB = 1024 * 1024;

/**
 * Upper bounds of sample parameters. Each is well past the largest published limit (images < 6000 px a side and
 * < 30 MB, video and audio ≤ 30 s, video ≤ 60 fps and ≤ 200 MB — ../provider/media/limits.ts), so every "too large"
 * outcome can be driven, and far below what could exhaust the emulator.
 */
export const SAMPLE_BOUNDS = {
  /** Pixels per side (images and video); the header fields of GIF, BMP and the video sample entry hold 16 bits. */
  side: 16_384,
  /** Seconds of audio or video. */
  seconds: 120,
  /** Frames per second. */
  fps: 240,
  /** Extra bytes (`padBytes`): 256 MiB, past the later 200 MB video limit. */
  padBytes: 256 * MiB,
} as const;

/** A sample parameter out of its bounds; `parameter` names it, the message says the rule. */
export class SampleParameterError extends Error {
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super(message);
    this.name = "SampleParameterError";
    this.parameter = parameter;
  }
}

/** Parameters of a sample; each kind reads the ones it needs. Defaults make a file that passes the first published limits. */
export interface SampleParams {
  /** Pixels, an integer 1–16384; default 640 (images), 640 (video). */
  width?: number;
  /** Pixels, an integer 1–16384; default 480 (images), 640 (video: 640×640 = 409,600 px, the 480p minimum). */
  height?: number;
  /** Duration in seconds (audio, video), 0–120; default 3. */
  seconds?: number;
  /** Frames per second (video), above 0 and at most 240; default 24. */
  fps?: number;
  /** Extra zero bytes (integer, 0–256 MiB) appended (images) or in the media payload (audio, video), to test size limits. */
  padBytes?: number;
}

/**
 * Checks sample parameters against SAMPLE_BOUNDS.
 * @throws SampleParameterError naming the first parameter out of bounds, its rule and its value.
 */
export function checkSampleParams(params: SampleParams): void {
  const rule = (name: keyof SampleParams, ok: (v: number) => boolean, text: string) => {
    const v = params[name];
    if (v !== undefined && !(Number.isFinite(v) && ok(v))) throw new SampleParameterError(name, `${name} must be ${text}; got ${v}.`);
  };
  const side = (v: number) => Number.isInteger(v) && v >= 1 && v <= SAMPLE_BOUNDS.side;
  rule("width", side, `an integer from 1 to ${SAMPLE_BOUNDS.side} (pixels)`);
  rule("height", side, `an integer from 1 to ${SAMPLE_BOUNDS.side} (pixels)`);
  rule("seconds", (v) => v >= 0 && v <= SAMPLE_BOUNDS.seconds, `from 0 to ${SAMPLE_BOUNDS.seconds} (seconds)`);
  rule("fps", (v) => v > 0 && v <= SAMPLE_BOUNDS.fps, `above 0 and at most ${SAMPLE_BOUNDS.fps} (frames per second)`);
  rule("padBytes", (v) => Number.isInteger(v) && v >= 0 && v <= SAMPLE_BOUNDS.padBytes, `an integer from 0 to ${SAMPLE_BOUNDS.padBytes} (bytes)`);
}

/**
 * A sample of `format` as a stream (see SampleParams for defaults).
 * @throws SampleParameterError when a parameter is out of SAMPLE_BOUNDS.
 */
export function sampleStream(format: SampleFormat, params: SampleParams = {}): SampleStream {
  checkSampleParams(params);
  const { contentType, parts } = sampleParts(format, params);
  return { contentType, byteLength: parts.reduce((n, p) => n + partLength(p), 0), chunks: () => chunksOf(parts) };
}

/**
 * A sample of `format`, whole in memory (see SampleParams for defaults) — for tests and fixtures; the server streams.
 * @throws SampleParameterError when a parameter is out of SAMPLE_BOUNDS.
 */
export function makeSample(format: SampleFormat, params: SampleParams = {}): SampleFile {
  const stream = sampleStream(format, params);
  return { contentType: stream.contentType, data: Buffer.concat([...stream.chunks()]) };
}

function sampleParts(format: SampleFormat, params: SampleParams): { contentType: string; parts: SamplePart[] } {
  switch (format) {
    case "png":
      return { contentType: "image/png", parts: png(params.width ?? 640, params.height ?? 480, params.padBytes) };
    case "gif":
      return { contentType: "image/gif", parts: gif(params.width ?? 640, params.height ?? 480, params.padBytes) };
    case "bmp":
      return { contentType: "image/bmp", parts: bmp(params.width ?? 640, params.height ?? 480, params.padBytes) };
    case "wav":
      return { contentType: "audio/wav", parts: wav(params.seconds ?? 3, params.padBytes) };
    case "mp3":
      return { contentType: "audio/mpeg", parts: mp3(params.seconds ?? 3) };
    case "mp4":
    case "mov":
      return {
        contentType: format === "mp4" ? "video/mp4" : "video/quicktime",
        parts: isoVideo({
          brand: format === "mp4" ? "isom" : "qt  ",
          width: params.width ?? 640,
          height: params.height ?? 640,
          seconds: params.seconds ?? 3,
          fps: params.fps ?? 24,
          padBytes: params.padBytes ?? 0,
        }),
      };
  }
}

/** Whether a string names a sample format. */
export function isSampleFormat(value: string): value is SampleFormat {
  return (SAMPLE_FORMATS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------- parts

const CHUNK = MiB;
const runBuffers = new Map<number, Buffer>();
/** One shared 1 MiB buffer per fill byte (read-only by convention). */
function runBuffer(fill: number): Buffer {
  let b = runBuffers.get(fill);
  if (!b) runBuffers.set(fill, (b = Buffer.alloc(CHUNK, fill)));
  return b;
}

function partLength(p: SamplePart): number {
  return p instanceof Uint8Array ? p.byteLength : p.count;
}

function* chunksOf(parts: readonly SamplePart[]): Generator<Uint8Array> {
  for (const p of parts) {
    if (p instanceof Uint8Array) {
      for (let at = 0; at < p.byteLength; at += CHUNK) yield p.subarray(at, Math.min(p.byteLength, at + CHUNK));
      continue;
    }
    const run = runBuffer(p.fill);
    for (let left = p.count; left > 0; left -= CHUNK) yield left >= CHUNK ? run : run.subarray(0, left);
  }
}

/** CRC-32 over parts, without joining them. */
function crcOf(parts: readonly SamplePart[]): number {
  let crc = 0;
  for (const chunk of chunksOf(parts)) crc = crc32(chunk, crc);
  return crc;
}

// ---------------------------------------------------------------------------------------------- images

/**
 * A grayscale PNG; `padBytes` go into an ancillary chunk so the file stays valid. The pixel data (all zero) is a
 * zlib stream of repeated raw-deflate blocks: one block of 1 MiB of zeros, sync-flushed so it ends byte-aligned and
 * can be repeated, then a final block for the rest and the Adler-32 of n zeros (a = 1, b = n mod 65521).
 */
export function png(width: number, height: number, padBytes = 0): SamplePart[] {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const rawBytes = (width + 1) * height; // filter byte 0 + one byte per pixel, all black
  const parts: SamplePart[] = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...pngChunk("IHDR", [ihdr]), ...pngChunk("IDAT", zerosZlib(rawBytes))];
  if (padBytes > 0) parts.push(...pngChunk("zzPd", [{ fill: 0, count: padBytes }]));
  parts.push(...pngChunk("IEND", []));
  return parts;
}

let zeroBlock: Buffer | undefined;
function zerosZlib(n: number): SamplePart[] {
  zeroBlock ??= deflateRawSync(Buffer.alloc(CHUNK), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const whole = Math.floor(n / CHUNK);
  const parts: SamplePart[] = [Buffer.from([0x78, 0x01])];
  for (let i = 0; i < whole; i++) parts.push(zeroBlock);
  parts.push(deflateRawSync(Buffer.alloc(n - whole * CHUNK)));
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((n % 65521) << 16) | 1) >>> 0, 0);
  parts.push(adler);
  return parts;
}

function pngChunk(type: string, data: SamplePart[]): SamplePart[] {
  const length = data.reduce((n, p) => n + partLength(p), 0);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crcOf([head.subarray(4), ...data]), 0);
  return [head, ...data, crc];
}

/** A GIF89a header and logical screen with an empty image (the checks read only the screen size). */
export function gif(width: number, height: number, padBytes = 0): SamplePart[] {
  const head = Buffer.alloc(13);
  head.write("GIF89a", 0, "latin1");
  head.writeUInt16LE(width, 6);
  head.writeUInt16LE(height, 8);
  const image = Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00]);
  return [head, image, { fill: 0, count: padBytes }, Buffer.from([0x3b])];
}

/** A BMP header (BITMAPINFOHEADER, 24 bit) without pixel data beyond `padBytes`. */
export function bmp(width: number, height: number, padBytes = 0): SamplePart[] {
  const b = Buffer.alloc(54);
  b.write("BM", 0, "latin1");
  b.writeUInt32LE(54 + padBytes, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  return [b, { fill: 0, count: padBytes }];
}

// ---------------------------------------------------------------------------------------------- audio

/** PCM WAV, 8 kHz mono 8 bit, silent. */
export function wav(seconds: number, padBytes = 0): SamplePart[] {
  const rate = 8000;
  const dataBytes = Math.round(seconds * rate) + padBytes;
  const b = Buffer.alloc(44);
  b.write("RIFF", 0, "latin1");
  b.writeUInt32LE(36 + dataBytes, 4);
  b.write("WAVEfmt ", 8, "latin1");
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate, 28); // byte rate
  b.writeUInt16LE(1, 32); // block align
  b.writeUInt16LE(8, 34); // bits per sample
  b.write("data", 36, "latin1");
  b.writeUInt32LE(dataBytes, 40);
  return [b, { fill: 0x80, count: dataBytes }];
}

/** MPEG-1 Layer III frames, 128 kbit/s, 44.1 kHz, mono, silent (1152 samples per 417-byte frame). */
export function mp3(seconds: number): SamplePart[] {
  const frames = Math.max(1, Math.round((seconds * 44100) / 1152));
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0xc4]);
  return [Buffer.concat(Array.from({ length: frames }, () => frame))];
}

// ---------------------------------------------------------------------------------------------- video

interface IsoVideo {
  brand: "isom" | "qt  ";
  width: number;
  height: number;
  seconds: number;
  fps: number;
  padBytes: number;
}

/**
 * An ISO-BMFF (MP4) or QuickTime (MOV) file with one H.264 video track of `seconds × fps` one-byte samples:
 * ftyp, moov (mvhd, trak (tkhd, mdia (mdhd, hdlr, minf (vmhd, dinf, stbl)))), mdat.
 */
export function isoVideo(v: IsoVideo): SamplePart[] {
  // One tick per millisecond-frame: exact for fractional rates such as 29.97.
  const timescale = Math.round(v.fps * 1000);
  const frames = Math.max(1, Math.round(v.seconds * v.fps));
  const delta = 1000;
  const mediaDuration = frames * delta;
  const movieTimescale = 1000;
  const movieDuration = Math.round((mediaDuration / timescale) * movieTimescale);
  const sampleSize = 1 + Math.floor(v.padBytes / frames);

  const ftyp = box("ftyp", Buffer.concat([ascii(v.brand), u32(0x200), ascii(v.brand), ascii(v.brand === "isom" ? "mp41" : "qt  ")]));
  const mvhd = fullBox("mvhd", 0, 0, Buffer.concat([u32(0), u32(0), u32(movieTimescale), u32(movieDuration), u32(0x00010000), u16(0x0100), Buffer.alloc(10), matrix(), Buffer.alloc(24), u32(2)]));
  const tkhd = fullBox("tkhd", 0, 3, Buffer.concat([u32(0), u32(0), u32(1), u32(0), u32(movieDuration), Buffer.alloc(8), u16(0), u16(0), u16(0), u16(0), matrix(), u32(v.width * 65536), u32(v.height * 65536)]));
  const mdhd = fullBox("mdhd", 0, 0, Buffer.concat([u32(0), u32(0), u32(timescale), u32(mediaDuration), u16(0x55c4), u16(0)]));
  const hdlr = fullBox("hdlr", 0, 0, Buffer.concat([u32(0), ascii("vide"), Buffer.alloc(12), Buffer.from("VideoHandler\0", "latin1")]));
  const vmhd = fullBox("vmhd", 0, 1, Buffer.alloc(8));
  const dinf = box("dinf", fullBox("dref", 0, 0, Buffer.concat([u32(1), fullBox("url ", 0, 1, Buffer.alloc(0))])));
  const avcC = box("avcC", Buffer.from([1, 0x42, 0xc0, 0x1e, 0xff, 0xe0, 0x00]));
  const avc1 = box(
    "avc1",
    Buffer.concat([Buffer.alloc(6), u16(1), u16(0), u16(0), Buffer.alloc(12), u16(v.width), u16(v.height), u32(0x00480000), u32(0x00480000), u32(0), u16(1), Buffer.alloc(32), u16(0x18), u16(0xffff), avcC]),
  );
  const stsd = fullBox("stsd", 0, 0, Buffer.concat([u32(1), avc1]));
  const stts = fullBox("stts", 0, 0, Buffer.concat([u32(1), u32(frames), u32(delta)]));
  const stsc = fullBox("stsc", 0, 0, Buffer.concat([u32(1), u32(1), u32(frames), u32(1)]));
  const stsz = fullBox("stsz", 0, 0, Buffer.concat([u32(sampleSize), u32(frames)]));
  // The chunk offset is known once the moov size is: build with a placeholder, then patch.
  const build = (offset: number) => {
    const stco = fullBox("stco", 0, 0, Buffer.concat([u32(1), u32(offset)]));
    const stbl = box("stbl", Buffer.concat([stsd, stts, stsc, stsz, stco]));
    const minf = box("minf", Buffer.concat([vmhd, dinf, stbl]));
    const mdia = box("mdia", Buffer.concat([mdhd, hdlr, minf]));
    return box("moov", Buffer.concat([mvhd, box("trak", Buffer.concat([tkhd, mdia]))]));
  };
  const moov = build(ftyp.length + build(0).length + 8);
  const mdatBytes = frames * sampleSize;
  return [ftyp, moov, u32(8 + mdatBytes), ascii("mdat"), { fill: 0, count: mdatBytes }];
}

function box(type: string, payload: Buffer): Buffer {
  return Buffer.concat([u32(8 + payload.length), ascii(type), payload]);
}

function fullBox(type: string, version: number, flags: number, payload: Buffer): Buffer {
  return box(type, Buffer.concat([u32(((version & 0xff) << 24) | (flags & 0xffffff)), payload]));
}

function matrix(): Buffer {
  return Buffer.concat([u32(0x00010000), u32(0), u32(0), u32(0), u32(0x00010000), u32(0), u32(0), u32(0), u32(0x40000000)]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n & 0xffff, 0);
  return b;
}

function ascii(s: string): Buffer {
  return Buffer.from(s, "latin1");
}

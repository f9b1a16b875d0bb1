/**
 * Tiny but structurally valid media files of chosen size, dimensions, duration and frame rate, so tests, Pact
 * provider states and demos can drive the emulator's media checks (../provider/media/probe.ts) without shipping binary fixtures.
 * The pixels and samples are blank: only the headers the checks read are meaningful.
 *
 * Served by the emulator at `GET /_emulator/samples/<kind>.<ext>?width=&height=&seconds=&fps=` (./admin.ts), so a
 * CreateAsset `URL` pointing there exercises the real fetch-and-check path.
 */
import { crc32, deflateSync } from "node:zlib";

/** A generated file with the content type it is served with. */
export interface SampleFile {
  contentType: string;
  data: Uint8Array<ArrayBuffer>;
}

/** The kinds of sample the emulator can make, by file extension. */
export const SAMPLE_FORMATS = ["png", "gif", "bmp", "wav", "mp3", "mp4", "mov"] as const;
export type SampleFormat = (typeof SAMPLE_FORMATS)[number];

/** Parameters of a sample; each kind reads the ones it needs. Defaults make a file that passes the first published limits. */
export interface SampleParams {
  /** Pixels; default 640 (images), 640 (video). */
  width?: number;
  /** Pixels; default 480 (images), 640 (video: 640×640 = 409,600 px, the 480p minimum). */
  height?: number;
  /** Duration in seconds (audio, video); default 3. */
  seconds?: number;
  /** Frames per second (video); default 24. */
  fps?: number;
  /** Extra zero bytes appended (images) or in the media payload (audio, video), to test size limits. */
  padBytes?: number;
}

/** A sample of `format` (see SampleParams for defaults). */
export function makeSample(format: SampleFormat, params: SampleParams = {}): SampleFile {
  switch (format) {
    case "png":
      return { contentType: "image/png", data: png(params.width ?? 640, params.height ?? 480, params.padBytes) };
    case "gif":
      return { contentType: "image/gif", data: gif(params.width ?? 640, params.height ?? 480, params.padBytes) };
    case "bmp":
      return { contentType: "image/bmp", data: bmp(params.width ?? 640, params.height ?? 480, params.padBytes) };
    case "wav":
      return { contentType: "audio/wav", data: wav(params.seconds ?? 3, params.padBytes) };
    case "mp3":
      return { contentType: "audio/mpeg", data: mp3(params.seconds ?? 3) };
    case "mp4":
    case "mov":
      return {
        contentType: format === "mp4" ? "video/mp4" : "video/quicktime",
        data: isoVideo({
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

// ---------------------------------------------------------------------------------------------- images

/** A grayscale PNG; `padBytes` go into an ancillary chunk so the file stays valid. */
export function png(width: number, height: number, padBytes = 0): Uint8Array<ArrayBuffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const raw = Buffer.alloc((width + 1) * height); // filter byte 0 + one byte per pixel, all black
  const chunks = [pngChunk("IHDR", ihdr), pngChunk("IDAT", deflateSync(raw))];
  if (padBytes > 0) chunks.push(pngChunk("zzPd", Buffer.alloc(padBytes)));
  chunks.push(pngChunk("IEND", Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A GIF89a header and logical screen with an empty image (the checks read only the screen size). */
export function gif(width: number, height: number, padBytes = 0): Uint8Array<ArrayBuffer> {
  const head = Buffer.alloc(13);
  head.write("GIF89a", 0, "latin1");
  head.writeUInt16LE(width, 6);
  head.writeUInt16LE(height, 8);
  const image = Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00]);
  return Buffer.concat([head, image, Buffer.alloc(padBytes), Buffer.from([0x3b])]);
}

/** A BMP header (BITMAPINFOHEADER, 24 bit) without pixel data beyond `padBytes`. */
export function bmp(width: number, height: number, padBytes = 0): Uint8Array<ArrayBuffer> {
  const b = Buffer.alloc(54 + padBytes);
  b.write("BM", 0, "latin1");
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  return b;
}

// ---------------------------------------------------------------------------------------------- audio

/** PCM WAV, 8 kHz mono 8 bit, silent. */
export function wav(seconds: number, padBytes = 0): Uint8Array<ArrayBuffer> {
  const rate = 8000;
  const dataBytes = Math.round(seconds * rate) + padBytes;
  const b = Buffer.alloc(44 + dataBytes, 0x80);
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
  return b;
}

/** MPEG-1 Layer III frames, 128 kbit/s, 44.1 kHz, mono, silent (1152 samples per 417-byte frame). */
export function mp3(seconds: number): Uint8Array<ArrayBuffer> {
  const frames = Math.max(1, Math.round((seconds * 44100) / 1152));
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0xc4]);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
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
export function isoVideo(v: IsoVideo): Uint8Array<ArrayBuffer> {
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
  const mdat = box("mdat", Buffer.alloc(frames * sampleSize));
  return Buffer.concat([ftyp, moov, mdat]);
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

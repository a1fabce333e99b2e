import { readFile, rm, writeFile } from 'node:fs/promises';
import { ffmpegPath, runProcess } from '../../src/server/media/tools';

// Picture subtitles for tests. This ffmpeg cannot draw text into bitmaps, so a PGS (Blu-ray) subtitle file is
// written byte by byte: each display set is a presentation composition (PCS), a window (WDS), a palette (PDS),
// the object's run-length-coded bitmap (ODS) and an END segment; a set with no object clears the screen. A
// VobSub (DVD) track is made from it by ffmpeg's dvdsub encoder.

export interface SubtitleRectangle {
  /** The subtitle canvas (the video's size as the disc declares it). */
  canvasWidth: number;
  canvasHeight: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Shown from … until … (seconds). */
  from: number;
  to: number;
}

const PTS_PER_SECOND = 90_000;

function segment(type: number, seconds: number, body: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.write('PG', 0, 'latin1');
  header.writeUInt32BE(Math.round(seconds * PTS_PER_SECOND), 2); // PTS
  header.writeUInt32BE(0, 6); // DTS
  header.writeUInt8(type, 10);
  header.writeUInt16BE(body.length, 11);
  return Buffer.concat([header, body]);
}

function composition(rect: SubtitleRectangle, seconds: number, number: number, withObject: boolean): Buffer {
  const body = Buffer.alloc(11 + (withObject ? 8 : 0));
  body.writeUInt16BE(rect.canvasWidth, 0);
  body.writeUInt16BE(rect.canvasHeight, 2);
  body.writeUInt8(0x10, 4); // frame rate (ignored by players)
  body.writeUInt16BE(number, 5);
  body.writeUInt8(withObject ? 0x80 : 0x00, 7); // epoch start / normal
  body.writeUInt8(0, 8); // no palette-only update
  body.writeUInt8(0, 9); // palette id
  body.writeUInt8(withObject ? 1 : 0, 10);
  if (withObject) {
    body.writeUInt16BE(0, 11); // object id
    body.writeUInt8(0, 13); // window id
    body.writeUInt8(0, 14); // not cropped
    body.writeUInt16BE(rect.x, 15);
    body.writeUInt16BE(rect.y, 17);
  }
  return segment(0x16, seconds, body);
}

function window(rect: SubtitleRectangle, seconds: number): Buffer {
  const body = Buffer.alloc(10);
  body.writeUInt8(1, 0);
  body.writeUInt8(0, 1);
  body.writeUInt16BE(rect.x, 2);
  body.writeUInt16BE(rect.y, 4);
  body.writeUInt16BE(rect.width, 6);
  body.writeUInt16BE(rect.height, 8);
  return segment(0x17, seconds, body);
}

/** Palette entry 1: opaque white (Y 235, Cr/Cb 128, alpha 255). */
function palette(seconds: number): Buffer {
  return segment(0x14, seconds, Buffer.from([0, 0, 1, 235, 128, 128, 255]));
}

/** The rectangle filled with palette entry 1: per line one run "L pixels of colour 1", then end of line. */
function object(rect: SubtitleRectangle, seconds: number): Buffer {
  const line =
    rect.width < 64
      ? Buffer.from([0, 0x80 | rect.width, 1, 0, 0])
      : Buffer.from([0, 0xc0 | (rect.width >> 8), rect.width & 0xff, 1, 0, 0]);
  const rle = Buffer.concat(Array.from({ length: rect.height }, () => line));
  const body = Buffer.alloc(11);
  body.writeUInt16BE(0, 0); // object id
  body.writeUInt8(0, 2); // version
  body.writeUInt8(0xc0, 3); // first and last in sequence
  body.writeUIntBE(rle.length + 4, 4, 3); // data length, with the size below
  body.writeUInt16BE(rect.width, 7);
  body.writeUInt16BE(rect.height, 9);
  return segment(0x15, seconds, Buffer.concat([body, rle]));
}

/** A PGS (.sup) file showing one opaque white rectangle from `from` to `to`. */
export function pgsRectangle(rect: SubtitleRectangle): Buffer {
  const end = (seconds: number) => segment(0x80, seconds, Buffer.alloc(0));
  // An empty display set at 0 first: a muxer shifts the stream to begin at its first timestamp.
  return Buffer.concat([
    composition(rect, 0, 0, false),
    window(rect, 0),
    end(0),
    composition(rect, rect.from, 0, true),
    window(rect, rect.from),
    palette(rect.from),
    object(rect, rect.from),
    end(rect.from),
    composition(rect, rect.to, 1, false),
    window(rect, rect.to),
    end(rect.to),
  ]);
}

/**
 * An MKV: H.264 black picture (`width`×`height`, 12 fps, a keyframe a second), an AAC tone, and picture
 * subtitles showing `rect`: a PGS track (English), and when `vobsub` a VobSub track (French) made from it.
 */
export async function makePictureSubtitledMovie(
  target: string,
  options: { seconds: number; width: number; height: number; rect: SubtitleRectangle; vobsub?: boolean },
): Promise<string> {
  const sup = `${target}.tmp.sup`;
  await writeFile(sup, pgsRectangle(options.rect));
  const { seconds, width, height } = options;
  const subtitleMaps = options.vobsub ? ['-map', '2:s', '-map', '2:s'] : ['-map', '2:s'];
  const subtitleCodecs = options.vobsub ? ['-c:s:0', 'copy', '-c:s:1', 'dvdsub'] : ['-c:s', 'copy'];
  const result = await runProcess(ffmpegPath(), [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=black:size=${width}x${height}:rate=12:duration=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    // Each subtitle lasts until the next (the clearing one), which the VobSub encoder needs to end it.
    '-fix_sub_duration',
    '-i',
    sup,
    '-map',
    '0:v',
    '-map',
    '1:a',
    ...subtitleMaps,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-g',
    '12',
    '-c:a',
    'aac',
    '-b:a',
    '32k',
    ...subtitleCodecs,
    '-metadata:s:s:0',
    'language=eng',
    ...(options.vobsub ? ['-metadata:s:s:1', 'language=fre'] : []),
    target,
  ]);
  if (result.code !== 0) throw new Error(`ffmpeg could not make ${target}: ${result.stderr}`);
  return target;
}

/** One frame of a video file `seconds` after its start, as 8-bit gray pixels (row by row), scaled to `width`×`height`. */
export async function grayFrame(
  file: string,
  seconds: number,
  width: number,
  height: number,
): Promise<Buffer> {
  const raw = `${file}.${seconds}.gray`;
  const result = await runProcess(ffmpegPath(), [
    '-v',
    'error',
    '-y',
    '-i',
    file,
    // After the input: decoded from the start and counted from the file's first frame (a segment's own
    // timestamps begin where it lies in the film).
    '-ss',
    String(seconds),
    '-frames:v',
    '1',
    '-vf',
    `scale=${width}:${height}`,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    raw,
  ]);
  if (result.code !== 0) throw new Error(`ffmpeg could not read a frame of ${file}: ${result.stderr}`);
  const pixels = await readFile(raw);
  await rm(raw, { force: true });
  return pixels;
}

import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ffmpegPath, ffprobePath, runProcess } from '../../src/server/media/tools';

// Generated test clips: a test card and a tone, with a keyframe every second, so copied video can be cut into
// 1 s segments and seeking has somewhere to land. Tiny by default (160×90, 12 fps) to spare the shared CPUs;
// the fixtures (media-fixtures.ts), the playback tests and the benchmarks all make their clips here.

export interface SeekableClipOptions {
  seconds: number;
  /** The audio codec; the container follows the target's extension (.mp4, .mkv). */
  audio: 'aac' | 'ac3';
  width?: number;
  height?: number;
  /** Frames a second; also the keyframe interval in frames (one a second). */
  fps?: number;
}

/** `-f lavfi -i <source>`: an input ffmpeg generates itself. */
function generated(source: string): string[] {
  return ['-f', 'lavfi', '-i', source];
}

/** The moving test card (testsrc2) as an input. */
function testCard(seconds: number, { width = 160, height = 90, fps = 12 } = {}): string[] {
  return generated(`testsrc2=size=${width}x${height}:rate=${fps}:duration=${seconds}`);
}

/** A 440 Hz tone (48 kHz) as an input. */
function tone(seconds: number): string[] {
  return generated(`sine=frequency=440:sample_rate=48000:duration=${seconds}`);
}

/** H.264 as fast as libx264 goes, in the pixel format every player reads. */
const H264_ULTRAFAST = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

/** A keyframe every `frames` frames, and no sooner (so segments cut on each). */
function keyframeEvery(frames: number): string[] {
  return ['-g', String(frames), '-keyint_min', String(frames)];
}

/** Runs ffmpeg quietly, overwriting `target` (the last argument); throws with its words when it fails. */
async function ffmpegMake(target: string, args: string[]): Promise<string> {
  const result = await runProcess(ffmpegPath(), ['-v', 'error', '-y', ...args, target]);
  if (result.code !== 0) throw new Error(`ffmpeg could not make ${target}: ${result.stderr}`);
  return target;
}

export async function makeSeekableClip(target: string, options: SeekableClipOptions): Promise<string> {
  if (existsSync(target)) return target;
  const { seconds, audio, width = 160, height = 90, fps = 12 } = options;
  const audioArgs = audio === 'ac3' ? ['-c:a', 'ac3', '-b:a', '96k'] : ['-c:a', 'aac', '-b:a', '32k'];
  return ffmpegMake(target, [
    ...testCard(seconds, { width, height, fps }),
    ...tone(seconds),
    ...H264_ULTRAFAST,
    ...keyframeEvery(fps),
    ...audioArgs,
    '-ac',
    '2',
    '-shortest',
  ]);
}

/**
 * Writes an executable that runs the npm ffmpeg reading its input at 1× speed (-re, an input option, so before
 * the -i that follows), for a server in another process whose conversions must still be running when a test
 * acts on them (in-process, TranscodeSessions' `realtime` option does this). Pass it as FFMPEG_PATH.
 */
export async function writeRealtimeFfmpeg(target: string): Promise<string> {
  await writeFile(target, `#!/bin/sh\nexec '${ffmpegPath().replaceAll("'", "'\\''")}' -re "$@"\n`);
  await chmod(target, 0o755);
  return target;
}

/** The running processes whose command line contains `text` (ps, so Linux and macOS; zombies show none). */
export async function processesMentioning(text: string): Promise<{ pid: number; args: string }[]> {
  const result = await runProcess('ps', ['-A', '-ww', '-o', 'pid=,args=']);
  if (result.code !== 0) throw new Error(`ps failed: ${result.stderr}`);
  const found: { pid: number; args: string }[] = [];
  for (const line of result.stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    const pid = Number(match?.[1]);
    if (match?.[2].includes(text) && pid !== process.pid) found.push({ pid, args: match[2] });
  }
  return found;
}

/** True while a process with this pid exists (signal 0 only checks). */
export function processExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`not a pid: ${pid}`);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The codecs of an MPEG-TS segment ("video:h264", "audio:aac"), after decoding it whole with ffmpeg (which must
 * succeed without errors). ffprobe reads the segment itself; the npm ffprobe (@ffprobe-installer/linux-x64 5.2.0)
 * segfaults on every MPEG-TS file on this machine, so when it dies by a signal the segment is copied losslessly
 * into Matroska by ffmpeg and ffprobe reads that instead (same streams, same codecs).
 */
export async function probeSegment(file: string): Promise<{ codecs: string[]; viaRemux: boolean }> {
  const decoded = await runProcess(ffmpegPath(), ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);
  if (decoded.code !== 0 || decoded.stderr.trim() !== '') {
    throw new Error(`ffmpeg could not decode ${file}: ${decoded.code} ${decoded.stderr}`);
  }
  const codecsOf = async (input: string) => {
    const result = await runProcess(ffprobePath(), [
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_streams',
      input,
    ]);
    if (result.code !== 0) return null;
    const { streams } = JSON.parse(result.stdout) as {
      streams: { codec_type: string; codec_name: string }[];
    };
    return streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort();
  };
  const direct = await codecsOf(file);
  if (direct) return { codecs: direct, viaRemux: false };
  const copy = `${file}.mkv`;
  const remuxed = await runProcess(ffmpegPath(), [
    '-v',
    'error',
    '-y',
    '-i',
    file,
    '-map',
    '0',
    '-c',
    'copy',
    copy,
  ]);
  if (remuxed.code !== 0) throw new Error(`ffmpeg could not copy ${file}: ${remuxed.stderr}`);
  const viaCopy = await codecsOf(copy);
  if (!viaCopy) throw new Error(`ffprobe could not read ${file} nor its copy`);
  return { codecs: viaCopy, viaRemux: true };
}

/**
 * The time of an MPEG-TS segment's first video frame, in seconds, as the segment carries it (ffmpeg's framecrc of
 * its packets with the timestamps kept). MPEG-TS adds its own constant offset, so compare segments' times with
 * each other, not with the file's.
 */
export async function segmentVideoStart(file: string): Promise<number> {
  const result = await runProcess(ffmpegPath(), [
    '-v',
    'error',
    '-copyts',
    '-i',
    file,
    '-map',
    '0:v:0',
    '-c',
    'copy',
    '-f',
    'framecrc',
    '-',
  ]);
  if (result.code !== 0) throw new Error(`ffmpeg could not read ${file}: ${result.stderr}`);
  // framecrc: "stream, dts, pts, duration, size, crc" in the 1/90000 time base of MPEG-TS.
  const pts = result.stdout
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => Number(line.split(',')[2]));
  if (pts.length === 0) throw new Error(`no video in ${file}`);
  return Math.min(...pts) / 90_000;
}

/**
 * A film as a viewer's library holds one: MKV with H.264, two audio tracks (English AC-3 5.1, the default, a
 * quiet tone peaking near -18 dB; French AAC stereo, a loud one near -6 dB: maxVolumeDb tells them apart),
 * English subtitles (SRT) and French forced subtitles. Cues: English "Hello from the test"
 * 1–3 s and "Second line" 4–6 s; French forced "Panneau" 1–3 s. Small (160×90) unless told.
 */
export async function makeMultiTrackMovie(
  target: string,
  options: { seconds?: number; width?: number; height?: number } = {},
): Promise<string> {
  if (existsSync(target)) return target;
  const { seconds = 8, width = 160, height = 90 } = options;
  const english = `${target}.en.tmp.srt`;
  const french = `${target}.fr.tmp.srt`;
  await writeFile(english, SRT_ENGLISH);
  await writeFile(french, '1\n00:00:01,000 --> 00:00:03,000\nPanneau\n\n');
  const made = ffmpegMake(target, [
    ...testCard(seconds, { width, height }),
    ...tone(seconds),
    ...generated(`aevalsrc=0.5*sin(660*2*PI*t):s=48000:d=${seconds}`),
    '-i',
    english,
    '-i',
    french,
    '-map',
    '0:v',
    '-map',
    '1:a',
    '-map',
    '2:a',
    '-map',
    '3:s',
    '-map',
    '4:s',
    ...H264_ULTRAFAST,
    '-g',
    '12',
    '-c:a:0',
    'ac3',
    '-ac:a:0',
    '6',
    '-b:a:0',
    '192k',
    '-c:a:1',
    'aac',
    '-ac:a:1',
    '2',
    '-b:a:1',
    '64k',
    '-c:s',
    'srt',
    '-metadata:s:a:0',
    'language=eng',
    '-metadata:s:a:1',
    'language=fre',
    '-metadata:s:s:0',
    'language=eng',
    '-metadata:s:s:1',
    'language=fre',
    '-disposition:a:0',
    'default',
    '-disposition:a:1',
    '0',
    '-disposition:s:0',
    '0',
    '-disposition:s:1',
    'forced',
  ]);
  try {
    return await made;
  } finally {
    await Promise.all([rm(english, { force: true }), rm(french, { force: true })]);
  }
}

export const SRT_ENGLISH =
  '1\n00:00:01,000 --> 00:00:03,000\nHello from the test\n\n2\n00:00:04,000 --> 00:00:06,000\nSecond line\n\n';

/** The loudest sample of a file's (first mapped) audio, in dB (ffmpeg's volumedetect). */
export async function maxVolumeDb(file: string): Promise<number> {
  const result = await runProcess(ffmpegPath(), [
    '-v',
    'info',
    '-i',
    file,
    '-vn',
    '-af',
    'volumedetect',
    '-f',
    'null',
    '-',
  ]);
  const match = /max_volume: (-?[\d.]+) dB/.exec(result.stderr);
  if (result.code !== 0 || !match)
    throw new Error(`ffmpeg could not measure ${file}: ${result.stderr.slice(-300)}`);
  return Number(match[1]);
}

/** An MP4 with H.264, AAC and a mov_text subtitle track carrying SRT_ENGLISH's cues. */
export async function makeMovTextClip(target: string, seconds = 8): Promise<string> {
  if (existsSync(target)) return target;
  await mkdir(dirname(target), { recursive: true });
  const subtitles = `${target}.tmp.srt`;
  await writeFile(subtitles, SRT_ENGLISH);
  try {
    return await ffmpegMake(target, [
      ...testCard(seconds),
      ...tone(seconds),
      '-i',
      subtitles,
      '-map',
      '0:v',
      '-map',
      '1:a',
      '-map',
      '2:s',
      ...H264_ULTRAFAST,
      '-c:a',
      'aac',
      '-c:s',
      'mov_text',
      '-metadata:s:s:0',
      'language=eng',
    ]);
  } finally {
    await rm(subtitles, { force: true });
  }
}

/**
 * A clip for the video conversions: `codec` h264 (lossless unless told, so far above any cap) or hevc
 * (libx265), AAC audio, a keyframe every second, in MKV or MP4 by the target's extension.
 */
export async function makeVideoClip(
  target: string,
  options: { codec: 'h264' | 'hevc'; seconds: number; width: number; height: number; lossless?: boolean },
): Promise<string> {
  if (existsSync(target)) return target;
  await mkdir(dirname(target), { recursive: true });
  const { codec, seconds, width, height, lossless = true } = options;
  const video =
    codec === 'h264'
      ? [...H264_ULTRAFAST, ...(lossless ? ['-qp', '0'] : [])]
      : ['-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-x265-params', 'log-level=error'];
  return ffmpegMake(target, [
    ...testCard(seconds, { width, height, fps: 24 }),
    ...tone(seconds),
    ...video,
    ...keyframeEvery(24),
    '-c:a',
    'aac',
    '-b:a',
    '64k',
    '-shortest',
  ]);
}

/** A segment's first video stream as ffprobe reads it (through a lossless copy: see probeSegment). */
export async function probeSegmentVideo(
  file: string,
): Promise<{ codec: string; width: number; height: number; seconds: number }> {
  const copy = `${file}.video.mkv`;
  const remuxed = await runProcess(ffmpegPath(), [
    '-v',
    'error',
    '-y',
    '-i',
    file,
    '-map',
    '0:v:0',
    '-c',
    'copy',
    copy,
  ]);
  if (remuxed.code !== 0) throw new Error(`ffmpeg could not copy ${file}: ${remuxed.stderr}`);
  const result = await runProcess(ffprobePath(), [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_streams',
    '-show_format',
    copy,
  ]);
  const parsed = JSON.parse(result.stdout) as {
    streams: { codec_name: string; width: number; height: number }[];
    format: { duration: string };
  };
  const [stream] = parsed.streams;
  return {
    codec: stream.codec_name,
    width: stream.width,
    height: stream.height,
    seconds: Number(parsed.format.duration),
  };
}

/** A clip with three chapters: "Opening" 0–3 s, "Middle" 3–6 s, "End" 6–9 s (Matroska chapters). */
export async function makeChapteredClip(target: string): Promise<string> {
  if (existsSync(target)) return target;
  await mkdir(dirname(target), { recursive: true });
  const metadata = `${target}.tmp.ffmeta`;
  const chapter = (start: number, end: number, title: string) =>
    `[CHAPTER]\nTIMEBASE=1/1000\nSTART=${start}\nEND=${end}\ntitle=${title}\n`;
  await writeFile(
    metadata,
    `;FFMETADATA1\n${chapter(0, 3000, 'Opening')}${chapter(3000, 6000, 'Middle')}${chapter(6000, 9000, 'End')}`,
  );
  try {
    return await ffmpegMake(target, [
      ...testCard(9),
      '-i',
      metadata,
      '-map',
      '0:v',
      '-map_metadata',
      '1',
      '-map_chapters',
      '1',
      ...H264_ULTRAFAST,
    ]);
  } finally {
    await rm(metadata, { force: true });
  }
}

/** A one-colour still image (a poster, a folder.png) of `size` ("200x300"), in the format its name says. */
export async function makeStillImage(target: string, color: string, size: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const made = await runProcess(ffmpegPath(), [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `color=c=${color}:s=${size}`,
    '-frames:v',
    '1',
    target,
  ]);
  if (made.code !== 0) throw new Error(`ffmpeg could not make ${target}: ${made.stderr}`);
}

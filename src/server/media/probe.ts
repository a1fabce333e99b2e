import { extname } from 'node:path';
import { ffprobePath, runProcess } from './tools';

/** One stream of a file as the library keeps it (→ PlexStream). */
export interface ProbedStream {
  /** 1 video, 2 audio, 3 subtitle. */
  streamType: 1 | 2 | 3;
  index: number;
  codec: string;
  profile?: string;
  language?: string;
  title?: string;
  default?: boolean;
  /** A subtitle meant to be shown whatever the viewer chose (signs, foreign dialogue). */
  forced?: boolean;
  channels?: number;
  samplingRate?: number;
  bitrate?: number;
  width?: number;
  height?: number;
  frameRate?: number;
}

/** What ffprobe says about a file, in the units the wire wants (ms, kbps). */
export interface ProbeResult {
  container: string;
  durationMs: number | null;
  /** kbps. */
  bitrate: number | null;
  width: number | null;
  height: number | null;
  videoCodec: string | null;
  videoProfile: string | null;
  frameRate: number | null;
  audioCodec: string | null;
  audioProfile: string | null;
  audioChannels: number | null;
  streams: ProbedStream[];
}

interface FfprobeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  width?: number;
  height?: number;
  channels?: number;
  sample_rate?: string;
  bit_rate?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  disposition?: { default?: number; forced?: number; attached_pic?: number };
  tags?: { language?: string; title?: string };
}

interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string; bit_rate?: string };
}

const PROBE_TIMEOUT_MS = 30_000;

/** Runs ffprobe (JSON output) on a file. Throws when the file has no playable video stream. */
export async function probeFile(file: string): Promise<ProbeResult> {
  const result = await runProcess(
    ffprobePath(),
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
    { timeoutMs: PROBE_TIMEOUT_MS },
  );
  if (result.code !== 0) {
    throw new Error(`ffprobe failed (exit ${result.code}): ${result.stderr.trim().split('\n').pop() ?? ''}`);
  }
  return parseProbe(JSON.parse(result.stdout) as FfprobeOutput, file);
}

export function parseProbe(output: FfprobeOutput, file: string): ProbeResult {
  const streams: ProbedStream[] = [];
  for (const stream of output.streams ?? []) {
    if (stream.disposition?.attached_pic) continue; // cover art inside the file, not a video stream
    const streamType =
      stream.codec_type === 'video'
        ? 1
        : stream.codec_type === 'audio'
          ? 2
          : stream.codec_type === 'subtitle'
            ? 3
            : 0;
    if (streamType === 0 || !stream.codec_name) continue;
    const probed: ProbedStream = { streamType, index: stream.index, codec: plexCodec(stream.codec_name) };
    if (stream.profile && stream.profile !== 'unknown') probed.profile = stream.profile.toLowerCase();
    if (stream.tags?.language && stream.tags.language !== 'und') probed.language = stream.tags.language;
    if (stream.tags?.title) probed.title = stream.tags.title;
    if (stream.disposition?.default) probed.default = true;
    if (stream.disposition?.forced) probed.forced = true;
    if (stream.channels) probed.channels = stream.channels;
    if (stream.sample_rate) probed.samplingRate = Number(stream.sample_rate);
    if (stream.bit_rate) probed.bitrate = Math.round(Number(stream.bit_rate) / 1000);
    if (streamType === 1) {
      probed.width = stream.width;
      probed.height = stream.height;
      const rate = frameRate(stream.avg_frame_rate) ?? frameRate(stream.r_frame_rate);
      if (rate) probed.frameRate = rate;
    }
    streams.push(probed);
  }
  const video = streams.find((s) => s.streamType === 1);
  if (!video) throw new Error('no video stream');
  const audio =
    streams.find((s) => s.streamType === 2 && s.default) ?? streams.find((s) => s.streamType === 2);
  const seconds = Number(output.format?.duration);
  const bitRate = Number(output.format?.bit_rate);
  return {
    container: containerOf(output.format?.format_name ?? '', file),
    durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null,
    bitrate: Number.isFinite(bitRate) && bitRate > 0 ? Math.round(bitRate / 1000) : null,
    width: video.width ?? null,
    height: video.height ?? null,
    videoCodec: video.codec,
    videoProfile: video.profile ?? null,
    frameRate: video.frameRate ?? null,
    audioCodec: audio?.codec ?? null,
    audioProfile: audio?.profile ?? null,
    audioChannels: audio?.channels ?? null,
    streams,
  };
}

/** Plex names: h264, hevc, aac, ac3, srt, … (ffprobe says subrip for srt). */
function plexCodec(name: string): string {
  if (name === 'subrip') return 'srt';
  return name.toLowerCase();
}

/** ffprobe names a family ("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"); Plex names the file's container. */
function containerOf(formatName: string, file: string): string {
  const ext = extname(file).slice(1).toLowerCase();
  if (formatName.includes('matroska')) return ext === 'webm' ? 'webm' : 'mkv';
  if (formatName.includes('mp4') || formatName.includes('mov')) return ext === 'mov' ? 'mov' : 'mp4';
  if (formatName === 'avi') return 'avi';
  if (formatName === 'mpegts') return 'mpegts';
  return ext || formatName.split(',')[0];
}

function frameRate(value: string | undefined): number | null {
  if (!value) return null;
  const [num, den] = value.split('/').map(Number);
  if (!num || !den) return null;
  return Math.round((num / den) * 1000) / 1000;
}

/** Plex's videoResolution: "4k", "1080", "720", "480", "sd". */
export function videoResolution(width: number | null, height: number | null): string | undefined {
  if (!width || !height) return undefined;
  if (width >= 3200 || height >= 2000) return '4k';
  if (width >= 1700 || height >= 1000) return '1080';
  if (width >= 1200 || height >= 700) return '720';
  if (height >= 480) return '480';
  return 'sd';
}

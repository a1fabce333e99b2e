import type { PlaybackProfile } from '../../../protocol/playback';

// Matching what a file contains against what a client declared it can play (src/protocol/playback.ts).
// Names are ffprobe's (as the library stores them); a few aliases are folded so either spelling matches.

const CONTAINER_ALIASES: Record<string, string> = {
  matroska: 'mkv',
  mpegts: 'ts',
  m2ts: 'ts',
  mts: 'ts',
  quicktime: 'mov',
};

const CODEC_ALIASES: Record<string, string> = {
  avc: 'h264',
  avc1: 'h264',
  h265: 'hevc',
  hev1: 'hevc',
  hvc1: 'hevc',
  mpeg2: 'mpeg2video',
  dca: 'dts',
  'e-ac-3': 'eac3',
  'ac-3': 'ac3',
  mp4a: 'aac',
};

export function normalContainer(name: string): string {
  const lower = name.toLowerCase().split(',')[0].trim();
  return CONTAINER_ALIASES[lower] ?? lower;
}

export function normalCodec(name: string): string {
  const lower = name.toLowerCase().trim();
  return CODEC_ALIASES[lower] ?? lower;
}

export function supportsContainer(profile: PlaybackProfile, container: string): boolean {
  const wanted = normalContainer(container);
  return profile.containers.some((name) => normalContainer(name) === wanted);
}

export function supportsVideoCodec(profile: PlaybackProfile, codec: string): boolean {
  const wanted = normalCodec(codec);
  return profile.videoCodecs.some((name) => normalCodec(name) === wanted);
}

export function supportsAudioCodec(profile: PlaybackProfile, codec: string): boolean {
  const wanted = normalCodec(codec);
  return profile.audioCodecs.some((name) => normalCodec(name) === wanted);
}

export function fitsResolution(
  profile: PlaybackProfile,
  width: number | null,
  height: number | null,
): boolean {
  if (!width || !height) return true;
  return width <= profile.maxWidth && height <= profile.maxHeight;
}

/**
 * Video codecs that can be copied into our HLS (MPEG-TS segments). HEVC in TS only for engines with native
 * HLS: hls.js's transmuxer handles H.264 only.
 */
export function videoCopyableToHls(profile: PlaybackProfile, codec: string): boolean {
  const name = normalCodec(codec);
  if (name === 'h264') return true;
  return name === 'hevc' && profile.nativeHls;
}

/** Audio codecs that can be copied into MPEG-TS HLS segments. */
export function audioCopyableToHls(codec: string): boolean {
  return ['aac', 'mp3', 'ac3', 'eac3'].includes(normalCodec(codec));
}

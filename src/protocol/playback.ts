// What a TV can play, as it tells the home server when asking for a playback decision
// (`/video/:/transcode/universal/decision` and `start.m3u8`), plus the shape of the decision answer.
// Shared by the server and the TV client, so no Node or DOM imports here.
//
// Wire format: plain query parameters beside Plex's own ones, all optional
// (docs/protocol.md#universal-transcoder):
//
//   directPlayContainers=mp4,m4v,mov,mkv,webm,mpegts   containers the TV's <video> opens (lower case)
//   directPlayVideoCodecs=h264,hevc                     video codecs it decodes (ffprobe names: h264, hevc, vp9, av1,
//                                                       mpeg2video, vc1, …)
//   directPlayAudioCodecs=aac,mp3,ac3,eac3              audio codecs it decodes (ffprobe names: aac, mp3, ac3, eac3,
//                                                       opus, flac, dts, truehd, …)
//   maxVideoResolution=1920x1080                        largest picture it decodes (WxH)
//   nativeHls=1                                         1 when the engine plays .m3u8 in <video> (Tizen, webOS,
//                                                       Safari), 0 when it needs hls.js (desktop Chromium)
//
// A parameter that is absent takes the value of DEFAULT_PROFILE (a conservative browser: H.264/AAC in MP4).
// The home server does not parse Plex's X-Plex-Client-Profile-Extra; the client sends both, the same profile
// in Plex's grammar for a real PMS (src/plex/client-profile.ts).

export interface PlaybackProfile {
  containers: string[];
  videoCodecs: string[];
  audioCodecs: string[];
  maxWidth: number;
  maxHeight: number;
  nativeHls: boolean;
}

/** Desktop Chromium and any unknown client: H.264/AAC/MP3 in MP4/WebM, no native HLS (hls.js). */
export const DEFAULT_PROFILE: PlaybackProfile = {
  containers: ['mp4', 'm4v', 'mov', 'webm'],
  videoCodecs: ['h264', 'vp8', 'vp9'],
  audioCodecs: ['aac', 'mp3', 'opus', 'vorbis'],
  maxWidth: 1920,
  maxHeight: 1080,
  nativeHls: false,
};

export const PROFILE_PARAMS = {
  containers: 'directPlayContainers',
  videoCodecs: 'directPlayVideoCodecs',
  audioCodecs: 'directPlayAudioCodecs',
  maxVideoResolution: 'maxVideoResolution',
  nativeHls: 'nativeHls',
} as const;

/** Query parameters for a profile (add them to the decision and start URLs). */
export function profileToQuery(profile: PlaybackProfile): Record<string, string> {
  return {
    [PROFILE_PARAMS.containers]: profile.containers.join(','),
    [PROFILE_PARAMS.videoCodecs]: profile.videoCodecs.join(','),
    [PROFILE_PARAMS.audioCodecs]: profile.audioCodecs.join(','),
    [PROFILE_PARAMS.maxVideoResolution]: `${profile.maxWidth}x${profile.maxHeight}`,
    [PROFILE_PARAMS.nativeHls]: profile.nativeHls ? '1' : '0',
  };
}

const NAME = /^[a-z0-9][a-z0-9_.-]{0,31}$/;

function list(value: unknown, fallback: string[]): string[] {
  if (typeof value !== 'string') return fallback;
  const names = value
    .toLowerCase()
    .split(',')
    .map((name) => name.trim())
    .filter((name) => NAME.test(name));
  return names.slice(0, 32);
}

/** The profile in a query (unknown or malformed values fall back to DEFAULT_PROFILE's). Never throws. */
export function profileFromQuery(query: Record<string, unknown>): PlaybackProfile {
  const resolution = query[PROFILE_PARAMS.maxVideoResolution];
  const size = typeof resolution === 'string' ? /^(\d{2,5})x(\d{2,5})$/.exec(resolution) : null;
  const hls = query[PROFILE_PARAMS.nativeHls];
  return {
    containers: list(query[PROFILE_PARAMS.containers], DEFAULT_PROFILE.containers),
    videoCodecs: list(query[PROFILE_PARAMS.videoCodecs], DEFAULT_PROFILE.videoCodecs),
    audioCodecs: list(query[PROFILE_PARAMS.audioCodecs], DEFAULT_PROFILE.audioCodecs),
    maxWidth: size ? Number(size[1]) : DEFAULT_PROFILE.maxWidth,
    maxHeight: size ? Number(size[2]) : DEFAULT_PROFILE.maxHeight,
    nativeHls:
      hls === '1' || hls === 'true'
        ? true
        : hls === '0' || hls === 'false'
          ? false
          : DEFAULT_PROFILE.nativeHls,
  };
}

/** How the server will deliver an item: the file as is, the same streams repackaged into HLS, or converted. */
export type PlaybackDecision =
  | { kind: 'direct-play' }
  | { kind: 'remux' }
  | { kind: 'transcode'; video: 'copy' | 'h264'; audio: 'copy' | 'aac' | 'none' };

/**
 * The decision answer's codes (docs/protocol.md#universal-transcoder: 1xxx playable, 3xxx direct play errors,
 * 4xxx transcode errors).
 */
export interface PlaybackDecisionCodes {
  generalDecisionCode: number;
  generalDecisionText: string;
  directPlayDecisionCode: number;
  directPlayDecisionText: string;
  transcodeDecisionCode: number;
  transcodeDecisionText: string;
}

/**
 * EXT-X-SESSION-DATA id in the home server's start.m3u8 carrying the file time, in seconds, at which the HLS
 * stream begins (copied video can only start at a keyframe at or before the asked offset). Marquee's own
 * extension: a real PMS does not send it, and the client then counts from the offset it asked for.
 */
export const STREAM_START_DATA_ID = 'tv.marquee.stream-start';

/** The stream start a master playlist declares, in ms; null when it declares none. */
export function streamStartFromPlaylist(playlist: string): number | null {
  const line = playlist.split('\n').find((entry) => entry.indexOf(`DATA-ID="${STREAM_START_DATA_ID}"`) >= 0);
  const match = line ? /VALUE="([0-9.]+)"/.exec(line) : null;
  return match ? Math.round(Number(match[1]) * 1000) : null;
}

/**
 * The quality a viewer can pick: the file as it is, or a cap the server converts the video down to when the
 * file is above it. Sent as Plex's `maxVideoBitrate` (kbps) and `videoResolution` (WxH) on the decision and
 * start.m3u8 (docs/protocol.md#universal-transcoder).
 */
export interface QualityCap {
  id: string;
  label: string;
  /** null: the original. */
  maxVideoBitrate: number | null;
  width: number | null;
  height: number | null;
}

export const QUALITY_CAPS: readonly QualityCap[] = [
  { id: 'original', label: 'Original', maxVideoBitrate: null, width: null, height: null },
  { id: '20m-1080p', label: '20 Mbps 1080p', maxVideoBitrate: 20_000, width: 1920, height: 1080 },
  { id: '8m-1080p', label: '8 Mbps 1080p', maxVideoBitrate: 8_000, width: 1920, height: 1080 },
  { id: '4m-720p', label: '4 Mbps 720p', maxVideoBitrate: 4_000, width: 1280, height: 720 },
  { id: '2m-720p', label: '2 Mbps 720p', maxVideoBitrate: 2_000, width: 1280, height: 720 },
  { id: '1m-480p', label: '1 Mbps 480p', maxVideoBitrate: 1_000, width: 854, height: 480 },
];

/** Where a connection that is not local starts (a remote link rarely carries a film's own bitrate). */
export const REMOTE_QUALITY_ID = '4m-720p';

/** The decision/start parameters for a cap ('' for the original). */
export function qualityQuery(cap: QualityCap): string {
  if (cap.maxVideoBitrate === null) return '';
  return `maxVideoBitrate=${cap.maxVideoBitrate}&videoResolution=${cap.width}x${cap.height}`;
}

/** A cap from the parameters (Plex's names); null when none or malformed. */
export function qualityFromQuery(
  query: Record<string, unknown>,
): { maxVideoBitrate: number; width: number; height: number } | null {
  const bitrate = typeof query.maxVideoBitrate === 'string' ? Number(query.maxVideoBitrate) : Number.NaN;
  if (!Number.isInteger(bitrate) || bitrate < 64 || bitrate > 1_000_000) return null;
  const size =
    typeof query.videoResolution === 'string' ? /^(\d{2,5})x(\d{2,5})$/.exec(query.videoResolution) : null;
  return {
    maxVideoBitrate: bitrate,
    width: size ? Number(size[1]) : 3840,
    height: size ? Number(size[2]) : 2160,
  };
}

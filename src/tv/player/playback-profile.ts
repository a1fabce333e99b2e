import { DEFAULT_PROFILE, type PlaybackProfile } from '../../protocol/playback';
import type { PlatformName } from '../platform/platform';

// What this TV can play, sent with every playback decision so the server picks direct play, remux or
// transcode. TVs: the codec tables in docs/platforms.md#video-playback (jellyfin-web's profile). Browsers:
// asked of <video>.

export type CanPlayType = (mimeType: string) => string;

/** Tizen 4+ and webOS 4+ (the floor): MKV/TS/MP4, H.264 and HEVC, AAC/AC-3/E-AC-3/MP3; no DTS; native HLS. */
const TV_PROFILE: PlaybackProfile = {
  containers: ['mp4', 'm4v', 'mov', 'mkv', 'mpegts', 'webm'],
  videoCodecs: ['h264', 'hevc', 'mpeg2video', 'vc1', 'vp9'],
  audioCodecs: ['aac', 'mp3', 'ac3', 'eac3'],
  maxWidth: 3840,
  maxHeight: 2160,
  nativeHls: true,
};

export function playbackProfile(platform: PlatformName, canPlayType: CanPlayType): PlaybackProfile {
  if (platform === 'tizen' || platform === 'webos') return TV_PROFILE;
  const can = (mime: string) => canPlayType(mime) !== '';
  const videoCodecs = ['h264'];
  if (can('video/mp4; codecs="hvc1.1.6.L93.B0"')) videoCodecs.push('hevc');
  if (can('video/webm; codecs="vp9"')) videoCodecs.push('vp9');
  if (can('video/webm; codecs="vp8"')) videoCodecs.push('vp8');
  if (can('video/mp4; codecs="av01.0.05M.08"')) videoCodecs.push('av1');
  const audioCodecs = ['aac', 'mp3'];
  if (can('audio/mp4; codecs="ac-3"')) audioCodecs.push('ac3');
  if (can('audio/mp4; codecs="ec-3"')) audioCodecs.push('eac3');
  if (can('audio/webm; codecs="opus"')) audioCodecs.push('opus');
  if (can('audio/flac')) audioCodecs.push('flac');
  // Browsers play HLS through hls.js (see video-source.ts), which decodes only what MSE takes: H.264 in
  // practice; nativeHls false tells the server not to copy other codecs into the stream.
  return { ...DEFAULT_PROFILE, videoCodecs, audioCodecs, nativeHls: false };
}

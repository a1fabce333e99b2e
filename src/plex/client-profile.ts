import type { PlaybackProfile } from '../protocol/playback';

// What a real Plex Media Server reads to decide between direct play and a transcode: the client profile.
// PMS picks a built-in profile by name and lets the client augment it with X-Plex-Client-Profile-Extra,
// "+"-joined directives such as add-direct-play-profile(type=videoProfile&container=mp4&…) (the grammar is
// Plex's "Profile Augmentations" API documentation). Marquee names the `Generic` profile, which brings no
// targets of its own, and describes this TV from the same PlaybackProfile it sends the home server
// (src/protocol/playback.ts), so both servers decide from one description.

/** The built-in profile the augmentations extend. */
export const CLIENT_PROFILE_NAME = 'Generic';

// The codecs Marquee's HLS path takes when the server converts: TVs play HLS natively and decode HEVC,
// AC-3 and E-AC-3 in MPEG-TS; browsers play it through hls.js (MSE), which takes H.264 and AAC.
const HLS_VIDEO_CODECS = ['h264', 'hevc'];
const HLS_AUDIO_CODECS = ['aac', 'ac3', 'eac3', 'mp3'];

// ffprobe's names where Plex's differ (src/protocol/playback.ts lists ffprobe names).
const PLEX_CODEC_NAMES: Record<string, string> = { dts: 'dca' };

/** The X-Plex-Client-Profile-Extra value (not yet URL-encoded) for a playback profile. */
export function clientProfileExtra(profile: PlaybackProfile): string {
  const video = plexNames(profile.videoCodecs);
  const audio = plexNames(profile.audioCodecs);
  const hlsVideo = profile.nativeHls ? withFirst('h264', only(video, HLS_VIDEO_CODECS)) : ['h264'];
  const hlsAudio = profile.nativeHls ? withFirst('aac', only(audio, HLS_AUDIO_CODECS)) : ['aac'];
  const directives = [
    directive('add-transcode-target', [
      ['type', 'videoProfile'],
      ['context', 'streaming'],
      ['protocol', 'hls'],
      ['container', 'mpegts'],
      ['videoCodec', hlsVideo.join(',')],
      ['audioCodec', hlsAudio.join(',')],
      ['replace', 'true'],
    ]),
  ];
  if (profile.containers.length > 0 && video.length > 0 && audio.length > 0) {
    directives.push(
      directive('add-direct-play-profile', [
        ['type', 'videoProfile'],
        ['container', profile.containers.join(',')],
        ['videoCodec', video.join(',')],
        ['audioCodec', audio.join(',')],
        ['subtitleCodec', '*'],
      ]),
    );
  }
  for (const [name, value] of [
    ['video.width', profile.maxWidth],
    ['video.height', profile.maxHeight],
  ] as const) {
    directives.push(
      directive('add-limitation', [
        ['scope', 'videoCodec'],
        ['scopeName', '*'],
        ['type', 'upperBound'],
        ['name', name],
        ['value', String(value)],
      ]),
    );
  }
  return directives.join('+');
}

/**
 * The query parameters that carry the profile to PMS (X-Plex values may be headers or query parameters).
 * Values are encoded strictly: also `( ) * ' !`, which encodeURIComponent leaves as they are.
 */
export function clientProfileQuery(profile: PlaybackProfile): string {
  return [
    `X-Plex-Client-Profile-Name=${strictEncode(CLIENT_PROFILE_NAME)}`,
    `X-Plex-Client-Profile-Extra=${strictEncode(clientProfileExtra(profile))}`,
  ].join('&');
}

export function strictEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[()*'!]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function directive(verb: string, args: [string, string][]): string {
  return `${verb}(${args.map(([name, value]) => `${name}=${value}`).join('&')})`;
}

function plexNames(codecs: readonly string[]): string[] {
  return codecs.map((codec) => PLEX_CODEC_NAMES[codec] ?? codec);
}

function only(codecs: readonly string[], allowed: readonly string[]): string[] {
  return codecs.filter((codec) => allowed.indexOf(codec) >= 0);
}

function withFirst(first: string, codecs: readonly string[]): string[] {
  return [first, ...codecs.filter((codec) => codec !== first)];
}

import { describe, expect, it } from 'vitest';
import { playbackProfile } from '../../src/tv/player/playback-profile';

describe('playback profile', () => {
  it('gives TVs their documented codecs: AC-3 and MKV yes, DTS no, native HLS', () => {
    for (const platform of ['tizen', 'webos'] as const) {
      const profile = playbackProfile(platform, () => '');
      expect(profile.containers).toContain('mkv');
      expect(profile.audioCodecs).toContain('ac3');
      expect(profile.audioCodecs).not.toContain('dts');
      expect(profile.nativeHls).toBe(true);
    }
  });

  it('asks a browser what it plays, and streams HLS to it through hls.js', () => {
    // Roughly what headless Chromium answers: HEVC and AC-3 no, VP9 and Opus yes, native HLS yes.
    const chromium = (mime: string) =>
      /vp9|vp8|opus|flac|mpegurl/.test(mime) ? 'probably' : /hvc1|ac-3|ec-3|av01/.test(mime) ? '' : 'maybe';
    const profile = playbackProfile('browser', chromium);
    expect(profile.videoCodecs).toEqual(['h264', 'vp9', 'vp8']);
    expect(profile.audioCodecs).toEqual(['aac', 'mp3', 'opus', 'flac']);
    expect(profile.nativeHls).toBe(false); // even where canPlayType says yes: see video-source.ts
    expect(profile.containers).not.toContain('mkv');
  });
});

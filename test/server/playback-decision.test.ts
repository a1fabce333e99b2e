import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROFILE,
  type PlaybackProfile,
  profileFromQuery,
  profileToQuery,
} from '../../src/protocol/playback';
import { parseRange } from '../../src/server/media/playback/byte-ranges';
import { throttleStep } from '../../src/server/media/playback/conversion-throttle';
import { parseKeyframes } from '../../src/server/media/playback/keyframes';
import { decidePlayback, type MediaStreams } from '../../src/server/media/playback/playback-decision';
import { isSafeRelativePath } from '../../src/server/media/playback/safe-media-path';
import {
  keyframeBoundaries,
  segmentAt,
  uniformBoundaries,
  vodPlaylist,
} from '../../src/server/media/playback/segment-plan';
import { ffmpegArgs, parseSegmentList } from '../../src/server/media/playback/transcode-sessions';

// The pure parts of playback: the decision matrix, the profile's wire format, Range parsing, path syntax.

const browser: PlaybackProfile = DEFAULT_PROFILE;
const tizen: PlaybackProfile = {
  containers: ['mp4', 'mkv', 'ts', 'mov', 'webm'],
  videoCodecs: ['h264', 'hevc', 'vp9'],
  audioCodecs: ['aac', 'ac3', 'eac3', 'mp3'],
  maxWidth: 3840,
  maxHeight: 2160,
  nativeHls: true,
};

const mp4: MediaStreams = {
  container: 'mp4',
  videoCodec: 'h264',
  audioCodec: 'aac',
  width: 1280,
  height: 720,
};
const mkvAc3: MediaStreams = {
  container: 'mkv',
  videoCodec: 'h264',
  audioCodec: 'ac3',
  width: 1280,
  height: 720,
};
const mkvAac: MediaStreams = { ...mkvAc3, audioCodec: 'aac' };
const hevc: MediaStreams = {
  container: 'mkv',
  videoCodec: 'hevc',
  audioCodec: 'aac',
  width: 1920,
  height: 1080,
};

describe('decidePlayback', () => {
  it('H.264/AAC MP4 is direct play for a browser (1000)', () => {
    const result = decidePlayback(mp4, browser);
    expect(result.decision).toEqual({ kind: 'direct-play' });
    expect(result.generalDecisionCode).toBe(1000);
    expect(result.generalDecisionText).toBe('Direct play OK.');
    expect(result.directPlayDecisionCode).toBe(1000);
  });

  it('MKV + H.264 + AC-3 converts the audio only for a browser, and is direct play on a Tizen-like TV', () => {
    const result = decidePlayback(mkvAc3, browser);
    expect(result.decision).toEqual({ kind: 'transcode', video: 'copy', audio: 'aac' });
    expect(result.generalDecisionCode).toBe(1001);
    expect(result.generalDecisionText).toBe('Direct play not available; Conversion OK.');
    expect(result.directPlayDecisionCode).toBe(3000);
    expect(result.directPlayDecisionText).toContain('container mkv');
    expect(result.transcodeDecisionCode).toBe(1001);

    expect(decidePlayback(mkvAc3, tizen).decision).toEqual({ kind: 'direct-play' });
  });

  it('MKV with codecs the browser plays is remuxed (copy both into HLS)', () => {
    expect(decidePlayback(mkvAac, browser).decision).toEqual({ kind: 'remux' });
  });

  it('HEVC for a profile without hevc converts the video, copying the audio it can play', () => {
    expect(decidePlayback(hevc, browser).decision).toEqual({
      kind: 'transcode',
      video: 'h264',
      audio: 'copy',
    });
    expect(decidePlayback(hevc, tizen).decision).toEqual({ kind: 'direct-play' });
    // HEVC copied into HLS only where HLS is native (hls.js transmuxes H.264 only).
    const tizenNoMkv = { ...tizen, containers: ['mp4'] };
    expect(decidePlayback(hevc, tizenNoMkv).decision).toEqual({ kind: 'remux' });
    expect(decidePlayback(hevc, { ...tizenNoMkv, nativeHls: false }).decision).toEqual({
      kind: 'transcode',
      video: 'h264',
      audio: 'copy',
    });
  });

  it('a picture larger than the profile allows is converted (scaled)', () => {
    const uhd = { ...mp4, width: 3840, height: 2160 };
    expect(decidePlayback(uhd, browser).decision).toEqual({
      kind: 'transcode',
      video: 'h264',
      audio: 'copy',
    });
    expect(decidePlayback(uhd, browser).directPlayDecisionText).toContain('resolution 3840x2160');
  });

  it('a file without audio; directPlay=0 and directStream=0 are honoured', () => {
    const silent = { ...mkvAac, audioCodec: null };
    expect(decidePlayback(silent, browser).decision).toEqual({ kind: 'remux' });
    const noDirect = decidePlayback(mp4, browser, { allowDirectPlay: false });
    expect(noDirect.decision).toEqual({ kind: 'remux' });
    expect(noDirect.directPlayDecisionText).toBe(
      'App cannot direct play this item. Direct play is disabled.',
    );
    expect(decidePlayback(mkvAac, browser, { allowDirectStream: false }).decision).toEqual({
      kind: 'transcode',
      video: 'h264',
      audio: 'aac',
    });
  });

  it('codec and container aliases match (h265/hevc, dca/dts, mpegts/ts)', () => {
    const ts = { container: 'mpegts', videoCodec: 'h265', audioCodec: 'ac-3', width: 1920, height: 1080 };
    expect(decidePlayback(ts, tizen).decision).toEqual({ kind: 'direct-play' });
  });
});

describe('capability profile on the wire', () => {
  it('round-trips through query parameters', () => {
    const query = profileToQuery(tizen);
    expect(query).toEqual({
      directPlayContainers: 'mp4,mkv,ts,mov,webm',
      directPlayVideoCodecs: 'h264,hevc,vp9',
      directPlayAudioCodecs: 'aac,ac3,eac3,mp3',
      maxVideoResolution: '3840x2160',
      nativeHls: '1',
    });
    expect(profileFromQuery(query)).toEqual(tizen);
  });

  it('absent or malformed values fall back to the default profile', () => {
    expect(profileFromQuery({})).toEqual(DEFAULT_PROFILE);
    const odd = profileFromQuery({
      maxVideoResolution: 'huge',
      nativeHls: 'maybe',
      directPlayContainers: 'MKV, <x>',
    });
    expect(odd.maxWidth).toBe(DEFAULT_PROFILE.maxWidth);
    expect(odd.nativeHls).toBe(DEFAULT_PROFILE.nativeHls);
    expect(odd.containers).toEqual(['mkv']);
  });
});

describe('parseRange', () => {
  const size = 1000;
  it('reads the single-range forms', () => {
    expect(parseRange(undefined, size)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-99', size)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRange('bytes=500-', size)).toEqual({ kind: 'partial', start: 500, end: 999 });
    expect(parseRange('bytes=-100', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRange('bytes=-5000', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(parseRange('bytes=900-5000', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
  });
  it('unsatisfiable: start at or past the end, empty suffix', () => {
    expect(parseRange('bytes=1000-', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=5000-6000', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', size)).toEqual({ kind: 'unsatisfiable' });
  });
  it('ignores malformed, other units and multiple ranges (whole file)', () => {
    for (const header of [
      'bytes=abc',
      'items=0-1',
      'bytes=0-1,5-6',
      'bytes=9-3',
      'bytes=-',
      'bytes 0-1',
      '',
    ]) {
      expect(parseRange(header, size)).toEqual({ kind: 'full' });
    }
  });
});

describe('isSafeRelativePath', () => {
  it('accepts plain relative paths', () => {
    expect(isSafeRelativePath('Movies/Big Buck Bunny (2008)/Big Buck Bunny (2008).mkv')).toBe(true);
    expect(isSafeRelativePath('Shows/100% Real/S01E01.mp4')).toBe(true);
  });
  it('refuses NUL, absolute paths and .. segments, also percent-encoded', () => {
    for (const path of [
      '',
      'a\0b.mp4',
      'a%00b.mp4',
      '/etc/passwd',
      '../secret.mp4',
      'Movies/../../secret.mp4',
      '%2e%2e/secret.mp4',
      '%2E%2E%2Fsecret.mp4',
      'Movies%2f..%2f..%2fsecret.mp4',
      '%252e%252e/secret.mp4',
      '%2fetc/passwd',
    ]) {
      expect(isSafeRelativePath(path), path).toBe(false);
    }
  });
  it('a backslash is part of a name on Linux and macOS, a separator (refused) on Windows', () => {
    for (const path of ['Movies/Back\\slash (2020).mp4', '..\\secret.mp4', 'Movies/a%5cb.mp4']) {
      expect(isSafeRelativePath(path, false), path).toBe(true);
      expect(isSafeRelativePath(path, true), path).toBe(false);
    }
    // A `..` segment beside such a name is still refused.
    expect(isSafeRelativePath('Back\\slash/../../secret.mp4', false)).toBe(false);
  });
});

describe('segment plan', () => {
  it('converted video: a boundary every segment length, the last at the duration (a short tail joins)', () => {
    expect(uniformBoundaries(7, 2)).toEqual([0, 2, 4, 6, 7]);
    expect(uniformBoundaries(6.1, 2)).toEqual([0, 2, 4, 6.1]);
    expect(uniformBoundaries(1, 2)).toEqual([0, 1]);
    expect(() => uniformBoundaries(0, 2)).toThrow('duration');
  });

  it('copied video: boundaries at keyframes at least a segment length apart', () => {
    // Keyframes every 1.5 s with 2 s segments: every other one.
    expect(keyframeBoundaries([0.005, 1.505, 3.005, 4.505, 6.005, 7.505, 9.005], 10, 2)).toEqual([
      0, 3.005, 6.005, 9.005, 10,
    ]);
    expect(keyframeBoundaries([0, 9.9], 10, 2)).toEqual([0, 10]);
  });

  it('the segment holding a time; the complete VOD playlist', () => {
    const boundaries = [0, 2, 4, 5];
    expect([0, 1.99, 2, 4.5, 5, 99].map((time) => segmentAt(boundaries, time))).toEqual([0, 0, 1, 2, 2, 2]);
    expect(vodPlaylist(boundaries)).toBe(
      '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n' +
        '#EXTINF:2.000,\nseg00000.ts\n#EXTINF:2.000,\nseg00001.ts\n#EXTINF:1.000,\nseg00002.ts\n#EXT-X-ENDLIST\n',
    );
  });

  it('keyframes from ffprobe, relative to the start time; finished segments from ffmpeg’s list', () => {
    const probed = 'packet|1.1|___\npacket|0.1|K__\npacket|2.1|K_\npacket|N/A|K__\nformat|0.100000\n';
    expect(parseKeyframes(probed)).toEqual([0, 2]);
    expect(parseSegmentList('seg00003.ts,0.0,8.0\nseg00004.ts,8.0,10.0\nseg00005.ts,10')).toEqual([3, 4]);
  });

  it('throttling pauses at the distance and resumes at half of it', () => {
    expect(throttleStep(59, false, 60)).toBeNull();
    expect(throttleStep(60, false, 60)).toBe('pause');
    expect(throttleStep(31, true, 60)).toBeNull();
    expect(throttleStep(29, true, 60)).toBe('resume');
  });
});

describe('ffmpegArgs', () => {
  const base = { input: '/m/a.mkv', offsetSeconds: 0, durationSeconds: 7 };
  const boundaries = [0, 2, 4, 6, 7];
  it('copies what the decision allows, converts the rest, seeks before the input, cuts at the boundaries', () => {
    const remux = ffmpegArgs({ ...base, video: 'copy', audio: 'copy' }, boundaries, 0, '/w/s-1', false);
    expect(remux.join(' ')).toContain(
      '-i /m/a.mkv -copyts -start_at_zero -output_ts_offset 1 -map 0:v:0 -map 0:a:0? -c:v copy -c:a copy',
    );
    expect(remux.join(' ')).toContain('-segment_times 2.000,4.000,6.000 -segment_time_delta 0.05');
    expect(remux.join(' ')).toContain('-segment_start_number 0');
    expect(remux).not.toContain('-ss');
    expect(remux).not.toContain('-re');
    const audio = ffmpegArgs(
      { ...base, video: 'copy', audio: 'aac', audioStreamIndex: 3 },
      boundaries,
      2,
      '/w/s-1',
      false,
    );
    // Copied video: a hair past the boundary, so the seek lands on that keyframe and not the one before.
    expect(audio.join(' ')).toContain('-ss 4.0005 -i /m/a.mkv');
    expect(audio.join(' ')).toContain('-map 0:3 -c:v copy -c:a aac');
    expect(audio.join(' ')).toContain('-segment_times 6.000 ');
    expect(audio.join(' ')).toContain('-segment_start_number 2');
    const video = ffmpegArgs(
      { ...base, video: 'h264', audio: 'none', maxWidth: 1280, maxVideoKbps: 2000 },
      boundaries,
      1,
      '/w/s-1',
      true,
    );
    expect(video.join(' ')).toContain('-ss 2.0000 -i');
    expect(video.join(' ')).toContain('-c:v libx264 -preset veryfast');
    expect(video.join(' ')).toContain('-force_key_frames expr:gte(t,n_forced*2)');
    expect(video.join(' ')).toContain('-b:v 2000k -maxrate 2000k -bufsize 4000k');
    expect(video.join(' ')).toContain("scale=w='min(iw,1280)':h=-2");
    expect(video).toContain('-an');
    expect(video).toContain('-re');
  });

  it('burns a picture subtitle: overlaid after scaling it to the video, then the quality’s scale, one filter graph', () => {
    const burned = ffmpegArgs(
      { ...base, video: 'h264', audio: 'aac', burnSubtitleIndex: 4, maxWidth: 854 },
      boundaries,
      0,
      '/w/s-1',
      false,
    );
    const graph = burned[burned.indexOf('-filter_complex') + 1];
    expect(graph).toBe(
      "[0:4][0:v:0]scale2ref[subtitle][video];[video][subtitle]overlay=eof_action=pass,trim=end=8.000,scale=w='min(iw,854)':h=-2[burned]",
    );
    expect(burned.join(' ')).toContain('-map [burned] -map 0:a:0?');
    expect(burned).not.toContain('-vf');
    // Copied video cannot carry it: no graph.
    const copied = ffmpegArgs(
      { ...base, video: 'copy', audio: 'copy', burnSubtitleIndex: 4 },
      boundaries,
      0,
      '/w',
      false,
    );
    expect(copied).not.toContain('-filter_complex');
  });
});

import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, profileToQuery } from '../../src/protocol/playback';
import type { PlaybackMedia } from '../../src/server/media/playback/playback-routes';
import { TranscodeSessions } from '../../src/server/media/playback/transcode-sessions';
import { probeFile } from '../../src/server/media/probe';
import { createMediaFixture, eventually, type MediaFixture } from '../support/media-fixtures';
import { type PlaybackApp, startPlaybackApp, TOKEN } from '../support/playback-app';
import { makeSeekableClip, probeSegment, segmentVideoStart } from '../support/tiny-media';

// A steady stream over real HTTP with real ffmpeg: the media playlist is complete (VOD) from the first request,
// segments are made on demand, the conversion pauses once far enough ahead of the player and resumes when it
// catches up, a far seek restarts it at the right keyframe, and a finished conversion holds no slot.

const browserQuery = new URLSearchParams(profileToQuery(DEFAULT_PROFILE)).toString();

/** The process state letter in /proc (T: stopped by a signal, as a throttled ffmpeg is). */
function processState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

describe('a steady HLS stream', () => {
  let fixture: MediaFixture;
  let app: PlaybackApp;
  let sessions: TranscodeSessions;
  let media: PlaybackMedia;
  const ids = ['vod', 'throttled', 'far', 'converted', 'done', 'next'];

  beforeAll(async () => {
    fixture = await createMediaFixture('marquee-playback-steady-');
    const clip = 'Movies/Long (2022)/Long (2022).mkv';
    await mkdir(join(fixture.dir, 'Movies/Long (2022)'), { recursive: true });
    // 30 s, a keyframe every second, AC-3 in MKV (the browser profile converts the audio).
    const file = await makeSeekableClip(join(fixture.dir, clip), { seconds: 30, audio: 'ac3' });
    const probed = await probeFile(file);
    // Full-speed conversions (this ffmpeg's -re waits out a seek's offset), 1 s segments; paused 4 s ahead of
    // the player; 3 s past what is made is far.
    sessions = new TranscodeSessions({
      workDir: join(fixture.dir, '..', 'transcodes'),
      segmentSeconds: 1,
      maxAheadSeconds: 4,
      farSeekSeconds: 3,
    });
    app = await startPlaybackApp(sessions);
    media = {
      partId: 21,
      partKey: '/library/parts/21/1700000000/file.mkv',
      relativePath: clip,
      container: 'mkv',
      mediaRoot: fixture.dir,
      videoCodec: probed.videoCodec ?? '',
      audioCodec: probed.audioCodec,
      width: probed.width,
      height: probed.height,
      durationMs: probed.durationMs,
    };
    app.media.set(7, media);
  });
  afterEach(async () => {
    for (const id of ids) await sessions.stop(id);
  });
  afterAll(async () => {
    await app?.close();
    await fixture?.remove();
  });

  const universal = (endpoint: string, query: string) =>
    `${app.url}/video/:/transcode/universal/${endpoint}?${query}&X-Plex-Token=${TOKEN}`;
  const decide = (session: string, extra = '') =>
    fetch(universal('decision', `path=/library/metadata/7&session=${session}&${browserQuery}${extra}`));
  const start = (session: string, offset = 0) =>
    fetch(universal('start.m3u8', `path=/library/metadata/7&session=${session}&offset=${offset}`));
  const base = (session: string) => `${app.url}/video/:/transcode/universal/session/${session}/base`;
  const playlist = (session: string) => fetch(`${base(session)}/index.m3u8?X-Plex-Token=${TOKEN}`);
  const segment = (session: string, index: number) =>
    fetch(`${base(session)}/seg${String(index).padStart(5, '0')}.ts?X-Plex-Token=${TOKEN}`);
  const saveSegment = async (session: string, index: number) => {
    const response = await segment(session, index);
    expect(response.status, `segment ${index}`).toBe(200);
    const file = join(fixture.dir, '..', `${session}-${index}.ts`);
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    return file;
  };

  it('the media playlist is complete from the first request: every segment, the film’s length, the end', async () => {
    expect((await decide('vod')).status).toBe(200);
    expect((await start('vod')).status).toBe(200);
    const response = await playlist('vod');
    expect(response.status).toBe(200);
    const text = await response.text();
    // The realtime conversion has made a second or two of the 30 s: the playlist lists them all anyway.
    expect(sessions.info('vod')?.running).toBe(true);
    expect(sessions.info('vod')?.runNext).toBeLessThan(10);
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(text.trim().endsWith('#EXT-X-ENDLIST')).toBe(true);
    const names = text.split('\n').filter((line) => line.startsWith('seg'));
    expect(names).toHaveLength(30);
    expect(names[29]).toBe(`seg00029.ts?X-Plex-Token=${TOKEN}`);
    const total = [...text.matchAll(/#EXTINF:([\d.]+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(Math.abs(total - (media.durationMs ?? 0) / 1000)).toBeLessThan(0.01);
    // A later request for the playlist is the same text.
    expect(await (await playlist('vod')).text()).toBe(text);
  });

  it('the conversion pauses when far enough ahead of the player and resumes when the player catches up', async () => {
    await decide('throttled');
    await start('throttled');
    expect((await segment('throttled', 0)).status).toBe(200);
    // Segments 1… are made at 1× until 4 s past segment 0: then ffmpeg is stopped (SIGSTOP).
    await eventually(async () => sessions.info('throttled')?.paused === true, 20_000);
    const paused = sessions.info('throttled');
    const pid = paused?.pid ?? -1;
    await eventually(async () => processState(pid) === 'T', 5_000);
    expect(paused?.runNext).toBeGreaterThanOrEqual(4);
    expect(paused?.runNext).toBeLessThanOrEqual(6);
    expect(paused?.running).toBe(true); // paused, still a conversion: it counts towards the cap

    // The player catches up: it asks for segment 3, within half the distance of what is made: resumed.
    expect((await segment('throttled', 3)).status).toBe(200);
    await eventually(async () => sessions.info('throttled')?.paused === false, 5_000);
    await eventually(async () => processState(pid) !== 'T', 5_000);
    // And paused again 4 s past segment 3; the same ffmpeg throughout.
    await eventually(async () => sessions.info('throttled')?.paused === true, 20_000);
    expect(sessions.info('throttled')?.runNext).toBeGreaterThanOrEqual(7);
    expect(sessions.info('throttled')?.runNext).toBeLessThanOrEqual(9);
    expect(sessions.info('throttled')?.pid).toBe(pid);
  });

  it('a far seek restarts the conversion at the segment’s keyframe; seeking back into made segments does not', async () => {
    await decide('far');
    await start('far');
    const first = await saveSegment('far', 0);
    const before = sessions.info('far');
    expect(before?.runStart).toBe(0);

    // Segment 20 is far past what the realtime conversion has made: a new ffmpeg from its keyframe (20.005 s).
    const far = await saveSegment('far', 20);
    const after = sessions.info('far');
    expect(after?.pid).not.toBe(before?.pid);
    expect(after?.runStart).toBe(20);
    const args = after?.args ?? [];
    expect(args.slice(args.indexOf('-ss'), args.indexOf('-ss') + 2)).toEqual(['-ss', '20.0055']);
    // The segment carries the file's own times: 20 s after segment 0's, as the playlist says.
    const gap = (await segmentVideoStart(far)) - (await segmentVideoStart(first));
    expect(Math.abs(gap - ((after?.boundaries[20] ?? 0) - (after?.boundaries[0] ?? 0)))).toBeLessThan(0.01);
    expect(Math.abs(gap - 20)).toBeLessThan(0.01);
    expect((await probeSegment(far)).codecs).toEqual(['audio:aac', 'video:h264']);

    // The next segment and the made segment 0: no restart.
    expect((await segment('far', 21)).status).toBe(200);
    expect((await segment('far', 0)).status).toBe(200);
    expect(sessions.info('far')?.pid).toBe(after?.pid);
    // Past the last segment: 404.
    expect((await segment('far', 30)).status).toBe(404);
  });

  it('converted video is cut every second exactly, also after a restart', async () => {
    await decide('converted', '&directStream=0');
    expect((await start('converted', 12.5)).status).toBe(200);
    expect(sessions.info('converted')?.runStart).toBe(12);
    const twelve = await saveSegment('converted', 12);
    const thirteen = await saveSegment('converted', 13);
    const three = await saveSegment('converted', 3);
    expect(sessions.info('converted')?.runStart).toBe(3);
    expect((await probeSegment(three)).codecs).toEqual(['audio:aac', 'video:h264']);
    const time = async (file: string) => segmentVideoStart(file);
    expect(Math.abs((await time(thirteen)) - (await time(twelve)) - 1)).toBeLessThan(0.01);
    expect(Math.abs((await time(twelve)) - (await time(three)) - 9)).toBeLessThan(0.01);
  });

  it('the cap counts running conversions only: a finished one holds no slot', async () => {
    const fast = new TranscodeSessions({
      workDir: join(fixture.dir, '..', 'transcodes-fast'),
      segmentSeconds: 1,
      maxSessions: 1,
    });
    try {
      const input = join(fixture.dir, media.relativePath);
      const options = { input, offsetSeconds: 0, durationSeconds: 30, video: 'copy', audio: 'aac' } as const;
      await fast.start('done', options);
      // Not throttled (no segment asked for moves the player... the default 60 s is past the 30 s clip).
      await eventually(async () => fast.info('done')?.running === false, 20_000);
      expect(fast.info('done')?.ready).toHaveLength(30);
      expect(fast.running).toBe(0);
      // A second session under a cap of one, while the first still serves its segments.
      await fast.start('next', options);
      expect(fast.size).toBe(2);
      expect(fast.running).toBe(1);
      expect(await fast.segment('done', 'seg00029.ts')).toMatch(/seg00029\.ts$/);
    } finally {
      await fast.shutdown();
    }
  });

  it('a session ended for idleness (a long pause) starts again when the player asks for a segment', async () => {
    const idle = new TranscodeSessions({
      workDir: join(fixture.dir, '..', 'transcodes-idle'),
      segmentSeconds: 1,
      maxAheadSeconds: 4,
      idleMs: 300,
    });
    const other = await startPlaybackApp(idle);
    try {
      other.media.set(7, media);
      const call = (path: string) =>
        fetch(`${other.url}/video/:/transcode/universal/${path}&X-Plex-Token=${TOKEN}`);
      expect((await call(`decision?path=/library/metadata/7&session=paused&${browserQuery}`)).status).toBe(
        200,
      );
      expect((await call('start.m3u8?path=/library/metadata/7&session=paused')).status).toBe(200);
      expect((await call('session/paused/base/seg00000.ts?')).status).toBe(200);
      await eventually(async () => !idle.has('paused'), 10_000);
      // Back from the pause: the next segment, from a conversion started again.
      expect((await call('session/paused/base/seg00001.ts?')).status).toBe(200);
      expect(idle.has('paused')).toBe(true);
      // After an explicit stop the decision is gone: no revival, also for a request waiting when it came.
      const waiting = call('session/paused/base/seg00025.ts?');
      await call('stop?session=paused');
      expect([200, 404]).toContain((await waiting).status);
      expect((await call('session/paused/base/seg00002.ts?')).status).toBe(404);
      expect(idle.has('paused')).toBe(false);
    } finally {
      await other.close();
    }
  });
});

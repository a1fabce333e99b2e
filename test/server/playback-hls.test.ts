import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, profileToQuery } from '../../src/protocol/playback';
import type { PlaybackMedia } from '../../src/server/media/playback/playback-routes';
import { TranscodeSessions } from '../../src/server/media/playback/transcode-sessions';
import { createMediaFixture, eventually, type MediaFixture } from '../support/media-fixtures';
import { OTHER_TOKEN, type PlaybackApp, startPlaybackApp, TOKEN } from '../support/playback-app';
import { makeSeekableClip, probeSegment, processExists } from '../support/tiny-media';

// The universal transcoder over real HTTP with real ffmpeg: decision, start.m3u8, the session's playlist and
// segments (checked with ffprobe), stop, idle, the cap, and seeking past what was produced.

const browserQuery = new URLSearchParams(profileToQuery(DEFAULT_PROFILE)).toString();

describe('HLS playback', () => {
  let fixture: MediaFixture;
  let app: PlaybackApp;
  let sessions: TranscodeSessions;
  let workDir: string;
  const sessionLogs: string[] = [];

  beforeAll(async () => {
    fixture = await createMediaFixture('marquee-playback-hls-');
    workDir = join(fixture.dir, '..', 'transcodes');
    const clip = 'Movies/Clip (2021)/Clip (2021).mkv';
    await mkdir(join(fixture.dir, 'Movies/Clip (2021)'), { recursive: true });
    // 3 s, H.264 with a keyframe every second, AC-3 audio in MKV: a browser needs the audio converted.
    await makeSeekableClip(join(fixture.dir, clip), { seconds: 3, audio: 'ac3' });
    // Realtime (-re) makes ffmpeg take as long as the clip, as a long film's conversion would; 1 s segments.
    // One conversion at a time: each test stops its sessions (afterEach), and the cap's tests need one slot.
    sessions = new TranscodeSessions({
      workDir,
      segmentSeconds: 1,
      maxSessions: 1,
      realtime: true,
      idleMs: 60_000,
      log: (line) => sessionLogs.push(line),
    });
    app = await startPlaybackApp(sessions);
    const media: PlaybackMedia = {
      partId: 11,
      partKey: '/library/parts/11/1700000000/file.mkv',
      relativePath: clip,
      container: 'mkv',
      mediaRoot: fixture.dir,
      videoCodec: 'h264',
      audioCodec: 'ac3',
      width: 160,
      height: 90,
      durationMs: 3000,
    };
    app.media.set(5, media);
    app.media.set(6, { ...media, relativePath: '../escape.mkv' });
    await writeFile(join(fixture.dir, '..', 'escape.mkv'), 'not for you');
  });
  // A failed test must not leave its session running into the next (the cap would refuse them).
  afterEach(async () => {
    for (const id of [
      'play',
      'stopped',
      'first',
      'second',
      'seek',
      'exact',
      'pinged',
      'escape',
      'twice',
      'dies',
      'after',
    ])
      await sessions.stop(id);
  });
  afterAll(async () => {
    await app?.close();
    await fixture?.remove();
  });

  const universal = (endpoint: string, query: string) =>
    `${app.url}/video/:/transcode/universal/${endpoint}?${query}&X-Plex-Token=${TOKEN}`;
  const decide = async (session: string, ratingKey = 5) => {
    const response = await fetch(
      universal(
        'decision',
        `path=/library/metadata/${ratingKey}&session=${session}&protocol=hls&${browserQuery}`,
      ),
      { headers: { Accept: 'application/json' } },
    );
    return response;
  };
  const start = (session: string, offset = 0) =>
    fetch(
      universal('start.m3u8', `path=/library/metadata/5&session=${session}&offset=${offset}&${browserQuery}`),
    );
  const stop = (session: string) => fetch(universal('stop', `session=${session}`));

  it('MKV with AC-3: the decision copies the video and converts the audio (1001), in Plex’s shape', async () => {
    const response = await decide('shape');
    expect(response.status).toBe(200);
    const { MediaContainer } = await response.json();
    expect(MediaContainer).toMatchObject({
      generalDecisionCode: 1001,
      generalDecisionText: 'Direct play not available; Conversion OK.',
      directPlayDecisionCode: 3000,
      transcodeDecisionCode: 1001,
    });
    const media = MediaContainer.Metadata[0].Media[0];
    expect(media).toMatchObject({ selected: true, protocol: 'hls', container: 'mpegts' });
    expect(media.Part[0].decision).toBe('transcode');
    expect(media.Part[0].Stream).toEqual([
      expect.objectContaining({ streamType: 1, codec: 'h264', decision: 'copy', location: 'segments-video' }),
      expect.objectContaining({
        streamType: 2,
        codec: 'aac',
        decision: 'transcode',
        location: 'segments-audio',
      }),
    ]);

    const tizen = await fetch(
      universal(
        'decision',
        'path=/library/metadata/5&session=shape&directPlayContainers=mkv,mp4&directPlayAudioCodecs=aac,ac3&nativeHls=1',
      ),
    );
    const direct = (await tizen.json()).MediaContainer;
    expect(direct.generalDecisionCode).toBe(1000);
    expect(direct.Metadata[0].Media[0].Part[0]).toMatchObject({
      decision: 'directplay',
      key: '/library/parts/11/1700000000/file.mkv',
    });
  });

  it('decision errors: no token 401, unknown item 404, bad path or session 400', async () => {
    const bare = `${app.url}/video/:/transcode/universal/decision?path=/library/metadata/5&session=x`;
    expect((await fetch(bare)).status).toBe(401);
    expect((await decide('x', 999)).status).toBe(404);
    expect((await fetch(universal('decision', 'path=/etc/passwd&session=x'))).status).toBe(400);
    expect((await fetch(universal('decision', 'path=/library/metadata/5&session=../x'))).status).toBe(400);
    expect((await fetch(universal('decision', 'path=/library/metadata/5'))).status).toBe(400);
  });

  it('start.m3u8 without a decision for that session and without a path is 400', async () => {
    // (With a path, start.m3u8 makes the decision itself: playback-plex-shape.test.ts.)
    const response = await fetch(universal('start.m3u8', `session=never-decided&${browserQuery}`));
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].message).toContain('decision');
    // Another account's decision does not count either.
    await decide('someone-elses');
    const other = await fetch(
      `${app.url}/video/:/transcode/universal/start.m3u8?session=someone-elses&X-Plex-Token=${OTHER_TOKEN}`,
    );
    expect(other.status).toBe(400);
    expect(sessions.has('someone-elses')).toBe(false);
  });

  it('decision then start.m3u8: a valid playlist whose first segment ffprobe decodes (h264 copied, aac)', async () => {
    expect((await decide('play')).status).toBe(200);
    const master = await start('play');
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toContain('application/vnd.apple.mpegurl');
    const masterText = await master.text();
    expect(masterText.startsWith('#EXTM3U\n')).toBe(true);
    expect(masterText).toMatch(/#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=\d+,RESOLUTION=160x90\n/);
    expect(masterText).toContain('#EXT-X-SESSION-DATA:DATA-ID="tv.marquee.stream-start",VALUE="0.000"');
    expect(master.headers.get('x-marquee-stream-start')).toBe('0.000');
    const variant = masterText.split('\n').find((line) => line && !line.startsWith('#')) ?? '';
    expect(variant).toBe(`session/play/base/index.m3u8?X-Plex-Token=${TOKEN}`);

    // Resolved against the start URL, as a player does; no headers from here on.
    const playlistUrl = new URL(variant, master.url);
    const playlist = await fetch(playlistUrl);
    expect(playlist.status).toBe(200);
    const playlistText = await playlist.text();
    // Complete from the start: every segment of the 3 s clip (keyframes each second, 1 s segments) and the end.
    expect(playlistText).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(playlistText).toContain('#EXT-X-ENDLIST');
    expect(playlistText).toMatch(/#EXTINF:[\d.]+,\nseg00000\.ts\?X-Plex-Token=/);
    expect(playlistText).toMatch(/#EXTINF:[\d.]+,\nseg00002\.ts\?X-Plex-Token=/);

    const segmentUrl = new URL(
      playlistText.split('\n').find((line) => line.startsWith('seg')) ?? '',
      playlistUrl,
    );
    const segment = await fetch(segmentUrl);
    expect(segment.status).toBe(200);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    const file = join(fixture.dir, '..', 'first-segment.ts');
    await writeFile(file, Buffer.from(await segment.arrayBuffer()));
    const probed = await probeSegment(file);
    expect(probed.codecs).toEqual(['audio:aac', 'video:h264']);

    // Segments need the session's account and only the session's own names.
    const base = `${app.url}/video/:/transcode/universal/session/play/base`;
    expect((await fetch(`${base}/seg00000.ts`)).status).toBe(401);
    expect((await fetch(`${base}/seg00000.ts?X-Plex-Token=${OTHER_TOKEN}`)).status).toBe(404);
    for (const name of ['index.m3u8.tmp', '..%2f..%2fetc%2fpasswd', 'seg00000.ts.tmp', 'seg99999.ts']) {
      expect((await fetch(`${base}/${name}?X-Plex-Token=${TOKEN}`)).status, name).toBe(404);
    }
    await stop('play');
  });

  it('stop ends ffmpeg (the pid is gone) and removes its folder', async () => {
    await decide('stopped');
    expect((await start('stopped')).status).toBe(200);
    const info = sessions.info('stopped');
    expect(info).not.toBeNull();
    const { pid, dir } = info as NonNullable<typeof info>;
    expect(processExists(pid)).toBe(true);
    expect(existsSync(dir)).toBe(true);

    const response = await stop('stopped');
    expect(response.status).toBe(200);
    expect(processExists(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(sessions.has('stopped')).toBe(false);
    // Stopping again is harmless; the decision is gone with the session (a start naming no item finds none;
    // one naming the item decides again, as a first start would).
    expect((await stop('stopped')).status).toBe(200);
    expect((await fetch(universal('start.m3u8', `session=stopped&${browserQuery}`))).status).toBe(400);
  });

  it('an idle session (no playlist or segment request) is ended: ffmpeg gone, folder removed', async () => {
    const idle = new TranscodeSessions({ workDir: join(workDir, 'idle'), realtime: true, idleMs: 400 });
    try {
      const input = join(fixture.dir, 'Movies/Clip (2021)/Clip (2021).mkv');
      await idle.start('idle', { input, offsetSeconds: 0, durationSeconds: 3, video: 'copy', audio: 'aac' });
      const { pid, dir } = idle.info('idle') ?? { pid: -1, dir: '' };
      expect(processExists(pid)).toBe(true);
      // Well before the 3 s realtime clip would end by itself.
      await eventually(async () => !idle.has('idle') && !processExists(pid), 2_000);
      await eventually(async () => !existsSync(dir), 1_000);
    } finally {
      await idle.shutdown();
    }
    expect(existsSync(join(workDir, 'idle'))).toBe(false);
  });

  it('past the cap on concurrent sessions: 503 with a clear message, until one stops', async () => {
    await decide('first');
    await decide('second');
    expect((await start('first')).status).toBe(200);
    const refused = await start('second');
    expect(refused.status).toBe(503);
    expect((await refused.json()).errors[0].message).toBe(
      'Too many videos are being converted at once; stop one and try again',
    );
    // A new start of the same session is not a new session.
    expect((await start('first')).status).toBe(200);
    await stop('first');
    expect((await start('second')).status).toBe(200);
    await stop('second');
  });

  it('start.m3u8 at an offset begins the conversion with the segment holding it; the stream starts at 0', async () => {
    await decide('seek');
    const master = await start('seek', 2.5);
    expect(master.status).toBe(200);
    // The playlist covers the whole file, so its time 0 is the file's: the player seeks to 2.5 s itself.
    expect(master.headers.get('x-marquee-stream-start')).toBe('0.000');
    expect(await master.text()).toContain(
      '#EXT-X-SESSION-DATA:DATA-ID="tv.marquee.stream-start",VALUE="0.000"',
    );
    const info = sessions.info('seek');
    // Keyframes at 0.005, 1.005, 2.005 s: segment 2 begins at the third; copied video seeks exactly there.
    expect(info?.runStart).toBe(2);
    const args = info?.args ?? [];
    expect(args.slice(args.indexOf('-ss'), args.indexOf('-ss') + 2)).toEqual(['-ss', '2.0055']);
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    // Fetched again at the same offset: the same conversion.
    await start('seek', 2.5);
    expect(sessions.info('seek')?.pid).toBe(info?.pid);
    await stop('seek');
  });

  it('converted video: segments every second exactly, the conversion from the segment’s boundary', async () => {
    const response = await fetch(
      universal('decision', `path=/library/metadata/5&session=exact&directStream=0&${browserQuery}`),
    );
    const streams = (await response.json()).MediaContainer.Metadata[0].Media[0].Part[0].Stream;
    expect(streams.map((stream: { decision: string }) => stream.decision)).toEqual([
      'transcode',
      'transcode',
    ]);
    const master = await fetch(universal('start.m3u8', 'session=exact&offset=2.5'));
    expect(master.status).toBe(200);
    const info = sessions.info('exact');
    expect(info?.boundaries).toEqual([0, 1, 2, 3]);
    const args = info?.args ?? [];
    expect(args.slice(args.indexOf('-ss'), args.indexOf('-ss') + 2)).toEqual(['-ss', '2.0000']);
    expect(args).toContain('libx264');
    await stop('exact');
  });

  it('the item’s stored path is checked too: an escape is 404 at start', async () => {
    const response = await fetch(
      universal('decision', `path=/library/metadata/6&session=escape&${browserQuery}`),
    );
    expect(response.status).toBe(200);
    const started = await fetch(universal('start.m3u8', 'path=/library/metadata/6&session=escape'));
    expect(started.status).toBe(404);
    expect(sessions.has('escape')).toBe(false);
  });

  it('two starts of one session at once share one ffmpeg; the path may spell the colon %3A', async () => {
    await decide('twice');
    const [a, b] = await Promise.all([start('twice'), start('twice')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(sessions.size).toBe(1);
    const encoded = await fetch(
      `${app.url}/video/%3A/transcode/universal/start.m3u8?session=twice&X-Plex-Token=${TOKEN}`,
    );
    expect(encoded.status).toBe(200);
    const other = await fetch(
      `${app.url}/video/x/transcode/universal/start.m3u8?session=twice&X-Plex-Token=${TOKEN}`,
    );
    expect(other.status).toBe(404);
    await stop('twice');
  });

  it('an ffmpeg that dies mid-stream ends its session: logged, its playlist and segments 500 with a message, its slot free', async () => {
    await decide('dies');
    expect((await start('dies')).status).toBe(200);
    const base = `${app.url}/video/:/transcode/universal/session/dies/base`;
    const playlist = () => fetch(`${base}/index.m3u8?X-Plex-Token=${TOKEN}`);
    // A first segment: the conversion is under way (the 3 s clip takes 3 s at 1×).
    expect((await playlist()).status).toBe(200);
    const pid = sessions.info('dies')?.pid ?? -1;
    expect(processExists(pid)).toBe(true);

    process.kill(pid, 'SIGKILL');
    await eventually(async () => !sessions.has('dies'), 10_000);
    expect(sessionLogs).toContainEqual(
      expect.stringMatching(new RegExp(`^transcode dies: ffmpeg ${pid} failed with SIGKILL: `)),
    );
    for (const response of [await playlist(), await fetch(`${base}/seg00000.ts?X-Plex-Token=${TOKEN}`)]) {
      expect(response.status, response.url).toBe(500);
      expect(await response.json()).toEqual({
        errors: [{ code: 1043, message: 'The video could not be converted', status: 500 }],
      });
    }
    expect(sessions.size).toBe(0);

    // The slot it held is free: with a cap of one, another session starts.
    await decide('after');
    expect((await start('after')).status).toBe(200);
    await stop('after');
    // Playing again is a new conversion.
    expect((await start('dies')).status).toBe(200);
    expect(sessions.info('dies')?.pid).not.toBe(pid);
    expect((await playlist()).status).toBe(200);
    await stop('dies');
  });

  it('ping keeps a session alive; unknown sessions are 404', async () => {
    await decide('pinged');
    await start('pinged');
    expect((await fetch(universal('ping', 'session=pinged'))).status).toBe(200);
    expect((await fetch(universal('ping', 'session=nobody'))).status).toBe(404);
    await stop('pinged');
  });

  it('shutdown ends every session and removes the work dir', async () => {
    await decide('last');
    await start('last');
    const pid = sessions.info('last')?.pid ?? -1;
    await sessions.shutdown();
    expect(processExists(pid)).toBe(false);
    expect(existsSync(workDir)).toBe(false);
  });
});

import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexHub, PlexMetadata, PlexSection } from '../../src/protocol/plex-media';
import { TRANSCODE_DIR } from '../../src/server/home-server';
import { startMediaServer, startTestServer, type TestServer } from '../support/home-server';
import { createMediaFixture, eventually, type MediaFixture } from '../support/media-fixtures';
import { spawnHomeServer } from '../support/spawn-process';
import { makeSeekableClip, processesMentioning, writeRealtimeFfmpeg } from '../support/tiny-media';
import { getWithToken, linkTv } from './helpers';

// Playback through the whole home server: what a TV does from a library item to progress on Continue
// Watching, with the routes wired as `npm start` wires them.

describe('playback on the home server', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;

  const json = async <T>(path: string) => {
    const response = await getWithToken(server.url, path, token);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  const movie = async (title: string) => {
    const sections = await json<{ MediaContainer: { Directory: PlexSection[] } }>('/library/sections');
    const key = sections.MediaContainer.Directory.find((section) => section.type === 'movie')?.key;
    const all = await json<{ MediaContainer: { Metadata: PlexMetadata[] } }>(`/library/sections/${key}/all`);
    const found = all.MediaContainer.Metadata.find((item) => item.title === title);
    if (!found) throw new Error(`no ${title}`);
    return found;
  };
  const continueWatching = async () => {
    const hubs = await json<{ MediaContainer: { Hub: PlexHub[] } }>('/hubs');
    const hub = hubs.MediaContainer.Hub.find((candidate) => candidate.hubIdentifier === 'home.continue');
    return hub?.Metadata ?? [];
  };

  beforeAll(async () => {
    media = await createMediaFixture();
    await media.add('Movies/Clear River (2020)/Clear River (2020).mp4', 'mp4-2s');
    await media.add('Movies/Copper Sky (2021)/Copper Sky (2021).mkv', 'mkv-ac3-1s');
    server = await startMediaServer(media.dir);
    token = (await linkTv(server.url)).token;
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('direct-plays an H.264/AAC MP4 from its part key, with byte ranges', async () => {
    const item = await movie('Clear River');
    const decision = await json<{ MediaContainer: Record<string, unknown> & { Metadata: PlexMetadata[] } }>(
      `/video/:/transcode/universal/decision?path=/library/metadata/${item.ratingKey}&session=s-direct`,
    );
    expect(decision.MediaContainer.generalDecisionCode).toBe(1000);
    const part = decision.MediaContainer.Metadata[0].Media?.[0].Part[0];
    expect(part?.key).toBe(item.Media?.[0].Part[0].key);
    const ranged = await fetch(`${server.url}${part?.key}?X-Plex-Token=${token}`, {
      headers: { Range: 'bytes=0-99' },
    });
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(`${server.url}${part?.key}`)).status).toBe(401);
  });

  it('makes HLS for MKV with AC-3 (audio converted for a browser) and ends the conversion on stop', async () => {
    const item = await movie('Copper Sky');
    const query = `path=/library/metadata/${item.ratingKey}&session=s-hls`;
    const decision = await json<{ MediaContainer: Record<string, unknown> }>(
      `/video/:/transcode/universal/decision?${query}`,
    );
    expect(decision.MediaContainer.generalDecisionCode).toBe(1001);
    const master = await fetch(
      `${server.url}/video/:/transcode/universal/start.m3u8?${query}&X-Plex-Token=${token}`,
    );
    expect(master.status).toBe(200);
    expect(await master.text()).toMatch(/session\/s-hls\/base\/index\.m3u8\?X-Plex-Token=/);
    const stop = await getWithToken(server.url, '/video/:/transcode/universal/stop?session=s-hls', token);
    expect(stop.status).toBe(200);
  });

  it('timeline → viewOffset → Continue Watching; scrobble → viewCount and off Continue Watching', async () => {
    const item = await movie('Clear River');
    const report = await getWithToken(
      server.url,
      `/:/timeline?ratingKey=${item.ratingKey}&key=/library/metadata/${item.ratingKey}&state=stopped&time=800&duration=2000`,
      token,
    );
    expect(report.status).toBe(200);
    const inProgress = await continueWatching();
    expect(inProgress.map((entry) => [entry.title, entry.viewOffset])).toEqual([['Clear River', 800]]);
    expect((await movie('Clear River')).viewOffset).toBe(800);

    const scrobble = await getWithToken(
      server.url,
      `/:/scrobble?identifier=com.plexapp.plugins.library&key=${item.ratingKey}`,
      token,
    );
    expect(scrobble.status).toBe(200);
    expect(await continueWatching()).toEqual([]);
    expect((await movie('Clear River')).viewCount).toBe(1);
  });
});

// The case: the server's node process SIGKILLed during a conversion (no handler runs). Its ffmpeg must
// stop within seconds, not run on under PID 1; and the next start on the same DATA_DIR removes the folder the
// dead server left.
describe('a conversion when the server process is killed', () => {
  let root: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'marquee-killed-server-'));
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    // Whatever outlived the server (the old code's ffmpeg) must not outlive the test.
    for (const { pid } of await processesMentioning(root)) process.kill(pid, 'SIGKILL');
    await rm(root, { recursive: true, force: true });
  });

  it('ffmpeg ends soon after SIGKILL of the server; a new start on its DATA_DIR leaves no leftover folder', async () => {
    const dataDir = join(root, 'data');
    const mediaDir = join(root, 'media');
    await mkdir(dataDir);
    await mkdir(join(mediaDir, 'Movies/Long Road (2019)'), { recursive: true });
    // 60 s read at 1× speed: far longer than the test waits, so the conversion runs until the server dies.
    await makeSeekableClip(join(mediaDir, 'Movies/Long Road (2019)/Long Road (2019).mkv'), {
      seconds: 60,
      audio: 'ac3',
    });
    const ffmpeg = await writeRealtimeFfmpeg(join(root, 'realtime-ffmpeg'));
    const server = await spawnHomeServer({}, { DATA_DIR: dataDir, MEDIA_DIR: mediaDir, FFMPEG_PATH: ffmpeg });
    child = server.child;
    const ready = server.info;
    expect(ready.pid).toBe(server.child.pid);

    const { token } = await linkTv(ready.url);
    const get = async (path: string) => {
      const response = await getWithToken(ready.url, path, token);
      expect(response.status, path).toBe(200);
      return response;
    };
    const sections = (await (await get('/library/sections')).json()) as {
      MediaContainer: { Directory: PlexSection[] };
    };
    const movies = sections.MediaContainer.Directory.find((section) => section.type === 'movie')?.key;
    const all = (await (await get(`/library/sections/${movies}/all`)).json()) as {
      MediaContainer: { Metadata: PlexMetadata[] };
    };
    const query = `path=/library/metadata/${all.MediaContainer.Metadata[0].ratingKey}&session=doomed`;
    await get(`/video/:/transcode/universal/decision?${query}`);
    await get(`/video/:/transcode/universal/start.m3u8?${query}`);
    // The playlist answers once ffmpeg wrote a first segment: the conversion is under way.
    await get('/video/:/transcode/universal/session/doomed/base/index.m3u8');

    const transcodeDir = join(dataDir, TRANSCODE_DIR);
    const ffmpegs = (await processesMentioning(transcodeDir)).filter(
      ({ args }) => basename(args.split(' ')[0]) === 'ffmpeg',
    );
    expect(ffmpegs).toHaveLength(1);

    server.child.kill('SIGKILL');
    await server.stop();
    // Nothing of the conversion runs on (a killed ffmpeg that PID 1 has yet to collect shows no arguments).
    await eventually(async () => (await processesMentioning(transcodeDir)).length === 0, 20_000);
    expect(existsSync(transcodeDir)).toBe(true); // the dead server could not remove its folder

    const again = await startTestServer({ dataDir, mediaDir, tvAppDir: null, emulatorDir: null });
    try {
      expect(existsSync(transcodeDir)).toBe(false);
      expect(again.logLines).toContainEqual(expect.stringContaining('a previous run left'));
    } finally {
      await again.close();
    }
  }, 120_000);
});

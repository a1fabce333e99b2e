import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexHub, PlexMetadata, PlexSection } from '../../src/protocol/plex-media';
import { startTestServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { getWithToken, linkTv, RELAXED_LIMITS } from './helpers';

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
    server = await startTestServer({
      limits: RELAXED_LIMITS,
      tvAppDir: null,
      emulatorDir: null,
      mediaDir: media.dir,
    });
    await server.server.media.idle();
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

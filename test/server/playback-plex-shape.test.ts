import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexMetadata, PlexSection } from '../../src/protocol/plex-media';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { makeSeekableClip, probeSegment } from '../support/tiny-media';
import { getWithToken, linkTv, newTv, plexQuery, type TvIdentity } from './helpers';

// The playback answers as a Plex Media Server gives them, over real HTTP on the real home server with real
// clips: the decision (directplay or transcode on the Part, copy only on streams, the item's own fields),
// start.m3u8 from a plain stream URL (an implicit decision), and /status/sessions (what plays now, with its
// TranscodeSession while the server converts it).

// A real PMS decision answer (plex-api.rs's recorded mock; test/fixtures/plex/SOURCES.md).
const RECORDED_DECISION = new URL('../fixtures/plex/plex-api-rs/decision_13194.json', import.meta.url);

interface Container {
  MediaContainer: Record<string, unknown> & { Metadata: Decided[] };
}
type Stream = Record<string, unknown> & { streamType: number };
type Decided = Record<string, unknown> & {
  Media: (Record<string, unknown> & { Part: (Record<string, unknown> & { Stream: Stream[] })[] })[];
};

describe('playback answers in PMS’s shape', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;
  const tv = newTv('Living Room TV');

  const json = async <T>(path: string, who: TvIdentity = tv) => {
    const response = await getWithToken(server.url, path, token, who);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  const movieKey = async (title: string) => {
    const sections = await json<{ MediaContainer: { Directory: PlexSection[] } }>('/library/sections');
    const key = sections.MediaContainer.Directory.find((section) => section.type === 'movie')?.key;
    const all = await json<{ MediaContainer: { Metadata: PlexMetadata[] } }>(`/library/sections/${key}/all`);
    const found = all.MediaContainer.Metadata.find((item) => item.title === title);
    if (!found) throw new Error(`no ${title}`);
    return found.ratingKey;
  };
  const decide = async (title: string, session: string, extra = '') =>
    json<Container>(
      `/video/:/transcode/universal/decision?path=/library/metadata/${await movieKey(title)}&session=${session}${extra}`,
    );
  const stop = (session: string) =>
    getWithToken(server.url, `/video/:/transcode/universal/stop?session=${session}`, token);

  beforeAll(async () => {
    media = await createMediaFixture();
    await media.add('Movies/Clear River (2020)/Clear River (2020).mp4', 'mp4-2s');
    await media.add('Movies/Copper Sky (2021)/Copper Sky (2021).mkv', 'mkv-ac3-1s');
    // H.264/AAC in Matroska: not a browser's file, but both streams go into HLS as they are (a remux).
    await mkdir(join(media.dir, 'Movies/Amber Field (2019)'), { recursive: true });
    await makeSeekableClip(join(media.dir, 'Movies/Amber Field (2019)/Amber Field (2019).mkv'), {
      seconds: 3,
      audio: 'aac',
    });
    server = await startMediaServer(media.dir);
    token = (await linkTv(server.url, tv)).token;
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('the decision: directplay or transcode on the Part, copy only on streams, the item with its type and title', async () => {
    const recorded = JSON.parse(await readFile(RECORDED_DECISION, 'utf8')) as Container;
    const direct = await decide('Clear River', 'shape-direct', '&hasMDE=1');
    // Every field named here is in the recorded PMS answer and in the home server's, at the same place.
    const names = {
      container: [
        'size',
        'identifier',
        'librarySectionID',
        'generalDecisionCode',
        'generalDecisionText',
        'directPlayDecisionCode',
        'directPlayDecisionText',
      ],
      item: ['ratingKey', 'key', 'guid', 'type', 'title', 'duration', 'addedAt', 'librarySectionID', 'year'],
      media: ['id', 'container', 'videoCodec', 'audioCodec', 'width', 'height', 'duration', 'selected'],
      part: ['id', 'key', 'container', 'duration', 'decision', 'selected', 'Stream'],
      stream: ['id', 'streamType', 'codec', 'index', 'location'],
    };
    const places = (answer: Container) => {
      const item = answer.MediaContainer.Metadata[0];
      const part = item.Media[0].Part[0];
      return { container: answer.MediaContainer, item, media: item.Media[0], part, stream: part.Stream[0] };
    };
    const real = places(recorded);
    const ours = places(direct);
    for (const [place, fields] of Object.entries(names) as [keyof typeof names, string[]][]) {
      for (const field of fields) {
        expect(real[place], `PMS ${place}.${field}`).toHaveProperty(field);
        expect(ours[place], `home server ${place}.${field}`).toHaveProperty(field);
      }
    }
    expect(ours.item).toMatchObject({ type: 'movie', title: 'Clear River', year: 2020 });
    expect(ours.container).toMatchObject({
      identifier: 'com.plexapp.plugins.library',
      generalDecisionCode: 1000,
      mdeDecisionCode: 1000,
      mdeDecisionText: 'Direct play OK.',
    });
    // Ids are numbers (as @lukehagar/plexjs's schema requires), the part's key the file's.
    expect(typeof ours.media.id).toBe('number');
    expect(typeof ours.part.id).toBe('number');
    expect(ours.part).toMatchObject({ decision: 'directplay' });
    expect(String(ours.part.key)).toMatch(/^\/library\/parts\/\d+\/\d+\/file\.mp4$/);

    // A remux (MKV with H.264/AAC): on the Part a transcode, both streams copied.
    const remux = places(await decide('Amber Field', 'shape-remux'));
    expect(remux.container.generalDecisionCode).toBe(1001);
    expect(remux.part.decision).toBe('transcode');
    expect(remux.media).toMatchObject({ protocol: 'hls', container: 'mpegts' });
    expect(remux.item).toMatchObject({ type: 'movie', title: 'Amber Field' });
    const remuxStreams = remux.part.Stream.map((stream) => [stream.streamType, stream.decision]);
    expect(remuxStreams).toEqual([
      [1, 'copy'],
      [2, 'copy'],
    ]);

    // AC-3 for a browser: the Part a transcode, the video copied, the audio converted.
    const converted = places(await decide('Copper Sky', 'shape-convert'));
    expect(converted.part.decision).toBe('transcode');
    expect(converted.part.Stream.map((stream) => [stream.streamType, stream.decision])).toEqual([
      [1, 'copy'],
      [2, 'transcode'],
    ]);
    // Without hasMDE=1 there is no media decision engine verdict, as PMS answers.
    expect(converted.container).not.toHaveProperty('mdeDecisionCode');
  });

  it('start.m3u8 from a plain stream URL (no decision, no session) decides itself and plays', async () => {
    const ratingKey = await movieKey('Copper Sky');
    // python-plexapi's getStreamURL: no decision first, no session id.
    const url = `${server.url}/video/:/transcode/universal/start.m3u8?path=/library/metadata/${ratingKey}&mediaIndex=0&partIndex=0&protocol=hls&offset=0&X-Plex-Platform=Chrome&X-Plex-Token=${token}`;
    const master = await fetch(url);
    expect(master.status).toBe(200);
    const masterText = await master.text();
    const variant = masterText.split('\n').find((line) => line && !line.startsWith('#')) ?? '';
    const session = /^session\/([^/]+)\/base\/index\.m3u8/.exec(variant)?.[1];
    expect(session).toBeTruthy();
    try {
      // The same URL again finds the same stream.
      const again = await (await fetch(url)).text();
      expect(again).toContain(`session/${session}/base/index.m3u8`);

      const playlistUrl = new URL(variant, master.url);
      const playlist = await fetch(playlistUrl);
      expect(playlist.status).toBe(200);
      const segmentName = (await playlist.text()).split('\n').find((line) => line.startsWith('seg')) ?? '';
      const segment = await fetch(new URL(segmentName, playlistUrl));
      expect(segment.status).toBe(200);
      const file = join(media.dir, '..', 'implicit-segment.ts');
      await writeFile(file, Buffer.from(await segment.arrayBuffer()));
      // AC-3 is not a browser's: the implicit decision converted the audio, as an asked one would.
      expect((await probeSegment(file)).codecs).toEqual(['audio:aac', 'video:h264']);
    } finally {
      await stop(session ?? '');
    }
  });

  it('/status/sessions: a converting session with its TranscodeSession and player; a direct play from its timeline', async () => {
    const copper = await movieKey('Copper Sky');
    const clear = await movieKey('Clear River');
    const session = 'status-convert';
    const stream = `path=/library/metadata/${copper}&session=${session}&X-Plex-Session-Identifier=${session}`;
    await json(`/video/:/transcode/universal/decision?${stream}`);
    const started = await fetch(
      `${server.url}/video/:/transcode/universal/start.m3u8?${stream}&${plexQuery(tv)}&X-Plex-Token=${token}`,
    );
    expect(started.status).toBe(200);
    await started.text();
    const timeline = (ratingKey: string, state: string, time: number, who: TvIdentity, sessionId: string) =>
      json(
        `/:/timeline?ratingKey=${ratingKey}&key=/library/metadata/${ratingKey}&state=${state}&time=${time}&duration=2000&X-Plex-Session-Identifier=${sessionId}`,
        who,
      );
    await timeline(copper, 'paused', 400, tv, session);
    const kitchen = newTv('Kitchen');
    await timeline(clear, 'playing', 1200, kitchen, 'kitchen-direct');

    type Listed = PlexMetadata & Record<string, Record<string, unknown> | undefined>;
    const listed = async () =>
      (await json<{ MediaContainer: { size: number; Metadata?: Listed[] } }>('/status/sessions'))
        .MediaContainer;
    const now = await listed();
    expect(now.size).toBe(2);
    const converting = now.Metadata?.find((item) => item.title === 'Copper Sky');
    expect(converting).toMatchObject({ type: 'movie', ratingKey: copper, viewOffset: 400 });
    expect(converting?.User).toMatchObject({ title: 'admin' });
    expect(converting?.Player).toMatchObject({
      title: 'Living Room TV',
      machineIdentifier: tv.clientIdentifier,
      platform: 'Tizen',
      product: 'Marquee',
      state: 'paused',
      address: '127.0.0.1',
    });
    expect(converting?.Session).toMatchObject({ id: session });
    expect(converting?.TranscodeSession).toMatchObject({
      key: `/transcode/sessions/${session}`,
      videoDecision: 'copy',
      audioDecision: 'transcode',
      sourceVideoCodec: 'h264',
      sourceAudioCodec: 'ac3',
      audioCodec: 'aac',
      protocol: 'hls',
      container: 'mpegts',
    });
    const direct = now.Metadata?.find((item) => item.title === 'Clear River');
    expect(direct?.Player).toMatchObject({ title: 'Kitchen', state: 'playing' });
    expect(direct).toMatchObject({ viewOffset: 1200 });
    expect(direct?.TranscodeSession).toBeUndefined();

    // A stopped player and a stopped conversion are no longer playing.
    await timeline(clear, 'stopped', 1200, kitchen, 'kitchen-direct');
    expect((await listed()).Metadata?.map((item) => item.title)).toEqual(['Copper Sky']);
    expect((await stop(session)).status).toBe(200);
    await timeline(copper, 'stopped', 400, tv, session);
    expect((await listed()).size).toBe(0);
  });
});

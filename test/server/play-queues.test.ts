import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexMetadata, PlexSection } from '../../src/protocol/plex-media';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { getWithToken, linkTv } from './helpers';

// Play queues, ratings and the older progress route as PMS clients call them (python-plexapi, @ctrl/plex), on
// the real home server over real HTTP: a movie's queue, a show's (its episodes in order), a season's, `key`
// choosing where to start, shuffle, adding and removing entries; `/:/rate` shown as userRating; `/:/progress`
// moving viewOffset as a timeline does.

interface Queue {
  MediaContainer: {
    size: number;
    identifier: string;
    playQueueID: number;
    playQueueSelectedItemID: number;
    playQueueSelectedItemOffset: number;
    playQueueSelectedMetadataItemID: number;
    playQueueShuffled: boolean;
    playQueueSourceURI: string;
    playQueueTotalCount: number;
    playQueueVersion: number;
    playQueueLastAddedItemID?: string;
    Metadata: (PlexMetadata & { playQueueItemID: number; userRating?: number })[];
  };
}

describe('play queues, /:/rate and /:/progress', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;
  let machineIdentifier: string;

  const send = (method: 'POST' | 'PUT' | 'DELETE', path: string) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { Accept: 'application/json', 'X-Plex-Token': token },
    });
  const json = async <T>(path: string) => {
    const response = await getWithToken(server.url, path, token);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  const itemIn = async (type: 'movie' | 'show', title: string) => {
    const sections = await json<{ MediaContainer: { Directory: PlexSection[] } }>('/library/sections');
    const key = sections.MediaContainer.Directory.find((section) => section.type === type)?.key;
    const all = await json<{ MediaContainer: { Metadata: PlexMetadata[] } }>(`/library/sections/${key}/all`);
    const found = all.MediaContainer.Metadata.find((item) => item.title === title);
    if (!found) throw new Error(`no ${title}`);
    return found;
  };
  const children = async (ratingKey: string) =>
    (await json<{ MediaContainer: { Metadata: PlexMetadata[] } }>(`/library/metadata/${ratingKey}/children`))
      .MediaContainer.Metadata;
  const uriOf = (ratingKey: string) =>
    encodeURIComponent(
      `server://${machineIdentifier}/com.plexapp.plugins.library/library/metadata/${ratingKey}`,
    );
  const createQueue = async (query: string) => {
    const response = await send('POST', `/playQueues?type=video&${query}`);
    expect(response.status, query).toBe(200);
    return (await response.json()) as Queue;
  };
  const titles = (queue: Queue) => queue.MediaContainer.Metadata.map((item) => item.title);

  beforeAll(async () => {
    media = await createMediaFixture();
    await media.add('Movies/Clear River (2020)/Clear River (2020).mp4', 'mp4-2s');
    await media.add('TV Shows/Harbor/Season 01/Harbor - S01E02 - Fog.mp4');
    await media.add('TV Shows/Harbor/Season 01/Harbor - S01E01 - Arrival.mp4');
    await media.add('TV Shows/Harbor/Season 01/Harbor - S01E03 - Storm.mp4');
    await media.add('TV Shows/Harbor/Season 02/Harbor - S02E01 - Return.mp4');
    server = await startMediaServer(media.dir);
    token = (await linkTv(server.url)).token;
    machineIdentifier = (await json<{ MediaContainer: { machineIdentifier: string } }>('/identity'))
      .MediaContainer.machineIdentifier;
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('a movie’s queue: POST /playQueues with a server:// uri, then GET /playQueues/{id}', async () => {
    const movie = await itemIn('movie', 'Clear River');
    const created = await createQueue(`uri=${uriOf(movie.ratingKey)}`);
    const container = created.MediaContainer;
    expect(container).toMatchObject({
      size: 1,
      identifier: 'com.plexapp.plugins.library',
      playQueueSelectedItemOffset: 0,
      playQueueSelectedMetadataItemID: Number(movie.ratingKey),
      playQueueShuffled: false,
      playQueueTotalCount: 1,
      playQueueVersion: 1,
      playQueueSourceURI: decodeURIComponent(uriOf(movie.ratingKey)),
    });
    expect(container.Metadata[0]).toMatchObject({
      type: 'movie',
      title: 'Clear River',
      ratingKey: movie.ratingKey,
    });
    expect(container.Metadata[0].Media?.[0].Part[0].key).toBe(movie.Media?.[0].Part[0].key);
    expect(container.playQueueSelectedItemID).toBe(container.Metadata[0].playQueueItemID);

    const read = await json<Queue>(`/playQueues/${container.playQueueID}`);
    expect(read).toEqual(created);

    // @ctrl/plex's fetch says Content-Type: application/json on a POST without a body; PMS ignores bodies.
    const emptyJson = await fetch(`${server.url}/playQueues?type=video&uri=${uriOf(movie.ratingKey)}`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-Plex-Token': token },
    });
    expect(emptyJson.status).toBe(200);

    // Unknown queues, another server's uri and malformed requests are refused with a reason.
    expect((await getWithToken(server.url, '/playQueues/99999', token)).status).toBe(404);
    const otherServer = encodeURIComponent(
      `server://not-this-server/com.plexapp.plugins.library/library/metadata/${movie.ratingKey}`,
    );
    const refused = await send('POST', `/playQueues?type=video&uri=${otherServer}`);
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors[0].message).toContain('another server');
    expect((await send('POST', '/playQueues?type=video')).status).toBe(400);
    expect((await send('POST', `/playQueues?type=video&uri=${uriOf('999999')}`)).status).toBe(404);
  });

  it('a show’s queue holds its episodes in order; key picks where to start; a season and shuffle', async () => {
    const show = await itemIn('show', 'Harbor');
    const all = await createQueue(`uri=${uriOf(show.ratingKey)}`);
    expect(titles(all)).toEqual(['Arrival', 'Fog', 'Storm', 'Return']);
    expect(all.MediaContainer.Metadata.map((item) => [item.parentIndex, item.index])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 1],
    ]);
    expect(new Set(all.MediaContainer.Metadata.map((item) => item.playQueueItemID)).size).toBe(4);

    const [season1] = await children(show.ratingKey);
    const episodes = await children(season1.ratingKey);
    const storm = episodes.find((episode) => episode.title === 'Storm');
    const fromStorm = await createQueue(
      `uri=${uriOf(show.ratingKey)}&key=/library/metadata/${storm?.ratingKey}`,
    );
    expect(fromStorm.MediaContainer).toMatchObject({
      playQueueSelectedItemOffset: 2,
      playQueueSelectedMetadataItemID: Number(storm?.ratingKey),
    });

    const season = await createQueue(`uri=${uriOf(season1.ratingKey)}`);
    expect(titles(season)).toEqual(['Arrival', 'Fog', 'Storm']);

    // continuous=1 on an episode: it and the show's episodes after it.
    const fog = episodes.find((episode) => episode.title === 'Fog');
    const continuing = await createQueue(`uri=${uriOf(fog?.ratingKey ?? '')}&continuous=1`);
    expect(titles(continuing)).toEqual(['Fog', 'Storm', 'Return']);

    const shuffled = await createQueue(
      `uri=${uriOf(show.ratingKey)}&shuffle=1&key=/library/metadata/${storm?.ratingKey}`,
    );
    expect(shuffled.MediaContainer.playQueueShuffled).toBe(true);
    expect(titles(shuffled)[0]).toBe('Storm');
    expect([...titles(shuffled)].sort()).toEqual(['Arrival', 'Fog', 'Return', 'Storm']);
  });

  it('entries are added (at the end or next), moved and removed; each change bumps the version', async () => {
    const show = await itemIn('show', 'Harbor');
    const movie = await itemIn('movie', 'Clear River');
    const [season1, season2] = await children(show.ratingKey);
    const queue = await createQueue(`uri=${uriOf(season2.ratingKey)}`);
    const id = queue.MediaContainer.playQueueID;

    const added = await send('PUT', `/playQueues/${id}?uri=${uriOf(movie.ratingKey)}`);
    expect(added.status).toBe(200);
    const afterAdd = (await added.json()) as Queue;
    expect(titles(afterAdd)).toEqual(['Return', 'Clear River']);
    expect(afterAdd.MediaContainer.playQueueVersion).toBe(2);
    expect(afterAdd.MediaContainer.playQueueLastAddedItemID).toBe(
      String(afterAdd.MediaContainer.Metadata[1].playQueueItemID),
    );

    const next = (await (
      await send('PUT', `/playQueues/${id}?uri=${uriOf(season1.ratingKey)}&next=1`)
    ).json()) as Queue;
    expect(titles(next)).toEqual(['Return', 'Arrival', 'Fog', 'Storm', 'Clear River']);

    const clear = next.MediaContainer.Metadata[4].playQueueItemID;
    const moved = (await (await send('PUT', `/playQueues/${id}/items/${clear}/move`)).json()) as Queue;
    expect(titles(moved)).toEqual(['Clear River', 'Return', 'Arrival', 'Fog', 'Storm']);

    const selected = moved.MediaContainer.playQueueSelectedItemID;
    const removed = (await (await send('DELETE', `/playQueues/${id}/items/${selected}`)).json()) as Queue;
    expect(titles(removed)).toEqual(['Clear River', 'Arrival', 'Fog', 'Storm']);
    // The selection moves on to the entry after the one removed.
    expect(removed.MediaContainer.playQueueSelectedMetadataItemID).toBe(
      Number(removed.MediaContainer.Metadata[1].ratingKey),
    );
    expect(removed.MediaContainer.playQueueVersion).toBe(5);
    expect((await send('DELETE', `/playQueues/${id}/items/${selected}`)).status).toBe(404);
  });

  it('/:/rate keeps the account’s rating (shown as userRating, kept across a restart); -1 clears it; out of range is 400', async () => {
    const movie = await itemIn('movie', 'Clear River');
    const rate = (query: string) => send('PUT', `/:/rate?identifier=com.plexapp.plugins.library&${query}`);
    expect((await rate(`key=${movie.ratingKey}&rating=8`)).status).toBe(200);
    const rated = await createQueue(`uri=${uriOf(movie.ratingKey)}`);
    expect(rated.MediaContainer.Metadata[0].userRating).toBe(8);
    // The item itself shows it, as a client's reload() reads it.
    const item = await json<{ MediaContainer: { Metadata: PlexMetadata[] } }>(
      `/library/metadata/${movie.ratingKey}`,
    );
    expect(item.MediaContainer.Metadata[0].userRating).toBe(8);
    // And the section's listing.
    expect((await itemIn('movie', 'Clear River')).userRating).toBe(8);
    // Kept in the database: a restart keeps it.
    await server.restart();
    await server.server.media.idle();
    expect((await itemIn('movie', 'Clear River')).userRating).toBe(8);

    // GET as older clients send it; a percent-encoded colon as some clients send it.
    expect((await getWithToken(server.url, `/%3A/rate?key=${movie.ratingKey}&rating=-1`, token)).status).toBe(
      200,
    );
    const cleared = await createQueue(`uri=${uriOf(movie.ratingKey)}`);
    expect(cleared.MediaContainer.Metadata[0]).not.toHaveProperty('userRating');
    const unrated = await json<{ MediaContainer: { Metadata: PlexMetadata[] } }>(
      `/library/metadata/${movie.ratingKey}`,
    );
    expect(unrated.MediaContainer.Metadata[0]).not.toHaveProperty('userRating');

    expect((await rate(`key=${movie.ratingKey}&rating=11`)).status).toBe(400);
    expect((await rate(`key=${movie.ratingKey}&rating=-0.5`)).status).toBe(400);
    expect((await rate(`key=${movie.ratingKey}`)).status).toBe(400);
    expect((await rate('key=999999&rating=5')).status).toBe(404);
  });

  it('/:/progress moves viewOffset as a timeline does', async () => {
    const movie = await itemIn('movie', 'Clear River');
    const progress = await getWithToken(
      server.url,
      `/:/progress?key=${movie.ratingKey}&identifier=com.plexapp.plugins.library&time=700&state=stopped`,
      token,
    );
    expect(progress.status).toBe(200);
    expect((await itemIn('movie', 'Clear River')).viewOffset).toBe(700);
    // Past the length is refused, as for a timeline.
    expect((await send('PUT', `/:/progress?key=${movie.ratingKey}&time=999999`)).status).toBe(400);
    expect((await send('PUT', `/:/progress?key=${movie.ratingKey}`)).status).toBe(400);
  });
});

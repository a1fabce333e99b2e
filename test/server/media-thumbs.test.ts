import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexMetadata } from '../../src/protocol/plex-media';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { getWithToken, linkTv } from './helpers';

// An item's thumb (src/server/media/metadata.ts): a movie with neither a file nor a poster has no image, so its
// Metadata leaves thumb out (as PMS does when it has none) rather than name a path that answers 404; a movie
// with a file keeps its thumb, which answers an image.

describe('thumb of an item without an image', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;
  let imagelessId: number;

  const metadataOf = async (id: number) =>
    (await (await getWithToken(server.url, `/library/metadata/${id}`, token)).json()).MediaContainer
      .Metadata[0] as PlexMetadata;

  beforeAll(async () => {
    media = await createMediaFixture();
    await media.add('Movies/Filed (2001).mp4');
    server = await startMediaServer(media.dir);
    token = (await linkTv(server.url)).token;
    // A row with no part and no artwork (as rows seeded without files are).
    const store = server.server.media.store;
    const now = Date.now();
    imagelessId = store.insertItem({
      section_id: 1,
      type: 'movie',
      parent_id: null,
      grandparent_id: null,
      identity: 'imageless',
      title: 'Imageless',
      title_sort: 'Imageless',
      year: 2002,
      summary: null,
      item_index: null,
      added_at_ms: now,
      updated_at_ms: now,
      duration_ms: null,
      poster: null,
      art: null,
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('leaves thumb out for a movie with no file and no poster, in the listing and its details', async () => {
    const movies = (await (await getWithToken(server.url, '/library/sections/1/all', token)).json())
      .MediaContainer.Metadata as PlexMetadata[];
    expect(movies.map((movie) => movie.title).sort()).toEqual(['Filed', 'Imageless']);
    const imageless = movies.find((movie) => movie.ratingKey === String(imagelessId));
    expect(imageless).toBeDefined();
    expect(imageless).not.toHaveProperty('thumb');
    expect(await metadataOf(imagelessId)).not.toHaveProperty('thumb');
    // What it would have named: nothing there.
    const missing = await getWithToken(server.url, `/library/metadata/${imagelessId}/thumb/1`, token);
    expect(missing.status).toBe(404);
  });

  it('keeps the thumb of a movie with a file, and it answers an image', async () => {
    const movies = (await (await getWithToken(server.url, '/library/sections/1/all', token)).json())
      .MediaContainer.Metadata as PlexMetadata[];
    const filed = movies.find((movie) => movie.title === 'Filed');
    expect(filed?.thumb).toMatch(/^\/library\/metadata\/\d+\/thumb\/\d+$/);
    const image = await getWithToken(server.url, filed?.thumb as string, token);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
  });
});

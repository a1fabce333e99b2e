import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexMetadata } from '../../src/protocol/plex-media';
import { startTestServer, type TestServer } from '../support/home-server';
import { withServerDatabase } from '../support/server-database';
import { seedSyntheticSection } from '../support/synthetic-library';
import { getWithToken, linkTv, RELAXED_LIMITS } from './helpers';

// 50,000 synthetic items (rows only): paging stays correct at any depth.

const COUNT = 50_000;

describe('library at scale', () => {
  let server: TestServer;
  let token: string;
  let section: number;

  const page = async (sort: string, start: number, size: number) => {
    const response = await getWithToken(
      server.url,
      `/library/sections/${section}/all?sort=${sort}&X-Plex-Container-Start=${start}&X-Plex-Container-Size=${size}`,
      token,
    );
    const body = (await response.json()).MediaContainer;
    return { body, items: body.Metadata as PlexMetadata[] };
  };

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS, tvAppDir: null, emulatorDir: null });
    section = withServerDatabase(server, (db) =>
      seedSyntheticSection(db, { title: 'Big Library', count: COUNT }),
    );
    token = (await linkTv(server.url)).token;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('pages through 50,000 items by title with no overlap or gap at page edges', async () => {
    const first = await page('titleSort', 0, 100);
    expect(first.body).toMatchObject({ size: 100, offset: 0, totalSize: COUNT });
    const edge = await page('titleSort', 99, 2);
    expect(edge.items[0].ratingKey).toBe(first.items[99].ratingKey);
    const sorts = first.items.map((m) => (m.titleSort as string).toLowerCase());
    expect([...sorts].sort()).toEqual(sorts);
    const deep = await page('titleSort', COUNT - 100, 100);
    expect(deep.body).toMatchObject({ size: 100, offset: COUNT - 100, totalSize: COUNT });
  });

  // How fast: `npm run bench -- library` (API at 50,000 items). Here only what each page holds.
  it('pages by addedAt and year, deep pages included', async () => {
    for (const sort of ['addedAt:desc', 'addedAt', 'year', 'year:desc', 'titleSort:desc']) {
      for (const start of [0, 25_000, COUNT - 100]) {
        const { items, body } = await page(sort, start, 100);
        expect(items, `${sort} at ${start}`).toHaveLength(100);
        expect(body).toMatchObject({ offset: start, totalSize: COUNT });
      }
    }
    const newest = (await page('addedAt:desc', 0, 100)).items.map((m) => Number(m.addedAt));
    expect([...newest].sort((a, b) => b - a)).toEqual(newest);
  });

  it('/hubs answers with a big section', async () => {
    const response = await getWithToken(server.url, '/hubs', token);
    expect(response.status).toBe(200);
    const hubs = (await response.json()) as { MediaContainer: { Hub: { size: number }[] } };
    expect(hubs.MediaContainer.Hub.length).toBeGreaterThan(0);
  });
});

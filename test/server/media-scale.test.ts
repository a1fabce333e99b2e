import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexMetadata } from '../../src/protocol/plex-media';
import { seedSyntheticSection } from '../../src/server/media/synthetic-library';
import { startTestServer, type TestServer } from '../support/home-server';
import { getWithToken, linkTv, RELAXED_LIMITS } from './helpers';

// 50,000 synthetic items (rows only): paging stays correct and quick at any depth.

const COUNT = 50_000;

describe('library at scale', () => {
  let server: TestServer;
  let token: string;
  let section: number;

  const page = async (sort: string, start: number, size: number) => {
    const started = performance.now();
    const response = await getWithToken(
      server.url,
      `/library/sections/${section}/all?sort=${sort}&X-Plex-Container-Start=${start}&X-Plex-Container-Size=${size}`,
      token,
    );
    const body = (await response.json()).MediaContainer;
    return { body, ms: performance.now() - started, items: body.Metadata as PlexMetadata[] };
  };

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS, tvAppDir: null, emulatorDir: null });
    section = seedSyntheticSection(server.server.media.store.db, { title: 'Big Library', count: COUNT });
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

  it('pages by addedAt and year, deep pages included, in well under a second', async () => {
    for (const sort of ['addedAt:desc', 'addedAt', 'year', 'year:desc', 'titleSort:desc']) {
      for (const start of [0, 25_000, COUNT - 100]) {
        // The middle of three, so one hiccup of a busy machine does not count.
        const tries = [
          await page(sort, start, 100),
          await page(sort, start, 100),
          await page(sort, start, 100),
        ];
        expect(tries[0].items).toHaveLength(100);
        const middle = tries.map((t) => t.ms).sort((a, b) => a - b)[1];
        expect(middle, `${sort} at ${start}`).toBeLessThan(1000);
      }
    }
    const newest = (await page('addedAt:desc', 0, 100)).items.map((m) => Number(m.addedAt));
    expect([...newest].sort((a, b) => b - a)).toEqual(newest);
  });

  it('/hubs stays quick with a big section', async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const response = await getWithToken(server.url, '/hubs', token);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      times.push(performance.now() - started);
    }
    expect(times.sort((a, b) => a - b)[1]).toBeLessThan(1000);
  });
});

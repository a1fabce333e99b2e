import { readdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mediaCacheDir } from '../../src/server/media/media-library';
import { chromiumFixture } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { linkedTv, pressOnTv } from '../support/tv';

// A section grid with real posters: a few scanned clips, their posters made by the server at scan time
// (src/server/media/card-posters.ts), shown on the focused card and its neighbours at card size, served from
// the image cache (nothing is made on request).

const MOVIES = ['Arrow', 'Birch', 'Cedar', 'Dune', 'Ember', 'Fjord', 'Grove', 'Heath', 'Inlet'];
const COLUMNS = 7; // SectionScreen's grid

const chromium = chromiumFixture();
let media: MediaFixture;
let server: TestServer;
let tv: Page;

/** Files in the image cache. */
async function cachedFiles(): Promise<number> {
  const entries = await readdir(mediaCacheDir(server.dataDir), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).length;
}

/** The poster of the grid's card at `index`: its natural size (0×0 until it has loaded) and URL. */
function posterAt(index: number) {
  return tv.$eval(`[data-testid="section"] [data-index="${index}"] img`, (image) => {
    const img = image as HTMLImageElement;
    return { width: img.naturalWidth, height: img.naturalHeight, src: img.src };
  });
}

/** Waits until the cards at `indexes` show their posters, and returns them. */
async function postersShown(indexes: number[]) {
  await tv.waitForFunction(
    (all) =>
      all.every(
        (index) =>
          ((
            document.querySelector(
              `[data-testid="section"] [data-index="${index}"] img`,
            ) as HTMLImageElement | null
          )?.naturalWidth ?? 0) > 0,
      ),
    indexes,
    { timeout: 15_000 },
  );
  return Promise.all(indexes.map(posterAt));
}

beforeAll(async () => {
  media = await createMediaFixture();
  for (const [i, title] of MOVIES.entries()) await media.add(`Movies/${title} (${2000 + i}).mp4`);
  server = await startTestServer({ mediaDir: media.dir, mediaWatchDebounceMs: 0 });
  await server.server.media.postersMade();
  tv = await linkedTv(chromium.context, server.url);
  await tv.waitForSelector('[data-row="section-1"] [data-testid="row-all"]', { timeout: 20_000 });
});

afterAll(async () => {
  await chromium.close(); // before the server, as the TV page still talks to it
  await server?.close();
  await media?.remove();
});

it('shows real card-size posters on the focused card and its neighbours, made at scan time', async () => {
  const cachedBefore = await cachedFiles();
  await tv.click('[data-row="section-1"] [data-testid="row-all"]');
  await tv.waitForSelector('[data-testid="section"] [data-testid="media-card"][data-focused="true"]', {
    timeout: 20_000,
  });
  expect(
    await tv.getAttribute(
      '[data-testid="section"] [data-testid="media-card"][data-focused="true"]',
      'data-index',
    ),
  ).toBe('0');
  // The first card, the one to its right and the one below.
  for (const poster of await postersShown([0, 1, COLUMNS])) {
    expect(poster).toMatchObject({ width: 200, height: 300 });
    expect(poster.src).toContain('/photo/:/transcode?');
  }

  await pressOnTv(tv, 'ArrowRight');
  await tv.waitForSelector('[data-testid="section"] [data-index="1"][data-focused="true"]');
  for (const poster of await postersShown([0, 1, 2, COLUMNS + 1])) {
    expect(poster).toMatchObject({ width: 200, height: 300 });
  }
  // Every poster came from the cache the scan filled: nothing was made on request.
  expect(await cachedFiles()).toBe(cachedBefore);
});

import { copyFileSync, linkSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { createMediaFixture, makeClip } from '../support/media-fixtures';
import { withServerDatabase } from '../support/server-database';
import { seedSyntheticSection } from '../support/synthetic-library';
import { type Figure, median, ms, p95 } from './stats';

// The media library at size: (1) scanning 1,000 files (one tiny clip hard-linked 1,000 times under distinct
// names, so ffprobe and the scanner are measured, not ffmpeg), then a rescan with nothing changed;
// (2) pages of 100 from a synthetic section of 50,000 rows, first and deep, by title and by addedAt, and
// /hubs, over real HTTP.

const FILES = 1_000;
const ITEMS = 50_000;
const PAGE = 100;
const ITERATIONS = 20;

export async function libraryBench(): Promise<Figure[]> {
  return [...(await scanBench()), ...(await pagingBench())];
}

async function scanBench(): Promise<Figure[]> {
  const media = await createMediaFixture('marquee-bench-media-');
  const server = await startTestServer({
    mediaDir: media.dir,
    mediaWatchDebounceMs: 0,
    tvAppDir: null,
    emulatorDir: null,
  });
  try {
    await server.server.media.idle();
    const clip = await makeClip(join(media.dir, '..', 'clip.mp4'), 'mp4-1s');
    for (let i = 1; i <= FILES; i++) {
      const name = `Movie ${String(i).padStart(4, '0')} (${1950 + (i % 70)})`;
      const folder = join(media.dir, 'Movies', name);
      mkdirSync(folder, { recursive: true });
      try {
        linkSync(clip, join(folder, `${name}.mp4`));
      } catch {
        copyFileSync(clip, join(folder, `${name}.mp4`));
      }
    }
    const scanner = server.server.media.scanner;
    if (!scanner) throw new Error('no scanner');
    const first = await scanner.scan();
    if (first.added !== FILES) throw new Error(`scan added ${first.added} of ${FILES} files`);
    const again = await scanner.scan();
    console.log(
      `  scan of ${FILES} new files (ffprobe ×2 at once): ${ms(first.ms)} (${ms(first.ms / FILES)} a file)`,
    );
    console.log(`  rescan of ${FILES} unchanged files: ${ms(again.ms)}`);
    return [
      { name: 'library scan, 1,000 new files', value: first.ms * (1000 / FILES), unit: 'ms' },
      { name: 'library rescan, 1,000 unchanged files', value: again.ms * (1000 / FILES), unit: 'ms' },
    ];
  } finally {
    await server.close();
    await media.remove();
  }
}

async function pagingBench(): Promise<Figure[]> {
  const server = await startTestServer({ tvAppDir: null, emulatorDir: null });
  try {
    const seeded = performance.now();
    const section = withServerDatabase(server, (db) =>
      seedSyntheticSection(db, { title: 'Bench', count: ITEMS }),
    );
    console.log(`  seeded ${ITEMS} rows in ${ms(performance.now() - seeded)}`);
    const token = await signIn(server);
    const figures: Figure[] = [];
    const cases: [string, string][] = [
      ['titleSort', 'by title, first page'],
      ['titleSort', 'by title, deep page'],
      ['addedAt:desc', 'by addedAt, first page'],
      ['addedAt:desc', 'by addedAt, deep page'],
    ];
    for (const [sort, label] of cases) {
      const start = label.includes('deep') ? ITEMS - PAGE : 0;
      const path = `/library/sections/${section}/all?sort=${sort}&X-Plex-Container-Start=${start}&X-Plex-Container-Size=${PAGE}`;
      const times = await timeRequests(server, path, token);
      console.log(
        `  page of ${PAGE} at ${ITEMS}, ${label}: median ${ms(median(times))}, p95 ${ms(p95(times))}`,
      );
      figures.push({ name: `page of 100 at 50k, ${label}, median`, value: median(times), unit: 'ms' });
    }
    const hubs = await timeRequests(server, '/hubs', token);
    console.log(`  /hubs with ${ITEMS} items: median ${ms(median(hubs))}, p95 ${ms(p95(hubs))}`);
    figures.push({ name: '/hubs at 50k items, median', value: median(hubs), unit: 'ms' });
    return figures;
  } finally {
    await server.close();
  }
}

/** Times ITERATIONS requests (after one warm-up), each read to the end. */
async function timeRequests(server: TestServer, path: string, token: string): Promise<number[]> {
  const headers = { Accept: 'application/json', 'X-Plex-Token': token };
  const warm = await fetch(`${server.url}${path}`, { headers });
  if (warm.status !== 200) throw new Error(`${path} answered ${warm.status}`);
  await warm.arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    const response = await fetch(`${server.url}${path}`, { headers });
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  return times;
}

async function signIn(server: TestServer): Promise<string> {
  const response = await fetch(`${server.url}/api/v2/users/signin?X-Plex-Client-Identifier=library-bench`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ login: 'admin', password: TEST_ADMIN_PASSWORD }).toString(),
  });
  if (response.status !== 201) throw new Error(`sign-in answered ${response.status}`);
  return (await response.json()).authToken;
}

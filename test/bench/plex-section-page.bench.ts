import { readFile, rm } from 'node:fs/promises';
import autocannon from 'autocannon';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../support/home-server';
import { withServerDatabase } from '../support/server-database';
import { type ChildServer, spawnHomeServer, spawnProcess } from '../support/spawn-process';
import { seedSyntheticSection } from '../support/synthetic-library';
import { type Figure, median } from './stats';

// What a Plex client's library screen costs the home server: requests/s for one page of 50
// (`/library/sections/{id}/all?X-Plex-Container-Size=50`) from a section of 50,000 movies, as JSON
// (`Accept: application/json`) and as XML (what a client that sends no Accept gets), each beside its floor: a
// bare Fastify route (test/bench/bare-route-process.ts) answering the same bytes with the same Content-Type,
// measured in the same run, alternating rounds so both see the same machine. The same page from a section of
// 1,000 movies on the same server, in the same rounds, shows whether a page's cost grows with the section. The
// server runs in its own process so the load generator does not share its event loop. Figures only; nothing
// passes or fails on a number.

const ITEMS = 50_000;
const SMALL_ITEMS = 1_000;
const PAGE = 50;
const CONNECTIONS = 10;
const SECONDS = 4;
const ROUNDS = 3;
/** Linux's limit for one argument to a process (MAX_ARG_STRLEN); the floor gets its body that way. */
const MAX_ARGUMENT_BYTES = 128 * 1024;

interface LoadFigures {
  perSecond: number;
  /** The serving process's CPU time (user + system) per answered request. */
  cpuMicroseconds: number;
}

export async function plexSectionPage(): Promise<Figure[]> {
  // Seed the rows with an in-process server, then serve them from a server in its own process.
  const seeding = await startTestServer({ tvAppDir: null, emulatorDir: null });
  const dataDir = seeding.dataDir;
  let sectionId: number;
  let smallSectionId: number;
  try {
    [sectionId, smallSectionId] = withServerDatabase(seeding, (db) => [
      seedSyntheticSection(db, { title: 'Bench', count: ITEMS }),
      seedSyntheticSection(db, { title: 'Small', count: SMALL_ITEMS }),
    ]);
  } finally {
    await seeding.server.close();
  }
  const server = await spawnHomeServer({}, { DATA_DIR: dataDir });
  try {
    const token = await signIn(server.info.url);
    const pathOf = (id: number) => `/library/sections/${id}/all?X-Plex-Container-Size=${PAGE}`;
    const figures: Figure[] = [];
    for (const format of [
      { name: 'JSON', accept: 'application/json' },
      { name: 'XML', accept: null },
    ]) {
      figures.push(
        ...(await compareWithFloor(server, pathOf(sectionId), pathOf(smallSectionId), token, format)),
      );
    }
    return figures;
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function compareWithFloor(
  server: ChildServer<{ url: string; pid: number }>,
  path: string,
  smallPath: string,
  token: string,
  format: { name: string; accept: string | null },
): Promise<Figure[]> {
  const headers: Record<string, string> = { 'X-Plex-Token': token };
  if (format.accept) headers.Accept = format.accept;
  const url = `${server.info.url}${path}`;
  const sample = await fetch(url, { headers });
  if (sample.status !== 200) throw new Error(`${path} answered ${sample.status}`);
  const body = await sample.text();
  const contentType = sample.headers.get('content-type') ?? '';
  const count = (body.match(format.name === 'JSON' ? /"ratingKey"/g : /<Video\b/g) ?? []).length;
  if (count !== PAGE) throw new Error(`${format.name} page held ${count} items, not ${PAGE}`);
  if (Buffer.byteLength(body) > MAX_ARGUMENT_BYTES)
    throw new Error(`${format.name} page too big for the floor`);

  const floor = await spawnProcess<{ url: string }>(new URL('./bare-route-process.ts', import.meta.url), [
    body,
    contentType,
    '/library/sections/:id/all',
  ]);
  try {
    const floorUrl = `${floor.info.url}${path}`;
    const floorSample = await fetch(floorUrl, { headers });
    if ((await floorSample.text()) !== body) throw new Error('the floor answers other bytes');
    const smallUrl = `${server.info.url}${smallPath}`;
    const smallSample = await fetch(smallUrl, { headers });
    if (smallSample.status !== 200) throw new Error(`${smallPath} answered ${smallSample.status}`);
    await smallSample.text();
    const pages: LoadFigures[] = [];
    const smallPages: LoadFigures[] = [];
    const floors: LoadFigures[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      floors.push(await load(floorUrl, headers, floor.child.pid as number));
      pages.push(await load(url, headers, server.info.pid));
      smallPages.push(await load(smallUrl, headers, server.info.pid));
    }
    const mid = (runs: LoadFigures[], key: keyof LoadFigures) => median(runs.map((run) => run[key]));
    const ratio = mid(pages, 'perSecond') / mid(floors, 'perSecond');
    console.log(
      `  ${format.name} (${contentType}, ${(Buffer.byteLength(body) / 1024).toFixed(1)} KiB a page), ` +
        `page of ${PAGE} at ${ITEMS} items, ${CONNECTIONS} connections, medians of ${ROUNDS} × ${SECONDS} s: ` +
        `${mid(pages, 'perSecond').toFixed(0)}/s, ${mid(pages, 'cpuMicroseconds').toFixed(0)} µs CPU each; ` +
        `bare Fastify route with the same body ${mid(floors, 'perSecond').toFixed(0)}/s, ` +
        `${mid(floors, 'cpuMicroseconds').toFixed(0)} µs CPU each; ratio ${ratio.toFixed(2)}×; ` +
        `the same page at ${SMALL_ITEMS} items ${mid(smallPages, 'perSecond').toFixed(0)}/s, ` +
        `${mid(smallPages, 'cpuMicroseconds').toFixed(0)} µs CPU each`,
    );
    return [
      {
        name: `section page of 50 at 50k, ${format.name}, req/s`,
        value: Math.round(mid(pages, 'perSecond')),
        unit: 'req/s',
      },
      {
        name: `section page of 50 at 50k, ${format.name}, CPU`,
        value: Math.round(mid(pages, 'cpuMicroseconds')),
        unit: 'µs',
      },
      {
        name: `bare route, same ${format.name} body, req/s (floor)`,
        value: Math.round(mid(floors, 'perSecond')),
        unit: 'req/s',
      },
      { name: `section page / floor, ${format.name}`, value: Number(ratio.toFixed(2)), unit: '×' },
      {
        name: `section page of 50 at 1k, ${format.name}, req/s`,
        value: Math.round(mid(smallPages, 'perSecond')),
        unit: 'req/s',
      },
      {
        name: `section page of 50 at 1k, ${format.name}, CPU`,
        value: Math.round(mid(smallPages, 'cpuMicroseconds')),
        unit: 'µs',
      },
    ];
  } finally {
    await floor.stop();
  }
}

/** SECONDS of load at CONNECTIONS connections on `url`, served by process `pid`. */
async function load(url: string, headers: Record<string, string>, pid: number): Promise<LoadFigures> {
  const cpuBefore = await cpuSeconds(pid);
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  const cpu = (await cpuSeconds(pid)) - cpuBefore;
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return { perSecond: result.requests.average, cpuMicroseconds: (cpu * 1e6) / result.requests.total };
}

async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime (fields 14 and 15 of /proc/<pid>/stat), in clock ticks of 1/100 s on Linux.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function signIn(url: string): Promise<string> {
  const response = await fetch(
    `${url}/api/v2/users/signin?X-Plex-Client-Identifier=plex-section-page-bench`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ login: 'admin', password: TEST_ADMIN_PASSWORD }).toString(),
    },
  );
  if (response.status !== 201) throw new Error(`sign-in answered ${response.status}`);
  return ((await response.json()) as { authToken: string }).authToken;
}

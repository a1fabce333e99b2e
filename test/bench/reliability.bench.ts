import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { type Agent, Agent as HttpAgent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import type { PlexPin } from '../../src/protocol/plex-account';
import { HELD_POLLS_PER_ADDRESS } from '../../src/server/link/held-polls';
import { plexQuery } from '../server/helpers';
import { TEST_ADMIN_PASSWORD } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';
import { createMediaFixture } from '../support/media-fixtures';
import { type ChildServer, spawnHomeServer, spawnProcess } from '../support/spawn-process';
import { makeSeekableClip, processesMentioning, writeRealtimeFfmpeg } from '../support/tiny-media';
import { type Figure, median, ms } from './stats';

// The adversarial sweep of issue 8 as figures: what a burst of guesses gets checked, whether any token can be
// read off the disk, how fast a pin poll is next to a bare Fastify route answering the same JSON, and what a
// held long-poll costs. Servers run in processes of their own, so the load generator does not share their
// event loop. All traffic stays on 127.0.0.0/8.

const BURST = 100;
const POLL_CONNECTIONS = 50;
const POLL_SECONDS = 4;
const POLL_ROUNDS = 3;
const HELD_POLLS = 10_000;
const RANGE_BYTES = 64 * 1024;

const RELAXED = {
  pinCreatePerIp: { limit: 1_000_000, windowMs: 60_000 },
  wrongCodePerActor: { limit: 1_000_000, windowMs: 60_000 },
  signInPerIp: { limit: 1_000_000, windowMs: 60_000 },
  signUpPerIp: { limit: 1_000_000, windowMs: 60_000 },
};

export async function reliability(): Promise<Figure[]> {
  return [
    ...(await signInBurst()),
    ...(await tokensOnDisk()),
    ...(await ffmpegAfterServerKilled()),
    ...(await pollThroughput()),
    ...(await heldPolls()),
  ];
}

/** A TV's X-Plex query values, under its own client identifier. */
const tv = (clientIdentifier: string) => plexQuery({ clientIdentifier, deviceName: 'Bench TV' });

async function signIn(url: string, password: string, id = 'bench-signin'): Promise<Response> {
  return fetch(`${url}/api/v2/users/signin?${tv(id)}`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: 'admin', password }).toString(),
  });
}

/** 100 sign-ins at once from one address (the right password last), with the default limits. */
async function signInBurst(): Promise<Figure[]> {
  const media = await createMediaFixture('marquee-bench-media-');
  await media.add('Movies/Bench (2020)/Bench (2020).mp4', 'mp4-2s');
  // The token for the range reads comes from a second address, whose budget the burst does not touch.
  const server = await spawnHomeServer({ mediaDir: media.dir });
  try {
    const { url } = server.info;
    const token = ((await (await signIn(url, TEST_ADMIN_PASSWORD)).json()) as { authToken: string })
      .authToken;
    const partKey = await firstPartKey(url, token);
    const rangeRead = async () => {
      const started = performance.now();
      const response = await fetch(`${url}${partKey}?X-Plex-Token=${token}`, {
        headers: { Range: `bytes=0-${RANGE_BYTES - 1}` },
      });
      await response.arrayBuffer();
      return performance.now() - started;
    };
    const idle: number[] = [];
    for (let i = 0; i < 5; i++) idle.push(await rangeRead());

    const burst = Array.from({ length: BURST }, (_, index) =>
      signIn(url, index === BURST - 1 ? TEST_ADMIN_PASSWORD : `guess-${index}`, `bench-guess-${index}`).then(
        (response) => response.status,
      ),
    );
    const during: number[] = [];
    for (let i = 0; i < 5; i++) during.push(await rangeRead());
    const statuses = await Promise.all(burst);
    const checked = statuses.filter((status) => status !== 429).length;
    const rightOne = statuses[BURST - 1];
    console.log(
      `  ${BURST} concurrent sign-ins: ${checked} checked, the right password (last) got ${rightOne}`,
    );
    console.log(
      `  64 KiB range read: ${ms(median(idle))} idle, ${ms(median(during))} during the burst (medians of 5)`,
    );
    return [
      { name: `sign-in guesses checked of ${BURST} concurrent`, value: checked, unit: 'requests' },
      { name: '64 KiB range read, idle (median of 5)', value: median(idle), unit: 'ms' },
      { name: '64 KiB range read during the burst (median of 5)', value: median(during), unit: 'ms' },
    ];
  } finally {
    await server.stop();
    await media.remove();
  }
}

async function firstPartKey(url: string, token: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = await fetch(`${url}/library/sections/1/all?X-Plex-Token=${token}`, {
      headers: { Accept: 'application/json' },
    });
    const body = (await answer.json()) as {
      MediaContainer: { Metadata?: { Media?: { Part: { key: string }[] }[] }[] };
    };
    const key = body.MediaContainer.Metadata?.[0]?.Media?.[0]?.Part[0]?.key;
    if (key) return key;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the library was not scanned in time');
}

/** Links TVs, signs in through the API and the pages, then looks for every secret in every file of DATA_DIR. */
async function tokensOnDisk(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'marquee-bench-data-'));
  const server = await spawnHomeServer({ dataDir, limits: RELAXED });
  const secrets: string[] = [];
  try {
    const { url } = server.info;
    const phone = new LinkBrowser(url);
    await phone.signIn('admin', TEST_ADMIN_PASSWORD);
    secrets.push(...phone.cookies.values());
    for (let i = 0; i < 5; i++) {
      const id = `bench-disk-${i}`;
      const created = await fetch(`${url}/api/v2/pins?${tv(id)}`, {
        method: 'POST',
        headers: { Accept: 'application/json' },
      });
      const pin = (await created.json()) as PlexPin;
      await phone.enterCode(pin.code);
      await phone.confirm('link');
      const polled = await fetch(`${url}/api/v2/pins/${pin.id}?${tv(id)}`, {
        headers: { Accept: 'application/json' },
      });
      const token = ((await polled.json()) as PlexPin).authToken;
      if (token) secrets.push(token);
      const user = (await (await signIn(url, TEST_ADMIN_PASSWORD, `bench-api-${i}`)).json()) as {
        authToken: string;
      };
      secrets.push(user.authToken);
    }
    const whileRunning = await secretsInFiles(dataDir, secrets);
    await server.stop();
    const afterClose = await secretsInFiles(dataDir, secrets);
    console.log(
      `  secrets (tokens, session cookies) found in DATA_DIR's files: ${whileRunning} of ${secrets.length} ` +
        `while running, ${afterClose} after close`,
    );
    return [
      {
        name: `secrets found in DATA_DIR (of ${secrets.length})`,
        value: Math.max(whileRunning, afterClose),
        unit: 'secrets',
      },
    ];
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function secretsInFiles(dir: string, secrets: string[]): Promise<number> {
  const found = new Set<string>();
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if ((await stat(path)).isFile()) {
        const bytes = await readFile(path);
        for (const secret of secrets) if (bytes.includes(secret)) found.add(secret);
      }
    }
  };
  await walk(dir);
  return found.size;
}

/** SIGKILL of the server's process mid-conversion: how long its ffmpeg runs on. */
async function ffmpegAfterServerKilled(): Promise<Figure[]> {
  const root = await mkdtemp(join(tmpdir(), 'marquee-bench-kill-'));
  const mediaDir = join(root, 'media');
  const movie = join(mediaDir, 'Movies/Long Road (2019)/Long Road (2019).mkv');
  await mkdir(dirname(movie), { recursive: true });
  // 60 s read at 1× speed (an AC-3 track a browser cannot play, so it is converted): still running when killed.
  await makeSeekableClip(movie, { seconds: 60, audio: 'ac3' });
  const ffmpeg = await writeRealtimeFfmpeg(join(root, 'realtime-ffmpeg'));
  const server = await spawnHomeServer({ mediaDir }, { FFMPEG_PATH: ffmpeg });
  try {
    const { url, dataDir } = server.info;
    const token = ((await (await signIn(url, TEST_ADMIN_PASSWORD)).json()) as { authToken: string })
      .authToken;
    const get = async (path: string) => {
      const response = await fetch(`${url}${path}${path.includes('?') ? '&' : '?'}X-Plex-Token=${token}`, {
        headers: { Accept: 'application/json' },
      });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      return response;
    };
    const items = (await (await get('/library/sections/1/all')).json()) as {
      MediaContainer: { Metadata: { ratingKey: string }[] };
    };
    const query = `path=/library/metadata/${items.MediaContainer.Metadata[0].ratingKey}&session=bench-kill`;
    await get(`/video/:/transcode/universal/decision?${query}`);
    await get(`/video/:/transcode/universal/start.m3u8?${query}`);
    await get('/video/:/transcode/universal/session/bench-kill/base/index.m3u8');
    const running = (await processesMentioning(join(dataDir, 'transcode'))).filter(({ args }) =>
      args.split(' ')[0].endsWith('ffmpeg'),
    );
    if (running.length !== 1) throw new Error(`expected one ffmpeg, found ${running.length}`);
    const { pid } = running[0];

    server.child.kill('SIGKILL');
    const killedAt = performance.now();
    while (isRunning(pid) && performance.now() - killedAt < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const seconds = (performance.now() - killedAt) / 1000;
    const gone = !isRunning(pid);
    console.log(
      `  ffmpeg ${gone ? 'gone' : 'STILL RUNNING'} ${seconds.toFixed(3)} s after SIGKILL of the server`,
    );
    return [
      { name: 'ffmpeg gone after SIGKILL of the server', value: Number(seconds.toFixed(3)), unit: 's' },
    ];
  } finally {
    await server.stop();
    for (const { pid } of await processesMentioning(root)) process.kill(pid, 'SIGKILL');
    await rm(root, { recursive: true, force: true });
  }
}

/** True while the process runs (a zombie waiting for its parent to collect it has stopped running). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

interface LoadFigures {
  perSecond: number;
  p99: number;
  /** The server's own CPU time (user + system) per answered request: what the machine's noise moves least. */
  cpuMicroseconds: number;
}

/** `POLL_SECONDS` of load at `POLL_CONNECTIONS` connections on `url`, served by process `pid`. */
async function load(url: string, pid: number): Promise<LoadFigures> {
  const cpuBefore = await cpuSeconds(pid);
  const result = await autocannon({ url, connections: POLL_CONNECTIONS, duration: POLL_SECONDS });
  const cpu = (await cpuSeconds(pid)) - cpuBefore;
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return {
    perSecond: result.requests.average,
    p99: result.latency.p99,
    cpuMicroseconds: (cpu * 1e6) / result.requests.total,
  };
}

async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime (fields 14 and 15 of /proc/<pid>/stat), in clock ticks of 1/100 s on Linux.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Plain polls (no wait) of one pending pin at 50 connections, beside a bare Fastify route answering the same
 * JSON: three rounds each, alternating, so both see the same machine; medians reported.
 */
export async function pollThroughput(): Promise<Figure[]> {
  const server = await spawnHomeServer({ limits: RELAXED });
  let bare: ChildServer<{ url: string }> | null = null;
  try {
    const id = 'bench-poll';
    const created = await fetch(`${server.info.url}/api/v2/pins?${tv(id)}`, {
      method: 'POST',
      headers: { Accept: 'application/json' },
    });
    const pin = (await created.json()) as PlexPin;
    const pollUrl = `${server.info.url}/api/v2/pins/${pin.id}?${tv(id)}`;
    const body = await (await fetch(pollUrl, { headers: { Accept: 'application/json' } })).text();
    bare = await spawnProcess<{ url: string }>(new URL('./bare-route-process.ts', import.meta.url), [body]);
    const floorUrl = `${bare.info.url}/api/v2/pins/${pin.id}?${tv(id)}`;
    const floors: LoadFigures[] = [];
    const polls: LoadFigures[] = [];
    for (let round = 0; round < POLL_ROUNDS; round++) {
      floors.push(await load(floorUrl, bare.child.pid as number));
      polls.push(await load(pollUrl, server.info.pid));
    }
    const mid = (runs: LoadFigures[], key: keyof LoadFigures) => median(runs.map((run) => run[key]));
    const ratio = mid(polls, 'perSecond') / mid(floors, 'perSecond');
    const cpuRatio = mid(floors, 'cpuMicroseconds') / mid(polls, 'cpuMicroseconds');
    console.log(
      `  plain polls, ${POLL_CONNECTIONS} connections (medians of ${POLL_ROUNDS} × ${POLL_SECONDS} s): ` +
        `${mid(polls, 'perSecond').toFixed(0)}/s p99 ${mid(polls, 'p99')} ms, ${mid(polls, 'cpuMicroseconds').toFixed(0)} µs CPU each; ` +
        `bare Fastify route ${mid(floors, 'perSecond').toFixed(0)}/s p99 ${mid(floors, 'p99')} ms, ` +
        `${mid(floors, 'cpuMicroseconds').toFixed(0)} µs CPU each; ratio ${ratio.toFixed(2)}× (by CPU ${cpuRatio.toFixed(2)}×)`,
    );
    return [
      {
        name: `pin polls/s at ${POLL_CONNECTIONS} connections`,
        value: Math.round(mid(polls, 'perSecond')),
        unit: 'req/s',
      },
      { name: 'pin poll p99', value: mid(polls, 'p99'), unit: 'ms' },
      { name: 'pin poll server CPU', value: Math.round(mid(polls, 'cpuMicroseconds')), unit: 'µs' },
      { name: 'bare Fastify route/s (floor)', value: Math.round(mid(floors, 'perSecond')), unit: 'req/s' },
      { name: 'bare Fastify route p99 (floor)', value: mid(floors, 'p99'), unit: 'ms' },
      {
        name: 'bare Fastify route server CPU (floor)',
        value: Math.round(mid(floors, 'cpuMicroseconds')),
        unit: 'µs',
      },
      { name: 'pin polls / bare route', value: Number(ratio.toFixed(2)), unit: '×' },
    ];
  } finally {
    await bare?.stop();
    await server.stop();
  }
}

/** RSS of a server holding 10,000 long-polls, from as many loopback addresses as the per-address cap needs. */
async function heldPolls(): Promise<Figure[]> {
  const server = await spawnHomeServer({ limits: RELAXED });
  const requests: ReturnType<typeof httpRequest>[] = [];
  const agents: Agent[] = [];
  try {
    const { url } = server.info;
    const pins: { id: number; client: string }[] = [];
    for (let start = 0; start < HELD_POLLS; start += 200) {
      const batch = Array.from({ length: Math.min(200, HELD_POLLS - start) }, async (_, offset) => {
        const client = `bench-held-${start + offset}`;
        const answer = await fetch(`${url}/api/v2/pins?${tv(client)}`, {
          method: 'POST',
          headers: { Accept: 'application/json' },
        });
        return { id: ((await answer.json()) as PlexPin).id, client };
      });
      pins.push(...(await Promise.all(batch)));
    }
    const before = await rssKiB(server.child.pid as number);
    let answered = 0;
    for (const [index, pin] of pins.entries()) {
      const address = Math.floor(index / HELD_POLLS_PER_ADDRESS);
      const localAddress = `127.0.${1 + Math.floor(address / 250)}.${1 + (address % 250)}`;
      if (index % HELD_POLLS_PER_ADDRESS === 0)
        agents.push(new HttpAgent({ keepAlive: false, maxSockets: Infinity }));
      const request = httpRequest(`${url}/api/v2/pins/${pin.id}?wait=30&${tv(pin.client)}`, {
        localAddress,
        agent: agents[agents.length - 1],
      });
      request.on('response', (response) => {
        answered += 1;
        response.resume();
      });
      request.on('error', () => {});
      request.end();
      requests.push(request);
      if (index % 500 === 499) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Let the server take every connection in, then read its memory.
    let after = before;
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      after = await rssKiB(server.child.pid as number);
    }
    const perPoll = (after - before) / HELD_POLLS;
    console.log(
      `  RSS ${(before / 1024).toFixed(1)} MiB → ${(after / 1024).toFixed(1)} MiB with ${HELD_POLLS} held polls ` +
        `(${perPoll.toFixed(1)} KiB each; ${answered} answered early)`,
    );
    return [
      { name: `server RSS with ${HELD_POLLS} held polls`, value: Math.round(after / 1024), unit: 'MiB' },
      { name: 'RSS per held poll', value: Number(perPoll.toFixed(1)), unit: 'KiB' },
    ];
  } finally {
    for (const request of requests) request.destroy();
    for (const agent of agents) agent.destroy();
    await server.stop();
  }
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]);
}

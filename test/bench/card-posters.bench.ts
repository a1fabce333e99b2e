import { readFileSync } from 'node:fs';
import { link, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardPosters } from '../../src/server/media/card-posters';
import { LibraryImages } from '../../src/server/media/images';
import { startMediaServer } from '../support/home-server';
import { makeSeekableClip } from '../support/tiny-media';
import type { Figure } from './stats';

// The poster work of a scan (src/server/media/card-posters.ts), alone: one short clip hard-linked
// CARD_POSTERS_FILES times (40 by default) under distinct movie names, scanned by the real server; then a fresh
// LibraryImages and CardPosters on the server's rows and an empty cache make every item's poster (a frame grab,
// no artwork) and its card size, timed from the first to the last. Runs CARD_POSTERS_RUNS times (3), each on an
// empty cache; the load average beside it says how busy the machine was. On a busy machine the wall time
// mostly measures the wait for a CPU, so the CPU time of the ffmpeg runs (this process's reaped children, from
// /proc/self/stat on Linux) is given too.

const FILES = Number(process.env.CARD_POSTERS_FILES) || 40;
const RUNS = Number(process.env.CARD_POSTERS_RUNS) || 3;
/** Clock ticks a second in /proc/self/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU ms used by this process's children that have ended (ffmpeg runs); NaN off Linux. */
function childrenCpuMs(): number {
  try {
    // Fields after the command's closing parenthesis: state is 3rd, cutime the 16th and cstime the 17th.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

export async function cardPosterMaking(): Promise<Figure[]> {
  const root = await mkdtemp(join(tmpdir(), 'marquee-card-posters-'));
  try {
    const clip = await makeSeekableClip(join(root, 'clip.mp4'), { seconds: 4, audio: 'aac' });
    const mediaDir = join(root, 'media');
    await mkdir(join(mediaDir, 'Movies'), { recursive: true });
    for (let i = 0; i < FILES; i++) await link(clip, join(mediaDir, 'Movies', `Clip ${i + 1} (2001).mp4`));
    const server = await startMediaServer(mediaDir);
    const perItem: number[] = [];
    const cpuPerItem: number[] = [];
    try {
      await server.server.media.postersMade();
      const store = server.server.media.store;
      const scanned = store
        .sections()
        .reduce((sum, section) => sum + store.countItems(section.id, 'movie'), 0);
      if (scanned !== FILES)
        throw new Error(`scanned ${scanned} movies of ${FILES}: ${server.logLines.join('\n')}`);
      for (let run = 0; run < RUNS; run++) {
        const cacheDir = join(root, `cache-${run}`);
        const images = new LibraryImages(store, mediaDir, cacheDir);
        const posters = new CardPosters(store, images, (line) => console.log(`  ${line}`));
        const started = performance.now();
        const cpuBefore = childrenCpuMs();
        await posters.queueAll();
        await posters.idle();
        const ms = performance.now() - started;
        const cpu = childrenCpuMs() - cpuBefore;
        perItem.push(ms / FILES);
        cpuPerItem.push(cpu / FILES);
        const load = loadavg()
          .map((value) => value.toFixed(2))
          .join(' ');
        console.log(
          `  run ${run + 1}: ${FILES} posters in ${ms.toFixed(0)} ms (ffmpeg CPU ${cpu.toFixed(0)} ms), ` +
            `load average ${load}`,
        );
        await rm(cacheDir, { recursive: true, force: true });
      }
    } finally {
      await server.close();
    }
    const best = Math.min(...perItem);
    const mean = perItem.reduce((sum, value) => sum + value, 0) / perItem.length;
    return [
      { name: 'card posters: ms per item (best run)', value: best, unit: 'ms' },
      { name: 'card posters: ms per item (mean)', value: mean, unit: 'ms' },
      { name: 'card posters: ffmpeg CPU ms per item (best run)', value: Math.min(...cpuPerItem), unit: 'ms' },
      { name: 'card posters: load average (1 min) after', value: loadavg()[0], unit: '' },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

// `npx tsx test/bench/card-posters.bench.ts` runs this one alone.
if (process.argv[1]?.endsWith('card-posters.bench.ts')) {
  cardPosterMaking().then((figures) => {
    for (const figure of figures) console.log(`  ${figure.name}: ${figure.value.toFixed(1)} ${figure.unit}`);
  });
}

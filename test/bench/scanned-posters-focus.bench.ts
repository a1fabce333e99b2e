import { existsSync } from 'node:fs';
import { link, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlexMetadata } from '../../src/protocol/plex-media';
import { mediaCacheDir } from '../../src/server/media/media-library';
import { runProcess } from '../../src/server/media/tools';
import { linkTv } from '../server/helpers';
import { launchChromium } from '../support/chromium';
import { RELAXED_LIMITS, startTestServer } from '../support/home-server';
import { makeSeekableClip } from '../support/tiny-media';
import { linkedTv } from '../support/tv';
import { openFloorGrid } from './bare-grid-floor';
import { FOCUS_CPU_THROTTLE_RATE } from './focus-probe';
import { alternateRuns, sideBySide } from './library-focus.bench';
import type { Figure } from './stats';

// (b) The section grid of scanned files with their real posters on a slow TV, side by side with its floor in
// one run: one short clip made with ffmpeg and hard-linked 2,000 times under distinct movie names into a
// temporary MEDIA_DIR, so the real server probes every file and makes every poster (a frame grab and its card
// size, src/server/media/card-posters.ts) as it would for a real library. Once the scan and the poster work are
// done, the app's grid and the bare-DOM grid of bare-grid-floor.ts (plain cards, the issue's floor, as in (a);
// SCANNED_POSTERS_FLOOR_POSTERS=1 gives it the same posters, the /photo/:/transcode URLs the app asks for, each
// loaded as soon as its row mounts) take 100 Down presses in alternating blocks in the same Chromium at CPU ×4 (FOCUS_CPU_RATE),
// with the same probe (focus-probe.ts). The TV app is the one built into SCANNED_POSTERS_TV_DIST (or
// LIBRARY_FOCUS_TV_DIST), else built into a temporary folder first (never into dist/). SCANNED_POSTERS_DIR keeps
// the media and the server's data in that folder: a second run there measures again on what the first made
// (its scan finds nothing new, its posters are all cached).

const FILES = Number(process.env.SCANNED_POSTERS_FILES) || 2_000;
const COLUMNS = 7; // SectionScreen's grid
const PRESSES = Number(process.env.SCANNED_POSTERS_PRESSES) || 100;
/** A viewer pressing steadily, as in (a). */
const KEY_GAP_MS = 130;
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const ADJECTIVES = (
  'Amber Broken Crimson Distant Electric Fallen Golden Hidden Iron Jade Kind Lost Midnight Northern Open ' +
  'Pale Quiet Restless Silver Tender Upper Velvet Wild Young Zero Ashen Bitter Copper Dark Early Frozen ' +
  'Gentle Hollow Idle Jagged Last Lunar Mild Narrow Old Painted Rapid Salt Thin Under Vast Winter Yellow ' +
  'Brave Clear'
).split(' ');
const NOUNS = (
  'Harbor River Garden Signal Machine Empire Letter Mountain Station Window Orchard Bridge Circus Desert ' +
  'Engine Forest Island Kingdom Lantern Mirror Ocean Palace Road Season Tower Valley Voyage Witness Summer ' +
  'Shadow Canyon Meadow Compass Frontier Archive Promise Reckoning Horizon Quarry Dance'
).split(' ');

/** Distinct movie file names: "The Amber Harbor (1950).mp4", … */
function movieNames(count: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const adjective = ADJECTIVES[i % ADJECTIVES.length];
    const noun = NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length];
    const round = Math.floor(i / (ADJECTIVES.length * NOUNS.length));
    names.push(`The ${adjective} ${noun}${round ? ` ${round + 1}` : ''} (${1950 + (i % 75)}).mp4`);
  }
  return names;
}

async function tvDist(root: string): Promise<string> {
  const given = process.env.SCANNED_POSTERS_TV_DIST ?? process.env.LIBRARY_FOCUS_TV_DIST;
  if (given) return given;
  const outDir = join(root, 'tv-dist');
  console.log(`  building the TV app into ${outDir}`);
  const built = await runProcess('npx', ['vite', 'build', '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
  });
  if (built.code !== 0) throw new Error(`vite build failed: ${built.stderr}`);
  return outDir;
}

/** Every file under `dir`, recursively. */
async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).length;
}

export async function scannedPostersFocus(): Promise<Figure[]> {
  const kept = process.env.SCANNED_POSTERS_DIR;
  const root = kept ?? (await mkdtemp(join(tmpdir(), 'marquee-bench-posters-')));
  const mediaDir = join(root, 'media');
  const dataDir = join(root, 'data');
  await mkdir(dataDir, { recursive: true });
  await mkdir(join(mediaDir, 'Movies'), { recursive: true });
  const clip = await makeSeekableClip(join(root, 'clip.mp4'), {
    seconds: 2,
    audio: 'aac',
    width: 320,
    height: 180,
  });
  for (const name of movieNames(FILES)) {
    const target = join(mediaDir, 'Movies', name);
    if (!existsSync(target)) await link(clip, target);
  }
  const dist = await tvDist(root);

  const started = Date.now();
  const server = await startTestServer({
    dataDir,
    tvAppDir: dist,
    mediaDir,
    limits: RELAXED_LIMITS,
    mediaWatchDebounceMs: 0,
  });
  const browser = await launchChromium();
  try {
    const media = server.server.media;
    await media.idle();
    const scanned = Date.now();
    await media.postersMade();
    const postersDone = Date.now();
    const cache = mediaCacheDir(server.dataDir);
    const cachedBefore = await countFiles(cache);
    console.log(
      `  ${FILES} hard links: scanned in ${((scanned - started) / 1000).toFixed(1)} s, posters made ` +
        `${((postersDone - scanned) / 1000).toFixed(1)} s later; ${cachedBefore} files in the image cache`,
    );

    // The URLs the app asks for (src/plex/server-client.ts photoUrl), for a floor with posters.
    const { token } = await linkTv(server.url);
    const listing = await fetch(
      `${server.url}/library/sections/1/all?X-Plex-Container-Start=0&X-Plex-Container-Size=${FILES}&X-Plex-Token=${token}`,
      { headers: { Accept: 'application/json' } },
    );
    const items = (await listing.json()).MediaContainer.Metadata as PlexMetadata[];
    if (items.length !== FILES) throw new Error(`the section lists ${items.length} of ${FILES} files`);
    const posterUrls = items.map(
      (item) =>
        `${server.url}/photo/:/transcode?url=${encodeURIComponent(item.thumb as string)}` +
        `&width=200&height=300&minSize=1&upscale=1&X-Plex-Token=${token}`,
    );
    const floorPosters = process.env.SCANNED_POSTERS_FLOOR_POSTERS === '1';
    const floor = await openFloorGrid(browser.context, {
      total: items.length,
      columns: COLUMNS,
      posterUrls: floorPosters ? posterUrls : undefined,
    });
    console.log(`  floor: ${floorPosters ? 'the same posters' : 'plain cards'}`);

    const tv = await linkedTv(browser.context, server.url);
    await tv.waitForSelector('[data-row="section-1"] [data-testid="row-all"]', { timeout: 30_000 });
    await tv.click('[data-row="section-1"] [data-testid="row-all"]');
    const focusedPoster = '[data-testid="section"] [data-testid="media-card"][data-focused="true"] img';
    await tv.waitForFunction(
      (selector) => ((document.querySelector(selector) as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
      focusedPoster,
      { timeout: 30_000 },
    );
    await tv.mouse.move(0, 0);
    for (const page of [tv, floor]) {
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: FOCUS_CPU_THROTTLE_RATE });
    }
    const [appRun, floorRun] = await alternateRuns(
      [tv, floor],
      Array.from({ length: PRESSES }, () => 'ArrowDown'),
      KEY_GAP_MS,
    );
    await floor.close();

    // After the presses: the posters in view are shown, and none had to be made on request.
    await tv.waitForTimeout(1_000);
    const shown = await tv.$$eval('[data-testid="section"] [data-testid="media-card"] img', (images) => {
      const view = { bottom: innerHeight, right: innerWidth };
      const inView = (images as HTMLImageElement[]).filter((image) => {
        const box = image.getBoundingClientRect();
        return box.bottom > 0 && box.top < view.bottom && box.right > 0 && box.left < view.right;
      });
      return { inView: inView.length, loaded: inView.filter((image) => image.naturalWidth > 0).length };
    });
    const madeDuringRun = (await countFiles(cache)) - cachedBefore;
    console.log(
      `  after the presses: ${shown.loaded} of ${shown.inView} posters in view shown; ` +
        `${madeDuringRun} image files made while pressing`,
    );
    const label = `grid of ${items.length} scanned files with posters${floorPosters ? ' (floor with posters)' : ''}, CPU ×${FOCUS_CPU_THROTTLE_RATE}`;
    return [
      ...sideBySide(label, appRun, floorRun),
      { name: `${label}: scan`, value: scanned - started, unit: 'ms' },
      { name: `${label}: posters after the scan`, value: postersDone - scanned, unit: 'ms' },
      { name: `${label}: image files made while pressing`, value: madeDuringRun, unit: 'files' },
    ];
  } finally {
    await browser.close();
    await server.close();
    if (!kept) await rm(root, { recursive: true, force: true });
  }
}

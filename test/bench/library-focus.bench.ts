import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startTestServer } from '../support/home-server';
import { withServerDatabase } from '../support/server-database';
import { seedSyntheticSection } from '../support/synthetic-library';
import { linkedTv } from '../support/tv';
import { openFloorGrid } from './bare-grid-floor';
import { addRun, emptyRun, FOCUS_CPU_THROTTLE_RATE, type FocusRun, runFocusPresses } from './focus-probe';
import { type Figure, median, ms, p95 } from './stats';

// (a) The section grid at size on a slow TV, side by side with its floor in one run: a synthetic section
// of 10,000 items in the app, and the bare-DOM grid of bare-grid-floor.ts, both in the same Chromium with
// the CPU slowed ×4 (FOCUS_CPU_THROTTLE_RATE) and the same probe (focus-probe.ts): key press →
// focus moved and painted, for 100 Down presses in alternating blocks, with the longest task. Then the app's JS heap after a
// forced GC, at the top and after reaching the last row (LIBRARY_FOCUS_TO_END=0 skips the long walk).

const ITEMS = 10_000;
const COLUMNS = 7; // SectionScreen's grid
const PRESSES = Number(process.env.LIBRARY_FOCUS_PRESSES) || 100;
/** A viewer pressing steadily; held keys have their own e2e test. */
const KEY_GAP_MS = 130;

export async function libraryFocus(): Promise<Figure[]> {
  // LIBRARY_FOCUS_TV_DIST: measure another build of the TV app (e.g. an older commit's dist/) the same way.
  const tvDist = process.env.LIBRARY_FOCUS_TV_DIST;
  const server = await startTestServer(tvDist ? { tvAppDir: tvDist } : {});
  const browser = await launchChromium();
  try {
    const sectionKey = String(
      // No posters (the floor has none): items without a file, so the server advertises no thumb.
      withServerDatabase(server, (db) =>
        seedSyntheticSection(db, { title: 'Ten Thousand', count: ITEMS, withParts: false }),
      ),
    );
    const floor = await openFloorGrid(browser.context, { total: ITEMS, columns: COLUMNS });
    const tv = await linkedTv(browser.context, server.url);
    await tv.waitForSelector('[data-testid="row-all"]', { timeout: 30_000 });
    await tv.click(`[data-row="section-${sectionKey}"] [data-testid="row-all"]`);
    await tv.waitForSelector('[data-testid="section"] [data-testid="media-card"][data-focused="true"]', {
      timeout: 30_000,
    });
    // A viewer with a D-pad has no pointer over the grid.
    await tv.mouse.move(0, 0);
    const cdp = await browser.context.newCDPSession(tv);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: FOCUS_CPU_THROTTLE_RATE });
    const heapTop = await heapAfterGc(cdp);
    const floorCdp = await browser.context.newCDPSession(floor);
    await floorCdp.send('Emulation.setCPUThrottlingRate', { rate: FOCUS_CPU_THROTTLE_RATE });
    const [appRun, floorRun] = await alternateRuns(
      [tv, floor],
      Array.from({ length: PRESSES }, () => 'ArrowDown'),
      KEY_GAP_MS,
    );
    await floor.close();

    const rows = Math.ceil(ITEMS / COLUMNS);
    const focusedIndex = async () =>
      Number(await tv.getAttribute('[data-testid="media-card"][data-focused="true"]', 'data-index'));
    if (process.env.LIBRARY_FOCUS_TO_END !== '0') {
      // To the last row by holding Down (auto-repeat every 50 ms; the app accelerates after a second),
      // unthrottled: only the heap at the end is measured.
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      const until = Date.now() + 180_000;
      await tv.keyboard.down('ArrowDown');
      while (Date.now() < until && Math.floor((await focusedIndex()) / COLUMNS) < rows - 1) {
        await tv.waitForTimeout(50);
        await tv.keyboard.down('ArrowDown');
      }
      await tv.keyboard.up('ArrowDown');
    }
    const lastIndex = await focusedIndex();
    const mounted = await tv.$$eval('[data-testid="poster-grid"] [data-index]', (cells) => cells.length);
    const heapEnd = await heapAfterGc(cdp);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

    console.log(`  focus ended on item ${lastIndex} of ${ITEMS}; ${mounted} cards mounted there`);
    console.log(`  JS heap after GC: top ${mib(heapTop)}, at the end ${mib(heapEnd)}`);
    const label = `grid ${ITEMS} items, CPU ×${FOCUS_CPU_THROTTLE_RATE}`;
    return [
      ...sideBySide(label, appRun, floorRun),
      { name: `${label}: JS heap after GC, first row`, value: heapTop, unit: 'bytes' },
      {
        name: `${label}: JS heap after GC, after scrolling to item ${lastIndex}`,
        value: heapEnd,
        unit: 'bytes',
      },
      { name: `${label}: cards mounted at the end`, value: mounted, unit: 'cards' },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * The same presses on each page in turn, in five blocks (app, floor, app, floor, …), so a busy machine
 * slows both alike; each page is brought to the front for its block (the caller throttles them).
 */
export async function alternateRuns(
  pages: Page[],
  keys: readonly string[],
  gapMs: number,
): Promise<FocusRun[]> {
  const runs: FocusRun[] = pages.map(() => emptyRun());
  const blocks = 5;
  const perBlock = Math.ceil(keys.length / blocks);
  for (let block = 0; block < blocks; block++) {
    const slice = keys.slice(block * perBlock, (block + 1) * perBlock);
    for (const [i, page] of pages.entries()) {
      await page.bringToFront();
      addRun(runs[i], await runFocusPresses(page, slice, gapMs));
    }
  }
  return runs;
}

/**
 * Prints and returns app vs floor: p50, p95, their ratio, the long tasks, and the longest script in a long frame
 * (a long task with no long script in it is the frame's rendering).
 */
export function sideBySide(label: string, app: FocusRun, floor: FocusRun): Figure[] {
  const longest = (durations: number[]) => (durations.length ? Math.max(...durations) : 0);
  for (const [who, run] of [
    ['floor', floor],
    ['app', app],
  ] as const) {
    const longScripts = run.frameScripts.filter((duration) => duration > 50).length;
    console.log(
      `  ${label}, ${who}: ${run.presses} presses, ${run.keys} keydowns seen, ${run.latencies.length} moves measured (${run.merged} keys merged into a later move, ${run.keyless} moves without a key); key → focus painted p50 ${ms(median(run.latencies))}, p95 ${ms(p95(run.latencies))}; ${run.longTasks.length} long tasks, longest ${ms(longest(run.longTasks))}; longest script in a long frame ${ms(longest(run.frameScripts))} (${longScripts} over 50 ms)`,
    );
  }
  const ratio = p95(app.latencies) / p95(floor.latencies);
  console.log(`  ${label}: app p95 / floor p95 = ${ratio.toFixed(2)}`);
  return [
    { name: `${label}: floor key → focus painted p50`, value: median(floor.latencies), unit: 'ms' },
    { name: `${label}: floor key → focus painted p95`, value: p95(floor.latencies), unit: 'ms' },
    { name: `${label}: app key → focus painted p50`, value: median(app.latencies), unit: 'ms' },
    { name: `${label}: app key → focus painted p95`, value: p95(app.latencies), unit: 'ms' },
    { name: `${label}: app p95 ÷ floor p95`, value: Number(ratio.toFixed(2)), unit: '×' },
    { name: `${label}: floor longest task`, value: longest(floor.longTasks), unit: 'ms' },
    { name: `${label}: app longest task`, value: longest(app.longTasks), unit: 'ms' },
    { name: `${label}: floor tasks over 50 ms`, value: floor.longTasks.length, unit: 'tasks' },
    { name: `${label}: app tasks over 50 ms`, value: app.longTasks.length, unit: 'tasks' },
    {
      name: `${label}: floor longest script in a long frame`,
      value: longest(floor.frameScripts),
      unit: 'ms',
    },
    { name: `${label}: app longest script in a long frame`, value: longest(app.frameScripts), unit: 'ms' },
  ];
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

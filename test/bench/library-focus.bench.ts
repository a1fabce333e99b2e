import type { CDPSession, Page } from 'playwright-core';
import { seedSyntheticSection } from '../../src/server/media/synthetic-library';
import { launchChromium } from '../support/chromium';
import { startTestServer } from '../support/home-server';
import { linkedTv } from '../support/tv';
import { type Figure, median, ms, p95 } from './stats';

// The section grid at size on a slow TV: a synthetic section of 10,000 items, CPU slowed ×4 (CDP
// Emulation.setCPUThrottlingRate). (1) Key press → focus moved and painted: measured in the page, from
// the keydown's timestamp to a frame after the newly focused card carries data-focused (MutationObserver →
// requestAnimationFrame → setTimeout 0, i.e. after that frame's paint), for every Down from the first row
// to the last. (2) JS heap after a forced GC, at the top and after reaching the last row.

const ITEMS = 10_000;
const COLUMNS = 7; // SectionScreen's grid
const CPU_THROTTLE_RATE = 4;
/** Norigin processes one key per 100 ms; a held remote repeats about this fast. */
const KEY_GAP_MS = 130;

declare global {
  interface Window {
    __focusLatencies?: number[];
  }
}

export async function libraryFocus(): Promise<Figure[]> {
  const server = await startTestServer();
  const browser = await launchChromium();
  try {
    const sectionKey = String(
      seedSyntheticSection(server.server.media.store.db, { title: 'Ten Thousand', count: ITEMS }),
    );
    const tv = await linkedTv(browser.context, server.url);
    await tv.waitForSelector('[data-testid="row-all"]', { timeout: 30_000 });
    await tv.click(`[data-row="section-${sectionKey}"] [data-testid="row-all"]`);
    await tv.waitForSelector('[data-testid="section"] [data-testid="media-card"][data-focused="true"]', {
      timeout: 30_000,
    });

    const cdp = await browser.context.newCDPSession(tv);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE_RATE });
    const heapTop = await heapAfterGc(cdp);
    await installProbe(tv);

    const rows = Math.ceil(ITEMS / COLUMNS);
    const focusedIndex = async () =>
      Number(await tv.getAttribute('[data-testid="media-card"][data-focused="true"]', 'data-index'));
    const started = Date.now();
    let presses = 0;
    // A slow page drops presses that arrive while it is busy (as a TV does): keep pressing until the last row.
    const limit = Number(process.env.LIBRARY_FOCUS_PRESSES) || rows * 2;
    while (presses < limit && Math.floor((await focusedIndex()) / COLUMNS) < rows - 1) {
      await tv.keyboard.press('ArrowDown');
      presses++;
      await tv.waitForTimeout(KEY_GAP_MS);
    }
    // Let the last measurement land.
    await tv.waitForTimeout(500);
    const lastIndex = await focusedIndex();
    const latencies = (await tv.evaluate(() => window.__focusLatencies ?? [])) as number[];
    const mounted = await tv.$$eval('[data-testid="poster-grid"] [data-index]', (cells) => cells.length);
    const heapEnd = await heapAfterGc(cdp);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(
      `  ${presses} Down presses in ${seconds} s; focus ended on item ${lastIndex} of ${ITEMS} (row ${Math.floor(lastIndex / COLUMNS) + 1} of ${rows})`,
    );
    console.log(`  ${latencies.length} focus moves measured; ${mounted} cards mounted at the end`);
    console.log(`  key → focus painted: median ${ms(median(latencies))}, p95 ${ms(p95(latencies))}`);
    console.log(`  JS heap after GC: top ${mib(heapTop)}, last row ${mib(heapEnd)}`);
    return [
      {
        name: `grid key → focus painted, ${ITEMS} items, CPU ×${CPU_THROTTLE_RATE}, p50`,
        value: median(latencies),
        unit: 'ms',
      },
      {
        name: `grid key → focus painted, ${ITEMS} items, CPU ×${CPU_THROTTLE_RATE}, p95`,
        value: p95(latencies),
        unit: 'ms',
      },
      { name: 'grid JS heap after GC, first row', value: heapTop, unit: 'bytes' },
      { name: 'grid JS heap after GC, after scrolling to the last row', value: heapEnd, unit: 'bytes' },
      { name: 'grid cards mounted at the last row', value: mounted, unit: 'cards' },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Records, per arrow key, keydown → the frame after a card newly gains data-focused has been painted. */
async function installProbe(tv: Page): Promise<void> {
  await tv.evaluate(() => {
    const latencies: number[] = [];
    window.__focusLatencies = latencies;
    let pressedAt: number | null = null;
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.keyCode >= 37 && event.keyCode <= 40) pressedAt = event.timeStamp;
      },
      true,
    );
    new MutationObserver((mutations) => {
      if (pressedAt === null) return;
      const gained = mutations.some(
        (mutation) =>
          mutation.target instanceof Element &&
          mutation.target.getAttribute('data-testid') === 'media-card' &&
          mutation.target.getAttribute('data-focused') === 'true',
      );
      if (!gained) return;
      const from = pressedAt;
      pressedAt = null;
      requestAnimationFrame(() => setTimeout(() => latencies.push(performance.now() - from), 0));
    }).observe(document.body, { attributes: true, attributeFilter: ['data-focused'], subtree: true });
  });
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

import type { Page } from 'playwright-core';
import { SECTION_ROW_SIZE } from '../../src/tv/stores/library-home';
import { launchChromium } from '../support/chromium';
import { startTestServer } from '../support/home-server';
import { withServerDatabase } from '../support/server-database';
import { seedSyntheticSection } from '../support/synthetic-library';
import { linkedTv } from '../support/tv';
import { openFloorRows } from './bare-rows-floor';
import { FOCUS_CPU_THROTTLE_RATE } from './focus-probe';
import { alternateRuns, sideBySide } from './library-focus.bench';
import type { Figure } from './stats';

// (c) Home's rows on a slow TV, side by side with their floor in one run: the app's home with a Recently
// Added row and one row per section (SECTION_ROW_SIZE = 50 items each), and the bare-DOM rows of
// bare-rows-floor.ts with as many rows of 50, in the same Chromium at CPU ×4 (FOCUS_CPU_RATE) with the same probe
// (focus-probe.ts). The walk starts on the first section's row: Right along it to its end, Down to the next
// row, Right along that one, … across every section row (5 × 50 − 1 presses by default, HOME_ROWS_PRESSES
// to change), in alternating blocks, with the longest task.

const SECTIONS = 5;
const PRESSES = Number(process.env.HOME_ROWS_PRESSES) || SECTIONS * SECTION_ROW_SIZE - 1;
const KEY_GAP_MS = 130;

/** Right to the row's end, then Down; again for the next row. */
function rowWalk(rowLength: number, presses: number): string[] {
  const keys: string[] = [];
  while (keys.length < presses) {
    for (let i = 1; i < rowLength && keys.length < presses; i++) keys.push('ArrowRight');
    if (keys.length < presses) keys.push('ArrowDown');
  }
  return keys;
}

export async function homeRowsFocus(): Promise<Figure[]> {
  const tvDist = process.env.LIBRARY_FOCUS_TV_DIST;
  const server = await startTestServer(tvDist ? { tvAppDir: tvDist } : {});
  const browser = await launchChromium();
  try {
    for (let i = 0; i < SECTIONS; i++) {
      // No posters (the floor has none): items without a file, so the server advertises no thumb and the TV
      // asks for no images (with a fake file each, every poster request answered 404). Home still shows
      // Recently Added and one row per section; the walk needs nothing else.
      withServerDatabase(server, (db) =>
        seedSyntheticSection(db, { title: `Shelf ${i + 1}`, count: 200, withParts: false }),
      );
    }
    const tv = await linkedTv(browser.context, server.url);
    await tv.waitForSelector('[data-testid="home"] [data-testid="media-card"][data-focused="true"]', {
      timeout: 30_000,
    });
    const rowIds = await tv.$$eval('[data-testid="home"] [data-testid="row"]', (all) =>
      all.map((row) => row.getAttribute('data-row') ?? ''),
    );
    await tv.mouse.move(0, 0);
    const startRow = await focusFirstSectionRow(tv);
    const sectionRows = rowIds.filter((id) => id.startsWith('section-')).length;
    console.log(
      `  home: rows ${rowIds.join(', ')}; the walk starts on "${startRow}", ${sectionRows} section rows of ` +
        `${SECTION_ROW_SIZE} cards, ${PRESSES} presses`,
    );
    const floor = await openFloorRows(browser.context, { rows: sectionRows, rowLength: SECTION_ROW_SIZE });

    for (const page of [tv, floor]) {
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: FOCUS_CPU_THROTTLE_RATE });
    }
    const [appRun, floorRun] = await alternateRuns(
      [tv, floor],
      rowWalk(SECTION_ROW_SIZE, PRESSES),
      KEY_GAP_MS,
    );
    await floor.close();
    return sideBySide(`home rows of ${SECTION_ROW_SIZE}, CPU ×${FOCUS_CPU_THROTTLE_RATE}`, appRun, floorRun);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Presses Down until focus is on the first section's row (Recently Added, above it, holds fewer cards). */
async function focusFirstSectionRow(tv: Page): Promise<string> {
  const focusedRow = () =>
    tv.$eval(
      '[data-testid="home"] [data-testid="media-card"][data-focused="true"]',
      (card) => card.closest('[data-testid="row"]')?.getAttribute('data-row') ?? '',
    );
  let row = await focusedRow();
  for (let step = 0; step < 5 && !row.startsWith('section-'); step++) {
    const before = row;
    await tv.keyboard.press('ArrowDown');
    await tv.waitForFunction(
      (previous) =>
        document
          .querySelector('[data-testid="home"] [data-testid="media-card"][data-focused="true"]')
          ?.closest('[data-testid="row"]')
          ?.getAttribute('data-row') !== previous,
      before,
      { timeout: 10_000 },
    );
    row = await focusedRow();
  }
  if (!row.startsWith('section-')) throw new Error(`focus did not reach a section row (it is on "${row}")`);
  return row;
}

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumFixture } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/home-server';
import { withServerDatabase } from '../support/server-database';
import { seedSyntheticSection } from '../support/synthetic-library';
import { linkedTv, pressOnTv } from '../support/tv';

// Home's rows with the D-pad: Up and Down between rows are decided from the rows' order
// (src/tv/components/RowList.tsx), so they land where they always did (Down from a row's cards on the next
// row's remembered card, Up on the row's "All" first and then on the row above) while reading no layout
// (Norigin's offset measurements walk offsetParent) and firing no transition event (the rows' scroll is a
// Web Animation, not a CSS transition).

const chromium = chromiumFixture();
let server: TestServer;
let tv: Page;
let sectionRows: string[];

declare global {
  interface Window {
    __layoutReads?: number;
    __rowListTransitionEvents?: number;
  }
}

/** The focused card's row and index, once exactly one card on home shows focus. */
async function focusedCard(): Promise<{ row: string; index: number }> {
  const handle = await tv.waitForFunction(() => {
    const focused = document.querySelectorAll(
      '[data-testid="home"] [data-testid="media-card"][data-focused="true"]',
    );
    if (focused.length !== 1) return false;
    const row = focused[0].closest('[data-testid="row"]')?.getAttribute('data-row') ?? '';
    return { row, index: Number(focused[0].getAttribute('data-index')) };
  });
  return (await handle.jsonValue()) as { row: string; index: number };
}

/** Counts, from now on, reads of the layout properties Norigin's offset adapter reads, and the rows' scroll transitions. */
async function countLayoutReads(): Promise<void> {
  await tv.evaluate(() => {
    window.__layoutReads = 0;
    window.__rowListTransitionEvents = 0;
    const proto = HTMLElement.prototype;
    for (const name of ['offsetParent', 'offsetTop', 'offsetLeft', 'offsetWidth', 'offsetHeight'] as const) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      const get = descriptor?.get;
      if (!get) continue;
      Object.defineProperty(proto, name, {
        configurable: true,
        get() {
          window.__layoutReads = (window.__layoutReads ?? 0) + 1;
          return get.call(this);
        },
      });
    }
    const rect = Element.prototype.getBoundingClientRect;
    Element.prototype.getBoundingClientRect = function (this: Element) {
      window.__layoutReads = (window.__layoutReads ?? 0) + 1;
      return rect.call(this);
    };
    // The rows' scroll (a button's focus style may still transition).
    const track = document.querySelector('[data-testid="home"] .row-list__track') as Element;
    window.addEventListener(
      'transitionrun',
      (event) => {
        if (event.target === track)
          window.__rowListTransitionEvents = (window.__rowListTransitionEvents ?? 0) + 1;
      },
      true,
    );
  });
}

beforeAll(async () => {
  server = await startTestServer();
  for (const title of ['Shelf One', 'Shelf Two', 'Shelf Three']) {
    withServerDatabase(server, (db) => seedSyntheticSection(db, { title, count: 60, withParts: false }));
  }
  tv = await linkedTv(chromium.context, server.url);
  await tv.waitForSelector('[data-testid="home"] [data-testid="media-card"][data-focused="true"]', {
    timeout: 20_000,
  });
  await tv.mouse.move(0, 0);
  const rows = await tv.$$eval('[data-testid="home"] [data-testid="row"]', (all) =>
    all.map((row) => row.getAttribute('data-row') ?? ''),
  );
  sectionRows = rows.filter((row) => row.startsWith('section-'));
});

afterAll(async () => {
  await chromium.close(); // before the server, as the TV page still talks to it
  await server?.close();
});

describe('home rows', () => {
  it('Up and Down between rows land on the remembered cards, read no layout and fire no scroll transition', async () => {
    expect(sectionRows.length).toBe(3);
    // Onto the first section row (Recently Added, above it, has no "All").
    while ((await focusedCard()).row !== sectionRows[0]) await pressOnTv(tv, 'ArrowDown');
    expect((await focusedCard()).index).toBe(0);
    await countLayoutReads();

    await pressOnTv(tv, 'ArrowRight', 3);
    expect(await focusedCard()).toEqual({ row: sectionRows[0], index: 3 });
    await pressOnTv(tv, 'ArrowDown');
    expect(await focusedCard()).toEqual({ row: sectionRows[1], index: 0 });
    expect(await tv.getAttribute(`[data-row="${sectionRows[1]}"]`, 'class')).toContain('has-focus');
    expect(await tv.getAttribute(`[data-row="${sectionRows[0]}"]`, 'class')).not.toContain('has-focus');
    await pressOnTv(tv, 'ArrowRight', 2);
    await pressOnTv(tv, 'ArrowDown');
    expect(await focusedCard()).toEqual({ row: sectionRows[2], index: 0 });

    // Up from a section row's cards goes to its "All", then to the row above, on the card it had.
    await pressOnTv(tv, 'ArrowUp');
    // 'attached': a visibility check would read layout itself.
    await tv.waitForSelector(`[data-row="${sectionRows[2]}"] [data-testid="row-all"][data-focused="true"]`, {
      state: 'attached',
    });
    await pressOnTv(tv, 'ArrowUp');
    expect(await focusedCard()).toEqual({ row: sectionRows[1], index: 2 });
    await pressOnTv(tv, 'ArrowUp');
    await pressOnTv(tv, 'ArrowUp');
    expect(await focusedCard()).toEqual({ row: sectionRows[0], index: 3 });
    // Down from the cards skips the next row's "All".
    await pressOnTv(tv, 'ArrowDown');
    expect(await focusedCard()).toEqual({ row: sectionRows[1], index: 2 });

    expect(await tv.evaluate(() => window.__layoutReads)).toBe(0);
    expect(await tv.evaluate(() => window.__rowListTransitionEvents)).toBe(0);
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumFixture } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/home-server';
import { withServerDatabase } from '../support/server-database';
import { seedSyntheticSection } from '../support/synthetic-library';
import { linkedTv } from '../support/tv';

// The D-pad as a remote drives it, in a section grid of 3,000 items: quick separate presses are never
// dropped, a held key (auto-repeat every 50 ms, as remotes do) scrolls while held and stops where it is
// on release, and OK right after quick moves opens the card that shows focus. The grid's posters settle
// without React's root listener seeing their events (src/tv/components/card-layer.ts). Once the keys pause
// nothing catches up: the grid's one Norigin focusable (src/tv/components/FocusHolder.tsx) is not remounted.

const COUNT = 3_000;
const COLUMNS = 7;
/** A remote's auto-repeat interval. */
const REPEAT_MS = 50;

const chromium = chromiumFixture();
let server: TestServer;
let tv: Page;

declare global {
  interface Window {
    __focusAtRelease?: number;
    __focusMovesAfterRelease?: number;
    __framesAfterRelease?: number;
    __posterEvents?: { atWindow: number; pastWindow: number };
    __holder?: Element | null;
    __holderMounts?: number;
    __gridTransitionEvents?: number;
  }
}

async function focusedIndex(): Promise<number> {
  const handle = await tv.waitForFunction(() => {
    const focused = document.querySelectorAll('[data-testid="poster-grid"] [data-focused="true"]');
    // An object, so index 0 counts as found.
    return focused.length === 1 ? { index: Number(focused[0].getAttribute('data-index')) } : false;
  });
  return ((await handle.jsonValue()) as { index: number }).index;
}

/** Resolves after the page has produced `count` more frames. */
async function frames(count: number): Promise<void> {
  await tv.evaluate(
    (n) =>
      new Promise<void>((resolve) => {
        let left = n;
        const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    count,
  );
}

beforeAll(async () => {
  server = await startTestServer();
  const sectionKey = String(
    withServerDatabase(server, (db) => seedSyntheticSection(db, { title: 'Held Keys', count: COUNT })),
  );
  tv = await linkedTv(chromium.context, server.url);
  await tv.waitForSelector('[data-testid="row-all"]', { timeout: 20_000 });
  await tv.click(`[data-row="section-${sectionKey}"] [data-testid="row-all"]`);
  await tv.waitForSelector('[data-testid="section"] [data-testid="media-card"][data-focused="true"]', {
    timeout: 20_000,
  });
  await tv.mouse.move(0, 0);
});

afterAll(async () => {
  await chromium.close(); // before the server, as the TV page still talks to it
  await server?.close();
});

describe('held and quick keys in a grid', () => {
  it('ten quick presses (no pause between them) move ten rows: none is dropped', async () => {
    const start = await focusedIndex();
    for (let i = 0; i < 10; i++) await tv.keyboard.press('ArrowDown');
    await tv.waitForFunction(
      (target) =>
        document
          .querySelector('[data-testid="poster-grid"] [data-focused="true"]')
          ?.getAttribute('data-index') === String(target),
      start + 10 * COLUMNS,
      { timeout: 10_000 },
    );
    await frames(10);
    expect(await focusedIndex()).toBe(start + 10 * COLUMNS);
  });

  it('holding Down for 2 s scrolls; on release focus stops within one row of where it was, and stays', async () => {
    const start = await focusedIndex();
    // Where focus is when the key comes up, and every focus move after that.
    await tv.evaluate(() => {
      const grid = document.querySelector('[data-testid="poster-grid"]') as Element;
      const index = () =>
        Number(grid.querySelector('[data-focused="true"]')?.getAttribute('data-index') ?? Number.NaN);
      window.addEventListener(
        'keyup',
        () => {
          window.__focusAtRelease = index();
          window.__focusMovesAfterRelease = 0;
          new MutationObserver(() => {
            window.__focusMovesAfterRelease = (window.__focusMovesAfterRelease ?? 0) + 1;
          }).observe(grid, { attributes: true, attributeFilter: ['data-focused'], subtree: true });
        },
        { capture: true, once: true },
      );
    });

    await tv.keyboard.down('ArrowDown');
    const holdUntil = Date.now() + 2_000;
    while (Date.now() < holdUntil) {
      await tv.waitForTimeout(REPEAT_MS);
      await tv.keyboard.down('ArrowDown'); // an auto-repeat (KeyboardEvent.repeat is true)
    }
    await tv.keyboard.up('ArrowDown');

    const atRelease = (await tv.evaluate(() => window.__focusAtRelease)) as number;
    expect(Number.isInteger(atRelease)).toBe(true);
    expect(Math.floor((atRelease - start) / COLUMNS)).toBeGreaterThanOrEqual(5);

    await frames(30);
    const settled = await focusedIndex();
    expect(settled).toBeGreaterThanOrEqual(atRelease);
    expect(settled - atRelease).toBeLessThanOrEqual(COLUMNS);
    const movesAfterRelease = (await tv.evaluate(() => window.__focusMovesAfterRelease)) as number;
    await frames(30);
    expect(await focusedIndex()).toBe(settled);
    expect(await tv.evaluate(() => window.__focusMovesAfterRelease)).toBe(movesAfterRelease);
  });

  it('OK right after quick moves opens the card that shows focus, and Back returns to that card', async () => {
    // Three Downs and OK in one task of the page (a busy TV hands queued keys over back to back): nothing
    // the app defers to a later task or microtask has run when OK arrives.
    const shown = await tv.evaluate(() => {
      const fire = (type: string, keyCode: number, key: string) => {
        const event = new KeyboardEvent(type, { key, bubbles: true, cancelable: true });
        Object.defineProperty(event, 'keyCode', { get: () => keyCode });
        document.body.dispatchEvent(event);
      };
      for (let i = 0; i < 3; i++) {
        fire('keydown', 40, 'ArrowDown');
        fire('keyup', 40, 'ArrowDown');
      }
      const card = document.querySelector('[data-testid="poster-grid"] [data-focused="true"]');
      fire('keydown', 13, 'Enter');
      fire('keyup', 13, 'Enter');
      return {
        key: card?.getAttribute('data-key') ?? null,
        title: card?.querySelector('.card__title')?.textContent ?? null,
      };
    });
    expect(shown.key).toBeTruthy();
    await tv.waitForSelector('[data-testid="details"] [data-testid="details-title"]', { timeout: 10_000 });
    expect((await tv.textContent('[data-testid="details-title"]'))?.trim()).toBe(shown.title);

    await tv.keyboard.press('Escape');
    await tv.waitForSelector('[data-testid="section"] [data-testid="media-card"][data-focused="true"]');
    await frames(10);
    expect(await tv.getAttribute('[data-testid="poster-grid"] [data-focused="true"]', 'data-key')).toBe(
      shown.key,
    );
  });

  it('after the keys pause nothing catches up (the focus holder stays the same element); a move fires no transition event', async () => {
    const start = await focusedIndex();
    await tv.evaluate(() => {
      const grid = document.querySelector('[data-testid="poster-grid"]') as Element;
      window.__holder = grid.querySelector('[data-focus-holder="true"]');
      window.__holderMounts = 0;
      window.__gridTransitionEvents = 0;
      // The focus scale and the scroll glide are animated without CSS transitions (card-layer.ts).
      window.addEventListener(
        'transitionrun',
        (event) => {
          if (grid.contains(event.target as Node))
            window.__gridTransitionEvents = (window.__gridTransitionEvents ?? 0) + 1;
        },
        true,
      );
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of [...record.addedNodes, ...record.removedNodes]) {
            if ((node as Element).getAttribute?.('data-focus-holder') === 'true')
              window.__holderMounts = (window.__holderMounts ?? 0) + 1;
          }
        }
      }).observe(grid, { childList: true, subtree: true });
    });
    for (let i = 0; i < 3; i++) await tv.keyboard.press('ArrowDown');
    expect(await focusedIndex()).toBe(start + 3 * COLUMNS);
    // Well past the pause after which the grid used to re-render its holder under the shown card's key.
    await tv.waitForTimeout(1_000);
    await frames(10);
    expect(await tv.evaluate(() => window.__holderMounts)).toBe(0);
    expect(await tv.evaluate(() => window.__gridTransitionEvents)).toBe(0);
    expect(
      await tv.evaluate(
        () =>
          !!window.__holder &&
          document.querySelector('[data-testid="poster-grid"] [data-focus-holder="true"]') ===
            window.__holder,
      ),
    ).toBe(true);
    // OK still opens the card that shows focus.
    const shownKey = await tv.getAttribute('[data-testid="poster-grid"] [data-focused="true"]', 'data-key');
    await tv.keyboard.press('Enter');
    await tv.waitForSelector('[data-testid="details"] [data-testid="details-title"]', { timeout: 10_000 });
    await tv.keyboard.press('Escape');
    await tv.waitForSelector('[data-testid="section"] [data-testid="media-card"][data-focused="true"]');
    await frames(10);
    expect(await tv.getAttribute('[data-testid="poster-grid"] [data-focused="true"]', 'data-key')).toBe(
      shownKey,
    );
  });
});

describe('posters in a grid', () => {
  it("a card's poster settles (the synthetic items have no poster: the title shows) with no poster event reaching React's root", async () => {
    // React listens on its root inside the document; the card layer takes poster events at the window.
    await tv.evaluate(() => {
      const seen = { atWindow: 0, pastWindow: 0 };
      window.__posterEvents = seen;
      const onCard = (event: Event) =>
        !!(event.target as Element | null)?.closest?.('[data-testid="media-card"]');
      for (const type of ['load', 'error']) {
        window.addEventListener(type, (event) => onCard(event) && seen.atWindow++, true);
        document.addEventListener(type, (event) => onCard(event) && seen.pastWindow++, true);
      }
    });
    // Three rows down: rows scroll in whose posters have not been asked for yet (from the top as well).
    for (let i = 0; i < 3; i++) await tv.keyboard.press('ArrowDown');
    // Once the grid is still, the focused card's poster is asked for; when it settles either the image or
    // the title over the placeholder is visible.
    await tv.waitForFunction(() => {
      const card = document.querySelector('[data-testid="poster-grid"] [data-focused="true"]');
      const image = card?.querySelector('img');
      const title = card?.querySelector('.poster__title');
      if (!image || !title) return false;
      const shows = (element: Element) => getComputedStyle(element).visibility === 'visible';
      return (shows(image) && image.naturalWidth > 0) || (shows(title) && title.textContent !== '');
    });
    // The rows that scrolled in ask for their posters: at least one event comes.
    await tv.waitForFunction(() => (window.__posterEvents?.atWindow ?? 0) > 0);
    await frames(10);
    const seen = await tv.evaluate(() => window.__posterEvents);
    expect(seen?.pastWindow).toBe(0);
  });
});

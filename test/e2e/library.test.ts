import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumFixture } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { withServerDatabase } from '../support/server-database';
import { seedSyntheticSection } from '../support/synthetic-library';
import { linkedTv, pressOnTv } from '../support/tv';

// Browsing a real library in real headless Chromium: a home server scanning a folder of tiny clips plus a
// synthetic section of thousands of rows, a TV linked through /link, and the remote's keys.

const SYNTHETIC_COUNT = 3_000;

const chromium = chromiumFixture();
let media: MediaFixture;
let server: TestServer;
let tv: Page;
let syntheticKey: string;

/** Screenshots for a person to look at, when MARQUEE_SHOTS_DIR names a folder. */
async function shot(name: string): Promise<void> {
  const dir = process.env.MARQUEE_SHOTS_DIR;
  if (dir) await tv.screenshot({ path: `${dir}/library-${name}.png` });
}

const press = (key: string, times = 1) => pressOnTv(tv, key, times);

/** The focused card's ratingKey (data-key), once exactly one card is focused. */
async function focusedCardKey(): Promise<string> {
  const handle = await tv.waitForFunction(() => {
    const focused = document.querySelectorAll('[data-testid="media-card"][data-focused="true"]');
    return focused.length === 1 ? (focused[0].getAttribute('data-key') ?? false) : false;
  });
  return (await handle.jsonValue()) as string;
}

/** True once the focused card lies inside its list's visible window (lists glide there in ~0.2 s). */
async function focusedCardInView(): Promise<boolean> {
  const inView = () => {
    const card = document.querySelector('[data-testid="media-card"][data-focused="true"]');
    const box = card?.closest('.poster-grid, .row__viewport');
    if (!card || !box) return false;
    const c = card.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    return c.top >= b.top - 1 && c.bottom <= b.bottom + 1 && c.left >= b.left - 1 && c.right <= b.right + 1;
  };
  return tv.waitForFunction(inView, undefined, { timeout: 2_000 }).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  media = await createMediaFixture();
  await media.add('Movies/Big Lake (2019)/Big Lake (2019).mp4', 'mp4-2s');
  await media.add('Movies/Copper Sky (2021).mp4');
  await media.add('Movies/Sintel (2010).mp4');
  await media.add('Movies/The Quiet Harbour (2016).mp4');
  await media.add('TV Shows/Lighthouse/Season 01/Lighthouse - S01E01 - First Light.mp4');
  await media.add('TV Shows/Lighthouse/Season 01/Lighthouse - S01E02 - Fog Bank.mp4');
  await media.add('TV Shows/Lighthouse/Season 02/Lighthouse - S02E01 - New Lenses.mp4');
  server = await startTestServer({ mediaDir: media.dir, mediaWatchDebounceMs: 0 });
  await server.server.media.idle();
  syntheticKey = String(
    withServerDatabase(server, (db) =>
      seedSyntheticSection(db, { title: 'Big Library', count: SYNTHETIC_COUNT }),
    ),
  );

  tv = await linkedTv(chromium.context, server.url);
  await tv.waitForSelector('[data-testid="home"] [data-testid="media-card"][data-focused="true"]', {
    timeout: 20_000,
  });
});

afterAll(async () => {
  await chromium.close(); // before the server, as the TV page still talks to it
  await server?.close();
  await media?.remove();
});

describe('browsing the library', () => {
  it('home: rows of cards, Right moves focus, OK opens details, Back returns to the same card', async () => {
    const rows = await tv.$$eval('[data-testid="row"]', (all) =>
      all.map((row) => row.getAttribute('data-row')),
    );
    expect(rows).toContain('recent');
    expect(rows).toContain(`section-${syntheticKey}`);
    expect(await tv.textContent('[data-testid="home"]')).toContain('Marquee Home Server');

    const first = await focusedCardKey();
    await press('ArrowRight');
    const second = await focusedCardKey();
    expect(second).not.toBe(first);

    await press('Enter');
    await tv.waitForSelector('[data-testid="details"] [data-testid="details-title"]');
    await shot('details');
    expect(await tv.isVisible('[data-testid="details-play"]')).toBe(true);
    expect(await tv.getAttribute('[data-focused="true"]', 'data-testid')).toMatch(/^details-(play|resume)$/);

    await press('Escape');
    await tv.waitForSelector('[data-testid="home"]');
    await shot('home');
    expect(await focusedCardKey()).toBe(second);
    expect(await focusedCardInView()).toBe(true);
  });

  it('a section of thousands: 40 × Down, details and Back keep focus on the same item, few cards mounted', async () => {
    // Down to the synthetic section's row, Up onto its "All", OK.
    const rows = await tv.$$eval('[data-testid="row"]', (all) =>
      all.map((row) => row.getAttribute('data-row')),
    );
    const target = rows.indexOf(`section-${syntheticKey}`);
    const now = rows.indexOf(
      await tv.$eval(
        '[data-testid="media-card"][data-focused="true"]',
        (card) => card.closest('[data-testid="row"]')?.getAttribute('data-row') ?? null,
      ),
    );
    await press(target > now ? 'ArrowDown' : 'ArrowUp', Math.abs(target - now));
    await press('ArrowUp');
    expect(await tv.getAttribute('[data-focused="true"]', 'data-testid')).toBe('row-all');
    await press('Enter');
    await tv.waitForSelector('[data-testid="section"] [data-testid="media-card"][data-focused="true"]', {
      timeout: 20_000,
    });
    expect(await tv.textContent('[data-testid="section-count"]')).toContain(`${SYNTHETIC_COUNT} titles`);

    await shot('section-top');
    await press('ArrowDown', 40);
    await shot('section-40');
    const key = await focusedCardKey();
    const index = Number(
      await tv.getAttribute('[data-testid="media-card"][data-focused="true"]', 'data-index'),
    );
    expect(index).toBeGreaterThanOrEqual(40 * 7);
    expect(await focusedCardInView()).toBe(true);
    const mounted = await tv.$$eval('[data-testid="poster-grid"] [data-index]', (cells) => cells.length);
    expect(mounted).toBeLessThanOrEqual(50);

    await press('Enter');
    await tv.waitForSelector('[data-testid="details"] [data-testid="details-title"]');
    await press('Escape');
    await tv.waitForSelector('[data-testid="section"]');
    expect(await focusedCardKey()).toBe(key);
    expect(await focusedCardInView()).toBe(true);
    expect(
      Number(await tv.getAttribute('[data-testid="media-card"][data-focused="true"]', 'data-index')),
    ).toBe(index);

    // Jump to a letter with the D-pad: Right past the last column onto the letter rail, down to M, OK.
    for (let i = 0; i < 8; i++) {
      if ((await tv.getAttribute('[data-focused="true"]', 'data-testid')) === 'letter') break;
      await press('ArrowRight');
    }
    expect(await tv.getAttribute('[data-focused="true"]', 'data-letter')).toBe('A');
    await press('ArrowDown', 12);
    expect(await tv.getAttribute('[data-focused="true"]', 'data-letter')).toBe('M');
    await press('Enter');
    // Focus lands on the first title filed under M (titleSort drops a leading The/A/An).
    await tv.waitForFunction(() => {
      const title = document.querySelector(
        '[data-testid="media-card"][data-focused="true"] .card__title',
      )?.textContent;
      return !!title && /^M/.test(title.replace(/^(the|a|an)\s+/i, ''));
    });
    expect(await focusedCardInView()).toBe(true);
    await press('Escape');
    await tv.waitForSelector('[data-testid="home"]');
  });

  it('search: type on the on-screen keyboard with the D-pad, results as cards, open one', async () => {
    await tv.click('[data-testid="home-search"]');
    await tv.waitForSelector('[data-testid="search"] [data-testid="keyboard-key"][data-focused="true"]');
    // A(0,0) → S(3,0) → I(1,2) → N(2,1)
    await press('ArrowDown', 3);
    await press('Enter');
    await press('ArrowUp', 2);
    await press('ArrowRight', 2);
    await press('Enter');
    await press('ArrowDown');
    await press('ArrowLeft');
    await press('Enter');
    expect(await tv.textContent('[data-testid="search-query"]')).toContain('SIN');
    await tv.waitForSelector('[data-testid="search-results"] [data-testid="media-card"]:has-text("Sintel")');
    await shot('search');
    await press('ArrowRight', 5); // N is in the second of six columns: five steps reach the results
    expect(await focusedCardKey()).toBeTruthy();
    await press('Enter');
    await tv.waitForSelector('[data-testid="details-title"]:has-text("Sintel")');
  });
});

describe('continue watching', () => {
  it('a title stopped at 12:34 shows in Continue Watching, and its details offer "Resume from 12:34"', async () => {
    for (let i = 0; i < 4 && !(await tv.isVisible('[data-testid="home"]')); i++) await press('Escape');
    await tv.waitForSelector('[data-testid="home"]');
    const key = await tv.getAttribute(
      `[data-row="section-${syntheticKey}"] [data-testid="media-card"]`,
      'data-key',
    );
    // What a player reports when stopped (docs/protocol.md#timeline-and-watched-state), with the TV's own
    // token.
    const status = await tv.evaluate(async (ratingKey) => {
      const token = localStorage.getItem('marquee.token') ?? '';
      const query = `ratingKey=${ratingKey}&state=stopped&time=754000&duration=5400000&X-Plex-Token=${token}`;
      return (await fetch(`/:/timeline?${query}`)).status;
    }, key);
    expect(status).toBe(200);

    await tv.click('[data-testid="home-refresh"]');
    const card = `[data-row="continue"] [data-testid="media-card"][data-key="${key}"]`;
    await tv.waitForSelector(card);
    await press('ArrowDown');
    await tv.waitForSelector(`${card}[data-focused="true"]`);
    await shot('continue');
    await press('Enter');
    await tv.waitForSelector('[data-testid="details-resume"][data-focused="true"]');
    await shot('resume');
    expect(await tv.textContent('[data-testid="details-resume"]')).toBe('Resume from 12:34');
    expect(await tv.isVisible('[data-testid="details-play"]')).toBe(true);
    await press('Escape');
    await tv.waitForSelector(`${card}[data-focused="true"]`);
  });
});

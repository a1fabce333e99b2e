import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumFixture } from '../support/chromium';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { shareServer } from '../support/shared-server';
import { codeOnTv, focusedTestId, pressOnTv, TV_APP_FILE_URL } from '../support/tv';
import { fakeTizenWithAddress } from '../support/tv-network';

// Two home servers, each with its own library; B is shared with A's admin account. A TV linked to A lists
// both on the Servers screen, switches to B and browses B's library; the choice survives a restart, and an
// offline B says so and comes back by itself.

const chromium = chromiumFixture();
let a: TestServer;
let b: TestServer;
/** The TV of the first test, linked and on home; the second goes on from there. */
let tv: Page;
const media: MediaFixture[] = [];

beforeAll(async () => {
  const [alpha, beta] = await Promise.all([createMediaFixture(), createMediaFixture()]);
  media.push(alpha, beta);
  await alpha.add('Movies/Alpha Harbour (2001).mp4');
  await beta.add('Movies/Beta Lighthouse (2002).mp4');
  [a, b] = await Promise.all([
    startTestServer({ host: '127.0.0.77', mediaDir: alpha.dir, mediaWatchDebounceMs: 0 }),
    startTestServer({ host: '127.0.0.78', mediaDir: beta.dir, mediaWatchDebounceMs: 0 }),
  ]);
  await Promise.all([a.server.media.idle(), b.server.media.idle()]);
  await shareServer(a.url, b.url, 'admin');
});

afterAll(async () => {
  await chromium.close(); // before the servers, as the TV page still talks to them
  await Promise.all([a?.close(), b?.close()]);
  for (const fixture of media) await fixture.remove();
});

async function machineIdentifierOf(server: TestServer): Promise<string> {
  const response = await fetch(`${server.url}/identity`, { headers: { Accept: 'application/json' } });
  return ((await response.json()) as { MediaContainer: { machineIdentifier: string } }).MediaContainer
    .machineIdentifier;
}

/** From home's cards up to its top bar, along to Servers, and OK. */
async function openServersScreen(tv: Page): Promise<void> {
  await pressOnTv(tv, 'ArrowUp');
  await pressOnTv(tv, 'ArrowLeft', 5);
  expect(await focusedTestId(tv)).toBe('home-search');
  await pressOnTv(tv, 'ArrowRight');
  expect(await focusedTestId(tv)).toBe('home-servers');
  await pressOnTv(tv, 'Enter');
  await tv.waitForSelector('[data-testid="servers"]', { timeout: 20_000 });
}

describe('several servers', () => {
  it('Servers lists A and the shared B; switching browses B’s library, remembered across a restart', async () => {
    const [idA, idB] = await Promise.all([machineIdentifierOf(a), machineIdentifierOf(b)]);
    tv = await chromium.context.newPage();
    const errors: string[] = [];
    tv.on('pageerror', (error) => errors.push(error.message));
    await tv.goto(`${TV_APP_FILE_URL}?server=${encodeURIComponent(a.url)}`);
    const code = await codeOnTv(tv);
    const phone = new LinkBrowser(a.url);
    expect((await phone.signIn('admin', TEST_ADMIN_PASSWORD)).status).toBe(303);
    expect((await phone.enterCode(code)).status).toBe(200);
    expect((await phone.confirm('link')).status).toBe(200);

    // Home browses A (the account's own server) and says there is one more.
    await tv.waitForSelector('[data-testid="media-card"]:has-text("Alpha Harbour")', { timeout: 20_000 });
    expect(await tv.getAttribute('[data-testid="home-browsing"]', 'data-server')).toBe(idA);
    expect(await tv.textContent('[data-testid="home-browsing"]')).toContain('1 more server');

    await openServersScreen(tv);
    await tv.waitForSelector(`[data-testid="server-row"][data-id="${idB}"][data-status="online"]`, {
      timeout: 20_000,
    });
    const rows = await tv.$$eval('[data-testid="server-row"]', (all) =>
      all.map((row) => [row.getAttribute('data-id'), row.textContent]),
    );
    expect(rows.map(([id]) => id)).toEqual([idA, idB]);
    expect(rows[0][1]).toContain('Your server');
    expect(rows[0][1]).toContain('browsing');
    expect(rows[1][1]).toContain('Shared by admin');
    expect(rows[1][1]).toContain('Online · local');

    // The first row has focus; Down to B, OK: home browses B.
    expect(await tv.getAttribute('[data-testid="server-row"][data-focused="true"]', 'data-id')).toBe(idA);
    await pressOnTv(tv, 'ArrowDown');
    expect(await tv.getAttribute('[data-testid="server-row"][data-focused="true"]', 'data-id')).toBe(idB);
    await pressOnTv(tv, 'Enter');
    await tv.waitForSelector('[data-testid="media-card"]:has-text("Beta Lighthouse")', { timeout: 20_000 });
    expect(await tv.getAttribute('[data-testid="home-browsing"]', 'data-server')).toBe(idB);
    expect(await tv.isVisible('[data-testid="media-card"]:has-text("Alpha Harbour")')).toBe(false);

    // Started again: still B.
    await tv.goto(`${TV_APP_FILE_URL}?server=${encodeURIComponent(a.url)}`);
    await tv.waitForSelector('[data-testid="media-card"]:has-text("Beta Lighthouse")', { timeout: 20_000 });
    expect(await tv.getAttribute('[data-testid="home-browsing"]', 'data-server')).toBe(idB);
    expect(errors).toEqual([]);
  });

  it('an offline server says so on the Servers screen and comes back by itself', async () => {
    const idB = await machineIdentifierOf(b);
    await b.stop();
    await tv.waitForSelector('[data-testid="home"]', { timeout: 20_000 });
    await openServersScreen(tv);
    const row = `[data-testid="server-row"][data-id="${idB}"]`;
    await tv.waitForSelector(`${row}[data-status="offline"]`, { timeout: 20_000 });
    expect(await tv.textContent(row)).toContain('Offline · trying again');
    await b.start();
    await tv.waitForSelector(`${row}[data-status="online"]`, { timeout: 30_000 });
  });
});

describe('changing the server in Settings', () => {
  it('signs the TV out, and the code screen says so', async () => {
    // The TV finds B on its own network (B on 127.0.0.78, the TV says it is 127.0.0.5).
    const page = await chromium.context.newPage();
    await page.addInitScript(fakeTizenWithAddress('127.0.0.5'));
    await page.goto(`${TV_APP_FILE_URL}?server=${encodeURIComponent(a.url)}&scanport=${b.port}`);
    await page.waitForSelector('[data-testid="home"]', { timeout: 20_000 });
    await page.waitForSelector('[data-testid="media-card"][data-focused="true"]', { timeout: 20_000 });
    await pressOnTv(page, 'ArrowUp');
    await pressOnTv(page, 'ArrowLeft', 5);
    await pressOnTv(page, 'ArrowRight', 2);
    expect(await focusedTestId(page)).toBe('home-settings');
    await pressOnTv(page, 'Enter');
    await page.waitForSelector('[data-testid="settings"]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid="settings-account"]')).toBe('Linked to admin');
    expect(await page.textContent('[data-testid="settings"]')).toContain(
      'Changing the server signs this TV out',
    );
    expect(await focusedTestId(page)).toBe('settings-change-server');
    await pressOnTv(page, 'Enter');

    await page.waitForSelector('[data-testid="welcome-plex"][data-focused="true"]', { timeout: 20_000 });
    await pressOnTv(page, 'ArrowDown');
    await pressOnTv(page, 'Enter');
    await page.waitForSelector(`[data-testid="server-found"][data-address="${b.url}"][data-focused="true"]`, {
      timeout: 20_000,
    });
    await pressOnTv(page, 'Enter');
    await page.waitForSelector('[data-testid="activation-code"]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid="activation-notice"]')).toBe(
      `Signed out of admin to use ${b.url.replace('http://', '')}.`,
    );
    await page.close();
  });
});

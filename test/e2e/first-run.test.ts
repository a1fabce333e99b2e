import { hostname } from 'node:os';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumFixture } from '../support/chromium';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';
import { codeOnTv, focusedTestId, pressOnTv, TV_APP_FILE_URL, textOf } from '../support/tv';
import { fakeTizenWithAddress, fakeWebOSWithAddress } from '../support/tv-network';

// First run of the packaged app: dist/index.html from file:// with no ?server= and nothing built in, as a TV
// installs it. The "LAN" is loopback: a home server bound to 127.0.0.77, and the TV's native network API
// faked to say it is 127.0.0.5, so the scan covers 127.0.0.0/24 only. The scanned port is the server's own
// free port (?scanport=): two suites running at once never see each other's servers, and a developer's
// `npm start` on 32400 is never hit.

const TV_ADDRESS = '127.0.0.5';
const SERVER_HOST = '127.0.0.77';

const chromium = chromiumFixture({ cleanUp: 'pages' });
const servers: TestServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function homeServerAt(host: string): Promise<TestServer> {
  const server = await startTestServer({ host });
  servers.push(server);
  return server;
}

/** The packaged app as a first run: file://, nothing remembered from an earlier test. */
async function openFirstRun(query: string, tvGlobals?: string): Promise<{ tv: Page; errors: string[] }> {
  const tv = await chromium.context.newPage();
  const errors: string[] = [];
  tv.on('pageerror', (error) => errors.push(error.message));
  await tv.goto(`${TV_APP_FILE_URL}?forget=1`);
  await tv.evaluate(() => localStorage.clear());
  if (tvGlobals) await tv.addInitScript(tvGlobals);
  await tv.goto(`${TV_APP_FILE_URL}${query}`);
  return { tv, errors };
}

/** Links the code on the TV from a "phone" signed in to `server` as admin. */
async function linkFromPhone(tv: Page, server: TestServer): Promise<void> {
  const code = await codeOnTv(tv);
  const phone = new LinkBrowser(server.url);
  expect((await phone.signIn('admin', TEST_ADMIN_PASSWORD)).status).toBe(303);
  expect((await phone.enterCode(code)).status).toBe(200);
  expect((await phone.confirm('link')).status).toBe(200);
}

/** The address pad: 1 2 3 / 4 5 6 / 7 8 9 / . 0 : — typed key by key with the arrows and OK. */
const PAD_ROWS = ['123', '456', '789', '.0:'];

function padPosition(key: string): [number, number] {
  const row = PAD_ROWS.findIndex((keys) => keys.includes(key));
  if (row < 0) throw new Error(`${key} is not on the address pad`);
  return [row, PAD_ROWS[row].indexOf(key)];
}

async function typeWithDpad(tv: Page, text: string): Promise<void> {
  for (const char of text) {
    const focused = await tv.getAttribute('[data-testid="keyboard-key"][data-focused="true"]', 'data-key');
    if (focused === null) throw new Error('No pad key is focused');
    const [fromRow, fromCol] = padPosition(focused);
    const [toRow, toCol] = padPosition(char);
    await pressOnTv(tv, toRow > fromRow ? 'ArrowDown' : 'ArrowUp', Math.abs(toRow - fromRow));
    await pressOnTv(tv, toCol > fromCol ? 'ArrowRight' : 'ArrowLeft', Math.abs(toCol - fromCol));
    await pressOnTv(tv, 'Enter');
  }
}

/** From the pad down to its Delete/Clear row, then right to `target` (Clear, or Connect beside the pad). */
async function pressBelowPad(tv: Page, target: 'clear' | 'server-address-connect'): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const key = await tv.getAttribute('[data-focused="true"]', 'data-key');
    const testId = await focusedTestId(tv);
    if (key === target || testId === target) return pressOnTv(tv, 'Enter');
    await pressOnTv(tv, key === 'delete' || key === 'clear' ? 'ArrowRight' : 'ArrowDown');
  }
  throw new Error(`Could not reach ${target} from the pad`);
}

describe('first run of a packaged app with no server', () => {
  it('welcome → home server → the scan finds 127.0.0.77 (Tizen getIp says 127.0.0.5) → links → home; the choice is kept', async () => {
    const server = await homeServerAt(SERVER_HOST);
    const address = `http://${SERVER_HOST}:${server.port}`;
    expect(server.url).toBe(address);
    const { tv, errors } = await openFirstRun(`?scanport=${server.port}`, fakeTizenWithAddress(TV_ADDRESS));

    await tv.waitForSelector('[data-testid="welcome"]', { timeout: 20_000 });
    await tv.waitForSelector('[data-testid="welcome-plex"][data-focused="true"]', { timeout: 20_000 });
    await pressOnTv(tv, 'ArrowDown');
    expect(await focusedTestId(tv)).toBe('welcome-home-server');
    await pressOnTv(tv, 'Enter');

    const found = await tv.waitForSelector(`[data-testid="server-found"][data-address="${address}"]`, {
      timeout: 20_000,
    });
    expect(await found.textContent()).toContain('Marquee Home Server');
    expect(await found.textContent()).toContain(`${SERVER_HOST}:${server.port}`);
    // The first server found takes focus, so OK picks it.
    await tv.waitForSelector('[data-testid="server-found"][data-focused="true"]', { timeout: 20_000 });
    await tv.waitForSelector('[data-testid="find-status"][data-phase="finished"]', { timeout: 30_000 });
    expect(await tv.locator('[data-testid="server-found"]').count()).toBe(1);
    expect(await textOf(tv, 'find-status')).toContain('127.0.0.0/24');
    await pressOnTv(tv, 'Enter');

    await linkFromPhone(tv, server);
    await tv.waitForSelector('[data-testid="home"] :text("Marquee Home Server")', { timeout: 20_000 });

    // Started again with nothing in the URL: the remembered server and its token, straight to home.
    await tv.goto(TV_APP_FILE_URL);
    await tv.waitForSelector('[data-testid="home"] :text("Marquee Home Server")', { timeout: 20_000 });
    await pressOnTv(tv, 'ArrowLeft', 4); // along the top bar to Search, its first button
    expect(await focusedTestId(tv)).toBe('home-search');
    await pressOnTv(tv, 'ArrowRight', 2); // → Servers → Settings
    expect(await focusedTestId(tv)).toBe('home-settings');
    await pressOnTv(tv, 'Enter');
    await tv.waitForSelector('[data-testid="settings"]', { timeout: 20_000 });
    expect(await textOf(tv, 'settings-server')).toBe(
      `Marquee Home Server (${hostname()}) · ${SERVER_HOST}:${server.port}`,
    );
    expect(await textOf(tv, 'settings-account')).toBe('Linked to admin');
    expect(errors).toEqual([]);
  });

  it('on webOS the connection manager’s address is scanned the same way', async () => {
    const server = await homeServerAt(SERVER_HOST);
    const { tv, errors } = await openFirstRun(`?scanport=${server.port}`, fakeWebOSWithAddress(TV_ADDRESS));
    await tv.waitForSelector('[data-testid="welcome-plex"][data-focused="true"]', { timeout: 20_000 });
    await pressOnTv(tv, 'ArrowDown');
    await pressOnTv(tv, 'Enter');
    await tv.waitForSelector(
      `[data-testid="server-found"][data-address="http://${SERVER_HOST}:${server.port}"]`,
      {
        timeout: 20_000,
      },
    );
    const calls = await tv.evaluate(() => (window as unknown as { lunaCalls: string[] }).lunaCalls);
    expect(calls).toEqual(['luna://com.palm.connectionmanager/getStatus']);
    expect(errors).toEqual([]);
  });

  it('an address typed with the D-pad: a wrong one says nothing answers there, the right one links', async () => {
    const server = await homeServerAt(SERVER_HOST);
    // A desktop browser cannot tell its own address: no scan, only typing.
    const { tv, errors } = await openFirstRun('');
    await tv.waitForSelector('[data-testid="welcome-plex"][data-focused="true"]', { timeout: 20_000 });
    await pressOnTv(tv, 'ArrowDown');
    await pressOnTv(tv, 'Enter');
    await tv.waitForSelector('[data-testid="find-status"][data-phase="no-address"]', { timeout: 20_000 });
    expect(await textOf(tv, 'find-status')).toContain('can’t tell its network address');
    await pressOnTv(tv, 'ArrowRight');
    expect(await focusedTestId(tv)).toBe('find-enter-address');
    await pressOnTv(tv, 'Enter');

    await tv.waitForSelector('[data-testid="keyboard-key"][data-key="1"][data-focused="true"]', {
      timeout: 20_000,
    });
    await typeWithDpad(tv, '127.0.0.1:9'); // port 9 (discard): nothing listens there
    expect(await textOf(tv, 'server-address')).toBe('127.0.0.1:9');
    await pressBelowPad(tv, 'server-address-connect');
    await tv.waitForSelector(
      '[data-testid="server-address-message"]:text("Nothing answers at 127.0.0.1:9")',
      {
        timeout: 20_000,
      },
    );

    await pressOnTv(tv, 'ArrowLeft'); // from Connect back onto the pad's Clear
    await pressBelowPad(tv, 'clear');
    expect(await textOf(tv, 'server-address')).not.toContain('127.0.0.1:9');
    await pressOnTv(tv, 'ArrowUp', 4); // to the top of the pad
    await pressOnTv(tv, 'ArrowLeft', 2);
    await typeWithDpad(tv, `${SERVER_HOST}:${server.port}`);
    await pressBelowPad(tv, 'server-address-connect');

    await linkFromPhone(tv, server);
    await tv.waitForSelector('[data-testid="home"] :text("Marquee Home Server")', { timeout: 20_000 });
    expect(errors).toEqual([]);
  });
});

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { checkApis } from '../build/floor';
import { chromiumFixture } from '../support/chromium';
import { fakeTizenRecordingCalls } from '../support/fake-tizen';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';
import { codeOnTv, pressOnTv, pressRemoteKey, TV_APP_FILE_URL, TV_DIST, textOf } from '../support/tv';

// The built bundle as a packaged TV app runs it: dist/index.html from file:// (origin "null"), the home
// server on another origin (http://127.0.0.1:<port>, CORS open on /api), no dev server, and no Chromium flags.
// SystemJS loads the chunks with <script> tags, which file:// allows; fetch/XHR of file:// URLs (which would
// need --allow-file-access-from-files) is never used. `npm test` builds dist/ first.

const chromium = chromiumFixture({ cleanUp: 'pages' });
let server: TestServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function openFromFile(query = '', beforeLoad?: string): Promise<{ page: Page; errors: string[] }> {
  const page = await chromium.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (beforeLoad) await page.addInitScript(beforeLoad);
  await page.goto(`${TV_APP_FILE_URL}${query}`);
  return { page, errors };
}

/**
 * A webOS TV's globals (docs/platforms.md#back-and-exit), faked: the one edge a test can't reach. Calls land
 * in tvCalls.
 */
function fakeWebOS(userAgent: string): string {
  return `
    window.tvCalls = [];
    Object.defineProperty(navigator, 'userAgent', { get: function () { return ${JSON.stringify(userAgent)}; } });
    window.PalmSystem = {
      deviceInfo: '{"modelName":"TEST-TV"}',
      platformBack: function () { window.tvCalls.push('platformBack'); },
    };`;
}

/** A Tizen 4 TV's globals, faked: exit and key registration are recorded in tvCalls. */
function fakeTizen(): string {
  const userAgent =
    'Mozilla/5.0 (SMART-TV; LINUX; Tizen 4.0) AppleWebKit/537.36 (KHTML, like Gecko) 56.0.2924.0/4.0 TV Safari/537.36';
  return `
    Object.defineProperty(navigator, 'userAgent', { get: function () { return ${JSON.stringify(userAgent)}; } });
    ${fakeTizenRecordingCalls(['MediaPlayPause', 'MediaPlay', 'MediaPause', 'MediaStop', 'MediaRewind', 'MediaFastForward'])}`;
}

describe('the built app from file://', () => {
  it('shows a code from a home server on another origin, links from a phone, and reaches home', async () => {
    server = await startTestServer();
    const { page: tv, errors } = await openFromFile(`?server=${encodeURIComponent(server.url)}`);
    // A file:// page: its requests to the server carry `Origin: null`, so they are cross-origin (CORS).
    expect(await tv.evaluate(() => location.protocol)).toBe('file:');
    const code = await codeOnTv(tv);
    expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);

    const phone = new LinkBrowser(server.url);
    expect((await phone.signIn('admin', TEST_ADMIN_PASSWORD)).status).toBe(303);
    expect((await phone.enterCode(code)).status).toBe(200);
    expect((await phone.confirm('link')).status).toBe(200);

    await tv.waitForSelector('[data-testid="home"]', { timeout: 15_000 });
    await tv.waitForSelector('[data-testid="home"] :text("Marquee Home Server")', { timeout: 15_000 });
    expect(errors).toEqual([]);
  });

  it('without ?server= opens the first-run welcome screen, with the remote focus on its first choice', async () => {
    const { page, errors } = await openFromFile();
    await page.waitForSelector('[data-testid="welcome"]', { timeout: 15_000 });
    await page.waitForSelector('[data-focused="true"]', { timeout: 15_000 });
    expect(await page.getAttribute('[data-focused="true"]', 'data-testid')).toBe('welcome-plex');
    expect(errors).toEqual([]);
  });

  it('an invalid ?server= says so, with the remote focus on a button', async () => {
    const { page, errors } = await openFromFile('?server=ftp%3A%2F%2Fnowhere');
    await page.waitForSelector('text=Invalid server address', { timeout: 15_000 });
    await page.waitForSelector('[data-focused="true"]', { timeout: 15_000 });
    expect(await page.getAttribute('[data-focused="true"]', 'role')).toBe('button');
    expect(errors).toEqual([]);
  });

  it('in a desktop browser: Escape (Back) at the root opens the exit popup, and Back again closes it', async () => {
    server = await startTestServer();
    const { page: tv } = await openFromFile(`?server=${encodeURIComponent(server.url)}`);
    await codeOnTv(tv);
    expect(await tv.isVisible('[data-testid="exit-dialog"]')).toBe(false);
    await pressOnTv(tv, 'Escape');
    await tv.waitForSelector('[data-testid="exit-dialog"]', { timeout: 15_000 });
    // Back again closes the popup and leaves the app where it was.
    await pressOnTv(tv, 'Escape');
    await tv.waitForSelector('[data-testid="exit-dialog"]', { state: 'detached', timeout: 15_000 });
    expect(await textOf(tv, 'activation-code')).not.toBe('');
  });

  it('webOS 4 (Chromium 53): Back at the root leaves through platformBack, with no popup (LG rule for webOS ≤ 5)', async () => {
    server = await startTestServer();
    const { page: tv, errors } = await openFromFile(
      `?server=${encodeURIComponent(server.url)}`,
      fakeWebOS(
        'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.34 Safari/537.36 WebAppManager',
      ),
    );
    await codeOnTv(tv);
    await pressRemoteKey(tv, 461, 'GoBack');
    await tv.waitForFunction(() =>
      (window as unknown as { tvCalls: string[] }).tvCalls.includes('platformBack'),
    );
    expect(await tv.isVisible('[data-testid="exit-dialog"]')).toBe(false);
    expect(errors).toEqual([]);
  });

  it('webOS 6 (Chromium 79): Back at the root asks first (LG rule for webOS 6+)', async () => {
    server = await startTestServer();
    const { page: tv, errors } = await openFromFile(
      `?server=${encodeURIComponent(server.url)}`,
      fakeWebOS(
        'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager',
      ),
    );
    await codeOnTv(tv);
    await pressRemoteKey(tv, 461, 'GoBack');
    await tv.waitForSelector('[data-testid="exit-dialog"]', { timeout: 15_000 });
    expect(await tv.evaluate(() => (window as unknown as { tvCalls: string[] }).tvCalls)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('Tizen: no media keys registered at start; Return at the root asks, and Exit calls tizen.application', async () => {
    server = await startTestServer();
    const { page: tv, errors } = await openFromFile(`?server=${encodeURIComponent(server.url)}`, fakeTizen());
    await codeOnTv(tv);
    await pressRemoteKey(tv, 10009, 'XF86Back');
    await tv.waitForSelector('[data-testid="exit-dialog"]', { timeout: 15_000 });
    await pressOnTv(tv, 'ArrowLeft');
    expect(await tv.getAttribute('[data-focused="true"]', 'data-testid')).toBe('exit-confirm');
    await pressOnTv(tv, 'Enter');
    await tv.waitForFunction(() => (window as unknown as { tvCalls: string[] }).tvCalls.includes('exit'));
    // Media keys are registered by the player only (Samsung: register only the keys in use).
    const calls = await tv.evaluate(() => (window as unknown as { tvCalls: string[] }).tvCalls);
    expect(calls.filter((call) => call.startsWith('register'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('restores, from the shipped polyfills, every API the compat check accepts as polyfilled', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const chunks = readdirSync(join(TV_DIST, 'assets'))
      // hls.js runs only where HLS is not native, never on a TV (vite.config.ts hlsAsScript).
      .filter(
        (name) => name.endsWith('.js') && !name.includes('polyfills-legacy') && !name.startsWith('hls.'),
      )
      .map((name) => ({ file: name, code: readFileSync(join(TV_DIST, 'assets', name), 'utf8') }));
    const apis = [...new Set((await checkApis(chunks)).polyfilled.map((report) => report.api))];
    expect(apis.length).toBeGreaterThan(0);
    // Make this Chromium lack them, as a 2018 TV does, before any script of the page runs.
    const remove = apis
      .map((api) => {
        const parts = api.split('.');
        const name = parts.pop() as string;
        const owner = parts.length === 0 ? 'window' : parts.join('.');
        return `delete ${owner}[${JSON.stringify(name)}];`;
      })
      .join('\n');
    const { page, errors } = await openFromFile('', remove);
    await page.waitForSelector('[data-testid="welcome"]', { timeout: 15_000 });
    const types = await page.evaluate(
      (names) =>
        names.map((api) => {
          const value = api
            .split('.')
            .reduce<unknown>((object, key) => (object as Record<string, unknown>)?.[key], window);
          return `${api}: ${typeof value}`;
        }),
      apis,
    );
    expect(types).toEqual(apis.map((api) => `${api}: function`));
    expect(errors).toEqual([]);
  });
});

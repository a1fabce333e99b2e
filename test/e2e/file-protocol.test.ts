import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkApis } from '../build/floor';
import { type LaunchedBrowser, launchChromium } from '../support/chromium';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';
import { codeOnTv, textOf } from '../support/tv';

// The built bundle as a packaged TV app runs it: dist/index.html from file:// (origin "null"), the home
// server on another origin (http://127.0.0.1:<port>, CORS open on /api), no dev server, and no Chromium flags.
// SystemJS loads the chunks with <script> tags, which file:// allows; fetch/XHR of file:// URLs (which would
// need --allow-file-access-from-files) is never used. `npm test` builds dist/ first.

const DIST = join(import.meta.dirname, '../../dist');
const APP = pathToFileURL(join(DIST, 'index.html')).href;

let chromium: LaunchedBrowser;
let server: TestServer | null = null;

beforeAll(async () => {
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
});

afterEach(async () => {
  await server?.close();
  server = null;
  for (const page of chromium.context.pages()) await page.close();
});

async function openFromFile(query = '', beforeLoad?: string): Promise<{ page: Page; errors: string[] }> {
  const page = await chromium.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (beforeLoad) await page.addInitScript(beforeLoad);
  await page.goto(`${APP}${query}`);
  return { page, errors };
}

async function press(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
  await page.waitForTimeout(150); // Norigin drops key presses closer than its 100 ms throttle
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

  it('without ?server= says "No server configured", with the remote focus on a button', async () => {
    const { page, errors } = await openFromFile();
    await page.waitForSelector('text=No server configured', { timeout: 15_000 });
    await page.waitForSelector('[data-focused="true"]', { timeout: 5_000 });
    expect(await page.getAttribute('[data-focused="true"]', 'role')).toBe('button');
    expect(errors).toEqual([]);
  });

  it('shows the exit popup on Back at the root screen (Samsung and LG webOS 6+ rule)', async () => {
    server = await startTestServer();
    const { page: tv } = await openFromFile(`?server=${encodeURIComponent(server.url)}`);
    await codeOnTv(tv);
    expect(await tv.isVisible('[data-testid="exit-dialog"]')).toBe(false);
    await press(tv, 'Escape');
    await tv.waitForSelector('[data-testid="exit-dialog"]', { timeout: 5_000 });
    // Back again closes the popup and leaves the app where it was.
    await press(tv, 'Escape');
    await tv.waitForSelector('[data-testid="exit-dialog"]', { state: 'detached', timeout: 5_000 });
    expect(await textOf(tv, 'activation-code')).not.toBe('');
  });

  it('restores, from the shipped polyfills, every API the compat check accepts as polyfilled', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const chunks = readdirSync(join(DIST, 'assets'))
      .filter((name) => name.endsWith('.js') && !name.includes('polyfills-legacy'))
      .map((name) => ({ file: name, code: readFileSync(join(DIST, 'assets', name), 'utf8') }));
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
    await page.waitForSelector('text=No server configured', { timeout: 15_000 });
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

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

// Real headless Chromium from the system (never a downloaded browser), with a fresh profile per launch.
// An e2e file takes one with chromiumFixture(); benchmarks launch their own with launchChromium().

export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (path): path is string => Boolean(path),
  );
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found for the end-to-end tests. Install it with `apt-get install -y chromium` ' +
        '(Debian) or set CHROME_PATH to a Chromium/Chrome binary.',
    );
  }
  return found;
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A persistent context on a new, empty --user-data-dir (Playwright takes the dir as a parameter). */
export async function launchChromium(viewport = { width: 1280, height: 720 }): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'marquee-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The browser of one e2e file. */
export interface ChromiumFixture {
  /** Its browser context (inside tests and hooks; before the file's first hook there is none). */
  readonly context: BrowserContext;
  /** A new tab in that context. */
  newPage(): Promise<Page>;
  /** Closes the browser now (an afterAll that must close it before its servers); closing again is a no-op. */
  close(): Promise<void>;
}

export interface ChromiumFixtureOptions {
  viewport?: { width: number; height: number };
  /**
   * What each test leaves behind: 'pages' closes its tabs after it, 'pages-and-cookies' also clears the
   * context's cookies (a fresh visitor per test); 'keep' (the default) keeps both for the file's tests.
   */
  cleanUp?: 'keep' | 'pages' | 'pages-and-cookies';
}

/**
 * One headless Chromium for the calling test file: launched before its first hook or test, closed after its
 * last. Call it at the top of the file, before the file's own hooks: Vitest runs beforeAll hooks in order and
 * after-hooks in reverse, so the file's hooks may use the browser, and its afterEach (closing a server) runs
 * before this one closes the pages.
 */
export function chromiumFixture({
  viewport,
  cleanUp = 'keep',
}: ChromiumFixtureOptions = {}): ChromiumFixture {
  let launched: LaunchedBrowser | null = null;
  const contextOf = (): BrowserContext => {
    if (!launched)
      throw new Error('chromiumFixture(): the browser is not launched yet (use it inside hooks or tests)');
    return launched.context;
  };

  beforeAll(async () => {
    launched = await launchChromium(viewport);
  });
  const close = async () => {
    const browser = launched;
    launched = null;
    await browser?.close();
  };
  afterAll(close);
  if (cleanUp !== 'keep') {
    afterEach(async () => {
      if (!launched) return;
      if (cleanUp === 'pages-and-cookies') await launched.context.clearCookies();
      for (const page of launched.context.pages()) await page.close();
    });
  }

  return {
    get context() {
      return contextOf();
    },
    newPage: () => contextOf().newPage(),
    close,
  };
}

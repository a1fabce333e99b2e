import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { normalizeCode } from '../../src/protocol/activation-code';
import { TEST_ADMIN_PASSWORD } from './home-server';

// Driving the TV app and the /link pages in real Chromium, as a viewer and a phone would.

/** The built TV app: dist/, or TEST_TV_DIST (a build in a temp folder). */
export const TV_DIST = process.env.TEST_TV_DIST ?? join(import.meta.dirname, '../../dist');

/** Its index.html opened from file://, as a TV opens its package. */
export const TV_APP_FILE_URL = pathToFileURL(join(TV_DIST, 'index.html')).href;

/** Opens the built TV app served by the home server; page errors fail loudly in the test's output. */
export async function openTv(context: BrowserContext, serverUrl: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`TV page error: ${error.message}`));
  await page.goto(`${serverUrl}/tv/`);
  return page;
}

/** The code on the TV, normalised (no dash), once one is shown. */
export async function codeOnTv(tv: Page, timeout = 15_000): Promise<string> {
  const element = await tv.waitForSelector('[data-testid="activation-code"]', { timeout });
  return normalizeCode((await element.textContent()) ?? '');
}

export async function signInOnPhone(
  phone: Page,
  serverUrl: string,
  username = 'admin',
  password = TEST_ADMIN_PASSWORD,
): Promise<void> {
  await phone.goto(`${serverUrl}/link`);
  await phone.fill('input[name="username"]', username);
  await phone.fill('input[name="password"]', password);
  await Promise.all([phone.waitForNavigation(), phone.click('button[type="submit"]')]);
}

/** Types the code on the link page as given (any case, dashes) and submits; returns the answer's status. */
export async function enterCodeOnPhone(phone: Page, serverUrl: string, typed: string): Promise<number> {
  await phone.goto(`${serverUrl}/link`);
  await phone.fill('input[name="code"]', typed);
  const [response] = await Promise.all([phone.waitForNavigation(), phone.click('button[type="submit"]')]);
  return response?.status() ?? 0;
}

export async function pressOnPhone(phone: Page, button: 'Link' | 'Deny' | 'Revoke'): Promise<number> {
  const [response] = await Promise.all([
    phone.waitForNavigation(),
    phone.click(`button:has-text("${button}")`),
  ]);
  return response?.status() ?? 0;
}

/** `BDKWQHMT` → `bdkw-qhmt`: how a person might type it. */
export function typedCasually(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase();
}

export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.textContent(`[data-testid="${testId}"]`)) ?? '').trim();
}

/** A TV page in `context`, freshly linked through the /link pages as admin, on its home screen. */
export async function linkedTv(context: BrowserContext, serverUrl: string): Promise<Page> {
  const tv = await openTv(context, serverUrl);
  await tv.evaluate(() => localStorage.clear());
  await tv.reload();
  const code = await codeOnTv(tv);
  const phone = await context.newPage();
  await signInOnPhone(phone, serverUrl);
  await enterCodeOnPhone(phone, serverUrl, code);
  await pressOnPhone(phone, 'Link');
  await phone.close();
  await tv.waitForSelector('[data-testid="home"]', { timeout: 20_000 });
  return tv;
}

/** Norigin handles one key per 100 ms (throttle); a remote's presses come slower than this. */
export const KEY_GAP_MS = 150;

export async function pressOnTv(tv: Page, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    await tv.keyboard.press(key);
    await tv.waitForTimeout(KEY_GAP_MS);
  }
}

/**
 * From home, walks the rows with the D-pad to a card of `ratingKey` (down to the first row that shows it,
 * then along that row) and opens its details.
 */
export async function openDetailsFromHome(tv: Page, ratingKey: string, maxMoves = 20): Promise<void> {
  await tv.waitForSelector('[data-testid="home"] [data-testid="media-card"][data-focused="true"]', {
    timeout: 20_000,
  });
  for (let moves = 0; ; moves++) {
    const where = await tv.evaluate((key) => {
      const focused = document.querySelector('[data-testid="media-card"][data-focused="true"]');
      const row = focused?.closest('[data-testid="row"]');
      const cards = row ? Array.from(row.querySelectorAll('[data-testid="media-card"]')) : [];
      const at = cards.indexOf(focused as Element);
      const target = cards.findIndex((card) => card.getAttribute('data-key') === key);
      return { focusedKey: focused?.getAttribute('data-key') ?? null, at, target };
    }, ratingKey);
    if (where.focusedKey === ratingKey) break;
    if (moves >= maxMoves)
      throw new Error(`card ${ratingKey} not reached from home (at ${where.focusedKey})`);
    await pressOnTv(
      tv,
      where.target < 0 ? 'ArrowDown' : where.target > where.at ? 'ArrowRight' : 'ArrowLeft',
    );
  }
  await pressOnTv(tv, 'Enter');
  await tv.waitForSelector('[data-testid="details"] [data-focused="true"]', { timeout: 20_000 });
}

/** A movie's ratingKey by title, asked of the server as the TV would (token from the linked TV's storage). */
export async function movieKey(tv: Page, serverUrl: string, title: string): Promise<string> {
  const token = (await tv.evaluate(() => localStorage.getItem('marquee.token'))) ?? '';
  const get = async <T>(path: string) =>
    (await (
      await fetch(`${serverUrl}${path}`, { headers: { Accept: 'application/json', 'X-Plex-Token': token } })
    ).json()) as T;
  const sections = await get<{ MediaContainer: { Directory: { key: string; type: string }[] } }>(
    '/library/sections',
  );
  const key = sections.MediaContainer.Directory.find((section) => section.type === 'movie')?.key;
  const all = await get<{ MediaContainer: { Metadata: { ratingKey: string; title: string }[] } }>(
    `/library/sections/${key}/all`,
  );
  const item = all.MediaContainer.Metadata.find((entry) => entry.title === title);
  if (!item) throw new Error(`${title} is not in the library`);
  return item.ratingKey;
}

/** The data-testid of the element that shows focus; null when none does. */
export async function focusedTestId(page: Page): Promise<string | null> {
  return page.getAttribute('[data-focused="true"]', 'data-testid');
}

/**
 * A TV remote key by its keyCode, as a TV sends it (Chromium ignores keyCode in the KeyboardEvent init, and
 * TV keys such as Back 10009 have no `key` Chromium knows), then the usual gap between presses.
 */
export async function pressRemoteKey(page: Page, keyCode: number, key = 'Unidentified'): Promise<void> {
  await page.evaluate(
    ({ keyCode, key }) => {
      for (const type of ['keydown', 'keyup']) {
        const event = new KeyboardEvent(type, { key, bubbles: true, cancelable: true });
        Object.defineProperty(event, 'keyCode', { get: () => keyCode });
        Object.defineProperty(event, 'which', { get: () => keyCode });
        (document.activeElement ?? document.body).dispatchEvent(event);
      }
    },
    { keyCode, key },
  );
  await page.waitForTimeout(KEY_GAP_MS);
}

import { afterEach, describe, expect, it } from 'vitest';
import { normalizeCode } from '../../src/protocol/activation-code';
import { fakeTizenRecordingCalls } from '../support/fake-tizen';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';
import { type CdpClient, launchOldChromium, type OldChromium } from '../support/old-chromium';
import { withServerDatabase } from '../support/server-database';
import { seedSyntheticSection } from '../support/synthetic-library';
import { KEY_GAP_MS, TV_APP_FILE_URL } from '../support/tv';

// The built TV bundle on a real old engine: Chromium 64 (test/support/old-chromium.ts), below which only
// Chromium 53 sits (docs/platforms.md). Static checks (test/build/tv-bundle.test.ts) prove the syntax and the
// polyfills; this proves the lazily loaded chunks (the TV adapters, src/tv/platform/index.ts, and every screen
// but the code screen, src/tv/screens/later-screens.tsx) load and run there, through SystemJS, from file://
// as a packaged app opens them. `npm test` builds dist/ first; TEST_TV_DIST names another build.

let browser: OldChromium | null = null;
let server: TestServer | null = null;

afterEach(async () => {
  await browser?.close();
  browser = null;
  await server?.close();
  server = null;
});

/** Script errors and console errors of the page, as "kind: text". */
function collectErrors(page: CdpClient): string[] {
  const errors: string[] = [];
  for (const event of page.events) {
    const params = event.params as {
      exceptionDetails?: { text: string; exception?: { description?: string } };
      type?: string;
      args?: { value?: unknown; description?: string }[];
      entry?: { level: string; text: string; url?: string };
    };
    if (event.method === 'Runtime.exceptionThrown') {
      const details = params.exceptionDetails;
      errors.push(`exception: ${details?.exception?.description ?? details?.text}`);
    } else if (event.method === 'Runtime.consoleAPICalled' && params.type === 'error') {
      errors.push(
        `console.error: ${(params.args ?? []).map((arg) => arg.description ?? String(arg.value)).join(' ')}`,
      );
    } else if (event.method === 'Log.entryAdded' && params.entry?.level === 'error') {
      errors.push(`log: ${params.entry.text} ${params.entry.url ?? ''}`);
    }
  }
  return errors;
}

async function evaluate<T>(page: CdpClient, expression: string): Promise<T> {
  const answer = await page.send<{ result: { value?: T }; exceptionDetails?: { text: string } }>(
    'Runtime.evaluate',
    { expression, returnByValue: true, awaitPromise: true },
  );
  if (answer.exceptionDetails) throw new Error(`${expression}: ${answer.exceptionDetails.text}`);
  return answer.result.value as T;
}

/** Polls `expression` in the page until it is truthy; returns its value. */
async function waitFor<T>(page: CdpClient, expression: string, timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await evaluate<T>(page, expression);
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${expression}; errors: ${collectErrors(page).join('; ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** keyCode and DOM key name of each remote key used here. */
const REMOTE_KEYS = {
  ArrowLeft: { keyCode: 37, key: 'ArrowLeft' },
  ArrowUp: { keyCode: 38, key: 'ArrowUp' },
  ArrowRight: { keyCode: 39, key: 'ArrowRight' },
  ArrowDown: { keyCode: 40, key: 'ArrowDown' },
  Enter: { keyCode: 13, key: 'Enter' },
  // Tizen's Return: 2017 sets send only the keyCode, no key name (docs/platforms.md#remote-keys).
  TizenReturn: { keyCode: 10009, key: 'Unidentified' },
} as const;

/** One remote press through the browser's input pipeline (a real keydown/keyup with the TV's keyCode). */
async function press(page: CdpClient, name: keyof typeof REMOTE_KEYS, times = 1): Promise<void> {
  const { keyCode, key } = REMOTE_KEYS[name];
  const common = { key, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode };
  for (let i = 0; i < times; i++) {
    if (key === 'Enter')
      await page.send('Input.dispatchKeyEvent', { type: 'keyDown', text: '\r', ...common });
    else await page.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...common });
    await page.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common });
    // Norigin handles one key per 100 ms; a remote's presses come slower than that (test/support/tv.ts).
    await new Promise((resolve) => setTimeout(resolve, KEY_GAP_MS));
  }
}

/** The file names of the scripts the page has run whose name starts with `prefix` (Debugger.scriptParsed). */
function loadedChunks(page: CdpClient, prefix: string): string[] {
  return page.events
    .filter((event) => event.method === 'Debugger.scriptParsed')
    .map((event) => String(event.params.url).split('/').pop() ?? '')
    .filter((name) => name.startsWith(prefix));
}

/** Chromium 64 with the TV app open from file:// against `serverUrl`, events of the page recorded. */
async function openOnOldEngine(serverUrl: string, beforeLoad?: { userAgent: string; script: string }) {
  browser = await launchOldChromium();
  const page = browser.page;
  await page.send('Runtime.enable');
  await page.send('Log.enable');
  await page.send('Page.enable');
  // The debugger reports every script parsed (loadedChunks); it must never pause the page.
  await page.send('Debugger.enable');
  await page.send('Debugger.setSkipAllPauses', { skip: true });
  if (beforeLoad) {
    await page.send('Network.enable');
    await page.send('Network.setUserAgentOverride', { userAgent: beforeLoad.userAgent });
    await page.send('Page.addScriptToEvaluateOnNewDocument', { source: beforeLoad.script });
  }
  await page.send('Page.navigate', { url: `${TV_APP_FILE_URL}?server=${encodeURIComponent(serverUrl)}` });
  await page.waitForEvent('Page.loadEventFired', () => true, 30_000);
  return page;
}

/** The code on the TV (normalised), once the code screen shows one and its QR. */
async function codeAndQr(page: CdpClient): Promise<string> {
  const code = await waitFor<string>(
    page,
    `(function () { var e = document.querySelector('[data-testid="activation-code"]');
       return e && e.textContent.trim(); })()`,
  );
  // The QR is drawn once encoded (src/tv/screens/activation/QrCode.tsx): a path of modules.
  await waitFor(
    page,
    `(function () { var path = document.querySelector('[data-testid="activation-qr"] path');
       return !!path && path.getAttribute('d').length > 100; })()`,
  );
  return normalizeCode(code);
}

async function linkFromPhone(serverUrl: string, code: string): Promise<void> {
  const phone = new LinkBrowser(serverUrl);
  expect((await phone.signIn('admin', TEST_ADMIN_PASSWORD)).status).toBe(303);
  expect((await phone.enterCode(code)).status).toBe(200);
  expect((await phone.confirm('link')).status).toBe(200);
}

const FOCUSED_CARD_KEY = `(function () {
  var focused = document.querySelectorAll('[data-testid="media-card"][data-focused="true"]');
  return focused.length === 1 ? focused[0].getAttribute('data-key') : null; })()`;

/** A fake Tizen TV's `tizen` global (test/support/fake-tizen.ts); calls land in tvCalls. */
const FAKE_TIZEN = fakeTizenRecordingCalls();

/** Tizen 5.0's user agent (Chromium 63 based; the engine under it here is 64). */
const TIZEN_USER_AGENT =
  'Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/5.0 TV Safari/537.36';

describe('the built TV app on Chromium 64', () => {
  it('shows a code and its QR, links, reaches home and browses a section grid with the remote', async () => {
    server = await startTestServer();
    const sectionKey = String(
      withServerDatabase(server, (db) =>
        seedSyntheticSection(db, { title: 'Old Engine', count: 40, withParts: false }),
      ),
    );
    const page = await openOnOldEngine(server.url);
    expect(await evaluate<string>(page, 'navigator.userAgent')).toMatch(/Chrome\/64\.0\./);
    expect(await evaluate<string>(page, 'location.protocol')).toBe('file:');

    const code = await codeAndQr(page);
    expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
    await linkFromPhone(server.url, code);

    // Home is a lazily loaded chunk (src/tv/screens/later-screens.tsx).
    await waitFor(
      page,
      `!!document.querySelector('[data-testid="home"] [data-testid="media-card"][data-focused="true"]')`,
    );
    // Down to the section's row, Up onto its "All", OK: the section grid (another chunk).
    for (let moves = 0; ; moves++) {
      const row = await evaluate<string | null>(
        page,
        `(function () { var card = document.querySelector('[data-testid="media-card"][data-focused="true"]');
           var row = card && card.closest('[data-testid="row"]'); return row && row.getAttribute('data-row'); })()`,
      );
      if (row === `section-${sectionKey}`) break;
      if (moves > 6) throw new Error(`the section's row was not reached (focus on row ${row})`);
      await press(page, 'ArrowDown');
    }
    await press(page, 'ArrowUp');
    await waitFor(
      page,
      `document.querySelector('[data-focused="true"]').getAttribute('data-testid') === 'row-all'`,
    );
    await press(page, 'Enter');
    await waitFor(
      page,
      `!!document.querySelector('[data-testid="section"] [data-testid="media-card"][data-focused="true"]')`,
    );
    expect(
      await evaluate<string>(page, `document.querySelector('[data-testid="section-count"]').textContent`),
    ).toContain('40 titles');

    // Both screens came as chunks through SystemJS, and no TV adapter was loaded in a plain browser.
    expect(loadedChunks(page, 'HomeScreen-legacy-')).toHaveLength(1);
    expect(loadedChunks(page, 'SectionScreen-legacy-')).toHaveLength(1);
    expect(loadedChunks(page, 'tizen-legacy-')).toEqual([]);

    const first = await waitFor<string>(page, FOCUSED_CARD_KEY);
    await press(page, 'ArrowRight');
    const second = await waitFor<string>(page, FOCUSED_CARD_KEY);
    expect(second).not.toBe(first);
    await press(page, 'ArrowDown');
    const third = await waitFor<string>(page, FOCUSED_CARD_KEY);
    expect([first, second]).not.toContain(third);

    expect(collectErrors(page)).toEqual([]);
  });

  it('as a Tizen TV: the Tizen adapter chunk loads, and Return at the root asks, then exits through tizen', async () => {
    server = await startTestServer();
    const page = await openOnOldEngine(server.url, { userAgent: TIZEN_USER_AGENT, script: FAKE_TIZEN });
    expect(await evaluate<string>(page, 'navigator.userAgent')).toBe(TIZEN_USER_AGENT);
    await codeAndQr(page);
    // The adapter is a chunk of its own, loaded by detection (src/tv/platform/index.ts loadPlatform).
    expect(loadedChunks(page, 'tizen-legacy-')).toHaveLength(1);
    expect(loadedChunks(page, 'webos-legacy-')).toEqual([]);

    await press(page, 'TizenReturn');
    await waitFor(page, `!!document.querySelector('[data-testid="exit-dialog"]')`);
    await press(page, 'ArrowLeft');
    await waitFor(
      page,
      `document.querySelector('[data-focused="true"]').getAttribute('data-testid') === 'exit-confirm'`,
    );
    await press(page, 'Enter');
    // Only the Tizen adapter (src/tv/platform/tizen.ts) calls tizen.application.
    await waitFor(page, `window.tvCalls.indexOf('exit') >= 0`);
    expect(await evaluate<string[]>(page, 'window.tvCalls')).toEqual(['exit']);

    expect(collectErrors(page)).toEqual([]);
  });
});

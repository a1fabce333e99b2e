import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumFixture } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/home-server';
import {
  codeOnTv,
  enterCodeOnPhone,
  openTv,
  pressOnPhone,
  signInOnPhone,
  textOf,
  typedCasually,
} from '../support/tv';

// The whole linking flow in real headless Chromium against a real home server: a TV page and a phone page.

// Each test starts as a new visitor: its pages closed and the cookies cleared after it.
const chromium = chromiumFixture({ cleanUp: 'pages-and-cookies' });
let server: TestServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function freshTv(url: string): Promise<Page> {
  const tv = await openTv(chromium.context, url);
  await tv.evaluate(() => localStorage.clear());
  await tv.reload();
  return tv;
}

describe('linking a TV', () => {
  it('shows a code, links from a phone typing it casually, reaches home, and stays linked after a restart', async () => {
    server = await startTestServer();
    const tv = await freshTv(server.url);
    const code = await codeOnTv(tv);
    expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
    // The QR is encoded right after the code is on screen (src/tv/screens/activation/QrCode.tsx).
    await tv.waitForSelector('[data-testid="activation-qr"]', { timeout: 5_000 });
    expect(await textOf(tv, 'activation-countdown')).toMatch(/^Code expires in 1[45]:\d\d$/);
    // Initial focus: the remote works from the first moment.
    expect(await tv.getAttribute('[data-focused="true"]', 'data-testid')).toBe('activation-new-code');

    const phone = await chromium.context.newPage();
    await signInOnPhone(phone, server.url);
    expect(await enterCodeOnPhone(phone, server.url, typedCasually(code))).toBe(200);
    expect(await phone.textContent('body')).toContain('Marquee'); // the confirm page names the app asking
    expect(await pressOnPhone(phone, 'Link')).toBe(200);

    await tv.waitForSelector('[data-testid="activation-status"]:has-text("Linked to admin")', {
      timeout: 20_000,
    });
    await tv.waitForSelector('[data-testid="home"]', { timeout: 20_000 });
    await tv.waitForSelector('[data-testid="home"] :text("Marquee Home Server")', { timeout: 20_000 });

    await tv.reload();
    await tv.waitForSelector('[data-testid="home"]', { timeout: 20_000 });
    expect(await tv.isVisible('[data-testid="activation-code"]')).toBe(false);
  });

  it('fetches a fresh code by itself when the old one expires, and the old code is refused', async () => {
    const ttlSeconds = 3;
    server = await startTestServer({ pinTtlSeconds: ttlSeconds });
    const tv = await freshTv(server.url);
    const first = await codeOnTv(tv);
    // The first pin was made before its code showed, so it has surely expired by then.
    const firstExpiredBy = Date.now() + ttlSeconds * 1000;
    await tv.waitForFunction(
      (old) => {
        const shown = document.querySelector('[data-testid="activation-code"]')?.textContent ?? '';
        return shown !== '' && shown.replace('-', '') !== old;
      },
      first,
      { timeout: 20_000 },
    );
    const second = await codeOnTv(tv);
    expect(second).not.toBe(first);

    const phone = await chromium.context.newPage();
    await signInOnPhone(phone, server.url);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstExpiredBy - Date.now())));
    expect(await enterCodeOnPhone(phone, server.url, first)).toBe(410);
    expect(await phone.textContent('body')).toMatch(/expired/i);
  });

  it('says the server is unreachable while it is down and recovers by itself when it is back', async () => {
    server = await startTestServer();
    const tv = await freshTv(server.url);
    const code = await codeOnTv(tv);

    await server.stop();
    await tv.waitForSelector('[data-testid="activation-status"]:has-text("Can\'t reach the server")', {
      timeout: 15_000,
    });
    await server.start();
    await tv.waitForSelector(
      '[data-testid="activation-status"]:has-text("Waiting for you to enter the code")',
      {
        timeout: 40_000,
      },
    );
    expect(await codeOnTv(tv)).toBe(code); // the code survived the outage: it lives in the server's database
  });

  it('returns a revoked TV to the code screen with a message', async () => {
    server = await startTestServer();
    const tv = await freshTv(server.url);
    const code = await codeOnTv(tv);
    const phone = await chromium.context.newPage();
    await signInOnPhone(phone, server.url);
    await enterCodeOnPhone(phone, server.url, code);
    await pressOnPhone(phone, 'Link');
    await tv.waitForSelector('[data-testid="home"]', { timeout: 20_000 });

    await phone.goto(`${server.url}/link/devices`);
    expect(await pressOnPhone(phone, 'Revoke')).toBe(200);

    await tv.keyboard.press('Enter'); // Refresh, focused on arrival at home
    await tv.waitForSelector('[data-testid="activation-code"]', { timeout: 20_000 });
    expect(await textOf(tv, 'activation-notice')).toMatch(/signed out/i);
  });

  it('sends the pin request before anything is drawn, not from the code screen once it is up', async () => {
    server = await startTestServer();
    const tv = await chromium.context.newPage();
    // Notes, at the first pin request, whether React had already put the code screen in the page.
    await tv.addInitScript({
      content: `
        const send = window.fetch;
        window.fetch = function (input, init) {
          if (String(input).indexOf('/api/v2/pins') !== -1 && !window.__screenAtPinRequest) {
            window.__screenAtPinRequest = document.querySelector('[data-testid="activation"]') ? 'drawn' : 'not yet';
          }
          return send.call(window, input, init);
        };
      `,
    });
    await tv.goto(`${server.url}/tv/`);
    await codeOnTv(tv);
    expect(
      await tv.evaluate(() => (window as unknown as { __screenAtPinRequest?: string }).__screenAtPinRequest),
    ).toBe('not yet');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/home-server';
import { csrfOf, hiddenField } from '../support/link-browser';
import { adminBrowser, createPin, getWithToken, newTv, pollPin, RELAXED_LIMITS } from './helpers';

const HOSTILE_NAME = '<script>alert(1)</script>';

describe('/link page security', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends the security headers and an HttpOnly, SameSite=Lax session cookie (no Secure over http)', async () => {
    const browser = await adminBrowser(server.url);
    const page = await browser.get('/link');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    expect(page.body).toContain('name="viewport"');

    const fresh = await fetch(`${server.url}/link/signin`);
    const cookie = fresh.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(browser.cookies.has('marquee_session')).toBe(true);
  });

  it('refuses a form without CSRF or with a wrong one (403), on every form', async () => {
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    const browser = await adminBrowser(server.url);
    const goodCsrf = csrfOf((await browser.get('/link')).body);

    const missing = await browser.postForm('/link', { code: pin.code });
    expect(missing.status).toBe(403);
    expect(missing.body).toContain('try again');
    const wrong = await browser.postForm('/link', { code: pin.code, csrf: `${goodCsrf}x` });
    expect(wrong.status).toBe(403);
    expect((await browser.postForm('/link/confirm', { code: pin.code, action: 'link' })).status).toBe(403);
    expect((await browser.postForm('/link/signout', {})).status).toBe(403);

    const anonymous = await browser.postForm('/link/signin', { username: 'admin', password: 'whatever' });
    expect(anonymous.status).toBe(403);

    // Another visitor's CSRF value does not work either.
    const other = await adminBrowser(server.url);
    const otherCsrf = csrfOf((await other.get('/link')).body);
    expect((await browser.postForm('/link', { code: pin.code, csrf: otherCsrf })).status).toBe(403);

    // And nothing was linked by any of it.
    const polled = await pollPin(server.url, tv, pin.id);
    expect(polled.status).toBe(200);
    expect(polled.body.authToken).toBeNull();
  });

  it('escapes a hostile device name on the confirm page and the devices page', async () => {
    const tv = newTv(HOSTILE_NAME);
    const { pin } = await createPin(server.url, tv);
    const browser = await adminBrowser(server.url);
    const confirmPage = await browser.enterCode(pin.code);
    expect(confirmPage.status).toBe(200);
    expect(confirmPage.body).not.toContain(HOSTILE_NAME);
    expect(confirmPage.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    const linked = await browser.confirm('link');
    expect(linked.body).not.toContain(HOSTILE_NAME);

    const devices = await browser.get('/link/devices');
    expect(devices.status).toBe(200);
    expect(devices.body).not.toContain(HOSTILE_NAME);
    expect(devices.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('two concurrent confirms of one code: exactly one links (200), the other gets 409, one device', async () => {
    const tv = newTv('Race TV');
    const { pin } = await createPin(server.url, tv);
    const first = await adminBrowser(server.url);
    const second = await adminBrowser(server.url);
    expect((await first.enterCode(pin.code)).status).toBe(200);
    expect((await second.enterCode(pin.code)).status).toBe(200);

    const results = await Promise.all([first.confirm('link'), second.confirm('link')]);
    const statuses = results.map((page) => page.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(results.find((page) => page.status === 409)?.body).toContain('already used');

    const polled = await pollPin(server.url, tv, pin.id);
    const token = polled.body.authToken as string;
    const devices = await (await getWithToken(server.url, '/api/v2/devices', token)).json();
    expect(devices.filter((device: { name: string }) => device.name === 'Race TV')).toHaveLength(1);
  });

  it('a confirm and a deny racing on one code: exactly one wins', async () => {
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    const first = await adminBrowser(server.url);
    const second = await adminBrowser(server.url);
    await first.enterCode(pin.code);
    await second.enterCode(pin.code);
    const results = await Promise.all([first.confirm('link'), second.confirm('deny')]);
    expect(results.filter((page) => page.status === 200)).toHaveLength(1);
    expect(results.filter((page) => page.status === 409 || page.status === 410)).toHaveLength(1);
  });

  it('the QR path pre-fills the code but still needs the confirmation', async () => {
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    const browser = await adminBrowser(server.url);
    const page = await browser.get(`/link?code=${pin.code}`);
    expect(page.status).toBe(200);
    expect(hiddenField(page.body, 'csrf')).toBeTruthy();
    expect((await pollPin(server.url, tv, pin.id)).body.authToken).toBeNull();
  });

  it('an expired or missing session on POST /link shows the sign-in form with 401', async () => {
    const browser = await adminBrowser(server.url);
    browser.cookies.delete('marquee_session');
    const page = await browser.postForm('/link', { code: 'BCDFGHJK', csrf: 'x' });
    expect(page.status).toBe(401);
    expect(page.body).toContain('name="password"');
    expect(page.body).toContain('value="BCDFGHJK"');
  });
});

describe('wrong-code limit', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('after 10 wrong codes the 11th attempt gets 429 with Retry-After, even with a correct code', async () => {
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    const browser = await adminBrowser(server.url);
    for (let i = 0; i < 10; i++) {
      const page = await browser.enterCode(i % 2 === 0 ? 'BCDF-GHJK' : 'not a code');
      expect([400, 404]).toContain(page.status);
    }
    const blocked = await browser.enterCode(pin.code);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatch(/try again/i);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    // The confirm step is held to the same budget, and the pin stays unlinked.
    expect((await browser.confirm('link', pin.code)).status).toBe(429);
    expect((await pollPin(server.url, tv, pin.id)).body.authToken).toBeNull();
  });
});

import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatCode } from '../../src/protocol/activation-code';
import { InMemoryPinEvents } from '../../src/server/link/pin-events';
import { MAX_WAIT_SECONDS } from '../../src/server/link/pin-routes';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';
import { eventually } from '../support/media-fixtures';
import {
  adminBrowser,
  createPin,
  getWithToken,
  linkTv,
  newTv,
  plexQuery,
  pollPin,
  RELAXED_LIMITS,
} from './helpers';

describe('linking a TV through /link', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    await server.close();
  });

  it('signed out, /link shows the sign-in form and comes back to the code after sign-in', async () => {
    const browser = new LinkBrowser(server.url);
    const page = await browser.get('/link?code=BDKW-QHMT');
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="username"');
    expect(page.body).toContain('name="password"');
    expect(page.body).toContain('value="BDKW-QHMT"');

    const signedIn = await browser.signIn('admin', TEST_ADMIN_PASSWORD, 'BDKW-QHMT');
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/link?code=BDKW-QHMT');
    const codeForm = await browser.get(signedIn.location as string);
    expect(codeForm.body).toContain('name="code" value="BDKW-QHMT"');
    expect(codeForm.body).toContain('Only continue if this code is on a screen in front of you.');
  });

  it('links with a lower-case, dashed code; the token works on the account API and the media server', async () => {
    const tv = newTv('Bedroom TV');
    const { pin } = await createPin(server.url, tv);
    const browser = await adminBrowser(server.url);

    const confirmPage = await browser.enterCode(formatCode(pin.code).toLowerCase());
    expect(confirmPage.status).toBe(200);
    expect(confirmPage.body).toContain('Bedroom TV');
    expect(confirmPage.body).toContain('Marquee');
    expect(confirmPage.body).toContain('Tizen 6.5');
    expect(confirmPage.body).toContain(formatCode(pin.code));
    expect(confirmPage.body).toContain('127.0.0.1');
    expect(confirmPage.body).toMatch(/just now|minutes? ago/);
    expect(confirmPage.body).toContain('name="action" value="link"');
    expect(confirmPage.body).toContain('name="action" value="deny"');

    const done = await browser.confirm('link');
    expect(done.status).toBe(200);
    expect(done.body).toContain('Linked — Bedroom TV will continue by itself.');

    const polled = await pollPin(server.url, tv, pin.id);
    expect(polled.status).toBe(200);
    expect(polled.body.newRegistration).toBe(false);
    const token = polled.body.authToken as string;
    expect(token).toEqual(expect.any(String));

    const user = await getWithToken(server.url, '/api/v2/user', token, tv);
    expect(user.status).toBe(200);
    expect(await user.json()).toMatchObject({
      username: 'admin',
      title: 'admin',
      authToken: token,
      email: '',
    });

    const resources = await getWithToken(server.url, '/api/v2/resources', token, tv);
    expect(resources.status).toBe(200);
    const [resource, ...others] = await resources.json();
    expect(others).toEqual([]);
    const identity = await (
      await fetch(`${server.url}/identity`, { headers: { Accept: 'application/json' } })
    ).json();
    expect(resource).toMatchObject({
      product: 'Marquee Home Server',
      provides: 'server',
      owned: true,
      presence: true,
      accessToken: token,
      clientIdentifier: identity.MediaContainer.machineIdentifier,
    });
    expect(resource.name).toMatch(/^Marquee Home Server \(.+\)$/);
    expect(resource.connections[0]).toEqual({
      protocol: 'http',
      address: '127.0.0.1',
      port: server.port,
      uri: server.url,
      local: true,
      relay: false,
      IPv6: false,
    });

    const media = await getWithToken(server.url, '/', token);
    expect(media.status).toBe(200);
    expect((await media.json()).MediaContainer).toMatchObject({
      machineIdentifier: identity.MediaContainer.machineIdentifier,
      myPlex: false,
    });
  });

  it('answers a held ?wait poll as soon as the code is confirmed', async () => {
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    const browser = await adminBrowser(server.url);
    expect((await browser.enterCode(pin.code)).status).toBe(200);

    // Held for longer than this test may run: it can only end in time if confirming wakes it.
    const held = pollPin(server.url, tv, pin.id, MAX_WAIT_SECONDS);
    await eventually(async () => server.server.heldPolls() === 1);
    expect((await browser.confirm('link')).status).toBe(200);
    const polled = await held;
    expect(polled.status).toBe(200);
    expect(polled.body.authToken).toEqual(expect.any(String));
  });

  it('deny: the next poll is 404 and the code is refused afterwards', async () => {
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    const browser = await adminBrowser(server.url);
    await browser.enterCode(pin.code);
    const denied = await browser.confirm('deny');
    expect(denied.status).toBe(200);
    expect(denied.body).toContain('Denied');

    const polled = await pollPin(server.url, tv, pin.id);
    expect(polled.status).toBe(404);
    expect(polled.body.errors[0].code).toBe(1020);
    expect((await browser.enterCode(pin.code)).status).toBe(410);
  });

  it('a used code gets 409, an unknown one 404, a malformed one 400, each as text on the page', async () => {
    const { pin } = await linkTv(server.url);
    const browser = await adminBrowser(server.url);

    const used = await browser.enterCode(pin.code);
    expect(used.status).toBe(409);
    expect(used.body).toContain('already used');

    const unknown = await browser.enterCode('BCDF-GHJK');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('No device is waiting with this code');

    const malformed = await browser.enterCode('AEIO-U123');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toContain('not a valid code');
    expect(malformed.body).toContain('class="error"');
  });

  it('PUT /api/v2/pins/link with a user token links the pin (204)', async () => {
    const { token: userToken } = await linkTv(server.url);
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    const link = (code: string, token?: string) =>
      fetch(`${server.url}/api/v2/pins/link?${plexQuery(newTv())}`, {
        method: 'PUT',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          ...(token ? { 'X-Plex-Token': token } : {}),
        },
        body: new URLSearchParams({ code }).toString(),
      });

    expect((await link(pin.code)).status).toBe(401);
    expect((await link(pin.code.toLowerCase(), userToken)).status).toBe(204);
    expect((await link(pin.code, userToken)).status).toBe(409);
    expect((await link('BCDFGHJK', userToken)).status).toBe(404);

    const polled = await pollPin(server.url, tv, pin.id);
    expect(polled.body.authToken).toEqual(expect.any(String));
    expect(polled.body.authToken).not.toBe(userToken);
  });

  it('never writes a token to the log', async () => {
    const { token } = await linkTv(server.url);
    await fetch(`${server.url}/api/v2/user?X-Plex-Token=${token}`);
    await getWithToken(server.url, '/api/v2/resources', token);
    expect(server.logLines.length).toBeGreaterThan(5);
    expect(server.logLines.some((line) => line.includes('X-Plex-Token=<redacted>'))).toBe(true);
    for (const line of server.logLines) {
      expect(line).not.toContain(token);
      expect(line).not.toContain(TEST_ADMIN_PASSWORD);
    }
    expect(server.logLines).toContainEqual(expect.stringMatching(/^POST \/link\/confirm 200 \d+ms$/));
  });
});

describe('shutdown', () => {
  it('close() ends a held long-poll promptly', async () => {
    const server = await startTestServer();
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    const held = pollPin(server.url, tv, pin.id, MAX_WAIT_SECONDS);
    await eventually(async () => server.server.heldPolls() === 1);
    // Held for longer than this test may run: it can only end in time if close() releases it.
    await server.close();
    const polled = await held;
    expect(polled.status).toBe(200);
    expect(polled.body.authToken).toBeNull();
  });

  it('a client that goes away releases its held long-poll at once', async () => {
    const wait = vi.spyOn(InMemoryPinEvents.prototype, 'wait');
    const server = await startTestServer();
    try {
      const tv = newTv();
      const { pin } = await createPin(server.url, tv);
      const gone = new AbortController();
      const held = fetch(`${server.url}/api/v2/pins/${pin.id}?wait=30&${plexQuery(tv)}`, {
        signal: gone.signal,
      });
      await vi.waitFor(() => expect(wait).toHaveBeenCalled());
      const events = wait.mock.contexts[0] as InMemoryPinEvents;
      expect(events.waiting).toBe(1);
      gone.abort();
      await expect(held).rejects.toThrow();
      await vi.waitFor(() => expect(events.waiting).toBe(0), { timeout: 2000 });
    } finally {
      wait.mockRestore();
      await server.close();
    }
  });

  it('close() does not wait for a connection that never sent a request (a browser pre-connect)', async () => {
    const server = await startTestServer();
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    // The idle socket would keep an ordinary close() waiting for minutes; this test's timeout is 30 s.
    await server.close();
    await closed;
  });
});

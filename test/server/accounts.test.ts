import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';
import { adminBrowser, getWithToken, linkTv, newTv, plexQuery, RELAXED_LIMITS } from './helpers';

function signInApi(
  url: string,
  login: string,
  password: string,
  clientIdentifier = newTv().clientIdentifier,
) {
  return fetch(`${url}/api/v2/users/signin?${plexQuery({ clientIdentifier })}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ login, password }).toString(),
  });
}

/** 401 from the account API (user, resources) and the media server for this token. */
async function expectRejected(url: string, token: string): Promise<void> {
  const user = await getWithToken(url, '/api/v2/user', token);
  expect(user.status).toBe(401);
  expect(await user.json()).toEqual({
    errors: [{ code: 1001, message: 'User could not be authenticated', status: 401 }],
  });
  expect((await getWithToken(url, '/api/v2/resources', token)).status).toBe(401);
  expect((await getWithToken(url, '/', token)).status).toBe(401);
}

describe('accounts and devices', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    await server.close();
  });

  it('sign-in API: 201 with a user and a fresh token; wrong password 401 in the Plex shape', async () => {
    const ok = await signInApi(server.url, 'admin', TEST_ADMIN_PASSWORD);
    expect(ok.status).toBe(201);
    const user = await ok.json();
    expect(user).toMatchObject({ username: 'admin', authToken: expect.any(String) });
    expect((await getWithToken(server.url, '/api/v2/user', user.authToken)).status).toBe(200);

    const json = await fetch(`${server.url}/api/v2/users/signin?${plexQuery(newTv())}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ login: 'ADMIN', password: TEST_ADMIN_PASSWORD }),
    });
    expect(json.status).toBe(201);

    const wrong = await signInApi(server.url, 'admin', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).errors[0]).toMatchObject({ code: 1001, status: 401 });
    expect((await signInApi(server.url, 'nobody', 'not-the-password')).status).toBe(401);
  });

  it('sign-up creates an account that can sign in; bad input is refused with the reason', async () => {
    const browser = new LinkBrowser(server.url);
    const short = await browser.signUp('al', 'long-enough-password');
    expect(short.status).toBe(400);
    expect(short.body).toContain('username');
    expect((await browser.signUp('alice', 'short')).status).toBe(400);
    const mismatch = await browser.signUp('alice', 'long-enough-password', 'different-password');
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toContain('not the same');

    const created = await browser.signUp('alice', 'long-enough-password');
    expect(created.status).toBe(303);
    expect(browser.cookies.has('marquee_session')).toBe(true);
    expect((await browser.get('/link')).body).toContain('name="code"');

    expect((await new LinkBrowser(server.url).signUp('ALICE', 'another-password')).status).toBe(409);
    expect((await new LinkBrowser(server.url).signIn('alice', 'long-enough-password')).status).toBe(303);
    const api = await signInApi(server.url, 'alice', 'long-enough-password');
    expect(api.status).toBe(201);
    expect((await api.json()).username).toBe('alice');
  });

  it('a failed sign-in page answers 401 with the reason as text', async () => {
    const page = await new LinkBrowser(server.url).signIn('admin', 'wrong-password');
    expect(page.status).toBe(401);
    expect(page.body).toContain('Wrong username or password.');
  });

  it('revoking on the devices page: that token gets 401 everywhere at once', async () => {
    const { token } = await linkTv(server.url, newTv('Revoke Me TV'));
    const devices = await (await getWithToken(server.url, '/api/v2/devices', token)).json();
    const device = devices.find((entry: { current: boolean }) => entry.current);
    expect(device.name).toBe('Revoke Me TV');

    const browser = await adminBrowser(server.url);
    const page = await browser.get('/link/devices');
    expect(page.body).toContain('Revoke Me TV');
    const revoked = await browser.postForm(`/link/devices/${device.id}/revoke`, {
      csrf: await browser.csrf(),
    });
    expect(revoked.status).toBe(303);
    await expectRejected(server.url, token);
    expect((await browser.get('/link/devices')).body).not.toContain('Revoke Me TV');
  });

  it('revoking through the API; another account cannot revoke my device', async () => {
    const { token } = await linkTv(server.url);
    const victim = (await (await getWithToken(server.url, '/api/v2/devices', token)).json())[0];

    await new LinkBrowser(server.url).signUp('mallory', 'mallory-password');
    const mallory = (await (await signInApi(server.url, 'mallory', 'mallory-password')).json()).authToken;
    const foreign = await fetch(`${server.url}/api/v2/devices/${victim.id}`, {
      method: 'DELETE',
      headers: { 'X-Plex-Token': mallory },
    });
    expect(foreign.status).toBe(404);
    expect((await getWithToken(server.url, '/api/v2/user', token)).status).toBe(200);

    const own = await fetch(`${server.url}/api/v2/devices/${victim.id}`, {
      method: 'DELETE',
      headers: { 'X-Plex-Token': token },
    });
    expect(own.status).toBe(204);
    await expectRejected(server.url, token);
  });

  it('DELETE /api/v2/users/signout revokes that token only', async () => {
    const first = (await (await signInApi(server.url, 'admin', TEST_ADMIN_PASSWORD)).json()).authToken;
    const second = (await (await signInApi(server.url, 'admin', TEST_ADMIN_PASSWORD)).json()).authToken;
    const signOut = await fetch(`${server.url}/api/v2/users/signout`, {
      method: 'DELETE',
      headers: { 'X-Plex-Token': first },
    });
    expect(signOut.status).toBe(204);
    await expectRejected(server.url, first);
    expect((await getWithToken(server.url, '/api/v2/user', second)).status).toBe(200);
  });

  it('re-linking the same TV replaces its earlier token', async () => {
    const tv = newTv();
    const { token: before } = await linkTv(server.url, tv);
    const { token: after } = await linkTv(server.url, tv);
    expect((await getWithToken(server.url, '/api/v2/user', after)).status).toBe(200);
    await expectRejected(server.url, before);
  });

  it('sign-out from the pages ends the session', async () => {
    const browser = await adminBrowser(server.url);
    const signedOut = await browser.postForm('/link/signout', { csrf: await browser.csrf() });
    expect(signedOut.status).toBe(303);
    expect((await browser.get('/link')).body).toContain('name="password"');
  });
});

describe('failed sign-in limit', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ limits: { signInPerIp: { limit: 3, windowMs: 60_000 } } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('limits sign-ups per IP: past the limit the page answers 429 and says when to try again', async () => {
    const limited = await startTestServer({ limits: { signUpPerIp: { limit: 2, windowMs: 60_000 } } });
    try {
      expect((await new LinkBrowser(limited.url).signUp('carol', 'carol-password')).status).toBe(303);
      expect((await new LinkBrowser(limited.url).signUp('al', 'too-short-name')).status).toBe(400); // counts too
      const refused = await new LinkBrowser(limited.url).signUp('dave', 'dave-password');
      expect(refused.status).toBe(429);
      expect(refused.body).toMatch(/try again/i);
      expect(refused.headers.get('retry-after')).not.toBeNull();
      expect((await new LinkBrowser(limited.url).signIn('dave', 'dave-password')).status).toBe(401); // not created
    } finally {
      await limited.close();
    }
  });

  it('answers 429 past the per-IP limit, on the API and on the page', async () => {
    for (let i = 0; i < 3; i++)
      expect((await signInApi(server.url, 'admin', 'wrong-password')).status).toBe(401);
    const api = await signInApi(server.url, 'admin', TEST_ADMIN_PASSWORD);
    expect(api.status).toBe(429);
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
    const page = await new LinkBrowser(server.url).signIn('admin', TEST_ADMIN_PASSWORD);
    expect(page.status).toBe(429);
    expect(page.body).toMatch(/try again/i);
  });
});

describe('restart', () => {
  it('keeps accounts, devices (the token still works) and the generated admin password', async () => {
    const server = await startTestServer({ adminPassword: null, limits: RELAXED_LIMITS });
    try {
      const password = server.server.generatedAdminPassword as string;
      expect(password.length).toBeGreaterThanOrEqual(16);
      const file = join(server.dataDir, 'initial-admin-password');
      expect(readFileSync(file, 'utf8').trim()).toBe(password);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      await new LinkBrowser(server.url).signUp('bob', 'bob-password');
      const tv = newTv();
      const apiToken = (await (await signInApi(server.url, 'admin', password, tv.clientIdentifier)).json())
        .authToken;
      const machineBefore = (
        await (await fetch(`${server.url}/identity`, { headers: { Accept: 'application/json' } })).json()
      ).MediaContainer.machineIdentifier;
      const portBefore = server.port;

      await server.restart();
      expect(server.server.generatedAdminPassword).toBeNull();
      expect(server.port).toBe(portBefore);
      expect((await getWithToken(server.url, '/api/v2/user', apiToken)).status).toBe(200);
      expect((await getWithToken(server.url, '/', apiToken)).status).toBe(200);
      expect((await signInApi(server.url, 'admin', password)).status).toBe(201);
      expect((await new LinkBrowser(server.url).signIn('bob', 'bob-password')).status).toBe(303);
      const machineAfter = (
        await (await fetch(`${server.url}/identity`, { headers: { Accept: 'application/json' } })).json()
      ).MediaContainer.machineIdentifier;
      expect(machineAfter).toBe(machineBefore);
    } finally {
      await server.close();
    }
  });

  it('keeps a signed-in page session across a restart', async () => {
    const server = await startTestServer({ limits: RELAXED_LIMITS });
    try {
      const browser = await adminBrowser(server.url);
      await server.restart();
      const again = new LinkBrowser(server.url);
      for (const [name, value] of browser.cookies) again.cookies.set(name, value);
      const page = await again.get('/link');
      // The code form, not the sign-in form (whose hidden return field is also named "code").
      expect(page.status).toBe(200);
      expect(page.body).toContain('<label for="code">Enter the code shown on your TV</label>');
      expect(page.body).toContain('Sign out admin');
      expect(page.body).not.toContain('name="password"');
    } finally {
      await server.close();
    }
  });

  it('starts again on a given dataDir and port', async () => {
    const first = await startTestServer({ dataDir: undefined, limits: RELAXED_LIMITS });
    const { token } = await linkTv(first.url);
    await first.server.close();
    const second = await startTestServer({
      dataDir: first.dataDir,
      port: first.port,
      limits: RELAXED_LIMITS,
    });
    try {
      expect(second.url).toBe(first.url);
      expect((await getWithToken(second.url, '/api/v2/user', token)).status).toBe(200);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

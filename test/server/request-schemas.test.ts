import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexErrorBody } from '../../src/protocol/plex-account';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { csrfOf, hiddenField, LinkBrowser } from '../support/link-browser';
import { adminBrowser, createPin, linkTv, newTv, plexQuery } from './helpers';

// A request that does not fit its route's JSON schema is a 400 from one place per scope, before any handler:
// Plex's error JSON on the plex.tv-shaped API and the progress routes, a page with the message (and the form
// again, with what was typed) on the /link website.

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ token } = await linkTv(server.url));
});

afterAll(async () => {
  await server?.close();
});

async function plexCall(path: string, init: RequestInit = {}, withToken = true) {
  const response = await fetch(`${server.url}${path}`, {
    ...init,
    headers: {
      Accept: 'application/json',
      ...(withToken ? { 'X-Plex-Token': token } : {}),
      ...init.headers,
    },
  });
  return { status: response.status, body: (await response.json()) as PlexErrorBody };
}

function badRequest(message: string): PlexErrorBody {
  return { errors: [{ code: 1031, message, status: 400 }] };
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('the plex.tv-shaped API', () => {
  it('answers a malformed id, a missing field or a wrong type with 400 in Plex error shape', async () => {
    const tv = newTv();
    expect(await plexCall(`/api/v2/pins/abc?${plexQuery(tv)}`, {}, false)).toEqual({
      status: 400,
      body: badRequest('The id is not valid.'),
    });
    const { pin } = await createPin(server.url, tv);
    expect(await plexCall(`/api/v2/pins/${pin.id}?wait=soon&${plexQuery(tv)}`, {}, false)).toEqual({
      status: 400,
      body: badRequest('wait must be a number.'),
    });
    expect(await plexCall('/api/v2/devices/12x', { method: 'DELETE' })).toEqual({
      status: 400,
      body: badRequest('The id is not valid.'),
    });
    const link = await plexCall(`/api/v2/pins/link?${plexQuery(newTv())}`, {
      method: 'PUT',
      headers: FORM,
      body: 'kode=ABCD',
    });
    expect(link).toEqual({ status: 400, body: badRequest('code is missing.') });
    const noBody = await plexCall(`/api/v2/pins/link?${plexQuery(newTv())}`, { method: 'PUT' });
    expect(noBody).toEqual({
      status: 400,
      body: badRequest("The request's body is missing or not a set of fields."),
    });
    const signIn = await plexCall(
      `/api/v2/users/signin?${plexQuery(newTv())}`,
      { method: 'POST', headers: FORM, body: 'login=admin' },
      false,
    );
    expect(signIn).toEqual({ status: 400, body: badRequest('password is missing.') });
  });

  it('checks the token before the schema: no token is 401 whatever the body', async () => {
    const link = await plexCall(
      `/api/v2/pins/link?${plexQuery(newTv())}`,
      { method: 'PUT', headers: FORM, body: 'kode=ABCD' },
      false,
    );
    expect(link.status).toBe(401);
  });

  it('a field sent twice is refused, not read as empty', async () => {
    const signIn = await plexCall(
      `/api/v2/users/signin?${plexQuery(newTv())}`,
      { method: 'POST', headers: FORM, body: `login=admin&login=bob&password=${TEST_ADMIN_PASSWORD}` },
      false,
    );
    expect(signIn).toEqual({ status: 400, body: badRequest('login must be given once, as text.') });
  });
});

describe('the progress routes', () => {
  it('answer a missing or malformed value with 400 in Plex error shape', async () => {
    expect(await plexCall('/:/timeline?ratingKey=1&state=playing')).toEqual({
      status: 400,
      body: badRequest('time is missing.'),
    });
    expect(await plexCall('/:/timeline?ratingKey=one&state=playing&time=5')).toEqual({
      status: 400,
      body: badRequest('ratingKey is not valid.'),
    });
    expect(await plexCall('/:/timeline?ratingKey=1&state=dancing&time=5')).toEqual({
      status: 400,
      body: badRequest('state must be playing or paused or buffering or stopped.'),
    });
    expect((await plexCall('/:/scrobble?identifier=com.plexapp.plugins.library')).status).toBe(400);
    expect((await plexCall('/:/unscrobble?key=x1')).status).toBe(400);
  });

  it('read a POSTed timeline from its form body too', async () => {
    const answer = await plexCall('/:/timeline', {
      method: 'POST',
      headers: FORM,
      body: 'ratingKey=1&state=playing',
    });
    expect(answer).toEqual({ status: 400, body: badRequest('time is missing.') });
  });
});

describe('the /link website', () => {
  it('a sign-in without a password shows the form again with the message and the username typed', async () => {
    const browser = new LinkBrowser(server.url);
    const form = await browser.get('/link/signin?code=BCDF-GHJK');
    const page = await browser.postForm('/link/signin', {
      csrf: csrfOf(form.body),
      username: 'ada',
      code: 'BCDF-GHJK',
    });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('The password is missing.');
    expect(page.body).toContain('name="username" value="ada"');
    expect(hiddenField(page.body, 'code')).toBe('BCDF-GHJK');
  });

  it('a sign-up without the second password keeps the username', async () => {
    const browser = new LinkBrowser(server.url);
    const form = await browser.get('/link/signup');
    const page = await browser.postForm('/link/signup', {
      csrf: csrfOf(form.body),
      username: 'grace',
      password: 'long-enough-1',
    });
    expect(page.status).toBe(400);
    expect(page.body).toContain('The password again is missing.');
    expect(page.body).toContain('value="grace"');
  });

  it('a code sent twice shows the code form again with the message', async () => {
    const browser = await adminBrowser(server.url);
    const csrf = csrfOf((await browser.get('/link')).body);
    const response = await fetch(`${server.url}/link`, {
      method: 'POST',
      headers: {
        ...FORM,
        Cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
      body: `csrf=${csrf}&code=BCDF&code=GHJK`,
    });
    const page = { status: response.status, body: await response.text() };
    expect(page.status).toBe(400);
    expect(page.body).toContain('The code must be given once, as text.');
    expect(page.body).toContain('name="code"');
  });

  it('the preferences form with a language sent twice says so and keeps the other language typed', async () => {
    const browser = await adminBrowser(server.url);
    const csrf = csrfOf((await browser.get('/link/preferences')).body);
    const response = await fetch(`${server.url}/link/preferences`, {
      method: 'POST',
      headers: {
        ...FORM,
        Cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
      body: `csrf=${csrf}&audioLanguage=fr&audioLanguage=de&subtitleLanguage=sv&subtitleMode=0`,
    });
    const body = await response.text();
    expect(response.status).toBe(400);
    expect(body).toContain('The audio language must be given once, as text.');
    expect(body).toContain('value="sv"');
  });

  it('a confirmation with neither Link nor Deny says so', async () => {
    const browser = await adminBrowser(server.url);
    const csrf = csrfOf((await browser.get('/link')).body);
    const page = await browser.postForm('/link/confirm', { csrf, code: 'BCDFGHJK', action: 'maybe' });
    expect(page.status).toBe(400);
    expect(page.body).toContain('The choice must be link or deny.');
  });

  it('a malformed device id is a 400 page, not a revoke of device 0', async () => {
    const browser = await adminBrowser(server.url);
    const csrf = csrfOf((await browser.get('/link/devices')).body);
    const page = await browser.postForm('/link/devices/abc/revoke', { csrf });
    expect(page.status).toBe(400);
    expect(page.body).toContain('The id is not valid.');
  });

  it('the share form keeps the address typed; a visitor who is not the owner sees no list', async () => {
    const owner = await adminBrowser(server.url);
    const csrf = csrfOf((await owner.get('/link/shared')).body);
    const page = await owner.postForm('/link/shared', { csrf, address: '127.0.0.9:32400' });
    expect(page.status).toBe(400);
    expect(page.body).toContain('The account is missing.');
    expect(page.body).toContain('value="127.0.0.9:32400"');

    const stranger = new LinkBrowser(server.url);
    const strangerCsrf = csrfOf((await stranger.get('/link')).body);
    const refused = await stranger.postForm('/link/shared', { csrf: strangerCsrf, address: 'x' });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('The account is missing.');
    expect(refused.body).not.toContain('Shared servers');
  });

  it('a form without CSRF still gets 403 (the schema does not require it)', async () => {
    const browser = new LinkBrowser(server.url);
    const page = await browser.postForm('/link/signin', { username: 'admin', password: 'x' });
    expect(page.status).toBe(403);
  });
});

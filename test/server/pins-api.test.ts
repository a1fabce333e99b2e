import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_ALPHABET } from '../../src/protocol/activation-code';
import { MAX_WAIT_SECONDS } from '../../src/server/link/pin-routes';
import { startTestServer, type TestServer } from '../support/home-server';
import { eventually } from '../support/media-fixtures';
import { adminBrowser, createPin, newTv, plexQuery, pollPin, RELAXED_LIMITS } from './helpers';

describe('pins API', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates a pin: 201 with the plex.tv shape', async () => {
    const tv = newTv();
    const { status, pin } = await createPin(server.url, tv);
    expect(status).toBe(201);
    expect(pin.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    expect(pin).toMatchObject({
      product: '0',
      trusted: false,
      qr: `${server.url}/api/v2/pins/qr/${pin.code}`,
      clientIdentifier: tv.clientIdentifier,
      location: null,
      expiresIn: 900,
      authToken: null,
      newRegistration: null,
    });
    expect(Number.isSafeInteger(pin.id)).toBe(true);
    const again = await fetch(`${server.url}/api/v2/pins?${plexQuery(tv)}`, { method: 'POST' });
    expect(again.headers.get('cache-control')).toBe('no-store');
    expect(Date.parse(pin.expiresAt) - Date.parse(pin.createdAt)).toBe(900_000);
  });

  it('refuses to create a pin without a client identifier (400, code 1000)', async () => {
    const response = await fetch(`${server.url}/api/v2/pins`, {
      method: 'POST',
      headers: { Accept: 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ code: 1000, message: 'X-Plex-Client-Identifier is missing', status: 400 }],
    });
  });

  it('reads X-Plex values from headers as well as from the query', async () => {
    const response = await fetch(`${server.url}/api/v2/pins`, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'X-Plex-Client-Identifier': 'header-tv',
        'X-Plex-Device-Name': 'Den TV',
      },
    });
    expect(response.status).toBe(201);
    expect((await response.json()).clientIdentifier).toBe('header-tv');
  });

  it('answers a pending pin with authToken null', async () => {
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    const polled = await pollPin(server.url, tv, pin.id);
    expect(polled.status).toBe(200);
    expect(polled.body).toMatchObject({ id: pin.id, code: pin.code, authToken: null });
  });

  it('answers 400 to a poll from another client identifier', async () => {
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    const polled = await pollPin(server.url, newTv(), pin.id);
    expect(polled.status).toBe(400);
    expect(polled.body.errors[0].status).toBe(400);
  });

  it('answers 404 in the Plex error shape for an unknown pin', async () => {
    const polled = await pollPin(server.url, newTv(), 123456789);
    expect(polled.status).toBe(404);
    expect(polled.body).toEqual({
      errors: [{ code: 1020, message: 'Code not found or expired', status: 404 }],
    });
  });

  it('serves a PNG QR code for a live code and 404 otherwise', async () => {
    const { pin } = await createPin(server.url, newTv());
    const qr = await fetch(pin.qr);
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await qr.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    const missing = await fetch(`${server.url}/api/v2/pins/qr/BCDFGHJK`);
    expect(missing.status).toBe(404);
  });

  it('answers a CORS preflight on /api/v2/user with the allowed headers', async () => {
    const response = await fetch(`${server.url}/api/v2/user`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'null',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'x-plex-token, x-plex-client-identifier',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of [
      'x-plex-token',
      'x-plex-client-identifier',
      'x-plex-device-name',
      'content-type',
      'accept',
    ]) {
      expect(allowed).toContain(header);
    }
    expect(response.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('exposes Retry-After to cross-origin callers', async () => {
    const response = await fetch(`${server.url}/identity`, { headers: { Origin: 'null' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('refuses a body over the size cap with 413', async () => {
    const response = await fetch(`${server.url}/api/v2/users/signin?${plexQuery(newTv())}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: `login=admin&password=${'x'.repeat(64 * 1024)}`,
    });
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].status).toBe(413);

    const browser = await adminBrowser(server.url);
    const page = await browser.postForm('/link', { code: 'x'.repeat(64 * 1024) });
    expect(page.status).toBe(413);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});

describe('pin expiry', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ pinTtlSeconds: 1, limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 404 once the pin expired, and /link refuses its code with 410', async () => {
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    expect(pin.expiresIn).toBe(1);
    const browser = await adminBrowser(server.url);
    const polled = await eventually(async () => {
      const answer = await pollPin(server.url, tv, pin.id);
      return answer.status !== 200 && answer;
    });
    expect(polled.status).toBe(404);
    expect(polled.body.errors[0].code).toBe(1020);

    const page = await browser.enterCode(pin.code);
    expect(page.status).toBe(410);
    expect(page.body).toContain('expired');
    expect((await fetch(pin.qr)).status).toBe(404);
  });

  it('ends a long-poll with 404 when the pin expires during the wait', async () => {
    const tv = newTv();
    const { pin } = await createPin(server.url, tv);
    // The wait asked for outlasts the test's timeout; the pin's 1 s life ends it.
    const polled = await pollPin(server.url, tv, pin.id, MAX_WAIT_SECONDS);
    expect(polled.status).toBe(404);
  });
});

describe('pin creation limit', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ limits: { pinCreatePerIp: { limit: 3, windowMs: 60_000 } } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 429 with Retry-After past the per-IP limit', async () => {
    for (let i = 0; i < 3; i++) expect((await createPin(server.url, newTv())).status).toBe(201);
    const response = await fetch(`${server.url}/api/v2/pins?${plexQuery(newTv())}`, { method: 'POST' });
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await response.json()).errors[0].status).toBe(429);
  });
});

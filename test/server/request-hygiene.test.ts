import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexUser } from '../../src/protocol/plex-account';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { adminBrowser, newTv, plexQuery, pollPin, RELAXED_LIMITS } from './helpers';

// What the server reads from a request and what it writes to its log (issue 8 items 7, 8, 11 and the extras):
// secrets redacted by their decoded names, device strings decoded as UTF-8 without control characters,
// text/plain bodies refused, routine polls kept out of the default log, forwarded addresses only from a
// trusted proxy. The X-Forwarded-For values below are documentation addresses, parsed and never contacted.

async function apiSignIn(url: string, init: { password?: string; headers?: Record<string, string> } = {}) {
  return fetch(`${url}/api/v2/users/signin?${plexQuery(newTv())}`, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
      ...init.headers,
    },
    body: new URLSearchParams({ login: 'admin', password: init.password ?? TEST_ADMIN_PASSWORD }).toString(),
  });
}

/** POST /api/v2/pins with one header sent as raw bytes (Node writes a Latin-1 string byte for byte). */
function createPinWithRawHeader(url: string, query: string, name: string, bytes: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}/api/v2/pins?${query}`, {
      method: 'POST',
      headers: { Accept: 'application/json', [name]: bytes.toString('latin1') },
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve((JSON.parse(body) as { id: number }).id));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('request hygiene', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    await server.close();
  });

  it('redacts tokens and passwords by their decoded names, however the name is encoded', async () => {
    const { authToken } = (await (await apiSignIn(server.url)).json()) as PlexUser;
    const variants = [
      'X-Plex-Token',
      'X%2DPlex%2DToken',
      '%58-Plex-Token',
      'x-plex-token',
      'X%252DPlex-Token',
    ];
    for (const name of variants.slice(0, 4)) {
      // The server reads each of these as the token, so each must be hidden.
      const answer = await fetch(`${server.url}/api/v2/user?${name}=${authToken}`, {
        headers: { Accept: 'application/json' },
      });
      expect(answer.status, name).toBe(200);
    }
    await fetch(`${server.url}/api/v2/user?${variants[4]}=${authToken}`);
    await fetch(
      `${server.url}/link/signin?username=admin&password=${TEST_ADMIN_PASSWORD}&pass%77ord=${TEST_ADMIN_PASSWORD}`,
    );

    const lines = server.logLines.filter(
      (line) => line.includes('/api/v2/user?') || line.includes('/link/signin?'),
    );
    expect(lines.length).toBe(6);
    for (const line of server.logLines) {
      expect(line).not.toContain(authToken);
      expect(line).not.toContain(TEST_ADMIN_PASSWORD);
    }
    expect(lines).toContainEqual(expect.stringContaining('%58-Plex-Token=<redacted>'));
    expect(lines).toContainEqual(expect.stringContaining('username=admin&password=<redacted>'));
  });

  it('reads raw UTF-8 device names as UTF-8 and strips control characters', async () => {
    const tv = newTv('placeholder');
    const query = plexQuery(tv).replace(/&X-Plex-Device-Name=[^&]*/, '');
    const name = 'Küche · 客厅 📺';
    const pinId = await createPinWithRawHeader(
      server.url,
      query,
      'X-Plex-Device-Name',
      Buffer.from(name, 'utf8'),
    );
    const nulTv = newTv('Den\u0000\u202eVT\u001b[31m');
    const nulPin = (await (
      await fetch(`${server.url}/api/v2/pins?${plexQuery(nulTv)}`, {
        method: 'POST',
        headers: { Accept: 'application/json' },
      })
    ).json()) as { id: number; code: string };

    const browser = await adminBrowser(server.url);
    const polled = await pollPin(server.url, tv, pinId);
    expect(polled.status).toBe(200);
    const page = await browser.enterCode(polled.body.code);
    expect(page.status).toBe(200);
    expect(page.body).toContain(name);

    const nulPage = await browser.enterCode(nulPin.code);
    expect(nulPage.status).toBe(200);
    expect(nulPage.body).toContain('DenVT[31m');
    for (const unprintable of ['\u0000', '\u001b', '\u202e']) expect(nulPage.body).not.toContain(unprintable);
  });

  it('refuses a text/plain body with 415 instead of reading it as no fields', async () => {
    const api = await fetch(`${server.url}/api/v2/users/signin?${plexQuery(newTv())}`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'text/plain' },
      body: `login=admin&password=${TEST_ADMIN_PASSWORD}`,
    });
    expect(api.status).toBe(415);
    const page = await fetch(`${server.url}/link/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'username=admin',
    });
    expect(page.status).toBe(415);
    expect(await page.text()).toContain('<h1>');
  });
});

describe('routine requests in the log', () => {
  it('leaves pin polls out at the default level and logs them at debug', async () => {
    for (const logLevel of ['info', 'debug'] as const) {
      const server = await startTestServer({ logLevel });
      try {
        const tv = newTv();
        const created = await fetch(`${server.url}/api/v2/pins?${plexQuery(tv)}`, {
          method: 'POST',
          headers: { Accept: 'application/json' },
        });
        const { id } = (await created.json()) as { id: number };
        for (let i = 0; i < 3; i++) expect((await pollPin(server.url, tv, id)).status).toBe(200);
        const polls = server.logLines.filter((line) => line.startsWith(`GET /api/v2/pins/${id}?`));
        expect(server.logLines.some((line) => line.startsWith('POST /api/v2/pins?'))).toBe(true);
        expect(polls.length).toBe(logLevel === 'info' ? 0 : 3);
      } finally {
        await server.close();
      }
    }
  });
});

describe('addresses behind a reverse proxy', () => {
  const limits = { ...RELAXED_LIMITS, signInPerIp: { limit: 2, windowMs: 60_000 } };
  const from = (address: string) => ({ 'X-Forwarded-For': address });

  it('ignores X-Forwarded-For by default, so a client cannot dodge its limit with it', async () => {
    const server = await startTestServer({ limits });
    try {
      for (let i = 0; i < 2; i++) {
        expect(
          (await apiSignIn(server.url, { password: 'wrong-one', headers: from(`203.0.113.${i}`) })).status,
        ).toBe(401);
      }
      expect(
        (await apiSignIn(server.url, { password: 'wrong-one', headers: from('203.0.113.9') })).status,
      ).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('counts per forwarded client when TRUST_PROXY names the proxy', async () => {
    const server = await startTestServer({ limits, trustProxy: ['127.0.0.1'] });
    try {
      for (let i = 0; i < 2; i++) {
        expect(
          (await apiSignIn(server.url, { password: 'wrong-one', headers: from('203.0.113.5') })).status,
        ).toBe(401);
      }
      expect(
        (await apiSignIn(server.url, { password: 'wrong-one', headers: from('203.0.113.5') })).status,
      ).toBe(429);
      expect(
        (await apiSignIn(server.url, { password: 'wrong-one', headers: from('203.0.113.6') })).status,
      ).toBe(401);
    } finally {
      await server.close();
    }
  });
});

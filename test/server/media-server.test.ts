import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { startTestServer, type TestServer } from '../support/home-server';
import { getWithToken, linkTv, RELAXED_LIMITS } from './helpers';

describe('media server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS, tvAppDir: null, emulatorDir: null });
  });
  afterAll(async () => {
    await server.close();
  });

  it('GET /identity needs no token and names this server', async () => {
    const response = await fetch(`${server.url}/identity`, { headers: { Accept: 'application/json' } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      MediaContainer: {
        size: 0,
        claimed: true,
        machineIdentifier: expect.stringMatching(/^[0-9a-f-]{36}$/),
        version: packageJson.version,
        // An addition to PMS's answer, so a LAN scan can name the server it found.
        friendlyName: expect.stringMatching(/^Marquee Home Server \(.+\)$/),
      },
    });
  });

  it('GET / needs a valid token (header or query); a browser without one is sent to /link', async () => {
    const { token } = await linkTv(server.url);
    expect((await getWithToken(server.url, '/', token)).status).toBe(200);
    expect((await fetch(`${server.url}/?X-Plex-Token=${token}`)).status).toBe(200);

    const noToken = await fetch(`${server.url}/`, { headers: { Accept: 'application/json' } });
    expect(noToken.status).toBe(401);
    expect((await noToken.json()).errors[0].code).toBe(1001);
    expect((await getWithToken(server.url, '/', 'not-a-token')).status).toBe(401);

    const browser = await fetch(`${server.url}/`, {
      headers: { Accept: 'text/html,*/*' },
      redirect: 'manual',
    });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/link');
  });

  it('says the TV app is not built when its bundle is missing', async () => {
    for (const path of ['/tv/', '/tv', '/tv/index.html']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('The TV app is not built: run npm run build');
    }
    const emulator = await fetch(`${server.url}/emulator/`);
    expect(emulator.status).toBe(404);
    expect(await emulator.text()).toContain('not built');
  });

  it('unknown API routes answer 404 in the Plex error shape; unknown pages as HTML', async () => {
    const api = await fetch(`${server.url}/api/v2/nothing`);
    expect(api.status).toBe(404);
    expect((await api.json()).errors[0].status).toBe(404);
    const page = await fetch(`${server.url}/link/nothing`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});

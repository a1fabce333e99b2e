import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/home-server';
import { parseXml } from '../support/plex-xml';
import { linkTv, newTv, RELAXED_LIMITS } from './helpers';

// A path no route answers under the media server's paths is Plex's 404 in the format the request asks for
// (src/server/media/unknown-paths.ts, docs/protocol.md#answer-format): XML by default, JSON for
// Accept: application/json. The plex.tv-shaped API keeps its JSON 404 and /link its HTML page.

describe('unknown paths', () => {
  let server: TestServer;
  let token: string;

  const get = (path: string, accept?: string) => {
    const headers: Record<string, string> = { 'X-Plex-Token': token };
    if (accept) headers.Accept = accept;
    return fetch(`${server.url}${path}`, { headers });
  };

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS, tvAppDir: null, emulatorDir: null });
    token = (await linkTv(server.url, newTv())).token;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('under the media server: XML without an Accept header, as PMS answers everything', async () => {
    for (const path of [
      '/library/nothing',
      '/library/sections/1/nothing/here',
      '/hubs/nothing',
      '/:/nothing',
      '/system/agents',
      '/playlists',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toBe('text/xml;charset=utf-8');
      const root = parseXml(await response.text());
      expect(root.name, path).toBe('errors');
      expect(root.children[0]?.name, path).toBe('error');
      expect(root.children[0]?.attributes.code, path).toBe('1030');
    }
    // A client that asks for XML gets the same.
    const xml = await get('/library/nothing', 'application/xml');
    expect(xml.headers.get('content-type')).toBe('text/xml;charset=utf-8');
  });

  it('under the media server: JSON for Accept: application/json, with PMS’s exact type', async () => {
    const response = await get('/library/nothing?X-Plex-Container-Size=5', 'application/json');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      errors: [{ code: 1030, message: 'Not found', status: 404 }],
    });
  });

  it('elsewhere the 404s are as they were: JSON for the account API and other paths, HTML under /link', async () => {
    for (const path of ['/api/v2/nothing', '/nothing']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(((await response.json()) as { errors: { code: number }[] }).errors[0].code, path).toBe(1030);
    }
    const page = await get('/link/nothing');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/home-server';

describe('static apps', () => {
  let server: TestServer;
  let tvAppDir: string;

  beforeAll(async () => {
    tvAppDir = await mkdtemp(join(tmpdir(), 'marquee-tv-'));
    await writeFile(join(tvAppDir, 'index.html'), '<!doctype html><title>TV</title>');
    await writeFile(join(tvAppDir, 'app.js'), 'console.log(1)');
    server = await startTestServer({ tvAppDir, emulatorDir: null });
  });
  afterAll(async () => {
    await server.close();
    await rm(tvAppDir, { recursive: true, force: true });
  });

  it('serves the TV bundle at /tv/ with index.html, and redirects /tv to /tv/', async () => {
    const index = await fetch(`${server.url}/tv/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>TV</title>');
    expect((await fetch(`${server.url}/tv/app.js`)).status).toBe(200);
    const bare = await fetch(`${server.url}/tv`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/tv/');
  });
});

// What a copy of DATA_DIR gives away: no token or cookie a client holds, and nothing readable by other users.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/database';
import { MIGRATIONS } from '../../src/server/db/migrations';
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { csrfOf } from '../support/link-browser';
import {
  adminBrowser,
  createPin,
  getWithToken,
  linkTv,
  newTv,
  pollPin,
  RELAXED_LIMITS,
  signInToken,
} from './helpers';

/** Every regular file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** "file: secret" for each secret found in the raw bytes of any file under `dir`. */
function secretsFoundUnder(dir: string, secrets: string[]): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const secret of secrets) if (bytes.includes(secret)) found.push(`${file}: ${secret}`);
  }
  return found;
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('secrets at rest', () => {
  let parent: string;
  let dataDir: string;
  let server: TestServer;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'marquee-secrets-'));
    dataDir = join(parent, 'data'); // not there yet: the server creates it
    server = await startTestServer({ dataDir, limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    await server.close();
    await rm(parent, { recursive: true, force: true });
  });

  it('no token, session cookie or CSRF value a client was given is in any file of DATA_DIR, running or closed', async () => {
    const secrets: string[] = [];
    for (let i = 0; i < 4; i++) secrets.push((await linkTv(server.url, newTv(`TV ${i}`))).token);
    for (let i = 0; i < 3; i++) secrets.push(await signInToken(server.url, 'admin', TEST_ADMIN_PASSWORD));
    for (let i = 0; i < 3; i++) {
      const browser = await adminBrowser(server.url);
      secrets.push(browser.cookies.get('marquee_session') as string);
      secrets.push(csrfOf((await browser.get('/link')).body));
    }
    expect(new Set(secrets).size).toBe(secrets.length);
    for (const token of secrets.slice(0, 7)) {
      expect((await getWithToken(server.url, '/api/v2/user', token)).status).toBe(200);
    }

    const files = filesUnder(dataDir).map((file) => file.slice(dataDir.length + 1));
    expect(files).toEqual(expect.arrayContaining(['marquee.db', 'marquee.db-wal', 'marquee.db-shm']));
    expect(secretsFoundUnder(dataDir, secrets)).toEqual([]);

    await server.stop();
    expect(filesUnder(dataDir)).toContain(join(dataDir, 'marquee.db'));
    expect(secretsFoundUnder(dataDir, secrets)).toEqual([]);
    await server.start();
  });

  it('DATA_DIR it created is 0700; the database, its -wal and -shm and every file it writes are 0600', async () => {
    await linkTv(server.url);
    expect(modeOf(dataDir)).toBe(0o700);
    const files = filesUnder(dataDir);
    expect(files).toContain(join(dataDir, 'marquee.db-wal'));
    for (const file of files) expect({ file, mode: modeOf(file) }).toEqual({ file, mode: 0o600 });

    await server.restart();
    for (const file of filesUnder(dataDir))
      expect({ file, mode: modeOf(file) }).toEqual({ file, mode: 0o600 });
  });

  it('a lost poll answer: polling the linked pin again hands a fresh working token and retires the first', async () => {
    const tv = newTv('Lossy TV');
    const { pin } = await createPin(server.url, tv);
    const browser = await adminBrowser(server.url);
    await browser.enterCode(pin.code);
    expect((await browser.confirm('link')).status).toBe(200);
    expect((await browser.get('/link/devices')).body).toContain('Lossy TV');

    const first = (await pollPin(server.url, tv, pin.id)).body.authToken as string;
    const second = (await pollPin(server.url, tv, pin.id)).body.authToken as string;
    expect(first).toEqual(expect.any(String));
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    expect((await getWithToken(server.url, '/api/v2/user', second)).status).toBe(200);
    expect((await getWithToken(server.url, '/api/v2/user', first)).status).toBe(401);

    const devices = await (await getWithToken(server.url, '/api/v2/devices', second)).json();
    expect(devices.filter((device: { name: string }) => device.name === 'Lossy TV')).toHaveLength(1);
  });

  it('a TV removed on the devices page before it collected its token gets 404, not a token', async () => {
    const tv = newTv('Removed Early TV');
    const { pin } = await createPin(server.url, tv);
    const browser = await adminBrowser(server.url);
    await browser.enterCode(pin.code);
    expect((await browser.confirm('link')).status).toBe(200);
    const page = await browser.get('/link/devices');
    const id = /<strong>Removed Early TV<\/strong>[\s\S]*?\/link\/devices\/(\d+)\/revoke/.exec(
      page.body,
    )?.[1];
    expect(id).toBeDefined();
    const revoked = await browser.postForm(`/link/devices/${id}/revoke`, { csrf: csrfOf(page.body) });
    expect(revoked.status).toBe(303);

    const polled = await pollPin(server.url, tv, pin.id);
    expect(polled.status).toBe(404);
    expect(polled.body.authToken).toBeUndefined();
  });
});

describe('a database from before tokens were hashed at approval', () => {
  it('opening it removes the raw tokens and CSRF secrets it held, from every file, freed pages too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'marquee-legacy-'));
    try {
      const legacy = new BetterSqlite3(join(dir, 'marquee.db'));
      legacy.pragma('journal_mode = WAL');
      for (const step of MIGRATIONS.slice(0, 2)) legacy.exec(step);
      legacy.pragma('user_version = 2');
      legacy.exec(`INSERT INTO accounts VALUES (1, 'admin', 'x', 'uuid-1', 0)`);
      const addPin = legacy.prepare(
        `INSERT INTO pins (id, code, client_identifier, device_name, product, version, platform, platform_version,
           device, model, requester_ip, created_at, expires_at, state, account_id, auth_token)
         VALUES (?, ?, 'tv', 'TV', 'Marquee', '1', 'Tizen', '6', 'TV', 'TV', '127.0.0.1', 0, ?, 'linked', 1, ?)`,
      );
      const secrets: string[] = [];
      for (let i = 0; i < 300; i++) {
        const token = `legacy-raw-token-${i}-${Math.random().toString(36).slice(2)}`;
        secrets.push(token);
        addPin.run(i + 1, `CODE${i}`, Date.now() + 60_000, token);
      }
      legacy.exec('DELETE FROM pins WHERE id > 10'); // freed pages, written before secure_delete was on
      const csrf = `legacy-csrf-secret-${Math.random().toString(36).slice(2)}`;
      legacy.prepare(`INSERT INTO web_sessions VALUES ('hash', 1, ?, 0, ?)`).run(csrf, Date.now() + 60_000);
      secrets.push(csrf);
      legacy.close();
      // The file holds the live ones and copies of many deleted ones.
      expect(secretsFoundUnder(dir, secrets).length).toBeGreaterThan(100);

      const db = openDatabase(dir);
      const pinColumns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('pins');
      expect(pinColumns).not.toContain('auth_token');
      expect(db.prepare('SELECT count(*) FROM pins').pluck().get()).toBe(10);
      expect(secretsFoundUnder(dir, secrets)).toEqual([]);
      db.close();
      expect(secretsFoundUnder(dir, secrets)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

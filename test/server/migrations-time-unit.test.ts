import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlexMetadata, PlexSection } from '../../src/protocol/plex-media';
import { AccountStore } from '../../src/server/db/account-store';
import { DATABASE_FILE, openDatabase } from '../../src/server/db/database';
import { DeviceStore } from '../../src/server/db/device-store';
import { LibraryStore } from '../../src/server/db/library-store';
import { MIGRATIONS } from '../../src/server/db/migrations';
import { PinStore } from '../../src/server/db/pin-store';
import { SharedServerStore } from '../../src/server/db/shared-server-store';
import { WatchStateStore } from '../../src/server/db/watch-state-store';
import { WebSessionStore } from '../../src/server/db/web-session-store';
import { hashPassword } from '../../src/server/link/passwords';
import { startMediaServer, TEST_ADMIN_PASSWORD, type TestServer } from '../support/home-server';
import { getWithToken, linkTv } from './helpers';

// The steps that name the time unit in the columns (docs/architecture.md#storage-and-time): a database made by
// the steps before one, with rows in it, opens with the same instants read back through the stores (and, for
// the library, over HTTP in the wire's seconds).

const CREATED = 1_700_000_000_123;
const SEEN = 1_700_000_500_456;
const REVOKED = 1_700_000_900_789;
const EXPIRES = 4_100_000_000_001; // far ahead, so the pin and the session are live when read back

const TIME_COLUMNS = {
  accounts: ['created_at_ms'],
  devices: ['created_at_ms', 'last_seen_at_ms', 'revoked_at_ms'],
  pins: ['created_at_ms', 'expires_at_ms'],
  web_sessions: ['created_at_ms', 'expires_at_ms'],
  shared_servers: ['created_at_ms', 'pin_expires_at_ms'],
};

/** A fresh data dir whose database ran every step before the one whose SQL contains `stepSql`. */
async function dataDirBeforeStep(stepSql: string): Promise<{ dir: string; before: BetterSqlite3.Database }> {
  const step = MIGRATIONS.findIndex((sql) => sql.includes(stepSql));
  expect(step).toBeGreaterThan(0);
  const dir = await mkdtemp(join(tmpdir(), 'marquee-migrate-'));
  const before = new BetterSqlite3(join(dir, DATABASE_FILE));
  for (const sql of MIGRATIONS.slice(0, step)) before.exec(sql);
  before.pragma(`user_version = ${step}`);
  return { dir, before };
}

/** The admin account the test servers' TVs link with, in a database the link tables' step has run on. */
async function insertAdmin(db: BetterSqlite3.Database): Promise<void> {
  db.prepare(
    'INSERT INTO accounts (id, username, password_hash, uuid, created_at_ms) VALUES (1, ?, ?, ?, ?)',
  ).run('admin', await hashPassword(TEST_ADMIN_PASSWORD), 'u-admin', CREATED);
}

/** The home server on a migrated data dir, and a GET of a MediaContainer as a linked TV. */
async function serverOn(dir: string) {
  const mediaDir = join(dir, 'media');
  await mkdir(mediaDir);
  const server = await startMediaServer(mediaDir, { dataDir: dir });
  const { token } = await linkTv(server.url);
  const get = async (path: string) =>
    (await (await getWithToken(server.url, path, token)).json()).MediaContainer;
  return { server, get };
}

/** What a test made: its data dir and, for the library's steps, the server started on it (closed after each). */
let dir = '';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

describe('migration: instants in milliseconds, named _ms', () => {
  it('keeps every instant of the link tables and renames their columns', async () => {
    const made = await dataDirBeforeStep('RENAME COLUMN created_at TO created_at_ms');
    dir = made.dir;
    const before = made.before;
    before.exec(`
      INSERT INTO accounts (id, username, password_hash, uuid, created_at) VALUES (1, 'ada', 'x', 'u-1', ${CREATED});
      INSERT INTO devices (id, account_id, client_identifier, name, product, platform, platform_version, device,
          model, token_hash, created_at, last_seen_at, last_seen_ip, revoked_at)
        VALUES (1, 1, 'tv-1', 'Live TV', 'Marquee', 'Tizen', '6', 'TV', 'TV', 'hash-1', ${CREATED}, ${SEEN},
          '127.0.0.1', NULL),
        (2, 1, 'tv-2', 'Gone TV', 'Marquee', 'Tizen', '6', 'TV', 'TV', 'hash-2', ${CREATED}, ${SEEN},
          '127.0.0.1', ${REVOKED});
      INSERT INTO pins (id, code, client_identifier, device_name, product, version, platform, platform_version,
          device, model, requester_ip, created_at, expires_at)
        VALUES (7, 'ABCDEFGH', 'tv-3', 'TV', 'Marquee', '1', 'Tizen', '6', 'TV', 'TV', '127.0.0.1', ${CREATED},
          ${EXPIRES});
      INSERT INTO web_sessions (id_hash, account_id, created_at, expires_at) VALUES ('s-1', 1, ${CREATED}, ${EXPIRES});
      INSERT INTO shared_servers (id, account_id, address, machine_identifier, name, client_identifier, pin_id,
          pin_code, pin_expires_at, created_at)
        VALUES (3, 1, 'http://127.0.0.2:32400', 'm-1', 'Other', 'c-1', 9, 'WXYZ', ${EXPIRES}, ${CREATED});
    `);
    before.close();

    const db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      for (const [table, columns] of Object.entries(TIME_COLUMNS)) {
        const names = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
        expect(names, table).toEqual(expect.arrayContaining(columns));
        expect(
          names.filter((name) => /_at$/.test(name)),
          `${table} keeps no time column without its unit`,
        ).toEqual([]);
      }

      expect(new AccountStore(db).findById(1)?.createdAt).toBe(CREATED);
      const devices = new DeviceStore(db);
      expect(devices.listLive(1)).toMatchObject([
        { id: 1, createdAt: CREATED, lastSeenAt: SEEN, revokedAt: null },
      ]);
      expect(db.prepare('SELECT revoked_at_ms FROM devices WHERE id = 2').pluck().get()).toBe(REVOKED);
      const pins = new PinStore(db);
      expect(pins.findById(7)).toMatchObject({ createdAt: CREATED, expiresAt: EXPIRES });
      expect(pins.isCodeLive('ABCDEFGH', EXPIRES - 1)).toBe(true);
      expect(pins.isCodeLive('ABCDEFGH', EXPIRES)).toBe(false);
      expect(new WebSessionStore(db).findLive('s-1', CREATED)).toEqual({
        idHash: 's-1',
        accountId: 1,
        createdAt: CREATED,
        expiresAt: EXPIRES,
      });
      expect(new SharedServerStore(db).findById(3)).toMatchObject({
        pinExpiresAt: EXPIRES,
        createdAt: CREATED,
      });
    } finally {
      db.close();
    }
  });
});

// The library tables held epoch seconds (parts' mtime milliseconds) before their step.
const SECTION_CREATED_S = 1_600_000_001;
const SECTION_UPDATED_S = 1_600_000_002;
const SECTION_SCANNED_S = 1_600_000_003;
const ADDED_S = 1_650_000_000;
const UPDATED_S = 1_650_000_500;
const VIEWED_S = 1_690_000_000;
const MTIME_MS = 1_640_000_000_789;
const MOVIE_FILE = 'synthetic:Old Films/Old Film (1999).mp4';

const LIBRARY_TIME_COLUMNS = {
  library_sections: ['created_at_ms', 'updated_at_ms', 'scanned_at_ms'],
  library_items: ['added_at_ms', 'updated_at_ms'],
  library_parts: ['mtime_ms'],
  watch_state: ['last_viewed_at_ms'],
};

describe('migration: the library tables in milliseconds, named _ms', () => {
  /** A data dir whose database ran the steps before the library's, with a section, two movies, a part and watch state. */
  async function databaseBeforeLibraryStep(): Promise<void> {
    const made = await dataDirBeforeStep('RENAME COLUMN added_at TO added_at_ms');
    dir = made.dir;
    const before = made.before;
    await insertAdmin(before);
    before.exec(`
      INSERT INTO library_sections (id, folder, title, type, uuid, created_at, updated_at, scanned_at)
        VALUES (1, 'synthetic:Old Films', 'Old Films', 'movie', 'uuid-old', ${SECTION_CREATED_S},
          ${SECTION_UPDATED_S}, ${SECTION_SCANNED_S});
      INSERT INTO library_items (id, section_id, type, identity, title, title_sort, year, summary, added_at,
          updated_at, duration)
        VALUES (1, 1, 'movie', 'movie:old', 'Old Film', 'Old Film', 1999, '', ${ADDED_S}, ${UPDATED_S}, 600000),
          (2, 1, 'movie', 'movie:older', 'Older Film', 'Older Film', 1998, '', ${ADDED_S - 10}, ${ADDED_S - 10},
          600000);
      INSERT INTO library_parts (id, item_id, section_id, file, size, mtime, container, duration)
        VALUES (1, 1, 1, '${MOVIE_FILE}', 1000, ${MTIME_MS}, 'mp4', 600000);
      INSERT INTO watch_state (account_id, item_id, view_offset, view_count, last_viewed_at)
        VALUES (1, 1, 5000, 0, ${VIEWED_S}), (1, 2, 0, 1, NULL);
    `);
    before.close();
  }

  it('multiplies the seconds by 1000, keeps part mtimes, renames every column and keeps the indexes', async () => {
    await databaseBeforeLibraryStep();
    const db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      for (const [table, columns] of Object.entries(LIBRARY_TIME_COLUMNS)) {
        const names = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
        expect(names, table).toEqual(expect.arrayContaining(columns));
        expect(
          names.filter((name) => /_at$|^mtime$/.test(name)),
          `${table} keeps no time column without its unit`,
        ).toEqual([]);
      }
      const indexed = (index: string) =>
        db.prepare('SELECT name FROM pragma_index_info(?)').pluck().all(index) as string[];
      expect(indexed('library_items_by_added')).toContain('added_at_ms');
      expect(indexed('library_items_recent')).toContain('added_at_ms');
      expect(indexed('library_items_by_updated')).toContain('updated_at_ms');
      expect(indexed('watch_state_by_recent')).toContain('last_viewed_at_ms');

      const store = new LibraryStore(db);
      expect(store.section(1)).toMatchObject({
        created_at_ms: SECTION_CREATED_S * 1000,
        updated_at_ms: SECTION_UPDATED_S * 1000,
        scanned_at_ms: SECTION_SCANNED_S * 1000,
      });
      expect(store.item(1)).toMatchObject({ added_at_ms: ADDED_S * 1000, updated_at_ms: UPDATED_S * 1000 });
      expect(store.partByFile(MOVIE_FILE)?.mtime_ms).toBe(MTIME_MS);
      const states = new WatchStateStore(db).forItems(1, [1, 2]);
      expect(states.get(1)).toMatchObject({ viewOffsetMs: 5000, lastViewedAtMs: VIEWED_S * 1000 });
      expect(states.get(2)).toMatchObject({ viewCount: 1, lastViewedAtMs: null });
    } finally {
      db.close();
    }
  });

  it('answers over HTTP with the same seconds as before the step', async () => {
    await databaseBeforeLibraryStep();
    const started = await serverOn(dir);
    server = started.server;
    const { get } = started;

    const sections = (await get('/library/sections')).Directory as PlexSection[];
    expect(sections.find((section) => section.title === 'Old Films')).toMatchObject({
      createdAt: SECTION_CREATED_S,
      updatedAt: SECTION_UPDATED_S,
      scannedAt: SECTION_SCANNED_S,
    });
    const movie = (await get('/library/metadata/1')).Metadata[0] as PlexMetadata;
    expect(movie).toMatchObject({
      addedAt: ADDED_S,
      updatedAt: UPDATED_S,
      lastViewedAt: VIEWED_S,
      viewOffset: 5000,
      thumb: `/library/metadata/1/thumb/${UPDATED_S}`,
    });
    expect(movie.Media?.[0].Part[0].key).toBe(`/library/parts/1/${Math.floor(MTIME_MS / 1000)}/file.mp4`);

    // A date filter in the wire's seconds still splits at the same second.
    const titles = async (filter: string) =>
      ((await get(`/library/sections/1/all?${filter}`)).Metadata ?? []).map((m: PlexMetadata) => m.title);
    expect(await titles(`addedAt>>=${ADDED_S - 1}`)).toEqual(['Old Film']);
    expect(await titles(`addedAt>>=${ADDED_S}`)).toEqual([]);
    expect(await titles(`addedAt<<=${ADDED_S}`)).toEqual(['Older Film']);
    expect(await titles('sort=addedAt:desc')).toEqual(['Old Film', 'Older Film']);
  });
});

// Durations and offsets held milliseconds without the suffix before their step; the step only renames them.
const ITEM_DURATION_MS = 5_400_123;
const PART_DURATION_MS = 5_400_456;
const OFFSET_MS = 754_321;
const LENGTH_COLUMNS = {
  library_items: ['duration_ms'],
  library_parts: ['duration_ms'],
  watch_state: ['view_offset_ms'],
};

describe('migration: durations and offsets named _ms', () => {
  /** A data dir whose database ran the steps before the durations' step, with a movie, its part and an offset. */
  async function databaseBeforeLengthStep(): Promise<void> {
    const made = await dataDirBeforeStep('RENAME COLUMN duration TO duration_ms');
    dir = made.dir;
    const before = made.before;
    await insertAdmin(before);
    before.exec(`
      INSERT INTO library_sections (id, folder, title, type, uuid, created_at_ms, updated_at_ms, scanned_at_ms)
        VALUES (1, 'synthetic:Long Films', 'Long Films', 'movie', 'uuid-long', ${CREATED}, ${CREATED}, ${CREATED});
      INSERT INTO library_items (id, section_id, type, identity, title, title_sort, year, summary, added_at_ms,
          updated_at_ms, duration)
        VALUES (1, 1, 'movie', 'movie:long', 'Long Film', 'Long Film', 2001, '', ${CREATED}, ${CREATED},
          ${ITEM_DURATION_MS}),
          (2, 1, 'movie', 'movie:short', 'Short Film', 'Short Film', 2002, '', ${CREATED}, ${CREATED}, 60000);
      INSERT INTO library_parts (id, item_id, section_id, file, size, mtime_ms, container, duration)
        VALUES (1, 1, 1, 'synthetic:Long Films/Long Film (2001).mp4', 1000, ${CREATED}, 'mp4', ${PART_DURATION_MS});
      INSERT INTO watch_state (account_id, item_id, view_offset, view_count, last_viewed_at_ms)
        VALUES (1, 1, ${OFFSET_MS}, 0, ${SEEN});
    `);
    before.close();
  }

  it('keeps every duration and offset, renames the columns and keeps the duration index', async () => {
    await databaseBeforeLengthStep();
    const db = openDatabase(dir);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      for (const [table, columns] of Object.entries(LENGTH_COLUMNS)) {
        const names = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
        expect(names, table).toEqual(expect.arrayContaining(columns));
        expect(
          names.filter((name) => name === 'duration' || name === 'view_offset'),
          `${table} keeps no length of time without its unit`,
        ).toEqual([]);
      }
      expect(
        db.prepare('SELECT name FROM pragma_index_info(?)').pluck().all('library_items_by_duration'),
      ).toContain('duration_ms');
      const store = new LibraryStore(db);
      expect(store.item(1)?.duration_ms).toBe(ITEM_DURATION_MS);
      expect(store.part(1)?.duration_ms).toBe(PART_DURATION_MS);
      const states = new WatchStateStore(db);
      expect(states.forItems(1, [1]).get(1)).toMatchObject({ viewOffsetMs: OFFSET_MS, lastViewedAtMs: SEEN });
      expect(states.inProgress(1, 10).map((state) => state.itemId)).toEqual([1]);
    } finally {
      db.close();
    }
  });

  it('answers over HTTP with the same durations and offset as before the step', async () => {
    await databaseBeforeLengthStep();
    const started = await serverOn(dir);
    server = started.server;
    const { get } = started;

    const movie = (await get('/library/metadata/1')).Metadata[0] as PlexMetadata;
    expect(movie).toMatchObject({ duration: ITEM_DURATION_MS, viewOffset: OFFSET_MS });
    expect(movie.Media?.[0]).toMatchObject({ duration: PART_DURATION_MS });
    expect(movie.Media?.[0].Part[0]).toMatchObject({ duration: PART_DURATION_MS });

    // Filters and sorts on duration and progress read the renamed columns.
    const titles = async (filter: string) =>
      ((await get(`/library/sections/1/all?${filter}`)).Metadata ?? []).map((m: PlexMetadata) => m.title);
    expect(await titles(`duration>>=${ITEM_DURATION_MS - 1}`)).toEqual(['Long Film']);
    expect(await titles('sort=duration:desc')).toEqual(['Long Film', 'Short Film']);
    expect(await titles('inProgress=1')).toEqual(['Long Film']);
  });
});

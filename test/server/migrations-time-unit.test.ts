import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountStore } from '../../src/server/db/account-store';
import { DATABASE_FILE, openDatabase } from '../../src/server/db/database';
import { DeviceStore } from '../../src/server/db/device-store';
import { MIGRATIONS } from '../../src/server/db/migrations';
import { PinStore } from '../../src/server/db/pin-store';
import { SharedServerStore } from '../../src/server/db/shared-server-store';
import { WebSessionStore } from '../../src/server/db/web-session-store';

// The step that names the time unit in the columns (docs/architecture.md#storage-and-time): a database made by
// the steps before it, with rows in it, opens with the same instants read back through the stores.

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

describe('migration: instants in milliseconds, named _ms', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every instant of the link tables and renames their columns', async () => {
    const step = MIGRATIONS.findIndex((sql) => sql.includes('RENAME COLUMN created_at TO created_at_ms'));
    expect(step).toBeGreaterThan(0);
    dir = await mkdtemp(join(tmpdir(), 'marquee-migrate-ms-'));
    const before = new BetterSqlite3(join(dir, DATABASE_FILE));
    for (const sql of MIGRATIONS.slice(0, step)) before.exec(sql);
    before.pragma(`user_version = ${step}`);
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

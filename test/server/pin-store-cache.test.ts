import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountStore } from '../../src/server/db/account-store';
import { openDatabase } from '../../src/server/db/database';
import { PinStore } from '../../src/server/db/pin-store';

// PinStore answers polls from memory; these show it never answers with a state the database does not hold.
const DEVICE = {
  clientIdentifier: 'tv-1',
  name: 'Living Room TV',
  product: 'Marquee',
  version: '1',
  platform: 'Tizen',
  platformVersion: '6.5',
  device: 'TV',
  model: 'QE55',
};

describe('PinStore reads by id', () => {
  let dataDir = '';
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function setUp() {
    dataDir = await mkdtemp(join(tmpdir(), 'marquee-pin-store-'));
    const db = openDatabase(dataDir);
    const account = new AccountStore(db).create('viewer', 'hash', 'uuid-1', 0);
    if (!account) throw new Error('no account');
    const store = new PinStore(db);
    const now = Date.now();
    store.create({
      id: 7,
      code: 'BCDFGHJK',
      device: DEVICE,
      requesterIp: '127.0.0.1',
      createdAt: now,
      expiresAt: now + 60_000,
    });
    return { db, store, accountId: account.id, now };
  }

  it('sees a claim made after the pin was read', async () => {
    const { store, accountId, now } = await setUp();
    expect(store.findById(7)?.state).toBe('pending');
    expect(store.claim(7, 'linked', accountId, now)).toBe(true);
    expect(store.findById(7)).toMatchObject({ state: 'linked', accountId });
  });

  it('keeps nothing a rolled-back transaction read', async () => {
    const { db, store, accountId, now } = await setUp();
    expect(() =>
      db.transaction(() => {
        store.claim(7, 'linked', accountId, now);
        expect(store.findById(7)?.state).toBe('linked');
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(store.findById(7)?.state).toBe('pending');
  });

  it('hands out pins that cannot be changed by whoever holds them', async () => {
    const { store } = await setUp();
    const pin = store.findById(7);
    expect(Object.isFrozen(pin) && Object.isFrozen(pin?.device)).toBe(true);
  });
});

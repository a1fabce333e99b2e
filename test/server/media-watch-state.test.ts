import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/database';
import { WatchStateStore } from '../../src/server/db/watch-state-store';
import { seedSyntheticSection } from '../support/synthetic-library';

// The watch-state store the playback routes write (/:/timeline, /:/scrobble, /:/unscrobble).

describe('watch state store', () => {
  let dir: string;
  let db: Database;
  let store: WatchStateStore;
  const ALICE = 1;
  const BOB = 2;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'marquee-watch-'));
    db = openDatabase(dir);
    for (const [id, name] of [
      [ALICE, 'alice'],
      [BOB, 'bob'],
    ] as const) {
      db.prepare(
        `INSERT INTO accounts (id, username, password_hash, uuid, created_at_ms) VALUES (?, ?, 'x', ?, 0)`,
      ).run(id, name, `uuid-${name}`);
    }
    seedSyntheticSection(db, { title: 'Films', count: 3 });
    store = new WatchStateStore(db);
  });
  afterAll(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('progress moves the offset; scrobble counts a view and ends progress; unscrobble forgets', () => {
    store.progress(ALICE, 1, 1234.4, 100);
    expect(store.forItems(ALICE, [1]).get(1)).toEqual({
      itemId: 1,
      viewOffsetMs: 1234,
      viewCount: 0,
      lastViewedAtMs: 100,
    });
    expect(store.inProgress(ALICE, 10).map((s) => s.itemId)).toEqual([1]);
    store.scrobble(ALICE, 1, 200);
    store.scrobble(ALICE, 1, 300);
    expect(store.forItems(ALICE, [1]).get(1)).toEqual({
      itemId: 1,
      viewOffsetMs: 0,
      viewCount: 2,
      lastViewedAtMs: 300,
    });
    expect(store.inProgress(ALICE, 10)).toEqual([]);
    store.progress(ALICE, 1, 500, 400);
    expect(store.forItems(ALICE, [1]).get(1)).toMatchObject({ viewOffsetMs: 500, viewCount: 2 });
    store.unscrobble(ALICE, 1);
    expect(store.forItems(ALICE, [1]).size).toBe(0);
  });

  it('keeps accounts apart and orders Continue Watching by last viewed', () => {
    store.progress(BOB, 2, 10, 50);
    store.progress(BOB, 3, 10, 60);
    store.progress(ALICE, 2, 99, 70);
    expect(store.inProgress(BOB, 10).map((s) => s.itemId)).toEqual([3, 2]);
    expect(store.inProgress(BOB, 1).map((s) => s.itemId)).toEqual([3]);
    expect(store.forItems(ALICE, [2]).get(2)?.viewOffsetMs).toBe(99);
    expect(store.forItems(BOB, [2]).get(2)?.viewOffsetMs).toBe(10);
  });
});

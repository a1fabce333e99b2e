import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountStore } from '../../src/server/db/account-store';
import { countItems, pageItems, pagePlan } from '../../src/server/db/item-query';
import { LibraryStore } from '../../src/server/db/library-store';
import { migrate } from '../../src/server/db/migrations';
import { type ItemQuery, parseItemQuery } from '../../src/server/media/library-filters';
import { seedSyntheticSection } from '../support/synthetic-library';

// What a section page costs the database (src/server/db/item-query.ts): the total is counted once per state of
// the database, not on every page, and the common orders read a page from an index instead of sorting the
// section. Checked on SQLite's own trace of executed statements and its query plans, not on timings.

const ITEMS = 300;

describe('section listing queries', () => {
  let db: Database;
  let executed: string[];
  let sectionId: number;
  let accountId: number;

  const query = (parameters: Record<string, string> = {}): ItemQuery =>
    parseItemQuery(parameters, { defaultType: 'movie', nowMs: Date.now() });
  const scope = () => ({ sectionId, accountId });
  const counted = () => executed.filter((sql) => sql.startsWith('SELECT COUNT(*)')).length;

  beforeEach(() => {
    executed = [];
    db = new BetterSqlite3(':memory:', { verbose: (sql) => executed.push(String(sql)) });
    db.pragma('foreign_keys = ON');
    migrate(db);
    new LibraryStore(db); // registers unicode_lower, as the server's store does
    sectionId = seedSyntheticSection(db, { title: 'Films', count: ITEMS });
    accountId = (new AccountStore(db).create('viewer', 'not-a-hash', 'viewer-uuid', 0) as { id: number }).id;
  });
  afterEach(() => db.close());

  it('counts a query once while nothing changes, whichever page is read', () => {
    const all = query();
    executed.length = 0;
    expect(countItems(db, all, scope())).toBe(ITEMS);
    expect(countItems(db, all, scope())).toBe(ITEMS);
    pageItems(db, all, scope(), 50, 50);
    expect(countItems(db, all, scope())).toBe(ITEMS);
    expect(counted()).toBe(1);
    // Another filter is another count; `limit=` caps the cached total without counting again.
    expect(countItems(db, query({ 'year>>': '2000' }), scope())).toBeLessThan(ITEMS);
    expect(countItems(db, { ...all, limit: 10 }, scope())).toBe(10);
    expect(counted()).toBe(2);
  });

  it('counts again after any write: an item added or removed, a watch state, a rating', () => {
    const all = query();
    const unwatched = query({ unwatched: '1' });
    const rated = query({ 'userRating>>': '5' });
    expect(countItems(db, all, scope())).toBe(ITEMS);
    expect(countItems(db, unwatched, scope())).toBe(ITEMS);
    expect(countItems(db, rated, scope())).toBe(0);

    const [first, second] = pageItems(db, all, scope(), 0, 2);
    db.prepare('DELETE FROM library_items WHERE id = ?').run(first.id);
    expect(countItems(db, all, scope())).toBe(ITEMS - 1);

    db.prepare(
      'INSERT INTO watch_state (account_id, item_id, view_offset_ms, view_count, last_viewed_at_ms) VALUES (?, ?, 0, 1, 1000)',
    ).run(accountId, second.id);
    expect(countItems(db, unwatched, scope())).toBe(ITEMS - 2);

    db.prepare('INSERT INTO user_ratings (account_id, item_id, rating) VALUES (?, ?, 8)').run(
      accountId,
      second.id,
    );
    expect(countItems(db, rated, scope())).toBe(1);
    expect(countItems(db, all, scope())).toBe(ITEMS - 1);
  });

  it('sees another connection’s writes (a second process on the same file)', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'item-query-'));
    const file = join(dir, 'library.db');
    const reader = new BetterSqlite3(file);
    const writer = new BetterSqlite3(file);
    try {
      reader.pragma('journal_mode = WAL');
      migrate(reader);
      new LibraryStore(reader);
      const section = seedSyntheticSection(reader, { title: 'Shared', count: 20 });
      const shared = { sectionId: section, accountId: 0 };
      expect(countItems(reader, query(), shared)).toBe(20);
      writer.prepare('DELETE FROM library_items WHERE section_id = ? AND title_sort > ?').run(section, 'M');
      const left = (
        writer.prepare('SELECT COUNT(*) AS n FROM library_items WHERE section_id = ?').get(section) as {
          n: number;
        }
      ).n;
      expect(left).toBeLessThan(20);
      expect(countItems(reader, query(), shared)).toBe(left);
    } finally {
      reader.close();
      writer.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a page of the common orders from an index, in both directions, without sorting the section', () => {
    for (const field of [
      'titleSort',
      'title',
      'addedAt',
      'updatedAt',
      'year',
      'originallyAvailableAt',
      'duration',
    ]) {
      for (const direction of ['asc', 'desc']) {
        const plan = pagePlan(db, query({ sort: `${field}:${direction}` }), scope()).join('\n');
        expect(plan, `${field}:${direction}`).toMatch(/USING (COVERING )?INDEX/);
        expect(plan, `${field}:${direction}`).not.toContain('TEMP B-TREE');
      }
    }
    // The default order (titleSort) too.
    expect(pagePlan(db, query(), scope()).join('\n')).not.toContain('TEMP B-TREE');
  });

  it('a date filter in wire seconds bounds the stored milliseconds at the second an instant falls in', () => {
    const second = 1_700_000_000;
    const [first] = pageItems(db, query({ sort: 'addedAt:desc' }), scope(), 0, 1);
    db.prepare('UPDATE library_items SET added_at_ms = ? WHERE id = ?').run(second * 1000 + 500, first.id);
    const ids = (filter: Record<string, string>) =>
      pageItems(db, query({ ...filter, sort: 'addedAt:desc' }), scope(), 0, ITEMS).map((row) => row.id);
    // Its addedAt on the wire is `second`: not after `second`, not before it, after the one before.
    expect(ids({ 'addedAt>>': String(second - 1) })).toEqual([first.id]);
    expect(ids({ 'addedAt>>': String(second) })).toEqual([]);
    expect(ids({ 'addedAt<<': String(second) })).not.toContain(first.id);
    expect(ids({ 'addedAt<<': String(second + 1) })).toContain(first.id);
    // A relative date is that long before now, to the millisecond.
    expect(ids({ 'addedAt>>': '-1d' })).toEqual([]);
    db.prepare('UPDATE library_items SET added_at_ms = ? WHERE id = ?').run(Date.now() - 60_000, first.id);
    expect(ids({ 'addedAt>>': '-1h' })).toEqual([first.id]);
  });

  it('pages in the asked order with ties broken by id, the same rows as sorting every item', () => {
    const byDuration = pageItems(db, query({ sort: 'duration:desc' }), scope(), 0, ITEMS);
    const sorted = [...byDuration].sort((a, b) => (b.duration_ms ?? 0) - (a.duration_ms ?? 0) || b.id - a.id);
    expect(byDuration.map((row) => row.id)).toEqual(sorted.map((row) => row.id));
    const page = pageItems(db, query({ sort: 'duration:desc' }), scope(), 100, 25);
    expect(page.map((row) => row.id)).toEqual(sorted.slice(100, 125).map((row) => row.id));
  });
});

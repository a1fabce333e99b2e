import type { Database } from 'better-sqlite3';
import { statement } from './statements';

// Watch state per account: how far into an item (ms) and how many times it was watched. The playback
// routes (/:/timeline, /:/scrobble) write it; browsing reads it for the calling account only.

export interface WatchState {
  itemId: number;
  /** Milliseconds into the item; 0 when not in progress. */
  viewOffsetMs: number;
  viewCount: number;
  /** Epoch milliseconds, or null (the wire's lastViewedAt is seconds: src/server/media/wire-time.ts). */
  lastViewedAtMs: number | null;
}

interface WatchRow {
  item_id: number;
  view_offset_ms: number;
  view_count: number;
  last_viewed_at_ms: number | null;
}

export class WatchStateStore {
  constructor(private readonly db: Database) {}

  /** Sets (replaces) one account's state for one item. */
  set(accountId: number, state: WatchState): void {
    statement(
      this.db,
      `INSERT INTO watch_state (account_id, item_id, view_offset_ms, view_count, last_viewed_at_ms)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, item_id) DO UPDATE SET view_offset_ms = excluded.view_offset_ms,
           view_count = excluded.view_count, last_viewed_at_ms = excluded.last_viewed_at_ms`,
    ).run(accountId, state.itemId, state.viewOffsetMs, state.viewCount, state.lastViewedAtMs);
  }

  /** Progress from a timeline report: the offset (ms) moves, the view count stays. */
  progress(accountId: number, itemId: number, viewOffsetMs: number, nowMs: number): void {
    statement(
      this.db,
      `INSERT INTO watch_state (account_id, item_id, view_offset_ms, view_count, last_viewed_at_ms) VALUES (?, ?, ?, 0, ?)
         ON CONFLICT (account_id, item_id) DO UPDATE SET view_offset_ms = excluded.view_offset_ms,
           last_viewed_at_ms = excluded.last_viewed_at_ms`,
    ).run(accountId, itemId, Math.max(0, Math.round(viewOffsetMs)), nowMs);
  }

  /** Watched to the end (/:/scrobble): one more view, no longer in progress. */
  scrobble(accountId: number, itemId: number, nowMs: number): void {
    statement(
      this.db,
      `INSERT INTO watch_state (account_id, item_id, view_offset_ms, view_count, last_viewed_at_ms) VALUES (?, ?, 0, 1, ?)
         ON CONFLICT (account_id, item_id) DO UPDATE SET view_offset_ms = 0, view_count = view_count + 1,
           last_viewed_at_ms = excluded.last_viewed_at_ms`,
    ).run(accountId, itemId, nowMs);
  }

  /** Unwatched (/:/unscrobble): no views, no progress. */
  unscrobble(accountId: number, itemId: number): void {
    statement(this.db, 'DELETE FROM watch_state WHERE account_id = ? AND item_id = ?').run(accountId, itemId);
  }

  /** The account's state for these items (items never watched are absent). */
  forItems(accountId: number, itemIds: number[]): Map<number, WatchState> {
    const result = new Map<number, WatchState>();
    if (itemIds.length === 0) return result;
    const rows = statement(
      this.db,
      `SELECT item_id, view_offset_ms, view_count, last_viewed_at_ms FROM watch_state
         WHERE account_id = ? AND item_id IN (SELECT value FROM json_each(?))`,
    ).all(accountId, JSON.stringify(itemIds)) as WatchRow[];
    for (const row of rows) result.set(row.item_id, toState(row));
    return result;
  }

  /** Items in progress (an offset above 0), most recently watched first. */
  inProgress(accountId: number, limit: number): WatchState[] {
    const rows = statement(
      this.db,
      `SELECT item_id, view_offset_ms, view_count, last_viewed_at_ms FROM watch_state
         WHERE account_id = ? AND view_offset_ms > 0
         ORDER BY last_viewed_at_ms DESC, item_id DESC LIMIT ?`,
    ).all(accountId, limit) as WatchRow[];
    return rows.map(toState);
  }

  /** Watched episodes (viewCount > 0) under each show or season. */
  viewedLeafCounts(accountId: number, parentIds: number[]): Map<number, number> {
    const result = new Map<number, number>();
    if (parentIds.length === 0) return result;
    const rows = statement(
      this.db,
      `SELECT p.value AS id, (SELECT COUNT(*) FROM watch_state w JOIN library_items e ON e.id = w.item_id
            WHERE w.account_id = ? AND w.view_count > 0 AND e.type = 'episode'
              AND (e.grandparent_id = p.value OR e.parent_id = p.value)) AS n
         FROM json_each(?) p`,
    ).all(accountId, JSON.stringify(parentIds)) as { id: number; n: number }[];
    for (const row of rows) result.set(row.id, row.n);
    return result;
  }
}

function toState(row: WatchRow): WatchState {
  return {
    itemId: row.item_id,
    viewOffsetMs: row.view_offset_ms,
    viewCount: row.view_count,
    lastViewedAtMs: row.last_viewed_at_ms,
  };
}

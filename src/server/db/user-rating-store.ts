import type { Database } from 'better-sqlite3';
import { statement } from './statements';

// Each account's own rating of items (`/:/rate`, PMS's userRating, 0–10; docs/protocol.md#ratings), kept in
// the database so a restart keeps them. A rating goes with its item (ON DELETE CASCADE).

export class UserRatingStore {
  constructor(private readonly db: Database) {}

  /** Sets an account's rating of an item (0–10); null clears it. */
  set(accountId: number, itemId: number, rating: number | null): void {
    if (rating === null) {
      statement(this.db, 'DELETE FROM user_ratings WHERE account_id = ? AND item_id = ?').run(
        accountId,
        itemId,
      );
      return;
    }
    statement(
      this.db,
      `INSERT INTO user_ratings (account_id, item_id, rating) VALUES (?, ?, ?)
         ON CONFLICT (account_id, item_id) DO UPDATE SET rating = excluded.rating`,
    ).run(accountId, itemId, rating);
  }

  /** The account's ratings of these items (unrated ones absent), in one statement for a page of items. */
  forItems(accountId: number, itemIds: number[]): Map<number, number> {
    if (itemIds.length === 0) return new Map();
    const rows = statement(
      this.db,
      `SELECT item_id, rating FROM user_ratings
       WHERE account_id = ? AND item_id IN (SELECT value FROM json_each(?))`,
    ).all(accountId, JSON.stringify(itemIds)) as { item_id: number; rating: number }[];
    return new Map(rows.map((row) => [row.item_id, row.rating]));
  }
}

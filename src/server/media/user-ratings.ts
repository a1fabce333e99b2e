// Each account's own rating of items (`/:/rate`, PMS's userRating, 0–10), docs/protocol.md#ratings.
// Kept in memory only, for the life of the process: the database has no column for it yet (a known gap, said
// in that section), so a restart forgets ratings. Bounded: each account keeps its MAX_PER_ACCOUNT newest.

export const MAX_PER_ACCOUNT = 10_000;

export class UserRatings {
  private readonly byAccount = new Map<number, Map<number, number>>();

  /** Sets an account's rating of an item (0–10); null clears it. */
  set(accountId: number, itemId: number, rating: number | null): void {
    let ratings = this.byAccount.get(accountId);
    if (!ratings) {
      ratings = new Map();
      this.byAccount.set(accountId, ratings);
    }
    ratings.delete(itemId);
    if (rating !== null) ratings.set(itemId, rating);
    for (const oldest of ratings.keys()) {
      if (ratings.size <= MAX_PER_ACCOUNT) break;
      ratings.delete(oldest);
    }
  }

  /** The account's rating of an item, or null. */
  get(accountId: number, itemId: number): number | null {
    return this.byAccount.get(accountId)?.get(itemId) ?? null;
  }
}

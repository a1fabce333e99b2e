import type { Database } from 'better-sqlite3';
import { statement } from './statements';

// An item's tags as PMS keeps them (docs/protocol.md#tags-from-nfo-files): genres, roles (an actor and the
// character played) and external ids (Guid), read from .nfo files by the scanner. A tag is one row per kind and
// name, shared by every item that has it, so its id is stable while any item uses it (`genre=<id>` filters);
// taggings link items to tags in the .nfo's order. Also where the scanner keeps which .nfo files it read.

export type TagKind = 'genre' | 'role' | 'guid';

export interface ItemTag {
  id: number;
  kind: TagKind;
  tag: string;
  /** A role's character. */
  role: string | null;
  /** A role's picture URL. */
  thumb: string | null;
}

/** An item's tags, each list in order; the names are unique per list (case-insensitive). */
export interface ItemTags {
  genres: string[];
  roles: { name: string; role?: string; thumb?: string }[];
  guids: string[];
}

export const NO_TAGS: ItemTags = { genres: [], roles: [], guids: [] };

export class TagStore {
  constructor(private readonly db: Database) {}

  /**
   * Makes the item's tags exactly `tags`: taggings it no longer has go (and a tag nobody uses goes with them),
   * kept ones keep their tag id. Run it inside the transaction that writes the item.
   */
  replace(itemId: number, tags: ItemTags): void {
    const wanted: { kind: TagKind; tag: string; role: string | null; thumb: string | null }[] = [
      ...tags.genres.map((tag) => ({ kind: 'genre' as const, tag, role: null, thumb: null })),
      ...tags.roles.map((role) => ({
        kind: 'role' as const,
        tag: role.name,
        role: role.role ?? null,
        thumb: role.thumb ?? null,
      })),
      ...tags.guids.map((tag) => ({ kind: 'guid' as const, tag, role: null, thumb: null })),
    ];
    // Positions count within each kind, so a listing can read only each kind's first few (ofItems).
    const rows: { tagId: number; position: number; role: string | null; thumb: string | null }[] = [];
    const ids = new Set<number>();
    const positions = new Map<TagKind, number>();
    for (const entry of wanted) {
      const tagId = this.tagId(entry.kind, entry.tag);
      if (ids.has(tagId)) continue;
      ids.add(tagId);
      const position = positions.get(entry.kind) ?? 0;
      positions.set(entry.kind, position + 1);
      rows.push({ tagId, position, role: entry.role, thumb: entry.thumb });
    }
    statement(
      this.db,
      'DELETE FROM taggings WHERE item_id = ? AND tag_id NOT IN (SELECT value FROM json_each(?))',
    ).run(itemId, JSON.stringify([...ids]));
    const upsert = statement(
      this.db,
      `INSERT INTO taggings (item_id, tag_id, position, role, thumb) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (item_id, tag_id) DO UPDATE SET position = excluded.position, role = excluded.role,
         thumb = excluded.thumb`,
    );
    for (const row of rows) upsert.run(itemId, row.tagId, row.position, row.role, row.thumb);
  }

  /**
   * The tags of items, each item's in kind then .nfo order; items without tags are absent. With `firstOf`,
   * only each kind's first so many (a listing shows a few of a cast of dozens; reading the rest costs).
   */
  ofItems(itemIds: number[], firstOf?: Record<TagKind, number>): Map<number, ItemTag[]> {
    const result = new Map<number, ItemTag[]>();
    if (itemIds.length === 0) return result;
    const sql = `SELECT t.item_id AS itemId, g.id, g.kind, g.tag, t.role, t.thumb FROM taggings t
       JOIN tags g ON g.id = t.tag_id
       WHERE t.item_id IN (SELECT value FROM json_each(@ids))`;
    const order = 'ORDER BY t.item_id, g.kind, t.position';
    const rows = (
      firstOf
        ? statement(
            this.db,
            `${sql} AND t.position < (CASE g.kind WHEN 'genre' THEN @genre WHEN 'role' THEN @role ELSE @guid END)
             ${order}`,
          ).all({ ids: JSON.stringify(itemIds), ...firstOf })
        : statement(this.db, `${sql} ${order}`).all({ ids: JSON.stringify(itemIds) })
    ) as (ItemTag & { itemId: number })[];
    for (const { itemId, ...tag } of rows) {
      const list = result.get(itemId) ?? [];
      list.push(tag);
      result.set(itemId, list);
    }
    return result;
  }

  /** Every tag of a kind that a section's items of one type have, by name, with how many items have it. */
  ofSection(sectionId: number, type: string, kind: TagKind): { id: number; tag: string; count: number }[] {
    return statement(
      this.db,
      `SELECT g.id, g.tag, COUNT(*) AS count FROM tags g JOIN taggings t ON t.tag_id = g.id
       JOIN library_items i ON i.id = t.item_id
       WHERE g.kind = ? AND i.section_id = ? AND i.type = ? GROUP BY g.id ORDER BY g.tag, g.id`,
    ).all(kind, sectionId, type) as { id: number; tag: string; count: number }[];
  }

  private tagId(kind: TagKind, tag: string): number {
    statement(this.db, 'INSERT OR IGNORE INTO tags (kind, tag) VALUES (?, ?)').run(kind, tag);
    return (
      statement(this.db, 'SELECT id FROM tags WHERE kind = ? AND tag = ?').get(kind, tag) as { id: number }
    ).id;
  }

  // ---- which .nfo files an item was read from

  /** The stamps of a section's items (item id → stamp), for telling an edited .nfo on a rescan. */
  nfoStamps(sectionId: number): Map<number, string> {
    const rows = statement(
      this.db,
      `SELECT s.item_id AS itemId, s.stamp FROM nfo_stamps s JOIN library_items i ON i.id = s.item_id
       WHERE i.section_id = ?`,
    ).all(sectionId) as { itemId: number; stamp: string }[];
    return new Map(rows.map((row) => [row.itemId, row.stamp]));
  }

  /** Records the stamp an item was read with; '' (no .nfo) removes it. */
  setNfoStamp(itemId: number, stamp: string): void {
    if (stamp === '') {
      statement(this.db, 'DELETE FROM nfo_stamps WHERE item_id = ?').run(itemId);
      return;
    }
    statement(
      this.db,
      `INSERT INTO nfo_stamps (item_id, stamp) VALUES (?, ?)
       ON CONFLICT (item_id) DO UPDATE SET stamp = excluded.stamp`,
    ).run(itemId, stamp);
  }
}

import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { ItemQuery } from '../media/library-filters';
import { countItems, firstCharacters, type ItemScope, pageItems } from './item-query';
import { statement } from './statements';
import { TagStore } from './tag-store';

// The media library's rows: sections, items (movie, show, season, episode) and parts (files). Instants are
// epoch milliseconds, in `…_ms` fields (docs/architecture.md#storage-and-time); the wire's seconds are made
// from them where an answer is built (src/server/media/wire-time.ts).

export type SectionType = 'movie' | 'show';
export type ItemType = 'movie' | 'show' | 'season' | 'episode';

export interface SectionRow {
  id: number;
  folder: string;
  title: string;
  type: SectionType;
  uuid: string;
  created_at_ms: number;
  updated_at_ms: number;
  scanned_at_ms: number;
}

export interface ItemRow {
  id: number;
  section_id: number;
  type: ItemType;
  parent_id: number | null;
  grandparent_id: number | null;
  identity: string;
  title: string;
  title_sort: string;
  year: number | null;
  summary: string | null;
  item_index: number | null;
  added_at_ms: number;
  updated_at_ms: number;
  duration_ms: number | null;
  poster: string | null;
  art: string | null;
}

export interface PartRow {
  id: number;
  item_id: number;
  section_id: number;
  file: string;
  size: number;
  mtime_ms: number;
  container: string | null;
  duration_ms: number | null;
  bitrate: number | null;
  width: number | null;
  height: number | null;
  video_codec: string | null;
  video_profile: string | null;
  frame_rate: number | null;
  audio_codec: string | null;
  audio_profile: string | null;
  audio_channels: number | null;
  /** JSON: ProbedStream[]. */
  streams: string;
}

export type NewItem = Omit<ItemRow, 'id'>;
export type NewPart = Omit<PartRow, 'id'>;

/** Orders for `/library/sections/{k}/all`; ties broken by id so pages never overlap. */
export const ITEM_SORTS = {
  titleSort: 'title_sort ASC, id ASC',
  'titleSort:desc': 'title_sort DESC, id DESC',
  addedAt: 'added_at_ms ASC, id ASC',
  'addedAt:desc': 'added_at_ms DESC, id DESC',
  year: 'year ASC, id ASC',
  'year:desc': 'year DESC, id DESC',
} as const;
export type ItemSort = keyof typeof ITEM_SORTS;

export function isItemSort(value: string): value is ItemSort {
  return Object.hasOwn(ITEM_SORTS, value);
}

/**
 * The library's rows. The database handle stays inside: callers group writes with `transaction(fn)`, and other
 * stores on the same file get the handle where it is opened (src/server/home-server.ts).
 */
export class LibraryStore {
  /** Genres, roles and external ids of items (.nfo tags), in the same database. */
  readonly tags: TagStore;

  constructor(private readonly db: Database) {
    this.tags = new TagStore(db);
    // SQLite's LIKE and lower() fold ASCII only; search folds like JavaScript does (É = é).
    db.function('unicode_lower', { deterministic: true }, (text: unknown) =>
      typeof text === 'string' ? text.toLowerCase() : text,
    );
  }

  private sql(text: string): Statement {
    return statement(this.db, text);
  }

  /** Runs `fn` in one transaction (a savepoint inside another): all its writes are kept, or none if it throws. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- sections

  /** The section for a folder, created (or renamed/retyped) to match the settings. */
  ensureSection(folder: string, title: string, type: SectionType, now: number): SectionRow {
    const existing = this.sql('SELECT * FROM library_sections WHERE folder = ?').get(folder) as
      | SectionRow
      | undefined;
    if (!existing) {
      const result = this.sql(
        `INSERT INTO library_sections (folder, title, type, uuid, created_at_ms, updated_at_ms)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(folder, title, type, randomUUID(), now, now);
      return this.section(Number(result.lastInsertRowid)) as SectionRow;
    }
    if (existing.title !== title || existing.type !== type) {
      if (existing.type !== type) this.sql('DELETE FROM library_items WHERE section_id = ?').run(existing.id);
      this.sql('UPDATE library_sections SET title = ?, type = ?, updated_at_ms = ? WHERE id = ?').run(
        title,
        type,
        now,
        existing.id,
      );
      return this.section(existing.id) as SectionRow;
    }
    return existing;
  }

  /** Drops sections whose folder is no longer configured, except those `alsoKeep` names. */
  deleteSectionsExcept(folders: string[], alsoKeep: (folder: string) => boolean = () => false): void {
    const keep = new Set(folders);
    for (const section of this.sections()) {
      if (keep.has(section.folder) || alsoKeep(section.folder)) continue;
      this.sql('DELETE FROM library_sections WHERE id = ?').run(section.id);
    }
  }

  sections(): SectionRow[] {
    return this.sql('SELECT * FROM library_sections ORDER BY id').all() as SectionRow[];
  }

  section(id: number): SectionRow | null {
    return (
      (this.sql('SELECT * FROM library_sections WHERE id = ?').get(id) as SectionRow | undefined) ?? null
    );
  }

  markScanned(sectionId: number, now: number, changed: boolean): void {
    this.sql(
      'UPDATE library_sections SET scanned_at_ms = ?, updated_at_ms = CASE WHEN ? THEN ? ELSE updated_at_ms END WHERE id = ?',
    ).run(now, changed ? 1 : 0, now, sectionId);
  }

  // ---- items

  item(id: number): ItemRow | null {
    return (this.sql('SELECT * FROM library_items WHERE id = ?').get(id) as ItemRow | undefined) ?? null;
  }

  itemByIdentity(sectionId: number, identity: string): ItemRow | null {
    return (
      (this.sql('SELECT * FROM library_items WHERE section_id = ? AND identity = ?').get(
        sectionId,
        identity,
      ) as ItemRow | undefined) ?? null
    );
  }

  insertItem(item: NewItem): number {
    const result = this.sql(
      `INSERT INTO library_items (section_id, type, parent_id, grandparent_id, identity, title, title_sort, year,
         summary, item_index, added_at_ms, updated_at_ms, duration_ms, poster, art)
       VALUES (@section_id, @type, @parent_id, @grandparent_id, @identity, @title, @title_sort, @year, @summary,
         @item_index, @added_at_ms, @updated_at_ms, @duration_ms, @poster, @art)`,
    ).run(item);
    return Number(result.lastInsertRowid);
  }

  /** Updates the descriptive fields (not identity, section, type or addedAt). */
  updateItem(id: number, fields: Omit<NewItem, 'section_id' | 'type' | 'identity' | 'added_at_ms'>): void {
    this.sql(
      `UPDATE library_items SET parent_id = @parent_id, grandparent_id = @grandparent_id, title = @title,
         title_sort = @title_sort, year = @year, summary = @summary, item_index = @item_index,
         updated_at_ms = @updated_at_ms, duration_ms = @duration_ms, poster = @poster, art = @art
       WHERE id = @id`,
    ).run({ ...fields, id });
  }

  deleteItem(id: number): void {
    this.sql('DELETE FROM library_items WHERE id = ?').run(id);
  }

  /** Seasons without episodes, then shows without seasons. */
  deleteEmptyContainers(sectionId: number): number {
    const seasons = this.sql(
      `DELETE FROM library_items WHERE section_id = ? AND type = 'season'
         AND NOT EXISTS (SELECT 1 FROM library_items c WHERE c.parent_id = library_items.id)`,
    ).run(sectionId).changes;
    const shows = this.sql(
      `DELETE FROM library_items WHERE section_id = ? AND type = 'show'
         AND NOT EXISTS (SELECT 1 FROM library_items c WHERE c.parent_id = library_items.id)`,
    ).run(sectionId).changes;
    return seasons + shows;
  }

  countItems(sectionId: number, type: ItemType): number {
    return (
      this.sql('SELECT COUNT(*) AS n FROM library_items WHERE section_id = ? AND type = ?').get(
        sectionId,
        type,
      ) as {
        n: number;
      }
    ).n;
  }

  /** One page of a section's items of one type. */
  pageItems(sectionId: number, type: ItemType, sort: ItemSort, start: number, size: number): ItemRow[] {
    if (size <= 0) return [];
    return this.sql(
      `SELECT * FROM library_items WHERE section_id = ? AND type = ? ORDER BY ${ITEM_SORTS[sort]} LIMIT ? OFFSET ?`,
    ).all(sectionId, type, size, start) as ItemRow[];
  }

  children(parentId: number): ItemRow[] {
    return this.sql(
      'SELECT * FROM library_items WHERE parent_id = ? ORDER BY item_index, title_sort, id',
    ).all(parentId) as ItemRow[];
  }

  /** A show's episodes in season then episode order. */
  leaves(showId: number): ItemRow[] {
    return this.sql(
      `SELECT e.* FROM library_items e JOIN library_items s ON s.id = e.parent_id
       WHERE e.grandparent_id = ? AND e.type = 'episode'
       ORDER BY s.item_index, e.item_index, e.id`,
    ).all(showId) as ItemRow[];
  }

  /** Newest items of the given types, optionally in one section. */
  recentlyAdded(types: ItemType[], limit: number, sectionId?: number): ItemRow[] {
    const placeholders = types.map(() => '?').join(', ');
    const inSection = sectionId === undefined ? '' : 'AND section_id = ?';
    const args: unknown[] = [...types];
    if (sectionId !== undefined) args.push(sectionId);
    args.push(limit);
    return this.sql(
      `SELECT * FROM library_items WHERE type IN (${placeholders}) ${inSection}
       ORDER BY added_at_ms DESC, id DESC LIMIT ?`,
    ).all(...args) as ItemRow[];
  }

  /** Case-insensitive substring match on titles (Unicode case folding, not just ASCII). */
  search(query: string, type: ItemType, limit: number): ItemRow[] {
    return this.sql(
      `SELECT * FROM library_items WHERE type = ? AND instr(unicode_lower(title), ?) > 0
       ORDER BY title_sort, id LIMIT ?`,
    ).all(type, query.toLowerCase(), limit) as ItemRow[];
  }

  /** Rows for ids, in the order given (missing ids skipped). */
  itemsByIds(ids: number[]): ItemRow[] {
    if (ids.length === 0) return [];
    const rows = this.sql(`SELECT * FROM library_items WHERE id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(ids),
    ) as ItemRow[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** leafCount (episodes) and childCount for shows and seasons. */
  counts(ids: number[]): Map<number, { leafCount: number; childCount: number }> {
    const result = new Map<number, { leafCount: number; childCount: number }>();
    if (ids.length === 0) return result;
    const json = JSON.stringify(ids);
    const rows = this.sql(
      `SELECT p.value AS id,
         (SELECT COUNT(*) FROM library_items c WHERE c.parent_id = p.value) AS childCount,
         (SELECT COUNT(*) FROM library_items e WHERE e.type = 'episode'
            AND (e.grandparent_id = p.value OR e.parent_id = p.value)) AS leafCount
       FROM json_each(?) p`,
    ).all(json) as { id: number; childCount: number; leafCount: number }[];
    for (const row of rows) result.set(row.id, { leafCount: row.leafCount, childCount: row.childCount });
    return result;
  }

  /** How many items match a section listing's query (src/server/db/item-query.ts). */
  countMatching(query: ItemQuery, scope: ItemScope): number {
    return countItems(this.db, query, scope);
  }

  /** One page of the items matching a section listing's query, in its order. */
  pageMatching(query: ItemQuery, scope: ItemScope, start: number, size: number): ItemRow[] {
    return pageItems(this.db, query, scope, start, size);
  }

  /** Items matching a query, counted by the first character of their titleSort. */
  firstCharactersMatching(query: ItemQuery, scope: ItemScope): { character: string; size: number }[] {
    return firstCharacters(this.db, query, scope);
  }

  /** Shows of which the account watched an episode, most recently watched first, with when (for On Deck). */
  showsWatchedRecently(
    accountId: number,
    sectionId: number | null,
    limit: number,
  ): { show_id: number; at_ms: number }[] {
    return this.sql(
      `SELECT e.grandparent_id AS show_id, MAX(w.last_viewed_at_ms) AS at_ms
       FROM watch_state w JOIN library_items e ON e.id = w.item_id
       WHERE w.account_id = @account AND w.view_count > 0 AND e.type = 'episode'
         AND (@section IS NULL OR e.section_id = @section)
       GROUP BY e.grandparent_id ORDER BY at_ms DESC LIMIT @limit`,
    ).all({ account: accountId, section: sectionId, limit }) as { show_id: number; at_ms: number }[];
  }

  // ---- parts

  partsOfItems(itemIds: number[]): Map<number, PartRow[]> {
    const result = new Map<number, PartRow[]>();
    if (itemIds.length === 0) return result;
    const rows = this.sql(
      'SELECT * FROM library_parts WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY id',
    ).all(JSON.stringify(itemIds)) as PartRow[];
    for (const row of rows) {
      const list = result.get(row.item_id) ?? [];
      list.push(row);
      result.set(row.item_id, list);
    }
    return result;
  }

  /** What the scanner needs to tell unchanged files: file → (id, item, size, mtime). */
  partIndex(
    sectionId: number,
  ): Map<string, { id: number; item_id: number; file: string; size: number; mtime_ms: number }> {
    const rows = this.sql(
      'SELECT id, item_id, file, size, mtime_ms FROM library_parts WHERE section_id = ?',
    ).all(sectionId) as { id: number; item_id: number; file: string; size: number; mtime_ms: number }[];
    return new Map(rows.map((row) => [row.file, row]));
  }

  part(id: number): PartRow | null {
    return (this.sql('SELECT * FROM library_parts WHERE id = ?').get(id) as PartRow | undefined) ?? null;
  }

  partByFile(file: string): PartRow | null {
    return (this.sql('SELECT * FROM library_parts WHERE file = ?').get(file) as PartRow | undefined) ?? null;
  }

  /** Inserts or replaces the part for `file`. */
  upsertPart(part: NewPart): number {
    const existing = this.partByFile(part.file);
    if (existing) {
      this.sql(
        `UPDATE library_parts SET item_id = @item_id, section_id = @section_id, size = @size, mtime_ms = @mtime_ms,
           container = @container, duration_ms = @duration_ms, bitrate = @bitrate, width = @width, height = @height,
           video_codec = @video_codec, video_profile = @video_profile, frame_rate = @frame_rate,
           audio_codec = @audio_codec, audio_profile = @audio_profile, audio_channels = @audio_channels,
           streams = @streams
         WHERE id = @id`,
      ).run({ ...part, id: existing.id });
      return existing.id;
    }
    const result = this.sql(
      `INSERT INTO library_parts (item_id, section_id, file, size, mtime_ms, container, duration_ms, bitrate, width,
         height, video_codec, video_profile, frame_rate, audio_codec, audio_profile, audio_channels, streams)
       VALUES (@item_id, @section_id, @file, @size, @mtime_ms, @container, @duration_ms, @bitrate, @width, @height,
         @video_codec, @video_profile, @frame_rate, @audio_codec, @audio_profile, @audio_channels, @streams)`,
    ).run(part);
    return Number(result.lastInsertRowid);
  }

  /** Deletes a part; its item goes too when it has no part left (a movie or episode is its file). */
  deletePart(partId: number): void {
    const part = this.sql('SELECT item_id FROM library_parts WHERE id = ?').get(partId) as
      | { item_id: number }
      | undefined;
    if (!part) return;
    this.sql('DELETE FROM library_parts WHERE id = ?').run(partId);
    const left = this.sql('SELECT 1 FROM library_parts WHERE item_id = ? LIMIT 1').get(part.item_id);
    if (!left) this.deleteItem(part.item_id);
  }

  /** The first part under an item (itself, or its first episode for shows and seasons), for frame grabs. */
  firstPartUnder(item: ItemRow): PartRow | null {
    if (item.type === 'movie' || item.type === 'episode') {
      return (
        (this.sql('SELECT * FROM library_parts WHERE item_id = ? ORDER BY id LIMIT 1').get(item.id) as
          | PartRow
          | undefined) ?? null
      );
    }
    const column = item.type === 'show' ? 'e.grandparent_id' : 'e.parent_id';
    return (
      (this.sql(
        `SELECT p.* FROM library_parts p JOIN library_items e ON e.id = p.item_id
         LEFT JOIN library_items s ON s.id = e.parent_id
         WHERE ${column} = ? ORDER BY s.item_index, e.item_index, p.id LIMIT 1`,
      ).get(item.id) as PartRow | undefined) ?? null
    );
  }
}

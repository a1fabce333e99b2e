import type { Database, Statement } from 'better-sqlite3';
import type {
  FieldLevel,
  FilterField,
  ItemFilter,
  ItemQuery,
  ItemSortKey,
  SortField,
} from '../media/library-filters';
import type { ItemRow, ItemType } from './library-store';

// A filtered, sorted page of library items for one account (docs/protocol.md#filters-and-sorts). The SQL is
// assembled from the fixed fragments below only: field names pick a fragment, every value is a bound parameter.
// The unicode_lower() function is the one LibraryStore registers on the same connection.

/**
 * Prepared statements by SQL text, the most recently used kept. The texts vary with the filters given (not
 * with their values), so the cache is bounded rather than shared with the stores' fixed texts (statements.ts).
 */
const PREPARED_LIMIT = 64;
const prepared = new WeakMap<Database, Map<string, Statement>>();

function statement(db: Database, sql: string): Statement {
  let byText = prepared.get(db);
  if (!byText) {
    byText = new Map();
    prepared.set(db, byText);
  }
  let found = byText.get(sql);
  if (found) {
    byText.delete(sql);
  } else {
    found = db.prepare(sql);
    if (byText.size >= PREPARED_LIMIT) byText.delete(byText.keys().next().value as string);
  }
  byText.set(sql, found);
  return found;
}

/** Movies and episodes carry watch state; shows and seasons read it from their episodes. */
const LEAF_TYPES: readonly ItemType[] = ['movie', 'episode'];

/** Leaf `e` is under container `i`: an episode of a show (grandparent) or of a season (parent). */
const UNDER = `e.type = 'episode' AND (e.grandparent_id = i.id OR e.parent_id = i.id)`;
const LEAF_WATCH = 'LEFT JOIN watch_state ew ON ew.item_id = e.id AND ew.account_id = @account';

/** A field read on one movie or episode row (alias `item`) with its watch state row (alias `watch`). */
function leafExpression(field: FilterField | SortField, item: string, watch: string): string {
  switch (field) {
    case 'title':
      return `${item}.title`;
    case 'titleSort':
      return `${item}.title_sort`;
    case 'year':
    case 'originallyAvailableAt':
      return `${item}.year`;
    case 'decade':
      return `(${item}.year / 10 * 10)`;
    case 'duration':
      return `${item}.duration_ms`;
    case 'addedAt':
      return `${item}.added_at_ms`;
    case 'updatedAt':
      return `${item}.updated_at_ms`;
    case 'userRating':
      return 'ur.rating';
    case 'index':
      return `${item}.item_index`;
    case 'lastViewedAt':
      return `${watch}.last_viewed_at_ms`;
    case 'viewCount':
      return `COALESCE(${watch}.view_count, 0)`;
    case 'unwatched':
      return `(COALESCE(${watch}.view_count, 0) = 0)`;
    case 'inProgress':
      return `(COALESCE(${watch}.view_offset_ms, 0) > 0)`;
    case 'genre':
    case 'actor':
      throw new Error(`${field} is a tag: SqlBuilder.tagMatch reads it`);
  }
}

/** Tag filter fields and the kind of tag each matches (src/server/db/tag-store.ts). */
const TAG_KINDS: Partial<Record<FilterField, 'genre' | 'role'>> = { genre: 'genre', actor: 'role' };

/** Watch fields of a show or season, from its episodes; other fields are its own columns. */
function containerExpression(field: FilterField | SortField): string {
  switch (field) {
    case 'unwatched':
      return `EXISTS (SELECT 1 FROM library_items e ${LEAF_WATCH} WHERE ${UNDER} AND COALESCE(ew.view_count, 0) = 0)`;
    case 'inProgress':
      return `EXISTS (SELECT 1 FROM library_items e ${LEAF_WATCH} WHERE ${UNDER} AND ew.view_offset_ms > 0)`;
    case 'viewCount':
      return `(SELECT COALESCE(SUM(ew.view_count), 0) FROM library_items e ${LEAF_WATCH} WHERE ${UNDER})`;
    case 'lastViewedAt':
      return `(SELECT MAX(ew.last_viewed_at_ms) FROM library_items e ${LEAF_WATCH} WHERE ${UNDER})`;
    default:
      return leafExpression(field, 'i', 'w');
  }
}

class SqlBuilder {
  readonly params: Record<string, unknown> = {};
  private count = 0;
  /** Whether `w` (the listed leaf's watch state) is needed. */
  joinsWatch = false;
  /** Whether `ur` (the account's own ratings, user_ratings) is needed. */
  joinsRatings = false;

  constructor(readonly leaf: boolean) {}

  bind(value: unknown): string {
    const name = `v${this.count++}`;
    this.params[name] = value;
    return `@${name}`;
  }

  expression(level: FieldLevel, field: FilterField | SortField): string {
    if (field === 'userRating') {
      this.joinsRatings = true;
      return 'ur.rating';
    }
    if (level === 'episode')
      return `(SELECT MAX(${leafExpression(field, 'e', 'ew')}) FROM library_items e ${LEAF_WATCH} WHERE ${UNDER})`;
    if (!this.leaf) return containerExpression(field);
    if (
      field === 'lastViewedAt' ||
      field === 'viewCount' ||
      field === 'unwatched' ||
      field === 'inProgress'
    ) {
      this.joinsWatch = true;
    }
    return leafExpression(field, 'i', 'w');
  }

  condition(filter: ItemFilter): string {
    const tagKind = TAG_KINDS[filter.field];
    if (tagKind) {
      return filter.level === 'episode'
        ? `EXISTS (SELECT 1 FROM library_items e WHERE ${UNDER} AND ${this.tagMatch(filter, tagKind, 'e.id')})`
        : this.tagMatch(filter, tagKind, 'i.id');
    }
    if (filter.level === 'episode') {
      const inner = this.comparison(filter, leafExpression(filter.field, 'e', 'ew'));
      return `EXISTS (SELECT 1 FROM library_items e ${LEAF_WATCH} WHERE ${UNDER} AND ${inner})`;
    }
    return this.comparison(filter, this.expression(filter.level, filter.field));
  }

  /**
   * A tag filter: the item has a tag of `kind` named (case-insensitively) or numbered as one of the values;
   * `!=` matches items with none of them, untagged ones included.
   */
  private tagMatch(filter: ItemFilter, kind: 'genre' | 'role', itemId: string): string {
    const alternatives = filter.values.map((value) => {
      const text = String(value);
      const byName = `g.tag = ${this.bind(text)}`;
      return /^\d{1,15}$/.test(text) ? `(g.id = ${this.bind(Number(text))} OR ${byName})` : byName;
    });
    const tagged = `${itemId} IN (SELECT t.item_id FROM tags g JOIN taggings t ON t.tag_id = g.id
      WHERE g.kind = '${kind}' AND (${alternatives.join(' OR ')}))`;
    return filter.operator === 'isNot' ? `NOT ${tagged}` : tagged;
  }

  /** One filter on one expression: alternatives OR-ed; the negative operators match when none does. */
  private comparison(filter: ItemFilter, expression: string): string {
    const text = (value: string | number) => this.bind(String(value).toLowerCase());
    // SQLite's lower() folds ASCII only but runs in C; an ASCII value needs no more (a JavaScript function
    // per row, unicode_lower, costs ~100 ms over 50,000 titles).
    const ascii = filter.values.every((value) => typeof value !== 'string' || /^[ -~]*$/.test(value));
    const lowered = ascii ? `lower(${expression})` : `unicode_lower(${expression})`;
    const one = (value: string | number): string => {
      switch (filter.operator) {
        case 'is':
        case 'isNot':
          return typeof value === 'string'
            ? `${lowered} = ${text(value)}`
            : `${expression} = ${this.bind(value)}`;
        case 'contains':
        case 'notContains':
          return `instr(${lowered}, ${text(value)}) > 0`;
        case 'beginsWith': {
          const bound = text(value);
          return `substr(${lowered}, 1, length(${bound})) = ${bound}`;
        }
        case 'endsWith': {
          const bound = text(value);
          return `substr(${lowered}, length(${lowered}) - length(${bound}) + 1) = ${bound}`;
        }
        case 'greater':
          return `${expression} > ${this.bind(value)}`;
        case 'less':
          return `${expression} < ${this.bind(value)}`;
      }
    };
    const any = `(${filter.values.map(one).join(' OR ')})`;
    const negative = filter.operator === 'isNot' || filter.operator === 'notContains';
    // NULL (no year, never watched) is "not equal" to everything, so it passes the negative operators.
    // A positive one stays a bare comparison (NULL excludes a row as 0 does), so an index on the field serves it.
    return negative ? `(${expression} IS NULL OR NOT ${any})` : any;
  }

  order(sorts: ItemSortKey[], type: ItemType): string {
    if (sorts.length === 0) {
      // Episodes in show, season, episode order; everything else by title.
      return type === 'episode'
        ? `(SELECT g.title_sort FROM library_items g WHERE g.id = i.grandparent_id),
           (SELECT s.item_index FROM library_items s WHERE s.id = i.parent_id), i.item_index, i.id`
        : 'i.title_sort ASC, i.id ASC';
    }
    const keys = sorts.map((sort) => {
      const expression = this.expression(sort.level, sort.field);
      const collated = sort.field === 'title' ? `${expression} COLLATE NOCASE` : expression;
      return `${collated} ${sort.descending ? 'DESC' : 'ASC'}`;
    });
    // Ties by id, so pages never overlap.
    keys.push(`i.id ${sorts[0].descending ? 'DESC' : 'ASC'}`);
    return keys.join(', ');
  }
}

export interface ItemScope {
  /** null: every section. */
  sectionId: number | null;
  accountId: number;
}

interface BuiltQuery {
  from: string;
  where: string;
  order: string;
  params: Record<string, unknown>;
}

function build(query: ItemQuery, scope: ItemScope): BuiltQuery {
  const sql = new SqlBuilder(LEAF_TYPES.includes(query.type));
  const where = ['i.type = @type'];
  sql.params.type = query.type;
  sql.params.account = scope.accountId;
  if (scope.sectionId !== null) {
    where.push('i.section_id = @section');
    sql.params.section = scope.sectionId;
  }
  for (const filter of query.filters) where.push(sql.condition(filter));
  const order = sql.order(query.sorts, query.type);
  let from = 'library_items i';
  if (sql.joinsWatch) from += ' LEFT JOIN watch_state w ON w.item_id = i.id AND w.account_id = @account';
  if (sql.joinsRatings)
    from += ' LEFT JOIN user_ratings ur ON ur.item_id = i.id AND ur.account_id = @account';
  return { from, where: where.join(' AND '), order, params: sql.params };
}

/**
 * Counts already made, by query, valid while the database has not changed since. SQLite counts a section's
 * rows one by one (a few ms at 50,000 items), and every page of a listing needs the total (totalSize), so a
 * client paging through a section would pay it on every page.
 */
const COUNTS_LIMIT = 256;
const counts = new WeakMap<Database, { version: string; byQuery: Map<string, number> }>();

/**
 * Which state of the database a count was made in. total_changes() grows with every row this connection
 * inserts, updates or deletes (a rolled-back write too, which only costs a recount); data_version changes when
 * another connection commits. Equal versions mean the same rows, so a cached count is still right.
 */
function databaseVersion(db: Database): string {
  const row = statement(
    db,
    'SELECT total_changes() AS changes, (SELECT data_version FROM pragma_data_version) AS version',
  ).get() as { changes: number; version: number };
  return `${row.changes}:${row.version}`;
}

/** How many items match (at most `limit=`). */
export function countItems(db: Database, query: ItemQuery, scope: ItemScope): number {
  // The order is not needed to count (nor the watch state a sort alone reads).
  const built = build({ ...query, sorts: [] }, scope);
  const sql = `SELECT COUNT(*) AS n FROM ${built.from} WHERE ${built.where}`;
  const version = databaseVersion(db);
  let cache = counts.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, byQuery: new Map() };
    counts.set(db, cache);
  }
  const key = `${sql}\n${JSON.stringify(built.params)}`;
  let total = cache.byQuery.get(key);
  if (total === undefined) {
    total = (statement(db, sql).get(built.params) as { n: number }).n;
    if (cache.byQuery.size >= COUNTS_LIMIT) cache.byQuery.delete(cache.byQuery.keys().next().value as string);
    cache.byQuery.set(key, total);
  }
  return query.limit === null ? total : Math.min(total, query.limit);
}

/**
 * One page of the matching items, in the query's order: ids first (from an index for the common orders, see
 * pagePlan; an unindexed order sorts narrow rows), then the page's rows by id.
 */
export function pageItems(
  db: Database,
  query: ItemQuery,
  scope: ItemScope,
  start: number,
  size: number,
): ItemRow[] {
  const end = query.limit === null ? start + size : Math.min(start + size, query.limit);
  if (end <= start) return [];
  const built = build(query, scope);
  const ids = statement(db, pageIdsSql(built))
    .all({ ...built.params, pageSize: end - start, pageStart: start })
    .map((row) => (row as { id: number }).id);
  if (ids.length === 0) return [];
  const rows = statement(db, 'SELECT * FROM library_items WHERE id IN (SELECT value FROM json_each(?))').all(
    JSON.stringify(ids),
  ) as ItemRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

function pageIdsSql(built: BuiltQuery): string {
  return `SELECT i.id AS id FROM ${built.from} WHERE ${built.where} ORDER BY ${built.order}
     LIMIT @pageSize OFFSET @pageStart`;
}

/**
 * How SQLite reads a page of the query (the details of EXPLAIN QUERY PLAN): an order served by an index reads
 * only the page's rows; "USE TEMP B-TREE FOR ORDER BY" means it sorts every matching row first.
 */
export function pagePlan(db: Database, query: ItemQuery, scope: ItemScope): string[] {
  const built = build(query, scope);
  return db
    .prepare(`EXPLAIN QUERY PLAN ${pageIdsSql(built)}`)
    .all({ ...built.params, pageSize: 50, pageStart: 0 })
    .map((row) => (row as { detail: string }).detail);
}

/** Matching items counted by the first character of their titleSort, as stored. */
export function firstCharacters(
  db: Database,
  query: ItemQuery,
  scope: ItemScope,
): { character: string; size: number }[] {
  const built = build({ ...query, sorts: [] }, scope);
  return statement(
    db,
    `SELECT substr(i.title_sort, 1, 1) AS character, COUNT(*) AS size FROM ${built.from} WHERE ${built.where}
     GROUP BY character`,
  ).all(built.params) as { character: string; size: number }[];
}

import type { ItemType } from '../db/library-store';

// The filter and sort grammar of a section listing as PMS reads it (docs/protocol.md#filters-and-sorts):
// `field<op>=value[,value…]` query keys and `sort=field[:asc|:desc][,…]`, parsed into a whitelisted
// description (src/server/db/item-query.ts turns it into SQL). Anything not understood is an error that names
// it, never "ignore it and list everything".

export type FieldKind = 'string' | 'integer' | 'boolean' | 'date' | 'tag';

/** Filter fields this server keeps, with their kind (which decides the operators and the value's form). */
export const FILTER_FIELDS = {
  title: 'string',
  year: 'integer',
  decade: 'integer',
  duration: 'integer',
  addedAt: 'date',
  updatedAt: 'date',
  lastViewedAt: 'date',
  viewCount: 'integer',
  userRating: 'integer',
  unwatched: 'boolean',
  inProgress: 'boolean',
  // Tags from .nfo files (src/server/db/tag-store.ts): a value is a tag's name or its id.
  genre: 'tag',
  actor: 'tag',
} as const satisfies Record<string, FieldKind>;
export type FilterField = keyof typeof FILTER_FIELDS;

/** Sort fields; `originallyAvailableAt` orders by year, the only release date the library keeps. */
export const SORT_FIELDS = [
  'titleSort',
  'title',
  'addedAt',
  'updatedAt',
  'year',
  'originallyAvailableAt',
  'duration',
  'lastViewedAt',
  'viewCount',
  'userRating',
  'index',
] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export type FilterOperator =
  | 'is'
  | 'isNot'
  | 'contains'
  | 'notContains'
  | 'beginsWith'
  | 'endsWith'
  | 'greater'
  | 'less';

/** PMS's operators by field kind: the characters between the field name and the value, `=` included. */
const OPERATORS: Record<FieldKind, Record<string, FilterOperator>> = {
  string: {
    '=': 'contains',
    '!=': 'notContains',
    '==': 'is',
    '!==': 'isNot',
    '<=': 'beginsWith',
    '>=': 'endsWith',
  },
  integer: { '=': 'is', '!=': 'isNot', '>>=': 'greater', '<<=': 'less' },
  boolean: { '=': 'is', '!=': 'isNot' },
  date: { '>>=': 'greater', '<<=': 'less' },
  tag: { '=': 'is', '!=': 'isNot' },
};

/**
 * Where a field is read: on the listed item, or (a `episode.` prefix while listing shows or seasons) on its
 * episodes — a show matches when one of its episodes does, and sorts by the newest of its episodes' values.
 */
export type FieldLevel = 'item' | 'episode';

export interface ItemFilter {
  level: FieldLevel;
  field: FilterField;
  operator: FilterOperator;
  /** Comma-separated alternatives: any one matches (for the negative operators: none matches). */
  values: (string | number)[];
}

export interface ItemSortKey {
  level: FieldLevel;
  field: SortField;
  descending: boolean;
}

export interface ItemQuery {
  type: ItemType;
  /** All must match (a key repeated, `genre&=`-style, adds one filter per value). */
  filters: ItemFilter[];
  /** Empty: the default order for the type (src/server/db/item-query.ts). */
  sorts: ItemSortKey[];
  /** `limit=`: at most this many items match. */
  limit: number | null;
}

export class FilterError extends Error {}

/** Bounds on one query, so a request cannot build an unbounded statement. */
const MAX_FILTERS = 32;
const MAX_VALUES = 100;
const MAX_SORTS = 8;

export const TYPE_NUMBERS: Record<string, ItemType> = {
  '1': 'movie',
  '2': 'show',
  '3': 'season',
  '4': 'episode',
};

/**
 * Query keys that are not filters: response shaping (`include…`, `exclude…`, `checkFiles`), paging and X-Plex
 * values, the keys read elsewhere, and `libtype`/`maxresults`, which @ctrl/plex sends along with its filters.
 */
const NOT_FILTERS = new Set([
  'type',
  'sort',
  'limit',
  'query',
  'count',
  'sectionid',
  'checkfiles',
  'asynccheckfiles',
  'group',
  'libtype',
  'maxresults',
  'lang',
  'async',
]);

function isFilterKey(key: string): boolean {
  const lower = key.toLowerCase();
  return !(
    NOT_FILTERS.has(lower) ||
    lower.startsWith('x-plex-') ||
    lower.startsWith('include') ||
    lower.startsWith('exclude')
  );
}

const FILTER_KEY = /^(?:([a-zA-Z]+)\.)?([a-zA-Z]+)([!<>=&]*)$/;
const SORT_KEY = /^(?:([a-zA-Z]+)\.)?([a-zA-Z]+)(?::([a-zA-Z]+))?$/;

export interface ParseOptions {
  /** The type listed when the query has no `type=`. */
  defaultType: ItemType;
  /** Epoch milliseconds, for relative dates (`-30d`). */
  nowMs: number;
  /** Keys the route reads itself (e.g. `query` on search); never filters. */
  ignore?: string[];
}

/** Reads a listing's query (Fastify's parsed query: a repeated key is an array). */
export function parseItemQuery(query: Record<string, unknown>, options: ParseOptions): ItemQuery {
  const type = typeOf(query.type, options.defaultType);
  const filters: ItemFilter[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (!isFilterKey(key) || options.ignore?.includes(key)) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values) filters.push(parseFilter(key, String(value), type, options.nowMs));
  }
  if (filters.length > MAX_FILTERS) throw new FilterError(`at most ${MAX_FILTERS} filters`);
  return { type, filters, sorts: parseSorts(query.sort, type), limit: limitOf(query.limit) };
}

function typeOf(raw: unknown, fallback: ItemType): ItemType {
  if (raw === undefined || raw === '') return fallback;
  const type = typeof raw === 'string' ? TYPE_NUMBERS[raw.trim()] : undefined;
  if (!type) throw new FilterError(`type must be one of 1 (movie), 2 (show), 3 (season), 4 (episode)`);
  return type;
}

function limitOf(raw: unknown): number | null {
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw.trim()))
    throw new FilterError('limit must be a whole number');
  return Number(raw.trim());
}

function levelOf(prefix: string | undefined, type: ItemType, name: string): FieldLevel {
  if (!prefix || prefix === type) return 'item';
  if (prefix === 'episode' && (type === 'show' || type === 'season')) return 'episode';
  throw new FilterError(`"${name}" is not available when listing ${type}s`);
}

/** An episode's own rating is not read through its show (the join is on the listed item). */
function notThroughShow(name: string, type: ItemType): FilterError {
  return new FilterError(`"${name}" is not available when listing ${type}s`);
}

function parseFilter(key: string, rawValue: string, type: ItemType, nowMs: number): ItemFilter {
  if (key === 'push' || key === 'pop' || key === 'and' || key === 'or') {
    throw new FilterError('advanced filters (push, pop, and, or) are not supported');
  }
  const match = FILTER_KEY.exec(key);
  const name = match?.[2] ?? key;
  if (!match || !Object.hasOwn(FILTER_FIELDS, name)) throw new FilterError(`unknown filter field "${key}"`);
  const field = name as FilterField;
  const kind: FieldKind = FILTER_FIELDS[field];
  const level = levelOf(match[1], type, key);
  if (level === 'episode' && field === 'userRating') throw notThroughShow(key, type);
  // The value may carry the operator's last `=` when the client did not encode the key: `title==Up` arrives
  // as key `title`, value `=Up`.
  let suffix = match[3].replace('&', '');
  let value = rawValue;
  if (kind === 'string' && (suffix === '' || suffix === '!') && value.startsWith('=')) {
    suffix += '=';
    value = value.slice(1);
  }
  const operator = OPERATORS[kind][`${suffix}=`];
  if (!operator) {
    const allowed = Object.keys(OPERATORS[kind]).join(' ');
    throw new FilterError(
      `operator "${suffix}=" does not apply to ${name} (a ${kind}; operators: ${allowed})`,
    );
  }
  const parts = value.split(',');
  if (parts.length > MAX_VALUES) throw new FilterError(`${name}: at most ${MAX_VALUES} values`);
  const values = parts.map((part) =>
    kind === 'date'
      ? dateBoundMs(operator, part.trim(), name, nowMs)
      : filterValueOf(kind, part.trim(), name),
  );
  return { level, field, operator, values };
}

/** Seconds in each unit of a relative date. */
const DATE_UNITS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 7 * 86_400,
  mon: 30 * 86_400,
  y: 365 * 86_400,
};

function filterValueOf(kind: Exclude<FieldKind, 'date'>, text: string, name: string): string | number {
  switch (kind) {
    case 'string':
      return text;
    case 'tag':
      if (text === '') throw new FilterError(`${name} takes a name or an id, not an empty value`);
      return text;
    case 'integer':
      if (/^-?\d{1,15}(\.\d{1,6})?$/.test(text)) return Number(text);
      throw new FilterError(`${name} takes numbers, not "${text}"`);
    case 'boolean':
      if (text === '1' || text === 'true') return 1;
      if (text === '0' || text === 'false') return 0;
      throw new FilterError(`${name} takes 1 or 0, not "${text}"`);
  }
}

/**
 * A date filter's value as the bound on the stored instant (epoch ms). The wire's dates are whole seconds, and
 * an instant is in second ⌊ms / 1000⌋, as the answers show it: "after second X" is after X's last millisecond,
 * "before second X" before its first. A relative date (`-30d`) is that long before now, to the millisecond.
 */
function dateBoundMs(operator: FilterOperator, text: string, name: string, nowMs: number): number {
  const relative = /^-?(\d{1,6})(mon|[smhdwy])$/.exec(text);
  if (relative) return nowMs - Number(relative[1]) * DATE_UNITS[relative[2]] * 1000;
  const seconds = wireSecondsOf(text);
  if (seconds === null) {
    throw new FilterError(
      `${name} takes epoch seconds, YYYY-MM-DD or a relative date like -30d, not "${text}"`,
    );
  }
  return operator === 'greater' ? seconds * 1000 + 999 : seconds * 1000;
}

/** Epoch seconds or a day (`YYYY-MM-DD`, its first second, UTC) as epoch seconds; null for neither. */
function wireSecondsOf(text: string): number | null {
  if (/^\d{1,12}$/.test(text)) return Number(text);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!day) return null;
  const at = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  return Number.isFinite(at) ? Math.floor(at / 1000) : null;
}

function parseSorts(raw: unknown, type: ItemType): ItemSortKey[] {
  if (raw === undefined || raw === '') return [];
  const text = Array.isArray(raw) ? raw.join(',') : String(raw);
  const parts = text.split(',');
  if (parts.length > MAX_SORTS) throw new FilterError(`at most ${MAX_SORTS} sort fields`);
  return parts.map((part) => {
    const match = SORT_KEY.exec(part.trim());
    const name = match?.[2] ?? part;
    if (!match || !(SORT_FIELDS as readonly string[]).includes(name)) {
      throw new FilterError(`unknown sort field "${part.trim()}" (sort fields: ${SORT_FIELDS.join(', ')})`);
    }
    const direction = match[3] ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc') {
      throw new FilterError(`unknown sort direction "${direction}" (asc or desc)`);
    }
    const level = levelOf(match[1], type, part.trim());
    if (level === 'episode' && name === 'userRating') throw notThroughShow(part.trim(), type);
    return { level, field: name as SortField, descending: direction === 'desc' };
  });
}

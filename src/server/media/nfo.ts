import { readFile } from 'node:fs/promises';
import type { ItemTags } from '../db/tag-store';

// Kodi-style .nfo files (`<movie>`, `<tvshow>`, `<episodedetails>`; docs/protocol.md#tags-from-nfo-files).
// Read with patterns, not an XML parser: .nfo files are often hand-edited and not well-formed, and whatever
// can be read from a broken one is kept (a missing close tag loses that element only, never the file).

/** An `<actor>`: the person (`<name>`), the character (`<role>`) and a picture URL (`<thumb>`, http(s) only). */
export interface NfoActor {
  name: string;
  role?: string;
  thumb?: string;
}

/** The fields read from an .nfo; absent ones are undefined (lists too, rather than empty). */
export interface NfoInfo {
  title?: string;
  year?: number;
  summary?: string;
  /** `<genre>` elements in order, duplicates dropped (an old-style `Drama / Comedy` is split). */
  genres?: string[];
  /** `<actor>` elements in order (by `<order>` when given), one per name. */
  actors?: NfoActor[];
  /** External ids as PMS writes its Guid ids: `imdb://tt…`, `tmdb://…`, `tvdb://…`, in that order. */
  guids?: string[];
}

const MAX_NFO_BYTES = 256 * 1024;
/** Bounds per file, so one odd .nfo cannot fill the database. */
const MAX_GENRES = 32;
const MAX_ACTORS = 100;
const MAX_TAG_LENGTH = 255;

/** Kodi's `<uniqueid type>` names (and the long names some tools write) → the Guid scheme PMS uses. */
const GUID_SCHEMES: Record<string, 'imdb' | 'tmdb' | 'tvdb'> = {
  imdb: 'imdb',
  tmdb: 'tmdb',
  themoviedb: 'tmdb',
  tvdb: 'tvdb',
  thetvdb: 'tvdb',
};
const GUID_ORDER = ['imdb', 'tmdb', 'tvdb'] as const;
const GUID_VALUES: Record<(typeof GUID_ORDER)[number], RegExp> = {
  imdb: /^tt\d{1,12}$/,
  tmdb: /^\d{1,12}$/,
  tvdb: /^\d{1,12}$/,
};

/** The tags an .nfo gives its item (none without one: a removed .nfo takes its tags with it). */
export function nfoTags(info: NfoInfo | null): ItemTags {
  return {
    genres: info?.genres ?? [],
    roles: info?.actors ?? [],
    guids: info?.guids ?? [],
  };
}

/** Reads an .nfo; null when it is missing, too big or unreadable. */
export async function readNfo(file: string): Promise<NfoInfo | null> {
  try {
    const text = await readFile(file, 'utf8');
    if (text.length > MAX_NFO_BYTES) return null;
    return parseNfo(text);
  } catch {
    return null;
  }
}

export function parseNfo(text: string): NfoInfo {
  const xml = rootBlock(text.replace(/<!--[\s\S]*?(?:-->|$)/g, ''));
  // Lists are read first and cut out, so a nested <name>, <role> or <thumb> never passes for the item's own.
  const actors = readActors(blocks(xml, 'actor'));
  const own = xml.replace(/<actor(?:\s[^>]*)?>[\s\S]*?(?:<\/actor\s*>|(?=<actor[\s>])|$)/gi, '');

  const info: NfoInfo = {};
  const title = element(own, 'title');
  if (title) info.title = title;
  const year = element(own, 'year');
  if (year && /^\d{4}$/.test(year)) info.year = Number(year);
  const plot = element(own, 'plot') ?? element(own, 'outline');
  if (plot) info.summary = plot;
  const genres = readGenres(own);
  if (genres.length > 0) info.genres = genres;
  if (actors.length > 0) info.actors = actors;
  const guids = readGuids(own);
  if (guids.length > 0) info.guids = guids;
  return info;
}

/** The first `<movie>`, `<tvshow>` or `<episodedetails>` (a multi-episode file holds several); else all. */
function rootBlock(xml: string): string {
  const open = /<(movie|tvshow|episodedetails)(?:\s[^>]*)?>/i.exec(xml);
  if (!open) return xml;
  const rest = xml.slice(open.index + open[0].length);
  const close = rest.search(new RegExp(`</${open[1]}\\s*>`, 'i'));
  return close === -1 ? rest : rest.slice(0, close);
}

function readGenres(xml: string): string[] {
  const genres: string[] = [];
  const seen = new Set<string>();
  for (const raw of elements(xml, 'genre')) {
    for (const genre of raw.split(' / ')) {
      const name = genre.trim();
      if (!name || name.length > MAX_TAG_LENGTH || seen.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      genres.push(name);
    }
  }
  return genres.slice(0, MAX_GENRES);
}

function readActors(actorBlocks: string[]): NfoActor[] {
  const found: { actor: NfoActor; order: number }[] = [];
  const seen = new Set<string>();
  actorBlocks.forEach((block, position) => {
    const name = element(block, 'name');
    if (!name || name.length > MAX_TAG_LENGTH || seen.has(name.toLowerCase())) return;
    seen.add(name.toLowerCase());
    const actor: NfoActor = { name };
    const role = element(block, 'role');
    if (role && role.length <= MAX_TAG_LENGTH) actor.role = role;
    const thumb = element(block, 'thumb');
    if (thumb && /^https?:\/\/\S+$/i.test(thumb) && thumb.length <= 2048) actor.thumb = thumb;
    const order = element(block, 'order');
    found.push({ actor, order: order && /^\d{1,6}$/.test(order) ? Number(order) : position });
  });
  // A stable sort: actors without <order> keep their place in the file.
  return found
    .sort((a, b) => a.order - b.order)
    .slice(0, MAX_ACTORS)
    .map(({ actor }) => actor);
}

function readGuids(xml: string): string[] {
  const ids = new Map<(typeof GUID_ORDER)[number], string>();
  const uniqueId = /<uniqueid(\s[^>]*)?>([\s\S]*?)<\/uniqueid>/gi;
  for (let match = uniqueId.exec(xml); match; match = uniqueId.exec(xml)) {
    const type = /\btype\s*=\s*["']([^"']*)["']/i.exec(match[1] ?? '')?.[1].toLowerCase() ?? '';
    const scheme = GUID_SCHEMES[type];
    const value = textOf(match[2]);
    if (scheme && !ids.has(scheme) && GUID_VALUES[scheme].test(value)) ids.set(scheme, value);
  }
  // Older files name the IMDb id in <id> (or <imdbid>).
  const legacy = element(xml, 'imdbid') ?? element(xml, 'id');
  if (!ids.has('imdb') && legacy && GUID_VALUES.imdb.test(legacy)) ids.set('imdb', legacy);
  return GUID_ORDER.flatMap((scheme) => {
    const value = ids.get(scheme);
    return value ? [`${scheme}://${value}`] : [];
  });
}

/** The raw insides of every `<name>…</name>` (an unclosed one runs to the next `<name>` or the end). */
function blocks(xml: string, name: string): string[] {
  const pattern = new RegExp(
    `<${name}(?:\\s[^>]*)?>([\\s\\S]*?)(?:</${name}\\s*>|(?=<${name}[\\s>])|$)`,
    'gi',
  );
  return [...xml.matchAll(pattern)].map((match) => match[1]);
}

/** The text of every closed `<name>…</name>`, empty ones left out. */
function elements(xml: string, name: string): string[] {
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}\\s*>`, 'gi');
  return [...xml.matchAll(pattern)].map((match) => textOf(match[1])).filter(Boolean);
}

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}\\s*>`, 'i').exec(xml);
  if (!match) return undefined;
  return textOf(match[1]) || undefined;
}

function textOf(raw: string): string {
  return decodeXml(raw.trim().replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1')).trim();
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (entity, body: string) => {
    const lower = body.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number(lower.slice(1));
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlexMetadata } from '../../protocol/plex-media';
import type { ItemRow, ItemType, SectionRow } from '../db/library-store';
import { onDeck } from '../db/on-deck';
import { PlexError, plexValue, sendPlexError } from '../plex-request';
import { callerOf } from '../token-scope';
import { FilterError, type ItemQuery, parseItemQuery } from './library-filters';
import type { MediaLibrary } from './media-library';
import { asksForGuids, type MetadataContext, toMetadata } from './metadata';

// A section's listings beyond /all (docs/protocol.md#filters-and-sorts): allLeaves, search, onDeck and
// firstCharacter, and the filtered page that /all shares with them (library-routes.ts).

const IDENTIFIER = 'com.plexapp.plugins.library';
/** A list route without X-Plex-Container-Size answers this many items (On Deck). */
const DEFAULT_LIST_SIZE = 50;

/** `/library/sections/{key}/…`: the key is a section id. Not digits → Fastify answers 400; unknown → 404. */
export const SECTION_PARAMS = {
  type: 'object',
  properties: { key: { type: 'string', pattern: '^\\d{1,9}$', title: 'The section id' } },
  required: ['key'],
} as const;

/** The listing keys with a fixed form; filters (any other key) are read by library-filters.ts. */
export const LISTING_QUERY = {
  type: 'object',
  properties: {
    type: { type: 'string', pattern: '^\\d{1,2}$', title: 'type' },
    limit: { type: 'string', pattern: '^\\d{1,9}$', title: 'limit' },
  },
} as const;

/** `/library/sections/{key}/search`: the listing keys and the text its items' titles must contain. */
const SEARCH_LISTING_QUERY = {
  type: 'object',
  properties: { ...LISTING_QUERY.properties, query: { type: 'string', title: 'query' } },
} as const;

export interface SectionParams {
  key: string;
}

interface SearchListingQuery {
  query?: string;
}

export interface ItemPage {
  query: ItemQuery;
  rows: ItemRow[];
  start: number;
  total: number;
}

/** The leaf type of a section: what its items play as. */
export function leafTypeOf(section: SectionRow): ItemType {
  return section.type === 'movie' ? 'movie' : 'episode';
}

export interface ListRoutesOptions {
  library: MediaLibrary;
  /** The server owner's account: only its metadata carries Part.file (docs/protocol.md#part-file). */
  ownerAccountId: number | null;
}

/** What the caller's metadata is read with: their account's watch state, Part.file for the owner only. */
export function metadataContextOf(
  { library, ownerAccountId }: ListRoutesOptions,
  request: FastifyRequest,
): MetadataContext {
  const { accountId } = callerOf(request);
  return {
    store: library.store,
    watch: library.watchState,
    accountId,
    ownerMediaRoot: accountId === ownerAccountId ? library.mediaRoot : null,
    ratings: library.userRatings,
    includeGuids: asksForGuids(request.query),
  };
}

/**
 * A section's items as the query filters, sorts and pages them; a query this server does not understand
 * throws a FilterError (answer it with answerFilterError).
 */
export function readItemPage(
  library: MediaLibrary,
  request: FastifyRequest,
  section: SectionRow,
  options: { defaultType: ItemType; titleContains?: string; ignore?: string[] },
): ItemPage {
  const query = parseItemQuery(request.query as Record<string, unknown>, {
    defaultType: options.defaultType,
    nowMs: Date.now(),
    ignore: options.ignore,
  });
  if (options.titleContains) {
    query.filters.push({
      level: 'item',
      field: 'title',
      operator: 'contains',
      values: [options.titleContains],
    });
  }
  const scope = { sectionId: section.id, accountId: callerOf(request).accountId };
  const total = library.store.countMatching(query, scope);
  const paging = pagingOf(request, total, total);
  const rows = library.store.pageMatching(query, scope, paging.start, paging.size);
  return { query, rows, start: paging.start, total };
}

export function answerFilterError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof FilterError) return sendPlexError(reply, PlexError.requestFailed, error.message);
  throw error;
}

/** Start and size from X-Plex-Container-Start/Size (header or query), within the total. */
export function pagingOf(
  request: FastifyRequest,
  total: number,
  defaultSize: number,
): { start: number; size: number } {
  const start = wholeNumber(plexValue(request, 'X-Plex-Container-Start')) ?? 0;
  const size = wholeNumber(plexValue(request, 'X-Plex-Container-Size')) ?? defaultSize;
  return { start, size: Math.max(0, Math.min(size, total - start)) };
}

function wholeNumber(value: string): number | null {
  return /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : null;
}

/** The paging headers PMS sends with a page. */
export function sendPage(reply: FastifyReply, start: number, total: number, body: object): FastifyReply {
  reply.header('X-Plex-Container-Start', String(start));
  reply.header('X-Plex-Container-Total-Size', String(total));
  return reply.send(body);
}

/**
 * A page of a section's items as PMS sends it (/all, /allLeaves, /search): the section's names and the paging,
 * then `fields` (title2, and any the route adds), then the items.
 */
export function sendSectionPage(
  reply: FastifyReply,
  section: SectionRow,
  page: ItemPage,
  metadata: PlexMetadata[],
  fields: { title2: string } & Record<string, unknown>,
): FastifyReply {
  return sendPage(reply, page.start, page.total, {
    MediaContainer: {
      size: metadata.length,
      offset: page.start,
      totalSize: page.total,
      allowSync: true,
      identifier: IDENTIFIER,
      librarySectionID: section.id,
      librarySectionTitle: section.title,
      librarySectionUUID: section.uuid,
      title1: section.title,
      viewGroup: page.query.type,
      ...fields,
      Metadata: metadata,
    },
  });
}

export function registerSectionRoutes(app: FastifyInstance, options: ListRoutesOptions): void {
  const { library } = options;
  const { store } = library;
  const routeSchema = { params: SECTION_PARAMS, querystring: LISTING_QUERY };
  type SectionRequest = FastifyRequest<{ Params: SectionParams }>;
  const sectionOf = (request: SectionRequest) => store.section(Number(request.params.key));

  /** The section's leaves (allLeaves), or its items whose title contains `text` (search), as a page. */
  const sendListing = (
    request: SectionRequest,
    reply: FastifyReply,
    kind: 'allLeaves' | 'search',
    text?: string,
  ): FastifyReply => {
    const section = sectionOf(request);
    if (!section) return sendPlexError(reply, PlexError.notFound);
    let page: ItemPage;
    try {
      page =
        kind === 'allLeaves'
          ? readItemPage(library, request, section, { defaultType: leafTypeOf(section) })
          : readItemPage(library, request, section, { defaultType: section.type, titleContains: text });
    } catch (error) {
      return answerFilterError(reply, error);
    }
    const metadata = toMetadata(metadataContextOf(options, request), page.rows);
    const title2 =
      kind === 'allLeaves' ? (section.type === 'movie' ? 'All Movies' : 'All Episodes') : 'Search';
    return sendSectionPage(reply, section, page, metadata, { title2 });
  };
  app.get(
    '/library/sections/:key/allLeaves',
    { schema: routeSchema },
    async (request: SectionRequest, reply) => sendListing(request, reply, 'allLeaves'),
  );
  app.get<{ Params: SectionParams; Querystring: SearchListingQuery }>(
    '/library/sections/:key/search',
    { schema: { params: SECTION_PARAMS, querystring: SEARCH_LISTING_QUERY } },
    async (request, reply) => sendListing(request, reply, 'search', request.query.query?.trim()),
  );

  app.get(
    '/library/sections/:key/onDeck',
    { schema: routeSchema },
    async (request: SectionRequest, reply) => {
      const section = sectionOf(request);
      if (!section) return sendPlexError(reply, PlexError.notFound);
      const context = metadataContextOf(options, request);
      const rows = onDeck(store, library.watchState, context.accountId, section.id, DEFAULT_LIST_SIZE);
      const metadata = toMetadata(context, rows);
      return reply.send({
        MediaContainer: {
          size: metadata.length,
          allowSync: false,
          identifier: IDENTIFIER,
          librarySectionID: section.id,
          librarySectionTitle: section.title,
          title1: section.title,
          title2: 'On Deck',
          Metadata: metadata,
        },
      });
    },
  );

  // python-plexapi calls it firstCharacter; the OpenAPI spec (plexjs) firstCharacters.
  const firstCharacter = async (request: SectionRequest, reply: FastifyReply) => {
    const section = sectionOf(request);
    if (!section) return sendPlexError(reply, PlexError.notFound);
    let query: ItemQuery;
    try {
      // The order does not change the counts (plexjs may send a numeric `sort` here).
      const { sort: _order, ...filters } = request.query as Record<string, unknown>;
      query = parseItemQuery(filters, {
        defaultType: section.type,
        nowMs: Date.now(),
      });
    } catch (error) {
      return answerFilterError(reply, error);
    }
    const counts = store.firstCharactersMatching(query, {
      sectionId: section.id,
      accountId: callerOf(request).accountId,
    });
    const directories = groupByCharacter(counts).map(({ character, size }) => ({
      size,
      key: character,
      title: character,
    }));
    return reply.send({
      MediaContainer: {
        size: directories.length,
        allowSync: false,
        identifier: IDENTIFIER,
        librarySectionID: section.id,
        librarySectionTitle: section.title,
        title1: section.title,
        title2: 'All',
        viewGroup: 'secondary',
        Directory: directories,
      },
    });
  };
  app.get('/library/sections/:key/firstCharacter', { schema: routeSchema }, firstCharacter);
  app.get('/library/sections/:key/firstCharacters', { schema: routeSchema }, firstCharacter);
}

/** Letters by their capital; digits and signs together as `#`, first (as PMS lists them). */
export function groupByCharacter(
  counts: { character: string; size: number }[],
): { character: string; size: number }[] {
  const sizes = new Map<string, number>();
  for (const { character, size } of counts) {
    const key = /^\p{L}$/u.test(character ?? '') ? character.toLocaleUpperCase() : '#';
    sizes.set(key, (sizes.get(key) ?? 0) + size);
  }
  return [...sizes.entries()]
    .sort(([a], [b]) => (a === '#' ? -1 : b === '#' ? 1 : a.localeCompare(b)))
    .map(([character, size]) => ({ character, size }));
}

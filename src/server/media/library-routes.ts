import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlexContainer, PlexHub, PlexSection } from '../../protocol/plex-media';
import type { ItemRow, ItemType, SectionRow } from '../db/library-store';
import { onDeck } from '../db/on-deck';
import { PlexError, sendPlexError } from '../plex-request';
import { COLON_PARAMS, type ColonParams, FLAG } from '../request-schemas';
import { callerOf } from '../token-scope';
import { PHOTO_LIMITS } from './images';
import type { MediaLibrary } from './media-library';
import { asksForGuids, type MetadataContext, thumbPath, toMetadata } from './metadata';
import {
  answerFilterError,
  type ItemPage,
  LISTING_QUERY,
  readItemPage,
  SECTION_PARAMS,
  sendSectionPage,
} from './section-routes';
import { shelfHub } from './shelf-hub';
import { wireSeconds } from './wire-time';

// The library routes of the PMS subset (docs/protocol.md#library-browsing, docs/protocol.md#images):
// sections, items with paging and sorting, hubs, metadata, children, search, item images and the image
// transcoder.

const IDENTIFIER = 'com.plexapp.plugins.library';
const HUB_SIZE = 12;
const SEARCH_LIMIT_DEFAULT = 10;
const IMAGE_MAX_AGE_S = 7 * 24 * 60 * 60;
/** Hubs and search answer at most this many items a hub, whatever `count` or `limit` asks. */
const HUB_SIZE_MAX = 100;

// The schemas of these routes' params and queries (src/server/request-schemas.ts): Fastify checks them before
// a handler runs, and the media server's scope answers a request that does not fit with Plex's 400.

/** `/library/metadata/{id}/…`: one item's ratingKey. */
const ITEM_PARAMS = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^\\d{1,15}$', title: 'The item id' } },
  required: ['id'],
} as const;

/**
 * The most ids one `/library/metadata/{a,b,…}` reads. The router's longest path parameter is sized for this
 * many (src/server/home-server.ts); a longer list is Plex's 400.
 */
export const METADATA_ID_LIMIT = 500;

/** `/library/metadata/{id}`: one ratingKey, or several joined by commas (python-plexapi's fetchItems). */
const ITEM_LIST_PARAMS = {
  type: 'object',
  properties: {
    id: { type: 'string', pattern: '^\\d{1,15}(,\\d{1,15})*$', title: 'The item id' },
  },
  required: ['id'],
} as const;

/** An item image with or without its change stamp (`/library/metadata/{id}/thumb/{stamp}`). */
const IMAGE_PARAMS = {
  type: 'object',
  properties: { ...ITEM_PARAMS.properties, stamp: { type: 'string' } },
  required: ['id'],
} as const;

const HUBS_QUERY = {
  type: 'object',
  properties: { count: { type: 'integer', minimum: 1, title: 'count' } },
} as const;

const SEARCH_QUERY = {
  type: 'object',
  properties: {
    query: { type: 'string', maxLength: 200, title: 'query' },
    limit: { type: 'integer', minimum: 1, title: 'limit' },
  },
} as const;

const CHILDREN_QUERY = { type: 'object', properties: { excludeAllLeaves: FLAG } } as const;

/** `/photo/:/transcode`: which image (`url`, checked by ownImagePath) and the box to fit it in. */
const PHOTO_QUERY = {
  type: 'object',
  properties: {
    url: { type: 'string', maxLength: 2000, title: 'url' },
    width: { type: 'integer', minimum: 0, title: 'width' },
    height: { type: 'integer', minimum: 0, title: 'height' },
    minSize: FLAG,
    upscale: FLAG,
  },
  required: ['url', 'width', 'height'],
} as const;

interface SectionParams {
  key: string;
}

interface ItemParams {
  id: string;
}

interface PhotoQuery {
  url: string;
  width: number;
  height: number;
  minSize?: '0' | '1';
  upscale?: '0' | '1';
}

export interface LibraryRoutesOptions {
  library: MediaLibrary;
  /** The server owner's account: only its metadata carries Part.file (docs/protocol.md#part-file). */
  ownerAccountId: number | null;
  log: (line: string) => void;
}

export function registerLibraryRoutes(
  app: FastifyInstance,
  { library, ownerAccountId, log }: LibraryRoutesOptions,
): void {
  const { store, watchState } = library;

  /** What the caller's metadata is read with: their account's watch state (the scope checked the token). */
  const contextOf = (request: FastifyRequest): MetadataContext => {
    const { accountId } = callerOf(request);
    return {
      store,
      watch: watchState,
      accountId,
      ownerMediaRoot: accountId === ownerAccountId ? library.mediaRoot : null,
      ratings: library.userRatings,
      includeGuids: asksForGuids(request.query),
      tracks: {
        choice: (partId) => library.streamChoices.get(accountId, partId),
        preference: () => library.trackPreferences.get(accountId),
      },
    };
  };

  const notFound = (reply: FastifyReply) => sendPlexError(reply, PlexError.notFound);
  // Ids are digits by the routes' schemas; an unknown one is null (404).
  const itemOf = (params: ItemParams): ItemRow | null => store.item(Number(params.id));
  const sectionOf = (params: SectionParams): SectionRow | null => store.section(Number(params.key));
  type SectionRequest = FastifyRequest<{ Params: SectionParams }>;
  type ItemRequest = FastifyRequest<{ Params: ItemParams }>;
  const sectionRoute = { schema: { params: SECTION_PARAMS } };
  const itemRoute = { schema: { params: ITEM_PARAMS } };

  const listSections = async (_request: FastifyRequest, reply: FastifyReply) => {
    const directories = store.sections().map((section) => toSection(section, library));
    return reply.send(
      container({ allowSync: false, title1: 'Plex Library', Directory: directories }, directories.length),
    );
  };
  app.get('/library/sections', listSections);
  // Plex's API docs name the list /library/sections/all too (docs/protocol.md#library-browsing).
  app.get('/library/sections/all', listSections);

  app.get('/library/sections/:key', sectionRoute, async (request: SectionRequest, reply) => {
    const section = sectionOf(request.params);
    if (!section) return notFound(reply);
    const directories = [
      { key: 'all', title: `All ${section.title}` },
      { key: 'recentlyAdded', title: 'Recently Added' },
    ];
    return reply.send(
      container(
        {
          librarySectionID: section.id,
          title1: section.title,
          viewGroup: 'secondary',
          Directory: directories,
        },
        directories.length,
      ),
    );
  });

  app.get(
    '/library/sections/:key/all',
    { schema: { params: SECTION_PARAMS, querystring: LISTING_QUERY } },
    async (request: SectionRequest, reply) => {
      const context = contextOf(request);
      const section = sectionOf(request.params);
      if (!section) return notFound(reply);
      // Filters, sorts and paging as PMS reads them (section-routes.ts, docs/protocol.md#filters-and-sorts).
      let page: ItemPage;
      try {
        page = readItemPage(library, request, section, { defaultType: section.type });
      } catch (error) {
        return answerFilterError(reply, error);
      }
      return sendSectionPage(reply, section, page, toMetadata(context, page.rows), {
        title2: section.type === 'movie' ? 'All Movies' : 'All Shows',
        thumb: sectionThumb(section),
        art: sectionArt(section),
      });
    },
  );

  app.get('/library/sections/:key/recentlyAdded', sectionRoute, async (request: SectionRequest, reply) => {
    const context = contextOf(request);
    const section = sectionOf(request.params);
    if (!section) return notFound(reply);
    const metadata = toMetadata(context, store.recentlyAdded(leafTypes(section), 50, section.id));
    return reply.send(
      container({ librarySectionID: section.id, title1: section.title, Metadata: metadata }, metadata.length),
    );
  });

  app.get<{ Querystring: { count?: number } }>(
    '/hubs',
    { schema: { querystring: HUBS_QUERY } },
    async (request, reply) => {
      const context = contextOf(request);
      const count = Math.min(request.query.count ?? HUB_SIZE, HUB_SIZE_MAX);
      const hubs: PlexHub[] = [];

      // The same list as its key's (/hubs/continueWatching/items): On Deck, as Plex's apps show it.
      const continuing = onDeck(store, watchState, context.accountId, null, count + 1);
      hubs.push(
        shelfHub(context, {
          title: 'Continue Watching',
          type: 'mixed',
          hubIdentifier: 'home.continue',
          key: '/hubs/continueWatching/items',
          rows: continuing,
          count,
        }),
      );
      const recent = store.recentlyAdded(['movie', 'episode'], count + 1);
      hubs.push(
        shelfHub(context, {
          title: 'Recently Added',
          type: 'mixed',
          hubIdentifier: 'home.recentlyAdded',
          key: '/library/recentlyAdded',
          rows: recent,
          count,
        }),
      );
      for (const section of store.sections()) {
        const rows = store.recentlyAdded(leafTypes(section), count + 1, section.id);
        hubs.push(
          shelfHub(context, {
            title: `Recently Added in ${section.title}`,
            type: section.type === 'movie' ? 'movie' : 'episode',
            hubIdentifier: `section.${section.id}`,
            key: `/library/sections/${section.id}/recentlyAdded`,
            rows,
            count,
            extra: { librarySectionID: section.id, librarySectionTitle: section.title },
          }),
        );
      }
      return reply.send(container({ allowSync: false, identifier: IDENTIFIER, Hub: hubs }, hubs.length));
    },
  );

  // /hubs/continueWatching/items and /library/onDeck list On Deck (hub-routes.ts).

  app.get('/library/recentlyAdded', async (request, reply) => {
    const context = contextOf(request);
    const metadata = toMetadata(context, store.recentlyAdded(['movie', 'episode'], 50));
    return reply.send(container({ identifier: IDENTIFIER, Metadata: metadata }, metadata.length));
  });

  app.get<{ Querystring: { query?: string; limit?: number } }>(
    '/hubs/search',
    { schema: { querystring: SEARCH_QUERY } },
    async (request, reply) => {
      const context = contextOf(request);
      const text = (request.query.query ?? '').trim();
      const limit = Math.min(request.query.limit ?? SEARCH_LIMIT_DEFAULT, HUB_SIZE_MAX);
      const hubs: PlexHub[] = [];
      if (text) {
        for (const [type, title] of [
          ['movie', 'Movies'],
          ['show', 'Shows'],
          ['episode', 'Episodes'],
        ] as const) {
          const rows = store.search(text, type, limit + 1);
          const metadata = toMetadata(context, rows.slice(0, limit));
          hubs.push({
            title,
            type,
            hubIdentifier: type,
            context: '',
            size: metadata.length,
            more: rows.length > limit,
            style: 'shelf',
            Metadata: metadata,
          });
        }
      }
      return reply.send(container({ identifier: IDENTIFIER, Hub: hubs }, hubs.length));
    },
  );

  // One item, or several by comma-separated ids (`/library/metadata/1,2,3`, as python-plexapi fetches them).
  app.get(
    '/library/metadata/:id',
    { schema: { params: ITEM_LIST_PARAMS } },
    async (request: ItemRequest, reply) => {
      const context = contextOf(request);
      const ids = request.params.id.split(',');
      if (ids.length > METADATA_ID_LIMIT) {
        const message = `At most ${METADATA_ID_LIMIT} ids in one request; this one has ${ids.length}.`;
        return sendPlexError(reply, PlexError.requestFailed, message);
      }
      const items = ids.map((id) => store.item(Number(id))).filter((row): row is ItemRow => row !== null);
      const item = items[0];
      if (!item) return notFound(reply);
      const section = store.section(item.section_id);
      const metadata = toMetadata(context, items, { streams: true });
      return reply.send(
        container(
          {
            allowSync: true,
            identifier: IDENTIFIER,
            librarySectionID: item.section_id,
            librarySectionTitle: section?.title,
            librarySectionUUID: section?.uuid,
            Metadata: metadata,
          },
          metadata.length,
        ),
      );
    },
  );

  app.get<{ Params: ItemParams; Querystring: { excludeAllLeaves?: '0' | '1' } }>(
    '/library/metadata/:id/children',
    { schema: { params: ITEM_PARAMS, querystring: CHILDREN_QUERY } },
    async (request, reply) => {
      const context = contextOf(request);
      const item = itemOf(request.params);
      if (!item) return notFound(reply);
      const query = request.query;
      const children = store.children(item.id);
      const metadata = toMetadata(context, children);
      const body: Record<string, unknown> = {
        allowSync: true,
        identifier: IDENTIFIER,
        key: String(item.id),
        librarySectionID: item.section_id,
        title1: item.title,
        viewGroup: item.type === 'show' ? 'season' : 'episode',
        thumb: thumbPath(item),
      };
      if (item.type === 'show') {
        body.parentTitle = item.title;
        if (item.year !== null) body.parentYear = item.year;
        body.summary = item.summary ?? '';
        if (query.excludeAllLeaves !== '1') {
          const [show] = toMetadata(context, [item]);
          body.Directory = [
            {
              leafCount: show.leafCount,
              thumb: thumbPath(item),
              viewedLeafCount: show.viewedLeafCount,
              key: `/library/metadata/${item.id}/allLeaves`,
              title: 'All episodes',
            },
          ];
        }
      } else if (item.type === 'season') {
        body.parentIndex = item.item_index;
        body.title2 = item.title;
        const show = item.parent_id ? store.item(item.parent_id) : null;
        if (show) {
          body.title1 = show.title;
          body.grandparentRatingKey = show.id;
          body.grandparentTitle = show.title;
        }
      }
      body.Metadata = metadata;
      return reply.send(container(body, metadata.length));
    },
  );

  app.get('/library/metadata/:id/allLeaves', itemRoute, async (request: ItemRequest, reply) => {
    const context = contextOf(request);
    const item = itemOf(request.params);
    if (!item) return notFound(reply);
    const rows =
      item.type === 'show'
        ? store.leaves(item.id)
        : item.type === 'season'
          ? store.children(item.id)
          : [item];
    const metadata = toMetadata(context, rows);
    return reply.send(
      container(
        {
          identifier: IDENTIFIER,
          key: String(item.id),
          title1: item.title,
          viewGroup: 'episode',
          Metadata: metadata,
        },
        metadata.length,
      ),
    );
  });

  const serveImage = (kind: 'thumb' | 'art') => async (request: ItemRequest, reply: FastifyReply) => {
    const item = itemOf(request.params);
    const file =
      item && library.images ? await library.images.imageFile(item, kind).catch(imageFailed(log)) : null;
    if (!file) return notFound(reply);
    return sendJpegOrPng(reply, file);
  };
  const imageRoute = { schema: { params: IMAGE_PARAMS } };
  app.get('/library/metadata/:id/thumb/:stamp', imageRoute, serveImage('thumb'));
  app.get('/library/metadata/:id/thumb', imageRoute, serveImage('thumb'));
  app.get('/library/metadata/:id/art/:stamp', imageRoute, serveImage('art'));
  app.get('/library/metadata/:id/art', imageRoute, serveImage('art'));

  // `:colon` matches both `:` and `%3A` (clients that encode path segments); anything else there is 404
  // (COLON_PARAMS).
  app.get<{ Params: ColonParams; Querystring: PhotoQuery }>(
    '/photo/:colon/transcode',
    { schema: { params: COLON_PARAMS, querystring: PHOTO_QUERY } },
    async (request, reply) => {
      const query = request.query;
      const source = ownImagePath(query.url);
      if (!source) {
        return sendPlexError(reply, PlexError.requestFailed, 'url must be one of this server’s image paths');
      }
      const width = clamp(query.width, PHOTO_LIMITS.minWidth, PHOTO_LIMITS.maxWidth);
      const height = clamp(query.height, PHOTO_LIMITS.minHeight, PHOTO_LIMITS.maxHeight);
      const item = store.item(source.id);
      const images = library.images;
      const file = item && images ? await images.imageFile(item, source.kind).catch(imageFailed(log)) : null;
      if (!file || !images) return notFound(reply);
      const resized = await images
        .transcode(file, { width, height, cover: query.minSize === '1', upscale: query.upscale !== '0' })
        .catch(imageFailed(log));
      if (!resized) return notFound(reply);
      return sendJpegOrPng(reply, resized);
    },
  );

  const refresh = async (request: SectionRequest, reply: FastifyReply) => {
    const section = sectionOf(request.params);
    if (!section) return notFound(reply);
    void library.refresh();
    return reply.code(200).send();
  };
  app.put('/library/sections/:key/refresh', sectionRoute, refresh);
  app.get('/library/sections/:key/refresh', sectionRoute, refresh);
}

function container<Body extends object>(body: Body, size: number): PlexContainer<Body> {
  return { MediaContainer: { size, ...body } } as PlexContainer<Body>;
}

function toSection(section: SectionRow, library: MediaLibrary): PlexSection {
  return {
    key: String(section.id),
    type: section.type,
    title: section.title,
    agent: 'tv.plex.agents.none',
    scanner: section.type === 'movie' ? 'Plex Movie' : 'Plex TV Series',
    language: 'xn',
    uuid: section.uuid,
    updatedAt: wireSeconds(section.updated_at_ms),
    createdAt: wireSeconds(section.created_at_ms),
    scannedAt: wireSeconds(section.scanned_at_ms),
    refreshing: library.isRefreshing(section.id),
    thumb: sectionThumb(section),
    art: sectionArt(section),
    Location: [{ id: section.id, path: `/${section.folder}` }],
  };
}

function sectionThumb(section: SectionRow): string {
  return section.type === 'movie' ? '/:/resources/movie.png' : '/:/resources/show.png';
}

function sectionArt(section: SectionRow): string {
  return section.type === 'movie' ? '/:/resources/movie-fanart.jpg' : '/:/resources/show-fanart.jpg';
}

function leafTypes(section: SectionRow): ItemType[] {
  return section.type === 'movie' ? ['movie'] : ['episode'];
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * The `url` of `/photo/:/transcode` names one of this server's item images, nothing else: never a file path
 * and never another host (a query with its own X-Plex-Token is allowed, docs/protocol.md#images).
 */
export function ownImagePath(url: string | undefined): { id: number; kind: 'thumb' | 'art' } | null {
  if (!url) return null;
  const path = url.split('?')[0];
  const match = /^\/library\/metadata\/(\d{1,15})\/(thumb|art)(?:\/\d{1,15})?$/.exec(path);
  return match ? { id: Number(match[1]), kind: match[2] as 'thumb' | 'art' } : null;
}

function imageFailed(log: (line: string) => void) {
  return (error: unknown): null => {
    log(`media: image failed: ${(error as Error).message}`);
    return null;
  };
}

function sendJpegOrPng(reply: FastifyReply, file: string): FastifyReply {
  const type = file.toLowerCase().endsWith('.png') ? 'image/png' : 'image/jpeg';
  return reply
    .type(type)
    .header('Cache-Control', `private, max-age=${IMAGE_MAX_AGE_S}`)
    .send(createReadStream(file));
}

import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlexContainer, PlexHub, PlexSection } from '../../protocol/plex-media';
import type { ItemRow, ItemType, SectionRow } from '../db/library-store';
import { PlexError, sendPlexError } from '../plex-request';
import { callerOf } from '../token-scope';
import { PHOTO_LIMITS } from './images';
import type { MediaLibrary } from './media-library';
import { type MetadataContext, thumbPath, toMetadata } from './metadata';
import { answerFilterError, type ItemPage, readItemPage, sendPage } from './section-routes';

// The library routes of the PMS subset (docs/protocol.md#library-browsing, docs/protocol.md#images):
// sections, items with paging and sorting, hubs, metadata, children, search, item images and the image
// transcoder.

const IDENTIFIER = 'com.plexapp.plugins.library';
const HUB_SIZE = 12;
const SEARCH_LIMIT_DEFAULT = 10;
const IMAGE_MAX_AGE_S = 7 * 24 * 60 * 60;

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
      tracks: {
        choice: (partId) => library.streamChoices.get(accountId, partId),
        preference: () => library.trackPreferences.get(accountId),
      },
    };
  };

  const notFound = (reply: FastifyReply) => sendPlexError(reply, PlexError.notFound);
  const itemOf = (params: unknown): ItemRow | null => {
    const id = (params as { id: string }).id;
    return /^\d{1,15}$/.test(id) ? store.item(Number(id)) : null;
  };

  const listSections = async (_request: FastifyRequest, reply: FastifyReply) => {
    const directories = store.sections().map((section) => toSection(section, library));
    return reply.send(
      container({ allowSync: false, title1: 'Plex Library', Directory: directories }, directories.length),
    );
  };
  app.get('/library/sections', listSections);
  // Plex's API docs name the list /library/sections/all too (docs/protocol.md#library-browsing).
  app.get('/library/sections/all', listSections);

  app.get('/library/sections/:key', async (request, reply) => {
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

  app.get('/library/sections/:key/all', async (request, reply) => {
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
    const { type } = page.query;
    const metadata = toMetadata(context, page.rows);
    return sendPage(
      reply,
      page.start,
      page.total,
      container(
        {
          offset: page.start,
          totalSize: page.total,
          allowSync: true,
          identifier: IDENTIFIER,
          librarySectionID: section.id,
          librarySectionTitle: section.title,
          librarySectionUUID: section.uuid,
          title1: section.title,
          title2: section.type === 'movie' ? 'All Movies' : 'All Shows',
          viewGroup: type,
          thumb: sectionThumb(section),
          art: sectionArt(section),
          Metadata: metadata,
        },
        metadata.length,
      ),
    );
  });

  app.get('/library/sections/:key/recentlyAdded', async (request, reply) => {
    const context = contextOf(request);
    const section = sectionOf(request.params);
    if (!section) return notFound(reply);
    const metadata = toMetadata(context, store.recentlyAdded(leafTypes(section), 50, section.id));
    return reply.send(
      container({ librarySectionID: section.id, title1: section.title, Metadata: metadata }, metadata.length),
    );
  });

  app.get('/hubs', async (request, reply) => {
    const context = contextOf(request);
    const query = request.query as Record<string, string | undefined>;
    const count = clampInt(query.count, 1, 100) ?? HUB_SIZE;
    const hubs: PlexHub[] = [];

    const inProgress = watchState.inProgress(context.accountId, count + 1);
    const continuing = store.itemsByIds(inProgress.map((state) => state.itemId));
    hubs.push(
      hub({
        title: 'Continue Watching',
        type: 'mixed',
        hubIdentifier: 'home.continue',
        key: '/hubs/continueWatching/items',
        rows: continuing,
        count,
        context,
      }),
    );
    const recent = store.recentlyAdded(['movie', 'episode'], count + 1);
    hubs.push(
      hub({
        title: 'Recently Added',
        type: 'mixed',
        hubIdentifier: 'home.recentlyAdded',
        key: '/library/recentlyAdded',
        rows: recent,
        count,
        context,
      }),
    );
    for (const section of store.sections()) {
      const rows = store.recentlyAdded(leafTypes(section), count + 1, section.id);
      hubs.push(
        hub({
          title: `Recently Added in ${section.title}`,
          type: section.type === 'movie' ? 'movie' : 'episode',
          hubIdentifier: `section.${section.id}`,
          key: `/library/sections/${section.id}/recentlyAdded`,
          rows,
          count,
          context,
          extra: { librarySectionID: section.id, librarySectionTitle: section.title },
        }),
      );
    }
    return reply.send(container({ allowSync: false, identifier: IDENTIFIER, Hub: hubs }, hubs.length));
  });

  // Continue Watching's items; /library/onDeck is the older name clients still call
  // (docs/protocol.md#library-browsing).
  const continueWatchingItems = async (request: FastifyRequest, reply: FastifyReply) => {
    const context = contextOf(request);
    const states = watchState.inProgress(context.accountId, 50);
    const metadata = toMetadata(context, store.itemsByIds(states.map((state) => state.itemId)));
    return reply.send(container({ identifier: IDENTIFIER, Metadata: metadata }, metadata.length));
  };
  app.get('/hubs/continueWatching/items', continueWatchingItems);
  app.get('/library/onDeck', continueWatchingItems);

  app.get('/library/recentlyAdded', async (request, reply) => {
    const context = contextOf(request);
    const metadata = toMetadata(context, store.recentlyAdded(['movie', 'episode'], 50));
    return reply.send(container({ identifier: IDENTIFIER, Metadata: metadata }, metadata.length));
  });

  app.get('/hubs/search', async (request, reply) => {
    const context = contextOf(request);
    const query = request.query as Record<string, string | undefined>;
    const text = (query.query ?? '').trim();
    const limit = clampInt(query.limit, 1, 100) ?? SEARCH_LIMIT_DEFAULT;
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
  });

  // One item, or several by comma-separated ids (`/library/metadata/1,2,3`, as python-plexapi fetches them).
  app.get('/library/metadata/:id', async (request, reply) => {
    const context = contextOf(request);
    const ids = (request.params as { id: string }).id.split(',');
    if (!ids.every((id) => /^\d{1,15}$/.test(id))) return notFound(reply);
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
  });

  app.get('/library/metadata/:id/children', async (request, reply) => {
    const context = contextOf(request);
    const item = itemOf(request.params);
    if (!item) return notFound(reply);
    const query = request.query as Record<string, string | undefined>;
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
  });

  app.get('/library/metadata/:id/allLeaves', async (request, reply) => {
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

  const serveImage = (kind: 'thumb' | 'art') => async (request: FastifyRequest, reply: FastifyReply) => {
    const item = itemOf(request.params);
    const file =
      item && library.images ? await library.images.imageFile(item, kind).catch(imageFailed(log)) : null;
    if (!file) return notFound(reply);
    return sendJpegOrPng(reply, file);
  };
  app.get('/library/metadata/:id/thumb/:stamp', serveImage('thumb'));
  app.get('/library/metadata/:id/thumb', serveImage('thumb'));
  app.get('/library/metadata/:id/art/:stamp', serveImage('art'));
  app.get('/library/metadata/:id/art', serveImage('art'));

  // `:colon` matches both `:` and `%3A` (clients that encode path segments); anything else there is 404.
  app.get('/photo/:colon/transcode', async (request, reply) => {
    if ((request.params as { colon: string }).colon !== ':') return notFound(reply);
    const query = request.query as Record<string, string | undefined>;
    const source = ownImagePath(query.url);
    if (!source) {
      return sendPlexError(reply, PlexError.requestFailed, 'url must be one of this server’s image paths');
    }
    const width = clampInt(query.width, PHOTO_LIMITS.minWidth, PHOTO_LIMITS.maxWidth);
    const height = clampInt(query.height, PHOTO_LIMITS.minHeight, PHOTO_LIMITS.maxHeight);
    if (width === null || height === null) {
      return sendPlexError(reply, PlexError.requestFailed, 'width and height must be whole numbers');
    }
    const item = store.item(source.id);
    const images = library.images;
    const file = item && images ? await images.imageFile(item, source.kind).catch(imageFailed(log)) : null;
    if (!file || !images) return notFound(reply);
    const resized = await images
      .transcode(file, { width, height, cover: query.minSize === '1', upscale: query.upscale !== '0' })
      .catch(imageFailed(log));
    if (!resized) return notFound(reply);
    return sendJpegOrPng(reply, resized);
  });

  const refresh = async (request: FastifyRequest, reply: FastifyReply) => {
    const section = sectionOf(request.params);
    if (!section) return notFound(reply);
    void library.refresh();
    return reply.code(200).send();
  };
  app.put('/library/sections/:key/refresh', refresh);
  app.get('/library/sections/:key/refresh', refresh);

  function sectionOf(params: unknown): SectionRow | null {
    const key = (params as { key: string }).key;
    return /^\d{1,9}$/.test(key) ? store.section(Number(key)) : null;
  }

  function hub(spec: {
    title: string;
    type: string;
    hubIdentifier: string;
    key: string;
    rows: ItemRow[];
    count: number;
    context: MetadataContext;
    extra?: Record<string, unknown>;
  }): PlexHub {
    const metadata = toMetadata(spec.context, spec.rows.slice(0, spec.count));
    return {
      title: spec.title,
      type: spec.type,
      hubIdentifier: spec.hubIdentifier,
      context: `hub.${spec.hubIdentifier}`,
      key: spec.key,
      hubKey: spec.key,
      size: metadata.length,
      more: spec.rows.length > spec.count,
      style: 'shelf',
      ...spec.extra,
      Metadata: metadata,
    };
  }
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
    updatedAt: section.updated_at,
    createdAt: section.created_at,
    scannedAt: section.scanned_at,
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

/** A whole number clamped to [min, max]; null when absent or not a whole number. */
function clampInt(value: string | undefined, min: number, max: number): number | null {
  if (value === undefined || value === '') return null;
  if (!/^\d{1,15}$/.test(value.trim())) return null;
  return Math.min(max, Math.max(min, Number(value.trim())));
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

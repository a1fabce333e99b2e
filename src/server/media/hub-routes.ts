import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlexHub } from '../../protocol/plex-media';
import type { ItemRow, ItemType, SectionRow } from '../db/library-store';
import { onDeck } from '../db/on-deck';
import { PlexError, sendPlexError } from '../plex-request';
import { type MetadataContext, toMetadata } from './metadata';
import {
  type ListRoutesOptions,
  leafTypeOf,
  metadataContextOf,
  pagingOf,
  SECTION_PARAMS,
  type SectionParams,
  sendPage,
} from './section-routes';
import { shelfHub } from './shelf-hub';

// The hubs PMS serves besides /hubs (library-routes.ts) and /hubs/search (docs/protocol.md#filters-and-sorts):
// Continue Watching as a hub, a section's hubs, the promoted (home) hubs, and the /hubs/home/* lists their
// keys point at. Continue Watching and On Deck are one list here: what is in progress, then the next episode
// of each show being watched (src/server/db/on-deck.ts).

const IDENTIFIER = 'com.plexapp.plugins.library';
const HUB_SIZE = 12;
/** A /hubs/home list without X-Plex-Container-Size answers this many items. */
const LIST_SIZE = 50;
/** Continue Watching holds at most this many items, as PMS's does. */
const ON_DECK_LIMIT = 100;

type Hub = PlexHub & { promoted?: boolean; totalSize?: number };

const COUNT_QUERY = {
  type: 'object',
  properties: { count: { type: 'integer', minimum: 1, maximum: 100, title: 'count' } },
} as const;

const RECENTLY_ADDED_QUERY = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['1', '2', '4'], title: 'type' },
    sectionID: { type: 'string', pattern: '^\\d{1,9}$', title: 'sectionID' },
  },
} as const;

interface CountQuery {
  count?: number;
}

interface RecentlyAddedQuery {
  type?: '1' | '2' | '4';
  sectionID?: string;
}

export function registerHubRoutes(app: FastifyInstance, options: ListRoutesOptions): void {
  const { library } = options;
  const { store, watchState } = library;

  const continueWatching = (context: MetadataContext, sectionId: number | null, limit: number) =>
    onDeck(store, watchState, context.accountId, sectionId, limit);

  const continueHub = (context: MetadataContext, count: number, sectionId: number | null = null): Hub =>
    shelfHub(context, {
      title: 'Continue Watching',
      type: 'mixed',
      hubIdentifier: 'home.continue',
      key: '/hubs/home/continueWatching',
      rows: continueWatching(context, sectionId, count + 1),
      count,
      extra: { promoted: true },
    });

  /** Recently added movies (type 1) or episodes (2, "Recently Added TV", and 4), newest first. */
  const recentlyAdded = (context: MetadataContext, type: ItemType, sectionId: number | null) => ({
    query: {
      type,
      filters: [],
      sorts: [{ level: 'item' as const, field: 'addedAt' as const, descending: true }],
      limit: null,
    },
    scope: { sectionId, accountId: context.accountId },
  });

  const recentHub = (
    context: MetadataContext,
    section: SectionRow | null,
    leaf: ItemType,
    count: number,
  ): Hub => {
    const { query, scope } = recentlyAdded(context, leaf, section?.id ?? null);
    const typeNumber = leaf === 'movie' ? 1 : 2;
    const inSection = section ? `&sectionID=${section.id}` : '';
    return shelfHub(context, {
      title: leaf === 'movie' ? 'Recently Added Movies' : 'Recently Added TV',
      type: leaf === 'movie' ? 'movie' : 'mixed',
      hubIdentifier: section
        ? `${leaf === 'movie' ? 'movie' : 'tv'}.recentlyadded`
        : `home.${leaf === 'movie' ? 'movies' : 'television'}.recent`,
      key: `/hubs/home/recentlyAdded?type=${typeNumber}${inSection}`,
      rows: store.pageMatching(query, scope, 0, count + 1),
      count,
      extra: { promoted: section === null },
    });
  };

  const hubsContainer = (hubs: Hub[], extra: object = {}) => ({
    MediaContainer: { size: hubs.length, allowSync: false, identifier: IDENTIFIER, ...extra, Hub: hubs },
  });

  // PMS's hub form: a MediaContainer with the one hub (its items under /hubs/home/continueWatching).
  app.get<{ Querystring: CountQuery }>(
    '/hubs/continueWatching',
    { schema: { querystring: COUNT_QUERY } },
    async (request, reply) => {
      const context = metadataContextOf(options, request);
      return reply.send(hubsContainer([continueHub(context, request.query.count ?? HUB_SIZE)]));
    },
  );

  // The home screen's hubs: Continue Watching, then the newest movies and episodes where sections have them.
  app.get<{ Querystring: CountQuery }>(
    '/hubs/promoted',
    { schema: { querystring: COUNT_QUERY } },
    async (request, reply) => {
      const context = metadataContextOf(options, request);
      const count = request.query.count ?? HUB_SIZE;
      const hubs = [continueHub(context, count)];
      const kinds = new Set(store.sections().map((section) => section.type));
      if (kinds.has('movie')) hubs.push(recentHub(context, null, 'movie', count));
      if (kinds.has('show')) hubs.push(recentHub(context, null, 'episode', count));
      return reply.send(hubsContainer(hubs));
    },
  );

  app.get<{ Params: { key: string }; Querystring: CountQuery }>(
    '/hubs/sections/:key',
    { schema: { params: SECTION_PARAMS, querystring: COUNT_QUERY } },
    async (request, reply) => {
      const section = store.section(Number(request.params.key));
      if (!section) return sendPlexError(reply, PlexError.notFound);
      const context = metadataContextOf(options, request);
      const count = request.query.count ?? HUB_SIZE;
      const prefix = section.type === 'movie' ? 'movie' : 'tv';
      const inProgress = shelfHub(context, {
        title: 'Continue Watching',
        type: section.type === 'movie' ? 'movie' : 'mixed',
        hubIdentifier: `${prefix}.inprogress`,
        key: `/hubs/sections/${section.id}/continueWatching/items`,
        rows: continueWatching(context, section.id, count + 1),
        count,
        extra: { promoted: false },
      });
      const sectionFields = { librarySectionID: section.id, librarySectionTitle: section.title };
      return reply.send(
        hubsContainer([inProgress, recentHub(context, section, leafTypeOf(section), count)], sectionFields),
      );
    },
  );

  /** Continue Watching's items, of one section or (null) of all. */
  const sendContinueItems = (request: FastifyRequest, reply: FastifyReply, sectionId: number | null) => {
    const context = metadataContextOf(options, request);
    const all = continueWatching(context, sectionId, ON_DECK_LIMIT);
    return sendList(request, reply, context, all.length, (start, size) => all.slice(start, start + size));
  };
  app.get<{ Params: SectionParams }>(
    '/hubs/sections/:key/continueWatching/items',
    { schema: { params: SECTION_PARAMS } },
    async (request, reply) => {
      const section = store.section(Number(request.params.key));
      if (!section) return sendPlexError(reply, PlexError.notFound);
      return sendContinueItems(request, reply, section.id);
    },
  );
  const allContinueItems = async (request: FastifyRequest, reply: FastifyReply) =>
    sendContinueItems(request, reply, null);
  app.get('/hubs/home/continueWatching', allContinueItems);
  app.get('/hubs/home/onDeck', allContinueItems);
  // The Continue Watching hub's items (python-plexapi's continueWatching) and On Deck by its older name
  // (python-plexapi's library.onDeck): the same list, as Plex's apps show On Deck and Continue Watching as one.
  app.get('/hubs/continueWatching/items', allContinueItems);
  app.get('/library/onDeck', allContinueItems);

  app.get<{ Querystring: RecentlyAddedQuery }>(
    '/hubs/home/recentlyAdded',
    { schema: { querystring: RECENTLY_ADDED_QUERY } },
    async (request, reply) => {
      const context = metadataContextOf(options, request);
      let sectionId: number | null = null;
      if (request.query.sectionID !== undefined) {
        const section = store.section(Number(request.query.sectionID));
        if (!section) return sendPlexError(reply, PlexError.notFound);
        sectionId = section.id;
      }
      const types: ItemType[] =
        request.query.type === undefined
          ? ['movie', 'episode']
          : request.query.type === '1'
            ? ['movie']
            : ['episode'];
      if (types.length === 1) {
        const { query, scope } = recentlyAdded(context, types[0], sectionId);
        const total = store.countMatching(query, scope);
        return sendList(request, reply, context, total, (start, size) =>
          store.pageMatching(query, scope, start, size),
        );
      }
      // Movies and episodes together: the newest of both, paged as one list.
      const total = types.reduce(
        (sum, type) =>
          sum +
          store.countMatching(recentlyAdded(context, type, sectionId).query, {
            sectionId,
            accountId: context.accountId,
          }),
        0,
      );
      return sendList(request, reply, context, total, (start, size) =>
        store.recentlyAdded(types, start + size, sectionId ?? undefined).slice(start),
      );
    },
  );
}

/** A paged Metadata list (X-Plex-Container-Start/Size; LIST_SIZE items when no size is asked). */
function sendList(
  request: FastifyRequest,
  reply: FastifyReply,
  context: MetadataContext,
  total: number,
  page: (start: number, size: number) => ItemRow[],
): FastifyReply {
  const paging = pagingOf(request, total, LIST_SIZE);
  const rows = paging.size > 0 ? page(paging.start, paging.size) : [];
  const metadata = toMetadata(context, rows);
  return sendPage(reply, paging.start, total, {
    MediaContainer: {
      size: metadata.length,
      offset: paging.start,
      totalSize: total,
      allowSync: false,
      identifier: IDENTIFIER,
      Metadata: metadata,
    },
  });
}

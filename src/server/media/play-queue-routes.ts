import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ItemRow, LibraryStore } from '../db/library-store';
import type { UserRatingStore } from '../db/user-rating-store';
import type { WatchStateStore } from '../db/watch-state-store';
import { PlexError, sendPlexError } from '../plex-request';
import { callerOf } from '../token-scope';
import { toMetadata } from './metadata';
import type { PlayQueue, PlayQueues } from './play-queues';

// Play queues as PMS serves them (docs/protocol.md#play-queues): `POST /playQueues?type=video&uri=…` makes one
// from an item (a movie, an episode, a season or a show: its episodes in order), `GET /playQueues/{id}` reads
// it, `PUT /playQueues/{id}?uri=…` adds to it, `DELETE /playQueues/{id}/items/{itemId}` removes an entry and
// `PUT /playQueues/{id}/items/{itemId}/move?after=` moves one. The queues live in memory (play-queues.ts).

export interface PlayQueueDeps {
  store: LibraryStore;
  watchState: WatchStateStore;
  queues: PlayQueues;
  ratings: UserRatingStore;
  /** The media folder when the account owns the server (its items carry Part.file), else null. */
  ownerMediaRootFor: (accountId: number) => string | null;
  /** This server's machineIdentifier: a `server://` uri must name it. */
  machineIdentifier: string;
}

const LIBRARY_IDENTIFIER = 'com.plexapp.plugins.library';

const FLAG = { type: 'string', enum: ['0', '1'] } as const;
const ID = { type: 'string', pattern: '^\\d{1,15}$' } as const;

const CREATE_QUERY = {
  type: 'object',
  properties: {
    uri: { type: 'string', minLength: 1, maxLength: 2000, title: 'uri' },
    type: { type: 'string', maxLength: 20 },
    key: { type: 'string', maxLength: 200, title: 'key' },
    shuffle: FLAG,
    continuous: FLAG,
    repeat: FLAG,
  },
  required: ['uri'],
} as const;

interface CreateQuery {
  uri: string;
  type?: string;
  key?: string;
  shuffle?: '0' | '1';
  continuous?: '0' | '1';
}

const QUEUE_PARAMS = {
  type: 'object',
  properties: { queueId: ID },
  required: ['queueId'],
} as const;

const ITEM_PARAMS = {
  type: 'object',
  properties: { queueId: ID, itemId: ID },
  required: ['queueId', 'itemId'],
} as const;

const ADD_QUERY = {
  type: 'object',
  properties: { uri: CREATE_QUERY.properties.uri, next: FLAG },
  required: ['uri'],
} as const;

const MOVE_QUERY = { type: 'object', properties: { after: ID } } as const;

/** In the media server's scope (media-server.ts), whose one error handler answers a request that does not fit. */
export function registerPlayQueueRoutes(app: FastifyInstance, deps: PlayQueueDeps): void {
  /** The items a uri names, in play order, or the error to answer. */
  const itemsOf = (uri: string, continuous: boolean): ItemRow[] | { error: string; notFound?: true } => {
    const key = libraryKeyOf(uri, deps.machineIdentifier);
    if ('error' in key) return key;
    const rows: ItemRow[] = [];
    for (const id of key.ids) {
      const row = deps.store.item(id);
      if (!row) return { error: `item ${id} is not in the library`, notFound: true };
      rows.push(...playableUnder(deps.store, row, continuous && key.ids.length === 1));
    }
    return rows;
  };

  const answer = (reply: FastifyReply, accountId: number, queue: PlayQueue) =>
    reply.send(queueBody(deps, accountId, queue));

  app.post<{ Querystring: CreateQuery }>(
    '/playQueues',
    { schema: { querystring: CREATE_QUERY } },
    async (request, reply) => {
      const { accountId } = callerOf(request);
      const query = request.query;
      if (query.type !== undefined && query.type !== 'video') {
        return sendPlexError(reply, PlexError.requestFailed, 'type must be video: this server holds videos');
      }
      const items = itemsOf(query.uri, query.continuous === '1');
      if ('error' in items) {
        return sendPlexError(
          reply,
          items.notFound ? PlexError.notFound : PlexError.requestFailed,
          items.error,
        );
      }
      if (items.length === 0)
        return sendPlexError(reply, PlexError.requestFailed, 'uri names nothing to play');
      let selectedRatingKey: number | undefined;
      if (query.key !== undefined) {
        const match = /^\/library\/metadata\/(\d{1,15})$/.exec(query.key);
        selectedRatingKey = match ? Number(match[1]) : undefined;
        if (selectedRatingKey === undefined || !items.some((item) => item.id === selectedRatingKey)) {
          return sendPlexError(
            reply,
            PlexError.requestFailed,
            'key must be /library/metadata/<id> of an item in uri',
          );
        }
      }
      const queue = deps.queues.create({
        accountId,
        sourceUri: query.uri,
        ratingKeys: items.map((item) => item.id),
        selectedRatingKey,
        shuffle: query.shuffle === '1',
      });
      return answer(reply, accountId, queue);
    },
  );

  app.get<{ Params: { queueId: string } }>(
    '/playQueues/:queueId',
    { schema: { params: QUEUE_PARAMS } },
    async (request, reply) => {
      const { accountId } = callerOf(request);
      const queue = deps.queues.get(accountId, Number(request.params.queueId));
      if (!queue) return sendPlexError(reply, PlexError.notFound);
      return answer(reply, accountId, queue);
    },
  );

  app.put<{ Params: { queueId: string }; Querystring: { uri: string; next?: '0' | '1' } }>(
    '/playQueues/:queueId',
    { schema: { params: QUEUE_PARAMS, querystring: ADD_QUERY } },
    async (request, reply) => {
      const { accountId } = callerOf(request);
      const queue = deps.queues.get(accountId, Number(request.params.queueId));
      if (!queue) return sendPlexError(reply, PlexError.notFound);
      const items = itemsOf(request.query.uri, false);
      if ('error' in items) {
        return sendPlexError(
          reply,
          items.notFound ? PlexError.notFound : PlexError.requestFailed,
          items.error,
        );
      }
      deps.queues.add(
        queue,
        items.map((item) => item.id),
        request.query.next === '1',
      );
      return answer(reply, accountId, queue);
    },
  );

  app.delete<{ Params: { queueId: string; itemId: string } }>(
    '/playQueues/:queueId/items/:itemId',
    { schema: { params: ITEM_PARAMS } },
    async (request, reply) => {
      const { accountId } = callerOf(request);
      const queue = deps.queues.get(accountId, Number(request.params.queueId));
      if (!queue || !deps.queues.remove(queue, Number(request.params.itemId))) {
        return sendPlexError(reply, PlexError.notFound);
      }
      return answer(reply, accountId, queue);
    },
  );

  app.put<{ Params: { queueId: string; itemId: string }; Querystring: { after?: string } }>(
    '/playQueues/:queueId/items/:itemId/move',
    { schema: { params: ITEM_PARAMS, querystring: MOVE_QUERY } },
    async (request, reply) => {
      const { accountId } = callerOf(request);
      const queue = deps.queues.get(accountId, Number(request.params.queueId));
      const after = request.query.after === undefined ? null : Number(request.query.after);
      if (!queue || !deps.queues.move(queue, Number(request.params.itemId), after)) {
        return sendPlexError(reply, PlexError.notFound);
      }
      return answer(reply, accountId, queue);
    },
  );
}

/**
 * The library key a play-queue uri names: `server://{machineIdentifier}/com.plexapp.plugins.library{key}`
 * (python-plexapi, @ctrl/plex), `library://{section}/item{key}` or `library:///directory/{escaped key}` (a
 * list: `/library/metadata/1,2,3`). The key is `/library/metadata/{ids}`, optionally `/children` or
 * `/allLeaves` after one id.
 */
function libraryKeyOf(uri: string, machineIdentifier: string): { ids: number[] } | { error: string } {
  let key: string | null = null;
  const server = /^server:\/\/([^/]+)\/([^/]+)(\/.*)$/.exec(uri);
  if (server) {
    if (server[1] !== machineIdentifier) return { error: 'uri names another server' };
    if (server[2] !== LIBRARY_IDENTIFIER) return { error: `uri must name ${LIBRARY_IDENTIFIER}` };
    key = server[3];
  }
  const library = /^library:\/\/[^/]*\/(item|directory)(\/.*)$/.exec(uri);
  if (library) {
    try {
      key = decodeURIComponent(library[2]);
    } catch {
      return { error: 'uri is not valid' };
    }
  }
  const match =
    key === null
      ? null
      : /^\/library\/metadata\/(\d{1,15}(?:,\d{1,15}){0,499})(\/children|\/allLeaves)?$/.exec(key);
  if (!match || (match[2] && match[1].includes(','))) {
    return {
      error: 'uri must be server://<machineIdentifier>/com.plexapp.plugins.library/library/metadata/<id>',
    };
  }
  return { ids: match[1].split(',').map(Number) };
}

/**
 * What playing an item plays: a movie or an episode itself; a season its episodes; a show all its episodes
 * in order. `continuous` on an episode: it and the show's episodes after it.
 */
function playableUnder(store: LibraryStore, item: ItemRow, continuous: boolean): ItemRow[] {
  if (item.type === 'show') return store.leaves(item.id);
  if (item.type === 'season') return store.children(item.id).filter((child) => child.type === 'episode');
  if (item.type === 'episode' && continuous && item.grandparent_id !== null) {
    const episodes = store.leaves(item.grandparent_id);
    const at = episodes.findIndex((episode) => episode.id === item.id);
    return at >= 0 ? episodes.slice(at) : [item];
  }
  return [item];
}

/** The queue in PMS's shape: playQueue* attributes and each entry's Metadata with its playQueueItemID. */
function queueBody(deps: PlayQueueDeps, accountId: number, queue: PlayQueue) {
  const rows = new Map(
    deps.store
      .itemsByIds([...new Set(queue.items.map((item) => item.ratingKey))])
      .map((row) => [row.id, row]),
  );
  const metadata = new Map(
    toMetadata(
      {
        store: deps.store,
        watch: deps.watchState,
        accountId,
        ratings: deps.ratings,
        ownerMediaRoot: deps.ownerMediaRootFor(accountId),
      },
      [...rows.values()],
    ).map((entry) => [Number(entry.ratingKey), entry]),
  );
  // Entries whose item left the library (a file removed) are skipped.
  const entries = queue.items.filter((item) => metadata.has(item.ratingKey));
  const selectedOffset = entries.findIndex((item) => item.id === queue.selectedItemId);
  const selected = entries[selectedOffset];
  return {
    MediaContainer: {
      size: entries.length,
      identifier: LIBRARY_IDENTIFIER,
      playQueueID: queue.id,
      ...(queue.lastAddedItemId !== null ? { playQueueLastAddedItemID: String(queue.lastAddedItemId) } : {}),
      playQueueSelectedItemID: selected?.id ?? -1,
      playQueueSelectedItemOffset: selectedOffset,
      ...(selected ? { playQueueSelectedMetadataItemID: selected.ratingKey } : {}),
      playQueueShuffled: queue.shuffled,
      playQueueSourceURI: queue.sourceUri,
      playQueueTotalCount: entries.length,
      playQueueVersion: queue.version,
      Metadata: entries.map((item) => ({ ...metadata.get(item.ratingKey), playQueueItemID: item.id })),
    },
  };
}

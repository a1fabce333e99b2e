import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isWatchedAt } from '../../protocol/watched';
import type { ItemRow, LibraryStore } from '../db/library-store';
import type { WatchStateStore } from '../db/watch-state-store';
import { PlexError, sendPlexError } from '../plex-request';
import { callerOf } from '../token-scope';

// Progress and watched state (docs/protocol.md#timeline-and-watched-state), per account:
// - `/:/timeline` sets viewOffset (Continue Watching) from where playback is; past 90 % the item counts as
//   finished and leaves Continue Watching. It never changes viewCount: the client scrobbles for that, so a
//   title is counted once (PMS counts threshold crossings instead; clients that rely on that here would
//   need to scrobble, as that section advises anyway).
// - `/:/scrobble` marks watched (viewCount + 1, offset cleared); `/:/unscrobble` marks unwatched.
// Shows and seasons apply to their episodes, as in Plex.

/** Registered inside the media server's token scope (media-server.ts): every route here has a caller. */
export interface ProgressDeps {
  store: LibraryStore;
  watchState: WatchStateStore;
  now?: () => number;
}

const TIMELINE_STATES = ['playing', 'paused', 'buffering', 'stopped'] as const;

export function registerProgressRoutes(app: FastifyInstance, deps: ProgressDeps): void {
  const now = deps.now ?? Date.now;

  const itemOf = (value: unknown): ItemRow | null =>
    typeof value === 'string' && /^\d{1,15}$/.test(value) ? deps.store.item(Number(value)) : null;

  const timeline = async (request: FastifyRequest, reply: FastifyReply) => {
    const { accountId } = callerOf(request);
    const query = {
      ...(request.query as Record<string, unknown>),
      ...(request.body as Record<string, unknown>),
    };
    const item = itemOf(query.ratingKey);
    if (!item || (item.type !== 'movie' && item.type !== 'episode'))
      return sendPlexError(reply, PlexError.notFound);
    const state = TIMELINE_STATES.find((candidate) => candidate === query.state);
    const time = wholeMs(query.time);
    const duration = query.duration === undefined ? null : wholeMs(query.duration);
    if (!state || time === null || (query.duration !== undefined && duration === null)) {
      return sendPlexError(reply, PlexError.requestFailed, 'state, time and duration must be valid');
    }
    // PMS answers 400 to a time past the duration (docs/protocol.md#timeline-and-watched-state); so does this
    // server.
    if (duration !== null && time > duration) {
      return sendPlexError(reply, PlexError.requestFailed, 'time is past the duration');
    }
    const length = item.duration ?? duration ?? 0;
    const finished = isWatchedAt(time, length);
    deps.watchState.progress(accountId, item.id, finished ? 0 : time, Math.floor(now() / 1000));
    const saved = deps.watchState.forItems(accountId, [item.id]).get(item.id);
    const viewOffset = saved?.viewOffset ?? 0;
    const viewCount = saved?.viewCount ?? 0;
    return reply.send({
      MediaContainer: { size: 0, playbackState: state, viewOffset, viewCount, skipCount: 0 },
    });
  };

  const mark = (watched: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { accountId } = callerOf(request);
    const query = request.query as Record<string, unknown>;
    const item = itemOf(query.key ?? query.ratingKey);
    if (!item) return sendPlexError(reply, PlexError.notFound);
    const targets = item.type === 'show' || item.type === 'season' ? leavesOf(deps.store, item) : [item];
    const at = Math.floor(now() / 1000);
    for (const target of targets) {
      if (watched) deps.watchState.scrobble(accountId, target.id, at);
      else deps.watchState.unscrobble(accountId, target.id);
    }
    return reply.send({ MediaContainer: { size: 0 } });
  };

  // `/:/timeline` etc. The `:` segment is a route parameter checked to be a colon, so a client that sends it
  // percent-encoded (`/%3A/timeline`) is understood too (a literal `::` route would not match that).
  const colonRoute = (
    methods: ('GET' | 'POST' | 'PUT')[],
    name: string,
    handler: typeof timeline,
    routineLog = false,
  ) =>
    app.route({
      method: methods,
      url: `/:colon/${name}`,
      config: { routineLog },
      handler: (request, reply) =>
        (request.params as { colon: string }).colon === ':'
          ? handler(request, reply)
          : sendPlexError(reply, PlexError.notFound),
    });
  colonRoute(['GET', 'POST'], 'timeline', timeline, true);
  colonRoute(['GET', 'PUT'], 'scrobble', mark(true));
  colonRoute(['GET', 'PUT'], 'unscrobble', mark(false));
}

function leavesOf(store: LibraryStore, item: ItemRow): ItemRow[] {
  if (item.type === 'show') return store.leaves(item.id);
  return store.children(item.id).filter((child) => child.type === 'episode');
}

function wholeMs(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? Math.round(number) : null;
}

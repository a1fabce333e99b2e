import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isWatchedAt } from '../../protocol/watched';
import type { ItemRow, LibraryStore } from '../db/library-store';
import type { WatchStateStore } from '../db/watch-state-store';
import { PlexError, plexValue, sendPlexError } from '../plex-request';
import { COLON_PARAMS, type ColonParams } from '../request-schemas';
import { callerOf } from '../token-scope';
import { readFieldBodies } from './ignored-bodies';
import { type NowPlaying, playerOf } from './now-playing';

// Progress and watched state (docs/protocol.md#timeline-and-watched-state), per account:
// - `/:/timeline` sets viewOffset (Continue Watching) from where playback is; past 90 % the item counts as
//   finished and leaves Continue Watching. It never changes viewCount: the client scrobbles for that, so a
//   title is counted once (PMS counts threshold crossings instead; clients that rely on that here would
//   need to scrobble, as that section advises anyway).
// - `/:/progress` (the older route: `key`, `time`, `state`) does the same as a timeline.
// - `/:/scrobble` marks watched (viewCount + 1, offset cleared); `/:/unscrobble` marks unwatched.
// Shows and seasons apply to their episodes, as in Plex.

/** Registered inside the media server's token scope (media-server.ts): every route here has a caller. */
export interface ProgressDeps {
  store: LibraryStore;
  watchState: WatchStateStore;
  /** Told of every timeline and progress report (what /status/sessions lists). */
  nowPlaying?: NowPlaying;
  now?: () => number;
}

const TIMELINE_STATES = ['playing', 'paused', 'buffering', 'stopped'] as const;

/** A library item's ratingKey: digits only, so it is a safe integer. */
const RATING_KEY = { type: 'string', pattern: '^\\d{1,15}$' } as const;

/** `/:/timeline`'s values (times in ms). On POST they may come in the body too (copied into the query first). */
const TIMELINE_QUERY = {
  type: 'object',
  properties: {
    ratingKey: RATING_KEY,
    state: { type: 'string', enum: TIMELINE_STATES },
    time: { type: 'number', minimum: 0 },
    duration: { type: 'number', minimum: 0 },
  },
  required: ['ratingKey', 'state', 'time'],
} as const;

interface TimelineQuery {
  ratingKey: string;
  state: (typeof TIMELINE_STATES)[number];
  time: number;
  duration?: number;
}

/** `/:/progress`'s values: the item as `key`, `time` in ms, `state` (playing when absent). */
const PROGRESS_QUERY = {
  type: 'object',
  properties: {
    key: RATING_KEY,
    identifier: { type: 'string', maxLength: 100 },
    time: { type: 'number', minimum: 0 },
    state: { type: 'string', enum: TIMELINE_STATES },
  },
  required: ['key', 'time'],
} as const;

interface ProgressQuery {
  key: string;
  time: number;
  state?: (typeof TIMELINE_STATES)[number];
}

/** `/:/scrobble` and `/:/unscrobble` name the item by `key` (as PMS documents) or `ratingKey`. */
const MARK_QUERY = {
  type: 'object',
  properties: { key: RATING_KEY, ratingKey: RATING_KEY },
  anyOf: [{ required: ['key'] }, { required: ['ratingKey'] }],
} as const;

interface MarkQuery {
  key?: string;
  ratingKey?: string;
}

export function registerProgressRoutes(app: FastifyInstance, deps: ProgressDeps): void {
  // Its own scope, for its body parsers: a POSTed timeline may carry its values in a form or JSON body (see
  // colonRoute). The token check and the schema-error handler (Plex's 400) are the media server's scope's
  // (media-server.ts), which this scope inherits.
  void app.register(async (scope) => {
    readFieldBodies(scope);
    registerRoutes(scope, deps);
  });
}

function registerRoutes(app: FastifyInstance, deps: ProgressDeps): void {
  const now = deps.now ?? Date.now;

  const reportPlaying = (
    request: FastifyRequest,
    accountId: number,
    ratingKey: number,
    state: (typeof TIMELINE_STATES)[number],
    timeMs: number,
  ) =>
    deps.nowPlaying?.reportTimeline({
      accountId,
      ratingKey,
      state,
      timeMs,
      player: playerOf(request),
      sessionIdentifier: plexValue(request, 'X-Plex-Session-Identifier'),
    });

  // `/:/progress?key=&time=&state=`: python-plexapi's updateProgress; same effect as a timeline.
  const progress = async (request: FastifyRequest<{ Querystring: ProgressQuery }>, reply: FastifyReply) => {
    const { accountId } = callerOf(request);
    const item = deps.store.item(Number(request.query.key));
    if (!item || (item.type !== 'movie' && item.type !== 'episode'))
      return sendPlexError(reply, PlexError.notFound);
    const time = Math.round(request.query.time);
    if (item.duration_ms !== null && time > item.duration_ms) {
      return sendPlexError(reply, PlexError.requestFailed, 'time is past the duration');
    }
    const finished = isWatchedAt(time, item.duration_ms ?? 0);
    deps.watchState.progress(accountId, item.id, finished ? 0 : time, now());
    reportPlaying(request, accountId, item.id, request.query.state ?? 'playing', time);
    return reply.send({ MediaContainer: { size: 0 } });
  };

  const timeline = async (request: FastifyRequest<{ Querystring: TimelineQuery }>, reply: FastifyReply) => {
    const { accountId } = callerOf(request);
    const { ratingKey, state } = request.query;
    const time = Math.round(request.query.time);
    const duration = request.query.duration === undefined ? undefined : Math.round(request.query.duration);
    const item = deps.store.item(Number(ratingKey));
    if (!item || (item.type !== 'movie' && item.type !== 'episode'))
      return sendPlexError(reply, PlexError.notFound);
    // PMS answers 400 to a time past the duration (docs/protocol.md#timeline-and-watched-state); so does this
    // server.
    if (duration !== undefined && time > duration) {
      return sendPlexError(reply, PlexError.requestFailed, 'time is past the duration');
    }
    const length = item.duration_ms ?? duration ?? 0;
    const finished = isWatchedAt(time, length);
    deps.watchState.progress(accountId, item.id, finished ? 0 : time, now());
    reportPlaying(request, accountId, item.id, state, time);
    const saved = deps.watchState.forItems(accountId, [item.id]).get(item.id);
    const viewOffset = saved?.viewOffsetMs ?? 0;
    const viewCount = saved?.viewCount ?? 0;
    return reply.send({
      MediaContainer: { size: 0, playbackState: state, viewOffset, viewCount, skipCount: 0 },
    });
  };

  const mark =
    (watched: boolean) =>
    async (request: FastifyRequest<{ Querystring: MarkQuery }>, reply: FastifyReply) => {
      const { accountId } = callerOf(request);
      const item = deps.store.item(Number(request.query.key ?? request.query.ratingKey));
      if (!item) return sendPlexError(reply, PlexError.notFound);
      const targets = item.type === 'show' || item.type === 'season' ? leavesOf(deps.store, item) : [item];
      const at = now();
      for (const target of targets) {
        if (watched) deps.watchState.scrobble(accountId, target.id, at);
        else deps.watchState.unscrobble(accountId, target.id);
      }
      return reply.send({ MediaContainer: { size: 0 } });
    };

  // `/:/timeline` etc. The `:` segment is a route parameter whose schema allows only a colon, so a client that
  // sends it percent-encoded (`/%3A/timeline`) is understood too (a literal `::` route would not match that).
  // Any other segment is another path: 404, as for any unknown route (COLON_PARAMS).
  const colonRoute = <Query>(
    methods: ('GET' | 'POST' | 'PUT')[],
    name: string,
    querystring: object,
    handler: (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => Promise<FastifyReply>,
    routineLog = false,
  ) =>
    app.route<{ Params: ColonParams; Querystring: Query }>({
      method: methods,
      url: `/:colon/${name}`,
      config: { routineLog },
      schema: { params: COLON_PARAMS, querystring },
      // Before validation: a POSTed timeline may carry its values in a form or JSON body; the query wins.
      preValidation: (request, _reply, done) => {
        if (request.body && typeof request.body === 'object') {
          request.query = { ...(request.body as object), ...(request.query as object) } as Query;
        }
        done();
      },
      handler,
    });
  colonRoute(['GET', 'POST'], 'timeline', TIMELINE_QUERY, timeline, true);
  colonRoute(['GET', 'POST', 'PUT'], 'progress', PROGRESS_QUERY, progress, true);
  colonRoute(['GET', 'PUT'], 'scrobble', MARK_QUERY, mark(true));
  colonRoute(['GET', 'PUT'], 'unscrobble', MARK_QUERY, mark(false));
}

function leavesOf(store: LibraryStore, item: ItemRow): ItemRow[] {
  if (item.type === 'show') return store.leaves(item.id);
  return store.children(item.id).filter((child) => child.type === 'episode');
}

import type { FastifyInstance } from 'fastify';
import type { AccountStore } from '../db/account-store';
import { answerSchemaErrorsAsPlex } from '../request-schemas';
import type { ServerIdentity } from '../server-identity';
import { requireToken } from '../token-scope';
import { registerHubRoutes } from './hub-routes';
import { ignoreRequestBodies } from './ignored-bodies';
import { registerLibraryRoutes } from './library-routes';
import type { MediaLibrary } from './media-library';
import { toMetadata } from './metadata';
import { NowPlaying } from './now-playing';
import { registerPlayQueueRoutes } from './play-queue-routes';
import { PlayQueues } from './play-queues';
import { registerPlaybackRoutes } from './playback/playback-routes';
import type { TranscodeSessions } from './playback/transcode-sessions';
import { negotiatePlexAnswers } from './plex-answer';
import { registerProgressRoutes } from './progress-routes';
import { registerRateRoutes } from './rate-routes';
import { registerRootRoutes } from './root-routes';
import { registerSectionRoutes } from './section-routes';
import { registerSessionStatusRoutes } from './session-status-routes';
import { registerTagRoutes } from './tag-routes';
import type { TokenVerifier } from './token-verifier';
import { answerWithTrailingSlash } from './trailing-slash';

export interface MediaServerOptions {
  verifier: TokenVerifier;
  identity: ServerIdentity;
  library: MediaLibrary;
  /** The accounts (names for the sessions' User), on the same database as the library. */
  accounts: AccountStore;
  /** The HLS conversions (one ffmpeg per playback session). */
  transcodes: TranscodeSessions;
  /** The account that owns this server (sees what PMS shows only its owner, e.g. Part.file). */
  ownerAccountId: number | null;
  log: (line: string) => void;
}

/**
 * The Plex Media Server-shaped routes (docs/protocol.md#media-server-general-rules): identity, root, the
 * library, playback (parts, the universal transcoder) and progress (timeline, scrobble).
 */
export function registerMediaServer(
  app: FastifyInstance,
  { verifier, identity, library, accounts, transcodes, ownerAccountId, log }: MediaServerOptions,
): void {
  // In memory for the process's life (docs/protocol.md#play-queues, #ratings, #now-playing).
  const nowPlaying = new NowPlaying();
  const ratings = library.userRatings;
  const queues = new PlayQueues();
  const accountName = (accountId: number) => accounts.findById(accountId)?.username ?? null;
  // Part.file only for the server's owner, as /library/metadata shows it (docs/protocol.md#part-file).
  const ownerMediaRootFor = (accountId: number) => (accountId === ownerAccountId ? library.mediaRoot : null);
  const stores = { store: library.store, watchState: library.watchState };
  void app.register(async (scope) => {
    // First, so they apply to every route below: XML or JSON as asked (docs/protocol.md#answer-format), and
    // each path with or without a trailing slash.
    negotiatePlexAnswers(scope);
    answerWithTrailingSlash(scope);
    // A request that does not fit its route's schema is Plex's 400 with a sentence naming the field; bodies are
    // read and dropped, as PMS ignores them (a route that reads one says so, ignored-bodies.ts).
    answerSchemaErrorsAsPlex(scope);
    ignoreRequestBodies(scope);
    requireToken(scope, (token, ip) => verifier.verify(token, ip));
    registerRootRoutes(scope, { verifier, identity, transcodes });
    registerLibraryRoutes(scope, { library, ownerAccountId, log });
    registerSectionRoutes(scope, { library, ownerAccountId });
    registerHubRoutes(scope, { library, ownerAccountId });
    registerTagRoutes(scope, { library, ownerAccountId });
    registerPlaybackRoutes(scope, {
      findPart: (partId) => library.findPart(partId),
      findMedia: (ratingKey) => library.findMedia(ratingKey),
      sessions: transcodes,
      choices: library.streamChoices,
      preferences: library.trackPreferences,
      describeItem: (accountId, ratingKey) =>
        describeItem(library, accountId, ratingKey, ownerMediaRootFor(accountId)),
      nowPlaying,
      log,
    });
    registerProgressRoutes(scope, { ...stores, nowPlaying });
    registerRateRoutes(scope, { store: library.store, ratings });
    registerPlayQueueRoutes(scope, {
      ...stores,
      queues,
      ratings,
      ownerMediaRootFor,
      machineIdentifier: identity.machineIdentifier,
    });
    registerSessionStatusRoutes(scope, {
      ...stores,
      nowPlaying,
      transcodes,
      ratings,
      accountName,
      ownerAccountId,
      ownerMediaRootFor,
    });
  });
}

/** An item's Metadata as the account sees it (for the decision answer); Part.file when `ownerMediaRoot` is given. */
function describeItem(
  library: MediaLibrary,
  accountId: number,
  ratingKey: number,
  ownerMediaRoot: string | null,
) {
  const row = library.store.item(ratingKey);
  if (!row) return null;
  const context = {
    store: library.store,
    watch: library.watchState,
    accountId,
    ratings: library.userRatings,
    ownerMediaRoot,
  };
  const [item] = toMetadata(context, [row]);
  return { ...item };
}

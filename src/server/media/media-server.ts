import type { FastifyInstance } from 'fastify';
import type { PlexIdentity } from '../../protocol/plex-media';
import { PlexError, sendPlexError, tokenOf } from '../plex-request';
import type { ServerIdentity } from '../server-identity';
import { requireToken } from '../token-scope';
import { registerLibraryRoutes } from './library-routes';
import type { MediaLibrary } from './media-library';
import { registerPlaybackRoutes } from './playback/playback-routes';
import type { TranscodeSessions } from './playback/transcode-sessions';
import { registerProgressRoutes } from './progress-routes';
import type { TokenVerifier } from './token-verifier';

export interface MediaServerOptions {
  verifier: TokenVerifier;
  identity: ServerIdentity;
  library: MediaLibrary;
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
  { verifier, identity, library, transcodes, ownerAccountId, log }: MediaServerOptions,
): void {
  void app.register(async (scope) => {
    requireToken(scope, (token, ip) => verifier.verify(token, ip));
    registerLibraryRoutes(scope, { library, ownerAccountId, log });
    registerPlaybackRoutes(scope, {
      findPart: (partId) => library.findPart(partId),
      findMedia: (ratingKey) => library.findMedia(ratingKey),
      sessions: transcodes,
      choices: library.streamChoices,
      preferences: library.trackPreferences,
      log,
    });
    registerProgressRoutes(scope, { store: library.store, watchState: library.watchState });

    // Reachability and identity probe: needs no token.
    scope.get('/identity', { config: { publicRoute: true } }, async (_request, reply) => {
      const body: PlexIdentity = {
        MediaContainer: {
          size: 0,
          claimed: true,
          machineIdentifier: identity.machineIdentifier,
          version: identity.version,
          friendlyName: identity.friendlyName,
        },
      };
      return reply.send(body);
    });

    // Clients probe `GET /` with their token to pick a connection; a person's browser (no token) lands on /link.
    scope.get('/', { config: { publicRoute: true } }, async (request, reply) => {
      const token = tokenOf(request);
      if (!token && wantsHtml(request.headers.accept)) return reply.redirect('/link', 302);
      if (!verifier.verify(token, request.ip)) return sendPlexError(reply, PlexError.unauthenticated);
      return reply.send({
        MediaContainer: {
          size: 0,
          friendlyName: identity.friendlyName,
          machineIdentifier: identity.machineIdentifier,
          version: identity.version,
          myPlex: false,
        },
      });
    });
  });
}

function wantsHtml(accept: string | undefined): boolean {
  return typeof accept === 'string' && accept.includes('text/html');
}

import type { FastifyInstance } from 'fastify';
import type { PlexIdentity } from '../../protocol/plex-media';
import { PlexError, sendPlexError, tokenOf } from '../plex-request';
import type { ServerIdentity } from '../server-identity';
import { registerLibraryRoutes } from './library-routes';
import type { MediaLibrary } from './media-library';
import type { TokenVerifier } from './token-verifier';

export interface MediaServerOptions {
  verifier: TokenVerifier;
  identity: ServerIdentity;
  library: MediaLibrary;
  log: (line: string) => void;
}

/** The Plex Media Server-shaped routes (reference/plex-protocol.md §2.3, §3): identity, root, the library. */
export function registerMediaServer(
  app: FastifyInstance,
  { verifier, identity, library, log }: MediaServerOptions,
): void {
  registerLibraryRoutes(app, { verifier, library, log });

  // Reachability and identity probe: the one route without a token.
  app.get('/identity', async (_request, reply) => {
    const body: PlexIdentity = {
      MediaContainer: {
        size: 0,
        claimed: true,
        machineIdentifier: identity.machineIdentifier,
        version: identity.version,
      },
    };
    return reply.send(body);
  });

  // Clients probe `GET /` with their token to pick a connection; a person's browser lands on /link instead.
  app.get('/', async (request, reply) => {
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
}

function wantsHtml(accept: string | undefined): boolean {
  return typeof accept === 'string' && accept.includes('text/html');
}

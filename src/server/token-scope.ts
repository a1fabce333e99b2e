import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PlexError, sendPlexError, tokenOf } from './plex-request';

// One way to authorise a route. The plex.tv-shaped API and the media server each register their routes inside a
// Fastify scope that calls requireToken(): one onRequest hook there checks the token of every request and puts its
// owner on request.caller, or answers 401 in Plex's shape before any handler runs. A route of such a scope that
// needs no token says so where it is declared, with `config: { publicRoute: true }`.

/** The owner of the live token a request carries. */
export interface Caller {
  accountId: number;
  deviceId: number;
  token: string;
}

/** Whose token is this? null for unknown and revoked tokens. */
export type TokenOwnerLookup = (
  token: string,
  seenFromIp: string,
) => { accountId: number; deviceId: number } | null;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every route of a requireToken scope that is not public; null elsewhere. */
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    /** In a requireToken scope: this route answers without a token (it says so where it is declared). */
    publicRoute?: boolean;
  }
}

/** Once, on the root instance, before any scope uses requireToken. */
export function decorateCaller(app: FastifyInstance): void {
  app.decorateRequest('caller', null);
}

/** Every route registered in `scope` (and not marked publicRoute) needs a live token. */
export function requireToken(scope: FastifyInstance, ownerOf: TokenOwnerLookup): void {
  // Callback style (no promise per request); answering without calling done() ends the request here.
  scope.addHook('onRequest', (request, reply, done) => {
    // Answers here carry tokens, pin states or one account's view: no shared cache may keep them (a route that
    // may be cached, an image, says so itself). RFC 8628 §3.2 asks the same of device-flow answers.
    reply.header('Cache-Control', 'no-store');
    if (request.routeOptions.config.publicRoute) return done();
    const token = tokenOf(request);
    const owner = token ? ownerOf(token, request.ip) : null;
    if (!owner) {
      sendPlexError(reply, PlexError.unauthenticated);
      return;
    }
    request.caller = { accountId: owner.accountId, deviceId: owner.deviceId, token };
    done();
  });
}

/** The caller of a route in a requireToken scope (its hook has already answered 401 for anyone else). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error(`${request.routeOptions.url} is not behind requireToken`);
  return request.caller;
}

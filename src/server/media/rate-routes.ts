import type { FastifyInstance } from 'fastify';
import type { LibraryStore } from '../db/library-store';
import type { UserRatingStore } from '../db/user-rating-store';
import { PlexError, sendPlexError } from '../plex-request';
import { COLON_PARAMS, type ColonParams } from '../request-schemas';
import { callerOf } from '../token-scope';

// `/:/rate?key={ratingKey}&identifier=com.plexapp.plugins.library&rating={0–10}` (docs/protocol.md#ratings):
// the caller's own rating of an item; `rating=-1` clears it (python-plexapi's `rate(None)`). PUT as Plex's
// API docs ask, GET as older clients send it. The rating is shown as `userRating` where this server shows it
// (kept per account in the database, db/user-rating-store.ts).

export interface RateDeps {
  store: LibraryStore;
  ratings: UserRatingStore;
}

const RATE_QUERY = {
  type: 'object',
  properties: {
    key: { type: 'string', pattern: '^\\d{1,15}$', title: 'key' },
    identifier: { type: 'string', maxLength: 100 },
    rating: { type: 'number', minimum: -1, maximum: 10, title: 'rating' },
  },
  required: ['key', 'rating'],
} as const;

interface RateQuery {
  key: string;
  identifier?: string;
  rating: number;
}

export function registerRateRoutes(app: FastifyInstance, deps: RateDeps): void {
  // In the media server's scope (media-server.ts), whose one error handler answers a query that does not fit.
  // The `:` segment as a parameter, so `/%3A/rate` matches too (as progress-routes.ts does).
  app.route<{ Params: ColonParams; Querystring: RateQuery }>({
    method: ['GET', 'PUT'],
    url: '/:colon/rate',
    schema: { params: COLON_PARAMS, querystring: RATE_QUERY },
    handler: async (request, reply) => {
      const { accountId } = callerOf(request);
      const { key, identifier, rating } = request.query;
      if (identifier !== undefined && identifier !== 'com.plexapp.plugins.library') {
        return sendPlexError(
          reply,
          PlexError.requestFailed,
          'identifier must be com.plexapp.plugins.library',
        );
      }
      const item = deps.store.item(Number(key));
      if (!item) return sendPlexError(reply, PlexError.notFound);
      if (rating > -1 && rating < 0) {
        return sendPlexError(reply, PlexError.requestFailed, 'rating must be 0 to 10, or -1 to clear it');
      }
      deps.ratings.set(accountId, item.id, rating === -1 ? null : rating);
      return reply.send({ MediaContainer: { size: 0 } });
    },
  });
}

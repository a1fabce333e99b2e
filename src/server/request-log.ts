import type { FastifyInstance } from 'fastify';
import { redactToken } from '../plex/headers';

/** One line per request: `METHOD path status ms`. Tokens in the query are redacted; headers are never logged. */
export function registerRequestLog(app: FastifyInstance, log: (line: string) => void): void {
  app.addHook('onResponse', async (request, reply) => {
    log(
      `${request.method} ${redactToken(request.url)} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms`,
    );
  });
}

import type { FastifyInstance } from 'fastify';
import { redactSecrets } from '../protocol/redact';

/** `info` logs every request but the routine ones; `debug` logs those too. */
export type LogLevel = 'info' | 'debug';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Asked over and over by every client while nothing happens (pin polls, timeline reports): logged at
     * `debug` only, unless it fails on the server's side.
     */
    routineLog?: boolean;
  }
}

/**
 * One line per request: `METHOD path status ms`. Secret-named query parameters are redacted by their decoded
 * names; headers and bodies are never logged.
 */
export function registerRequestLog(app: FastifyInstance, log: (line: string) => void, level: LogLevel): void {
  app.addHook('onResponse', (request, reply, done) => {
    if (level === 'debug' || !request.routeOptions.config.routineLog || reply.statusCode >= 500) {
      log(
        `${request.method} ${redactSecrets(request.url)} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms`,
      );
    }
    done();
  });
}

import type { FastifyError, FastifyInstance } from 'fastify';
import { isPagePath } from './cors';
import { isMediaServerPath, sendMediaNotFound } from './media/unknown-paths';
import { html, sendPage } from './pages/html';
import { errorBox } from './pages/views';
import { PlexError, sendPlexError } from './plex-request';
import { ServerBusyError } from './work-queue';

/**
 * Errors and unknown routes: an HTML page under /link, Plex's error shape everywhere else (an unknown media server
 * path in the format the request asks for, src/server/media/unknown-paths.ts; JSON elsewhere).
 */
export function registerErrorHandling(app: FastifyInstance, log: (line: string) => void): void {
  app.setErrorHandler((error: FastifyError | ServerBusyError, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (error instanceof ServerBusyError) {
      reply.header('Retry-After', String(error.retryAfterSeconds));
      log(`busy ${request.method} ${request.routeOptions.url ?? '?'}: ${error.message}`);
    } else if (status >= 500) {
      log(`error ${request.method} ${request.routeOptions.url ?? '?'}: ${error.stack ?? error.message}`);
    }
    const message = messageFor(status, error);
    if (isPagePath(request.url)) {
      return sendPage(reply, status, {
        title: 'Error',
        body: html`<h1>Something went wrong</h1>${errorBox(message)}`,
      });
    }
    return sendPlexError(reply, { ...PlexError.requestFailed, status }, message);
  });

  app.setNotFoundHandler((request, reply) => {
    if (isPagePath(request.url)) {
      return sendPage(reply, 404, {
        title: 'Not found',
        body: html`<h1>Not found</h1>${errorBox('There is no such page.')}<p><a href="/link">Link a TV</a></p>`,
      });
    }
    if (isMediaServerPath(request.url)) return sendMediaNotFound(request, reply);
    return sendPlexError(reply, PlexError.notFound);
  });
}

function messageFor(status: number, error: Error): string {
  if (status === 413) return 'The request is too large.';
  if (error instanceof ServerBusyError) return error.message;
  if (status >= 500) return 'The server failed to answer this request.';
  return error.message || 'The request is not valid.';
}

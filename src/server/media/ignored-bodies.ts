import { parse as parseForm } from 'node:querystring';
import type { FastifyInstance } from 'fastify';

// PMS takes the values of its routes from the path and the query and ignores any body. Some clients send
// `Content-Type: application/json` with an empty body (ofetch, which @ctrl/plex uses, does so on a POST):
// Fastify's JSON parser would answer that 400. So the media server's scope (media-server.ts) reads bodies of
// any type (within Fastify's body limit) and drops them, on every route; a route that does read a body (a
// POSTed `/:/timeline`, progress-routes.ts) says so with readFieldBodies in its own scope.

export function ignoreRequestBodies(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
}

/**
 * For a route that reads its body: form and JSON bodies are read as fields, an empty one as no body (as
 * ignoreRequestBodies reads it); a body that is not JSON after all is a 400. Other types are dropped.
 */
export function readFieldBodies(scope: FastifyInstance): void {
  ignoreRequestBodies(scope);
  const json = scope.getDefaultJsonParser('error', 'error');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    json(request, text, done);
  });
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, body === '' ? undefined : parseForm(String(body))),
  );
}

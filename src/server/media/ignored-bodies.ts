import type { FastifyInstance } from 'fastify';

// PMS takes the values of its action routes (POST /playQueues, PUT /:/rate, …) from the query and ignores
// any body. Some clients send `Content-Type: application/json` with an empty body (ofetch, which @ctrl/plex
// uses, does so on a POST): Fastify's JSON parser would answer that 400. In a scope that calls this, bodies
// of any type are read (within Fastify's body limit) and dropped.

export function ignoreRequestBodies(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
}

import type { FastifyInstance } from 'fastify';

// TV apps load from file:// (packaged) or another origin (dev server), so the API and media routes answer
// any origin. They authenticate by X-Plex-Token, never by cookie, so `*` grants nothing extra.
// The /link pages use cookies and get no CORS at all.

const ALLOWED_HEADERS = [
  'X-Plex-Token',
  'X-Plex-Client-Identifier',
  'X-Plex-Product',
  'X-Plex-Version',
  'X-Plex-Platform',
  'X-Plex-Platform-Version',
  'X-Plex-Device',
  'X-Plex-Model',
  'X-Plex-Device-Name',
  'X-Plex-Session-Identifier',
  'Content-Type',
  'Accept',
  // Media players and hls.js may ask for byte ranges of parts and segments.
  'Range',
].join(', ');

const EXPOSED_HEADERS = [
  'Retry-After',
  'X-Plex-Container-Start',
  'X-Plex-Container-Total-Size',
  'Content-Range',
  'Accept-Ranges',
  'Content-Length',
  'X-Marquee-Stream-Start',
].join(', ');

export function isPagePath(url: string): boolean {
  const path = url.split('?')[0];
  return path === '/link' || path.startsWith('/link/');
}

export function registerCors(app: FastifyInstance): void {
  // Callback-style hooks (here and in the other per-request hooks): no promise per request on the hot path.
  app.addHook('onRequest', (request, reply, done) => {
    if (!isPagePath(request.url)) {
      reply
        .header('Access-Control-Allow-Origin', '*')
        .header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    done();
  });

  app.options('*', async (request, reply) => {
    if (isPagePath(request.url)) return reply.code(404).send();
    return reply
      .code(204)
      .header('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS')
      .header('Access-Control-Allow-Headers', ALLOWED_HEADERS)
      .header('Access-Control-Max-Age', '600')
      .send();
  });
}

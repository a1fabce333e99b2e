import type { FastifyReply, FastifyRequest } from 'fastify';
import { PlexError, plexErrorBody } from '../plex-request';
import { PLEX_JSON_TYPE, PLEX_XML_TYPE, toPlexXml, wantsJson } from './plex-answer';

// A path no route answers, under the paths a Plex Media Server serves (docs/protocol.md#answer-format), gets
// Plex's 404 in the format the request asks for (XML unless it names JSON), as every media server answer does.
// Other unknown paths (the plex.tv-shaped API, the apps) keep the root handler's JSON 404 (src/server/error-pages.ts).

/**
 * First path segments of the media server: those its routes use (src/server/media/*-routes.ts) and the other
 * PMS families clients ask for (system, servers, playlists, …), which this server does not have.
 */
const MEDIA_SEGMENTS = new Set([
  ':',
  'library',
  'hubs',
  'playQueues',
  'playlists',
  'status',
  'video',
  'photo',
  'music',
  'clients',
  'identity',
  'servers',
  'system',
  'media',
  'search',
  'transcode',
  'butler',
  'activities',
  'security',
  'myplex',
  'sync',
  'updater',
  'statistics',
]);

/** Whether an unknown `url` (path and query) lies under the media server's paths. */
export function isMediaServerPath(url: string): boolean {
  const path = url.split('?')[0];
  const first = path.split('/')[1] ?? '';
  return MEDIA_SEGMENTS.has(first);
}

/**
 * Plex's 404 `{ errors: [...] }`, as JSON or XML as the request asks (plex-answer.ts). Written here rather than
 * through the media server scope's hook: the root not-found handler runs outside that scope.
 */
export function sendMediaNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const json = wantsJson(request.headers.accept);
  // A serializer of its own keeps Fastify from adding a charset to the JSON type (PMS sends none).
  return reply
    .code(PlexError.notFound.status)
    .header('content-type', json ? PLEX_JSON_TYPE : PLEX_XML_TYPE)
    .serializer(json ? JSON.stringify : toPlexXml)
    .send(plexErrorBody(PlexError.notFound));
}

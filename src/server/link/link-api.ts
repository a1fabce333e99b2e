import type { FastifyInstance } from 'fastify';
import { registerDeviceRoutes } from './device-routes';
import type { LinkService } from './link-service';
import { registerPinRoutes } from './pin-routes';
import { registerResourceRoutes } from './resource-routes';
import { registerUserRoutes } from './user-routes';

/** The plex.tv account API subset (reference/plex-protocol.md §1, §2) under /api/v2. */
export function registerLinkApi(app: FastifyInstance, service: LinkService): void {
  // Answers carry tokens and pin states: no cache may keep them (RFC 8628 §3.2 asks the same).
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    done();
  });
  registerPinRoutes(app, service);
  registerUserRoutes(app, service);
  registerResourceRoutes(app, service);
  registerDeviceRoutes(app, service);
}

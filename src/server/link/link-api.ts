import type { FastifyInstance } from 'fastify';
import { answerSchemaErrorsAsPlex } from '../request-schemas';
import { requireToken } from '../token-scope';
import { registerDeviceRoutes } from './device-routes';
import type { LinkService } from './link-service';
import { registerPinRoutes } from './pin-routes';
import { registerResourceRoutes } from './resource-routes';
import { registerUserRoutes } from './user-routes';

/** The plex.tv account API subset (docs/protocol.md) under /api/v2. */
export function registerLinkApi(app: FastifyInstance, service: LinkService): void {
  void app.register(async (scope) => {
    // A token whose account is gone is no token.
    requireToken(scope, (token, ip) => {
      const owner = service.tokens.verify(token, ip);
      return owner && service.accounts.findById(owner.accountId) ? owner : null;
    });
    // A request that does not fit its route's schema: 400 in Plex's error shape, before any handler.
    answerSchemaErrorsAsPlex(scope);
    registerPinRoutes(scope, service);
    registerUserRoutes(scope, service);
    registerResourceRoutes(scope, service);
    registerDeviceRoutes(scope, service);
  });
}

import type { FastifyInstance } from 'fastify';
import { registerAccountPages } from './account-pages';
import { registerDevicePages } from './device-pages';
import { registerLinkPages } from './link-pages';
import type { PagesDeps } from './pages';

/** The /link website: sign-in, sign-up, code entry and confirmation, devices. Plain HTML forms. */
export function registerPages(app: FastifyInstance, deps: PagesDeps): void {
  registerLinkPages(app, deps);
  registerAccountPages(app, deps);
  registerDevicePages(app, deps);
}

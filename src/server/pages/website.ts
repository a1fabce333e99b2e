import type { FastifyInstance } from 'fastify';
import { registerAccountPages } from './account-pages';
import { registerDevicePages } from './device-pages';
import { registerLinkPages } from './link-pages';
import { answerSchemaErrorsAsPages, type PagesDeps } from './pages';
import { registerPreferencePages } from './preference-pages';
import { registerSharedServerPages } from './shared-server-pages';

/** The /link website: sign-in, sign-up, code entry and confirmation, devices. Plain HTML forms. */
export function registerPages(app: FastifyInstance, deps: PagesDeps): void {
  void app.register(async (website) => {
    // One place reads who is looking: every page handler then takes request.visitor (visitorOf).
    website.decorateRequest('visitor', null);
    website.addHook('onRequest', (request, reply, done) => {
      request.visitor = deps.sessions.visitor(request, reply);
      done();
    });
    answerSchemaErrorsAsPages(website);
    registerLinkPages(website, deps);
    registerAccountPages(website, deps);
    registerDevicePages(website, deps);
    registerPreferencePages(website, deps);
    registerSharedServerPages(website, deps);
  });
}

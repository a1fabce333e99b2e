import type { FastifyInstance } from 'fastify';
import { ID_PARAMS, type IdParams } from '../request-schemas';
import { html } from './html';
import { CSRF_ONLY_BODY, type CsrfBody, csrfRejected, type PagesDeps, page, signInToContinue } from './pages';
import { devicesView, errorBox, signInView } from './views';
import { visitorOf } from './web-sessions';

/** `/link/devices`: the account's linked devices, each with a Revoke button. */
export function registerDevicePages(app: FastifyInstance, deps: PagesDeps): void {
  const { sessions, devices } = deps;

  app.get('/link/devices', async (request, reply) => {
    const visitor = visitorOf(request);
    if (!visitor.account) {
      return page(reply, 200, 'Sign in', signInView(visitor.csrf, { code: '', next: 'devices' }), visitor);
    }
    return page(
      reply,
      200,
      'Devices',
      devicesView(visitor.csrf, devices.listLive(visitor.account.id)),
      visitor,
    );
  });

  app.post<{ Params: IdParams; Body: CsrfBody }>(
    '/link/devices/:id/revoke',
    { schema: { params: ID_PARAMS, body: CSRF_ONLY_BODY } },
    async (request, reply) => {
      const visitor = visitorOf(request);
      if (!visitor.account) return signInToContinue(reply, visitor, { code: '', next: 'devices' });
      if (!sessions.checkCsrf(request, visitor, request.body.csrf ?? '')) return csrfRejected(reply, visitor);
      if (!devices.revoke(visitor.account.id, Number(request.params.id), Date.now())) {
        const body = html`<h1>Devices</h1>${errorBox('No such device on this account.')}<p><a href="/link/devices">Back to devices</a></p>`;
        return page(reply, 404, 'Devices', body, visitor);
      }
      return reply.redirect('/link/devices', 303);
    },
  );
}

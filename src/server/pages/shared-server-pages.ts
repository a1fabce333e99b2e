import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatCode } from '../../protocol/activation-code';
import { stringField } from '../form-fields';
import { ADMIN_USERNAME } from '../link/accounts';
import { approvalStep, type SharedServers } from '../link/shared-servers';
import { ID_PARAMS, type IdParams } from '../request-schemas';
import { html, type SafeHtml } from './html';
import { CSRF_ONLY_BODY, type CsrfBody, csrfRejected, type FormPage, page, TEXT } from './pages';
import { errorBox, signInView } from './views';
import type { Visitor, WebSessions } from './web-sessions';
import { visitorOf } from './web-sessions';

export interface SharedServerPagesDeps {
  sessions: WebSessions;
  shared: SharedServers;
}

const SHARE_BODY = {
  type: 'object',
  properties: {
    csrf: TEXT,
    address: { ...TEXT, title: "The other server's address" },
    username: { ...TEXT, title: 'The account' },
  },
  required: ['address', 'username'],
} as const;

type ShareBody = CsrfBody & { address: string; username: string };

/**
 * `/link/shared`: the owner (admin) lists another server for an account of this one. That server's own owner
 * approves a code on its /link page; from then on the account's TVs list it beside this server.
 */
export function registerSharedServerPages(app: FastifyInstance, deps: SharedServerPagesDeps): void {
  const { sessions, shared } = deps;

  /** The owner, or null after answering with sign-in (401) or "owner only" (403). */
  const owner = (visitor: Visitor, reply: FastifyReply, status = 200): Visitor | null => {
    if (!visitor.account) {
      const body = signInView(visitor.csrf, { code: '', next: 'link' }, 'Sign in as admin to share servers.');
      page(reply, status === 200 ? 200 : 401, 'Sign in', body, visitor);
      return null;
    }
    if (visitor.account.username !== ADMIN_USERNAME) {
      const body = html`<h1>Shared servers</h1>${errorBox('Only the server’s owner (admin) can share servers.')}`;
      page(reply, 403, 'Shared servers', body, visitor);
      return null;
    }
    return visitor;
  };

  const listPage = (
    reply: FastifyReply,
    visitor: Visitor,
    status: number,
    error: string | null,
    form = EMPTY,
  ) => page(reply, status, 'Shared servers', sharedView(visitor.csrf, shared.list(), error, form), visitor);

  // The share form again with what was typed: only for the owner (anyone else sees a plain page).
  const shareAgain = (request: FastifyRequest, visitor: Visitor, message: string): FormPage | null => {
    if (visitor.account?.username !== ADMIN_USERNAME) return null;
    const form = {
      address: stringField(request.body, 'address'),
      username: stringField(request.body, 'username'),
    };
    return { title: 'Shared servers', body: sharedView(visitor.csrf, shared.list(), message, form) };
  };

  app.get('/link/shared', async (request, reply) => {
    const visitor = owner(visitorOf(request), reply);
    if (!visitor) return reply;
    return listPage(reply, visitor, 200, null);
  });

  app.post<{ Body: ShareBody }>(
    '/link/shared',
    { schema: { body: SHARE_BODY }, config: { formAgain: shareAgain } },
    async (request, reply) => {
      const visitor = owner(visitorOf(request), reply, 401);
      if (!visitor) return reply;
      if (!sessions.checkCsrf(request, visitor, request.body.csrf ?? '')) return csrfRejected(reply, visitor);
      const form = { address: request.body.address, username: request.body.username };
      const result = await shared.share(form.address, form.username);
      if (!result.ok) return listPage(reply, visitor, result.status, result.message, form);
      return reply.redirect('/link/shared', 303);
    },
  );

  const byId = { schema: { params: ID_PARAMS, body: CSRF_ONLY_BODY } };

  app.post<{ Params: IdParams; Body: CsrfBody }>('/link/shared/:id/finish', byId, async (request, reply) => {
    const visitor = owner(visitorOf(request), reply, 401);
    if (!visitor) return reply;
    if (!sessions.checkCsrf(request, visitor, request.body.csrf ?? '')) return csrfRejected(reply, visitor);
    const result = await shared.finish(Number(request.params.id));
    if (!result.ok) return listPage(reply, visitor, result.status, result.message);
    return reply.redirect('/link/shared', 303);
  });

  app.post<{ Params: IdParams; Body: CsrfBody }>('/link/shared/:id/remove', byId, async (request, reply) => {
    const visitor = owner(visitorOf(request), reply, 401);
    if (!visitor) return reply;
    if (!sessions.checkCsrf(request, visitor, request.body.csrf ?? '')) return csrfRejected(reply, visitor);
    if (!shared.remove(Number(request.params.id)))
      return listPage(reply, visitor, 404, 'No such shared server.');
    return reply.redirect('/link/shared', 303);
  });
}

const EMPTY = { address: '', username: '' };

function sharedView(
  csrf: string,
  shares: ReturnType<SharedServers['list']>,
  error: string | null,
  form: { address: string; username: string },
): SafeHtml {
  const items = shares.map((share) => {
    const state = share.sealedToken
      ? html`Shared${share.ownerName ? html` by ${share.ownerName}` : ''}.`
      : html`Waiting for approval. ${approvalStep(share.address, null)}
<span class="code" data-share-code="${share.pinCode ?? ''}">${formatCode(share.pinCode ?? '')}</span>
<form method="post" action="/link/shared/${share.id}/finish"><input type="hidden" name="csrf" value="${csrf}">
<button type="submit">Finish</button></form>`;
    return html`<li data-share-id="${share.id}"><strong>${share.name}</strong> · ${share.address}<br>
Shared with <strong>${share.username}</strong>. ${state}
<form method="post" action="/link/shared/${share.id}/remove"><input type="hidden" name="csrf" value="${csrf}">
<button class="secondary" type="submit">Remove</button></form></li>`;
  });
  return html`<h1>Shared servers</h1>
${errorBox(error)}
<p>List another Plex-compatible server for an account here: that account's TVs then show it beside this one.
Its owner approves a code on that server's link page, as for any device.</p>
${shares.length > 0 ? html`<ul class="devices">${items}</ul>` : html`<p>No server is shared yet.</p>`}
<form method="post" action="/link/shared">
<input type="hidden" name="csrf" value="${csrf}">
<label for="address">The other server's address</label>
<input id="address" name="address" value="${form.address}" placeholder="192.168.1.20:32400" autocapitalize="none" required>
<label for="username">Share it with the account</label>
<input id="username" name="username" value="${form.username}" autocapitalize="none" required>
<button type="submit">Share</button>
</form>`;
}

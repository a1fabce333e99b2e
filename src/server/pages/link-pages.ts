import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatCode } from '../../protocol/activation-code';
import { stringField } from '../form-fields';
import type { CodeLookup } from '../link/pins';
import { isGuess } from '../link/wrong-code-guard';
import { html } from './html';
import {
  type CsrfBody,
  csrfRejected,
  type FormPage,
  type PagesDeps,
  page,
  RETURN_TO_FIELDS,
  RETURN_TO_QUERY,
  type ReturnToFields,
  returnToFrom,
  signInToContinue,
  TEXT,
  tooManyAttempts,
} from './pages';
import { codeView, confirmView, errorBox, signInView } from './views';
import { type Visitor, visitorOf } from './web-sessions';

/** The code form (codeView), or sign-in's hidden fields when the session had ended. */
const CODE_BODY = {
  type: 'object',
  properties: { csrf: TEXT, ...RETURN_TO_FIELDS, code: { ...TEXT, title: 'The code' } },
  required: ['code'],
} as const;

/** The confirmation form (confirmView): the code and which button was pressed. */
const CONFIRM_BODY = {
  type: 'object',
  properties: {
    csrf: TEXT,
    ...RETURN_TO_FIELDS,
    code: { ...TEXT, title: 'The code' },
    action: { type: 'string', enum: ['link', 'deny'], title: 'The choice' },
  },
  required: ['code', 'action'],
} as const;

type CodeBody = CsrfBody & ReturnToFields & { code: string };
type ConfirmBody = CodeBody & { action: 'link' | 'deny' };

/** The code form again with what was typed (or sign-in, for a visitor whose session ended). */
function codeFormAgain(request: FastifyRequest, visitor: Visitor, message: string): FormPage {
  if (!visitor.account)
    return { title: 'Sign in', body: signInView(visitor.csrf, returnToFrom(request.body), message) };
  return { title: 'Link a TV', body: codeView(visitor.csrf, stringField(request.body, 'code'), message) };
}

/** Nothing was typed on the confirmation form: say what is wrong and lead back to the code form. */
function confirmAgain(_request: FastifyRequest, _visitor: Visitor, message: string): FormPage {
  return {
    title: 'Link a TV',
    body: html`<h1>Link a TV</h1>${errorBox(message)}<p><a href="/link">Enter the code again</a></p>`,
  };
}

/** `/link`: enter the code, see which device asks, then Link or Deny (docs/security.md#activation-codes). */
export function registerLinkPages(app: FastifyInstance, deps: PagesDeps): void {
  const { sessions, pins, wrongCodes } = deps;

  app.get<{ Querystring: ReturnToFields }>(
    '/link',
    { schema: { querystring: RETURN_TO_QUERY } },
    async (request, reply) => {
      const visitor = visitorOf(request);
      const returnTo = returnToFrom(request.query);
      if (!visitor.account) return page(reply, 200, 'Sign in', signInView(visitor.csrf, returnTo), visitor);
      return page(reply, 200, 'Link a TV', codeView(visitor.csrf, returnTo.code), visitor);
    },
  );

  // Shows the confirmation; changes nothing (the QR path, too, must still confirm: RFC 8628 §5.4).
  app.post<{ Body: CodeBody }>(
    '/link',
    { schema: { body: CODE_BODY }, config: { formAgain: codeFormAgain } },
    async (request, reply) => {
      const visitor = visitorOf(request);
      const typed = request.body.code;
      if (!visitor.account) return signInToContinue(reply, visitor, returnToFrom(request.body));
      if (!sessions.checkCsrf(request, visitor, request.body.csrf ?? '')) return csrfRejected(reply, visitor);
      const retryAfterMs = wrongCodes.retryAfterMs(visitor.account.id, request.ip);
      if (retryAfterMs > 0) return tooManyAttempts(reply, retryAfterMs, 'wrong codes', visitor);

      const found = pins.lookup(typed);
      if (found.kind === 'live') {
        return page(
          reply,
          200,
          'Link this device?',
          confirmView(visitor.csrf, found.pin, Date.now()),
          visitor,
        );
      }
      if (isGuess(found, visitor.account.id)) wrongCodes.recordFailure(visitor.account.id, request.ip);
      const problem = codeProblem(found, pins.settings.codeLength);
      return page(
        reply,
        problem.status,
        'Link a TV',
        codeView(visitor.csrf, typed, problem.message),
        visitor,
      );
    },
  );

  app.post<{ Body: ConfirmBody }>(
    '/link/confirm',
    { schema: { body: CONFIRM_BODY }, config: { formAgain: confirmAgain } },
    async (request, reply) => {
      const visitor = visitorOf(request);
      if (!visitor.account) return signInToContinue(reply, visitor, returnToFrom(request.body));
      if (!sessions.checkCsrf(request, visitor, request.body.csrf ?? '')) return csrfRejected(reply, visitor);
      const { action } = request.body;
      const retryAfterMs = wrongCodes.retryAfterMs(visitor.account.id, request.ip);
      if (retryAfterMs > 0) return tooManyAttempts(reply, retryAfterMs, 'wrong codes', visitor);

      const accountId = visitor.account.id;
      const typed = pins.lookup(request.body.code);
      let found = typed;
      if (found.kind === 'live') {
        const { pin } = found;
        if (action === 'link' && pins.link(pin, accountId)) {
          const body = html`<h1>Linked</h1><p>Linked — ${pin.device.name} will continue by itself.</p>`;
          return page(reply, 200, 'Linked', body, visitor);
        }
        if (action === 'deny' && pins.deny(pin, accountId)) {
          const body = html`<h1>Denied</h1><p>${pin.device.name} was not linked. Its code no longer works.</p>`;
          return page(reply, 200, 'Denied', body, visitor);
        }
        // Another request claimed it between our lookup and our claim: say what it is now.
        found = pins.lookup(pin.code);
      }
      if (isGuess(typed, accountId)) wrongCodes.recordFailure(accountId, request.ip);
      const problem = codeProblem(found, pins.settings.codeLength);
      return page(reply, problem.status, 'Link a TV', codeView(visitor.csrf, '', problem.message), visitor);
    },
  );
}

/** Status and words for a code that cannot be confirmed. */
function codeProblem(found: CodeLookup, codeLength: number): { status: number; message: string } {
  switch (found.kind) {
    case 'malformed':
      return {
        status: 400,
        message: `That is not a valid code. A code has ${codeLength} letters, like ${formatCode('BDKWQHMTXZCD'.slice(0, codeLength))}.`,
      };
    case 'unknown':
      return { status: 404, message: 'No device is waiting with this code. Check the code on the screen.' };
    case 'expired':
      return {
        status: 410,
        message: 'This code has expired. The screen shows a new one; enter that instead.',
      };
    case 'used':
      return { status: 409, message: 'This code was already used.' };
    case 'denied':
      return { status: 410, message: 'This code was denied and no longer works.' };
    case 'live':
      return { status: 409, message: 'This code was already used.' };
  }
}

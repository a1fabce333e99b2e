import type { FastifyInstance, FastifyRequest } from 'fastify';
import { stringField } from '../form-fields';
import {
  CSRF_ONLY_BODY,
  type CsrfBody,
  csrfRejected,
  type FormPage,
  type PagesDeps,
  page,
  RETURN_TO_FIELDS,
  RETURN_TO_QUERY,
  type ReturnToFields,
  returnPath,
  returnToFrom,
  TEXT,
  tooManyAttempts,
} from './pages';
import { signInView, signUpView } from './views';
import { type Visitor, visitorOf } from './web-sessions';

const SIGN_IN_BODY = {
  type: 'object',
  properties: {
    csrf: TEXT,
    ...RETURN_TO_FIELDS,
    username: { ...TEXT, title: 'The username' },
    password: { ...TEXT, title: 'The password' },
  },
  required: ['username', 'password'],
} as const;

const SIGN_UP_BODY = {
  type: 'object',
  properties: {
    ...SIGN_IN_BODY.properties,
    confirm: { ...TEXT, title: 'The password again' },
  },
  required: ['username', 'password', 'confirm'],
} as const;

type SignInBody = CsrfBody & ReturnToFields & { username: string; password: string };
type SignUpBody = SignInBody & { confirm: string };

// The forms again with the username typed (never the password), the code and where to go next.
const signInAgain = (request: FastifyRequest, visitor: Visitor, message: string): FormPage => ({
  title: 'Sign in',
  body: signInView(visitor.csrf, returnToFrom(request.body), message, stringField(request.body, 'username')),
});

const signUpAgain = (request: FastifyRequest, visitor: Visitor, message: string): FormPage => ({
  title: 'Create an account',
  body: signUpView(visitor.csrf, returnToFrom(request.body), stringField(request.body, 'username'), message),
});

/** Sign-in, sign-up and sign-out of the /link website. */
export function registerAccountPages(app: FastifyInstance, deps: PagesDeps): void {
  const { sessions, accounts, signIn, signUpLimiter } = deps;

  app.get<{ Querystring: ReturnToFields }>(
    '/link/signin',
    { schema: { querystring: RETURN_TO_QUERY } },
    async (request, reply) => {
      const visitor = visitorOf(request);
      return page(reply, 200, 'Sign in', signInView(visitor.csrf, returnToFrom(request.query)), visitor);
    },
  );

  app.post<{ Body: SignInBody }>(
    '/link/signin',
    { schema: { body: SIGN_IN_BODY }, config: { formAgain: signInAgain } },
    async (request, reply) => {
      const visitor = visitorOf(request);
      const returnTo = returnToFrom(request.body);
      const { username, password } = request.body;
      if (!sessions.checkCsrf(request, visitor, request.body.csrf ?? '')) return csrfRejected(reply, visitor);
      const outcome = await signIn.signIn(username, password, request.ip);
      if (outcome.kind === 'limited') {
        return tooManyAttempts(reply, outcome.retryAfterMs, 'failed sign-ins', visitor);
      }
      if (outcome.kind === 'wrong') {
        const body = signInView(visitor.csrf, returnTo, 'Wrong username or password.', username);
        return page(reply, 401, 'Sign in', body, visitor);
      }
      sessions.signIn(request, reply, outcome.account);
      return reply.redirect(returnPath(returnTo), 303);
    },
  );

  app.get<{ Querystring: ReturnToFields }>(
    '/link/signup',
    { schema: { querystring: RETURN_TO_QUERY } },
    async (request, reply) => {
      const visitor = visitorOf(request);
      return page(
        reply,
        200,
        'Create an account',
        signUpView(visitor.csrf, returnToFrom(request.query)),
        visitor,
      );
    },
  );

  app.post<{ Body: SignUpBody }>(
    '/link/signup',
    { schema: { body: SIGN_UP_BODY }, config: { formAgain: signUpAgain } },
    async (request, reply) => {
      const visitor = visitorOf(request);
      const returnTo = returnToFrom(request.body);
      if (!sessions.checkCsrf(request, visitor, request.body.csrf ?? '')) return csrfRejected(reply, visitor);
      const retryAfterMs = signUpLimiter.retryAfterMs(request.ip);
      if (retryAfterMs > 0) return tooManyAttempts(reply, retryAfterMs, 'sign-ups', visitor);
      signUpLimiter.record(request.ip);
      const { username, password, confirm } = request.body;
      const result = await accounts.signUp(username, password, confirm);
      if (!result.ok) {
        const body = signUpView(visitor.csrf, returnTo, username, result.message);
        return page(reply, result.status, 'Create an account', body, visitor);
      }
      sessions.signIn(request, reply, result.account);
      return reply.redirect(returnPath(returnTo), 303);
    },
  );

  app.post<{ Body: CsrfBody }>(
    '/link/signout',
    { schema: { body: CSRF_ONLY_BODY } },
    async (request, reply) => {
      const visitor = visitorOf(request);
      if (!sessions.checkCsrf(request, visitor, request.body.csrf ?? '')) return csrfRejected(reply, visitor);
      sessions.signOut(request, reply, visitor);
      return reply.redirect('/link', 303);
    },
  );
}

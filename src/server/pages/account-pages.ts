import type { FastifyInstance } from 'fastify';
import { stringField } from '../form-fields';
import { csrfRejected, type PagesDeps, page, returnPath, returnToFrom, tooManyAttempts } from './pages';
import { signInView, signUpView } from './views';
import { visitorOf } from './web-sessions';

/** Sign-in, sign-up and sign-out of the /link website. */
export function registerAccountPages(app: FastifyInstance, deps: PagesDeps): void {
  const { sessions, accounts, signIn, signUpLimiter } = deps;

  app.get('/link/signin', async (request, reply) => {
    const visitor = visitorOf(request);
    return page(reply, 200, 'Sign in', signInView(visitor.csrf, returnToFrom(request.query)), visitor);
  });

  app.post('/link/signin', async (request, reply) => {
    const visitor = visitorOf(request);
    const returnTo = returnToFrom(request.body);
    if (!sessions.checkCsrf(request, visitor, stringField(request.body, 'csrf')))
      return csrfRejected(reply, visitor);
    const outcome = await signIn.signIn(
      stringField(request.body, 'username'),
      stringField(request.body, 'password'),
      request.ip,
    );
    if (outcome.kind === 'limited') {
      return tooManyAttempts(reply, outcome.retryAfterMs, 'failed sign-ins', visitor);
    }
    if (outcome.kind === 'wrong') {
      const body = signInView(visitor.csrf, returnTo, 'Wrong username or password.');
      return page(reply, 401, 'Sign in', body, visitor);
    }
    sessions.signIn(request, reply, outcome.account);
    return reply.redirect(returnPath(returnTo), 303);
  });

  app.get('/link/signup', async (request, reply) => {
    const visitor = visitorOf(request);
    return page(
      reply,
      200,
      'Create an account',
      signUpView(visitor.csrf, returnToFrom(request.query)),
      visitor,
    );
  });

  app.post('/link/signup', async (request, reply) => {
    const visitor = visitorOf(request);
    const returnTo = returnToFrom(request.body);
    if (!sessions.checkCsrf(request, visitor, stringField(request.body, 'csrf')))
      return csrfRejected(reply, visitor);
    const retryAfterMs = signUpLimiter.retryAfterMs(request.ip);
    if (retryAfterMs > 0) return tooManyAttempts(reply, retryAfterMs, 'sign-ups', visitor);
    signUpLimiter.record(request.ip);
    const username = stringField(request.body, 'username');
    const result = await accounts.signUp(
      username,
      stringField(request.body, 'password'),
      stringField(request.body, 'confirm'),
    );
    if (!result.ok) {
      const body = signUpView(visitor.csrf, returnTo, username, result.message);
      return page(reply, result.status, 'Create an account', body, visitor);
    }
    sessions.signIn(request, reply, result.account);
    return reply.redirect(returnPath(returnTo), 303);
  });

  app.post('/link/signout', async (request, reply) => {
    const visitor = visitorOf(request);
    if (!sessions.checkCsrf(request, visitor, stringField(request.body, 'csrf')))
      return csrfRejected(reply, visitor);
    sessions.signOut(request, reply, visitor);
    return reply.redirect('/link', 303);
  });
}

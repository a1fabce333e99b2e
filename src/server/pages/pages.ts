import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { DeviceStore } from '../db/device-store';
import type { TrackPreferenceStore } from '../db/track-preference-store';
import { stringField } from '../form-fields';
import type { Accounts } from '../link/accounts';
import type { Pins } from '../link/pins';
import type { SharedServers } from '../link/shared-servers';
import type { SignInGuard } from '../link/sign-in-guard';
import type { WrongCodeGuard } from '../link/wrong-code-guard';
import { type RateLimiter, retryAfterSeconds } from '../rate-limiter';
import { validationMessage } from '../request-schemas';
import { html, type SafeHtml, sendPage } from './html';
import type { ReturnTo } from './views';
import { errorBox, localTime, signInView } from './views';
import { type Visitor, visitorOf, type WebSessions } from './web-sessions';

// What the /link page files share: their dependencies, the page frame, the CSRF and rate-limit answers,
// where sign-in returns to. The pages are registered by website.ts, so no page file imports the file that
// imports it.

export interface PagesDeps {
  sessions: WebSessions;
  accounts: Accounts;
  pins: Pins;
  devices: DeviceStore;
  wrongCodes: WrongCodeGuard;
  signIn: SignInGuard;
  signUpLimiter: RateLimiter;
  /** Other servers the owner shares with accounts (/link/shared). */
  shared: SharedServers;
  /** Each account's audio and subtitle preference (/link/preferences). */
  trackPreferences: TrackPreferenceStore;
}

/** A page to answer with: its title and body. */
export interface FormPage {
  title: string;
  body: SafeHtml;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * On a /link form route: the form again, showing `message` and what the person typed, for a request that
     * does not fit the route's schema. null (or none): a plain page with the message.
     */
    formAgain?: (request: FastifyRequest, visitor: Visitor, message: string) => FormPage | null;
  }
}

/** Form fields are text: a field sent twice (an array) does not fit. */
export const TEXT = { type: 'string' } as const;

/** `?code=&next=` (and the same hidden fields in forms): where sign-in returns to, see returnToFrom. */
export const RETURN_TO_FIELDS = { code: TEXT, next: TEXT } as const;

/** The sign-in and code pages' query: where to go after signing in. */
export const RETURN_TO_QUERY = { type: 'object', properties: RETURN_TO_FIELDS } as const;

export interface ReturnToFields {
  code?: string;
  next?: string;
}

/** The CSRF field is not required by the schema: a form without it gets the 403 of csrfRejected. */
export const CSRF_ONLY_BODY = { type: 'object', properties: { csrf: TEXT } } as const;

export interface CsrfBody {
  csrf?: string;
}

/**
 * In the website's scope: a request that does not fit its route's schema gets a 400 page saying what is wrong,
 * with the form again (route config `formAgain`) so nothing typed is lost.
 */
export function answerSchemaErrorsAsPages(website: FastifyInstance): void {
  website.setErrorHandler((error: FastifyError, request, reply) => {
    // Anything else goes on to the root handler (src/server/error-pages.ts).
    if (!error.validation) throw error;
    const visitor = visitorOf(request);
    const message = validationMessage(error, request);
    const again = request.routeOptions.config.formAgain?.(request, visitor, message);
    if (again) return page(reply, 400, again.title, again.body, visitor);
    const body = html`<h1>Please try again</h1>
${errorBox(message)}
<p><a href="/link">Start again</a></p>`;
    return page(reply, 400, 'Please try again', body, visitor);
  });
}

/** Sends a page with the visitor's navigation. */
export function page(
  reply: FastifyReply,
  status: number,
  title: string,
  body: SafeHtml,
  visitor: Visitor,
): FastifyReply {
  return sendPage(reply, status, {
    title,
    body,
    username: visitor.account?.username ?? null,
    csrf: visitor.csrf,
  });
}

/** Where sign-in sends the person back to; the code is only ever a form value, never a URL they chose. */
export function returnToFrom(source: unknown): ReturnTo {
  const code = stringField(source, 'code')
    .replace(/[^A-Za-z0-9 \-–—]/g, '')
    .slice(0, 24);
  return { code, next: stringField(source, 'next') === 'devices' ? 'devices' : 'link' };
}

export function returnPath(returnTo: ReturnTo): string {
  if (returnTo.next === 'devices') return '/link/devices';
  return returnTo.code ? `/link?code=${encodeURIComponent(returnTo.code)}` : '/link';
}

/** A form posted by a visitor whose session had ended: sign in, then go on to `returnTo`. */
export function signInToContinue(reply: FastifyReply, visitor: Visitor, returnTo: ReturnTo): FastifyReply {
  return page(reply, 401, 'Sign in', signInView(visitor.csrf, returnTo, 'Sign in to continue.'), visitor);
}

export function csrfRejected(reply: FastifyReply, visitor: Visitor): FastifyReply {
  const body = html`<h1>Please try again</h1>
${errorBox('This form has expired or did not come from this site. Go back, reload the page and try again.')}
<p><a href="/link">Start again</a></p>`;
  return page(reply, 403, 'Please try again', body, visitor);
}

export function tooManyAttempts(
  reply: FastifyReply,
  retryAfterMs: number,
  what: string,
  visitor: Visitor,
): FastifyReply {
  const seconds = retryAfterSeconds(retryAfterMs);
  const wait = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  const body = html`<h1>Too many attempts</h1>
${errorBox(`Too many ${what}. Try again in ${wait} (after ${localTime(Date.now() + seconds * 1000)}).`)}`;
  reply.header('Retry-After', String(seconds));
  return page(reply, 429, 'Too many attempts', body, visitor);
}

import type { FastifyReply } from 'fastify';
import type { DeviceStore } from '../db/device-store';
import type { TrackPreferenceStore } from '../db/track-preference-store';
import { stringField } from '../form-fields';
import type { Accounts } from '../link/accounts';
import type { Pins } from '../link/pins';
import type { SharedServers } from '../link/shared-servers';
import type { SignInGuard } from '../link/sign-in-guard';
import type { WrongCodeGuard } from '../link/wrong-code-guard';
import { type RateLimiter, retryAfterSeconds } from '../rate-limiter';
import { html, type SafeHtml, sendPage } from './html';
import type { ReturnTo } from './views';
import { errorBox, localTime } from './views';
import type { Visitor, WebSessions } from './web-sessions';

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

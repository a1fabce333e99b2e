import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../db/account-store';
import type { WebSessionStore } from '../db/web-session-store';
import type { Accounts } from '../link/accounts';
import { constantTimeEqual, sha256Hex } from '../link/secrets';

export const SESSION_COOKIE = 'marquee_session';
/** Before sign-in, forms are bound to this anonymous cookie instead of a session. */
export const PRE_SESSION_COOKIE = 'marquee_presession';

const SESSION_TTL_MS = 30 * 24 * 60 * 60_000;
const PRE_SESSION_TTL_MS = 24 * 60 * 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every page of the website scope (website.ts) by its one onRequest hook; null elsewhere. */
    visitor: Visitor | null;
  }
}

/** The visitor of a page in the website scope (its hook has already read the cookies). */
export function visitorOf(request: FastifyRequest): Visitor {
  if (!request.visitor) throw new Error(`${request.routeOptions.url} is not in the website scope`);
  return request.visitor;
}

/** Who is looking at a page, and the CSRF value their forms must carry. */
export interface Visitor {
  account: Account | null;
  /** SHA-256 of the session cookie, when signed in. */
  sessionIdHash: string | null;
  csrf: string;
}

/**
 * Browser sessions of the /link pages. CSRF is a synchronizer token derived from the session cookie (an HMAC
 * keyed by it), so the database, which holds only the cookie's hash, cannot give it away; before sign-in, an
 * HMAC of the pre-session cookie under the server's secret.
 */
export class WebSessions {
  constructor(
    private readonly store: WebSessionStore,
    private readonly accounts: Accounts,
    /** Server-wide secret (settings table) that signs anonymous CSRF values. */
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads the visitor from cookies; gives a signed-out visitor a pre-session cookie when it has none. */
  visitor(request: FastifyRequest, reply: FastifyReply): Visitor {
    const cookies = parseCookies(request.headers.cookie);
    const sessionId = cookies.get(SESSION_COOKIE);
    if (sessionId) {
      const idHash = sha256Hex(sessionId);
      const session = this.store.findLive(idHash, this.now());
      const account = session ? this.accounts.findById(session.accountId) : null;
      if (session && account) return { account, sessionIdHash: idHash, csrf: sessionCsrf(sessionId) };
    }
    let preSession = cookies.get(PRE_SESSION_COOKIE);
    if (!preSession || !/^[A-Za-z0-9_-]{20,64}$/.test(preSession)) {
      preSession = randomBytes(24).toString('base64url');
      setCookie(request, reply, PRE_SESSION_COOKIE, preSession, PRE_SESSION_TTL_MS);
    }
    return { account: null, sessionIdHash: null, csrf: this.preSessionCsrf(preSession) };
  }

  /** True when the form's `csrf` matches the visitor and the browser does not say it came from another site. */
  checkCsrf(request: FastifyRequest, visitor: Visitor, submitted: string): boolean {
    if (request.headers['sec-fetch-site'] === 'cross-site') return false;
    return submitted.length > 0 && constantTimeEqual(submitted, visitor.csrf);
  }

  /** Starts a fresh session (a new id, so nothing chosen before sign-in carries over). */
  signIn(request: FastifyRequest, reply: FastifyReply, account: Account): void {
    const sessionId = randomBytes(32).toString('base64url');
    const now = this.now();
    this.store.create({
      idHash: sha256Hex(sessionId),
      accountId: account.id,
      createdAt: now,
      expiresAt: now + SESSION_TTL_MS,
    });
    setCookie(request, reply, SESSION_COOKIE, sessionId, SESSION_TTL_MS);
  }

  signOut(request: FastifyRequest, reply: FastifyReply, visitor: Visitor): void {
    if (visitor.sessionIdHash) this.store.delete(visitor.sessionIdHash);
    setCookie(request, reply, SESSION_COOKIE, '', 0);
  }

  deleteExpired(): void {
    this.store.deleteExpired(this.now());
  }

  private preSessionCsrf(preSession: string): string {
    return createHmac('sha256', this.secret).update(`csrf:${preSession}`).digest('base64url');
  }
}

/** A signed-in session's CSRF value: only whoever holds the session cookie can compute it. */
function sessionCsrf(sessionId: string): string {
  return createHmac('sha256', sessionId).update('csrf').digest('base64url');
}

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(at + 1).trim());
  }
  return cookies;
}

/** HttpOnly, SameSite=Lax, Path=/; Secure only over https (a LAN home server is usually plain http). */
function setCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  value: string,
  maxAgeMs: number,
): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  const maxAge = Math.floor(maxAgeMs / 1000);
  reply.header('Set-Cookie', `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`);
}

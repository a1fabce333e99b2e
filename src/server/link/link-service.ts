import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../db/account-store';
import type { DeviceStore } from '../db/device-store';
import { PlexError, sendPlexError, tokenOf } from '../plex-request';
import type { RateLimiter } from '../rate-limiter';
import type { ServerAddress } from '../server-address';
import type { ServerIdentity } from '../server-identity';
import type { Accounts } from './accounts';
import { registerDeviceRoutes } from './device-routes';
import type { DeviceTokens, TokenOwner } from './device-tokens';
import type { HeldPolls } from './held-polls';
import type { PinEvents } from './pin-events';
import { registerPinRoutes } from './pin-routes';
import type { Pins } from './pins';
import { registerResourceRoutes } from './resource-routes';
import type { SharedServers } from './shared-servers';
import type { SignInGuard } from './sign-in-guard';
import { registerUserRoutes } from './user-routes';
import type { WrongCodeGuard } from './wrong-code-guard';

/** Everything the plex.tv-shaped routes need, built once by home-server.ts. */
export interface LinkService {
  accounts: Accounts;
  devices: DeviceStore;
  tokens: DeviceTokens;
  pins: Pins;
  pinEvents: PinEvents;
  heldPolls: HeldPolls;
  wrongCodes: WrongCodeGuard;
  pinCreateLimiter: RateLimiter;
  signIn: SignInGuard;
  identity: ServerIdentity;
  address: ServerAddress;
  /** Other servers the owner shares with accounts; listed in those accounts' resources. */
  sharedServers: SharedServers;
}

/** The signed-in caller of an API route. */
export interface ApiCaller extends TokenOwner {
  account: Account;
  token: string;
}

/** The plex.tv account API subset (reference/plex-protocol.md §1, §2) under /api/v2. */
export function registerLinkApi(app: FastifyInstance, service: LinkService): void {
  // Answers carry tokens and pin states: no cache may keep them (RFC 8628 §3.2 asks the same).
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    done();
  });
  registerPinRoutes(app, service);
  registerUserRoutes(app, service);
  registerResourceRoutes(app, service);
  registerDeviceRoutes(app, service);
}

/** The caller of a token-protected route, or null after answering 401 in Plex's shape. */
export function requireCaller(
  service: LinkService,
  request: FastifyRequest,
  reply: FastifyReply,
): ApiCaller | null {
  const token = tokenOf(request);
  const owner = service.tokens.verify(token, request.ip);
  const account = owner ? service.accounts.findById(owner.accountId) : null;
  if (!owner || !account) {
    sendPlexError(reply, PlexError.unauthenticated);
    return null;
  }
  return { ...owner, account, token };
}

/** ISO time without milliseconds, as plex.tv writes it (`2022-02-01T00:15:00Z`). */
export function plexTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../db/account-store';
import type { DeviceStore } from '../db/device-store';
import { PlexError, sendPlexError, tokenOf } from '../plex-request';
import type { RateLimiter } from '../rate-limiter';
import type { ServerAddress } from '../server-address';
import type { ServerIdentity } from '../server-identity';
import type { Accounts } from './accounts';
import type { DeviceTokens, TokenOwner } from './device-tokens';
import type { HeldPolls } from './held-polls';
import type { PinEvents } from './pin-events';
import type { Pins } from './pins';
import type { SharedServers } from './shared-servers';
import type { SignInGuard } from './sign-in-guard';
import type { WrongCodeGuard } from './wrong-code-guard';

// What the plex.tv-shaped route files share: the service they are given, the caller check, Plex's time format.
// The routes are registered by link-api.ts, so no route file imports the file that imports it.

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

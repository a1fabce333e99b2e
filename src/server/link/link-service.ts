import type { DeviceStore } from '../db/device-store';
import type { TrackPreferenceStore } from '../db/track-preference-store';
import type { RateLimiter } from '../rate-limiter';
import type { ServerAddress } from '../server-address';
import type { ServerIdentity } from '../server-identity';
import type { Accounts } from './accounts';
import type { DeviceTokens } from './device-tokens';
import type { HeldPolls } from './held-polls';
import type { PinEvents } from './pin-events';
import type { Pins } from './pins';
import type { SharedServers } from './shared-servers';
import type { SignInGuard } from './sign-in-guard';
import type { WrongCodeGuard } from './wrong-code-guard';

// What the plex.tv-shaped route files share: the service they are given and Plex's time format (callers are
// checked once per scope, in link-api.ts with src/server/token-scope.ts).
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
  /** Each account's audio and subtitle preference: the profile of /api/v2/user. */
  trackPreferences: TrackPreferenceStore;
}

/** ISO time without milliseconds, as plex.tv writes it (`2022-02-01T00:15:00Z`). */
export function plexTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

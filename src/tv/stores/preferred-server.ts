import type { AppServices } from '../app-services';
import type { KeyValueStorage } from '../platform/platform';

// The server home browses, remembered per account (account service + account name).
// Kept here, not with the server choice (server-choice.ts), which the first screen loads: only home and the
// Servers screen read or write it.

/** Per account: which of its servers home browses (the Servers screen sets it). */
const PREFERRED_PREFIX = 'marquee.preferredServer:';

export function preferredServerKey(accountServiceUrl: string, accountName: string): string {
  return `${PREFERRED_PREFIX}${accountServiceUrl}|${accountName}`;
}

export function readPreferredServer(storage: KeyValueStorage, key: string): string | null {
  return storage.get(key);
}

export function rememberPreferredServer(storage: KeyValueStorage, key: string, serverId: string): void {
  storage.set(key, serverId);
}

function keyFor({ session }: Pick<AppServices, 'session'>): string | null {
  const state = session.getState();
  if (!state.accountServiceUrl || !state.session) return null;
  return preferredServerKey(state.accountServiceUrl, state.session.accountName);
}

export function preferredServerId(services: Pick<AppServices, 'session' | 'platform'>): string | null {
  const key = keyFor(services);
  return key ? readPreferredServer(services.platform.storage, key) : null;
}

export function rememberPreferredServerId(
  services: Pick<AppServices, 'session' | 'platform'>,
  id: string,
): void {
  const key = keyFor(services);
  if (key) rememberPreferredServer(services.platform.storage, key, id);
}

import type { AppServices } from '../app-services';
import { preferredServerKey, readPreferredServer, rememberPreferredServer } from './server-choice';

// The server home browses, remembered per account (account service + account name).

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

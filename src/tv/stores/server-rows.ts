import type { HomeServer } from './home-store';

// How the Servers screen and home describe a server of the account. Pure, so it is tested without a screen.

/** `offline`: it lists addresses but none answered (retried); `unreachable`: it lists none at all. */
export type ServerRowStatus = 'checking' | 'online' | 'offline' | 'unreachable';

export function serverRowStatus(server: HomeServer): ServerRowStatus {
  if (server.status.kind === 'checking') return 'checking';
  if (server.status.kind === 'online') return 'online';
  return server.resource.connections.length > 0 ? 'offline' : 'unreachable';
}

/** "local", "remote" or "relay" for an online server, else what is going on. */
export function serverStatusText(server: HomeServer): string {
  const status = server.status;
  switch (status.kind) {
    case 'checking':
      return 'Checking…';
    case 'online':
      return `Online · ${status.connection.relay ? 'relay' : status.connection.local ? 'local' : 'remote'}`;
    case 'unreachable':
      return server.resource.connections.length > 0
        ? 'Offline · trying again'
        : 'Unreachable: the account lists no address for it';
  }
}

/** "Your server" or "Shared by <owner>". */
export function serverOwnerText(server: HomeServer): string {
  if (server.resource.owned) return 'Your server';
  return server.resource.sourceTitle ? `Shared by ${server.resource.sourceTitle}` : 'Shared with you';
}

import type { PlexConnection, PlexResource } from '../protocol/plex-account';

/**
 * Order a server's connections as Plex advises (docs/protocol.md#resources-and-connections): local before
 * remote, relay last, https before http within each group.
 */
export function rankConnections(resource: PlexResource): PlexConnection[] {
  const rank = (connection: PlexConnection) =>
    (connection.relay ? 4 : connection.local ? 0 : 2) + (connection.protocol === 'https' ? 0 : 1);
  // The account client reads a missing `connections` as []; a resource from elsewhere may still lack it.
  return (resource.connections || [])
    .map((connection, index) => ({ connection, index }))
    .sort((a, b) => rank(a.connection) - rank(b.connection) || a.index - b.index)
    .map((entry) => entry.connection);
}

export type ConnectionProbe = (uri: string) => Promise<{ machineIdentifier: string }>;

export interface ChosenConnection {
  uri: string;
  local: boolean;
  relay: boolean;
}

/**
 * Probes every connection at once and picks the best-ranked one that answered as this server
 * (its `/identity` names the resource's clientIdentifier). Null when none answered, or the server lists
 * no connections: it never rejects, so a server never stays "checking".
 */
export async function chooseConnection(
  resource: PlexResource,
  probe: ConnectionProbe,
): Promise<ChosenConnection | null> {
  const ranked = rankConnections(resource);
  const results = await Promise.all(
    ranked.map((connection) =>
      Promise.resolve(connection.uri)
        .then(probe)
        .then(
          (identity) => identity.machineIdentifier === resource.clientIdentifier,
          () => false,
        ),
    ),
  );
  for (let i = 0; i < ranked.length; i++) {
    if (results[i]) return { uri: ranked[i].uri, local: ranked[i].local, relay: ranked[i].relay };
  }
  return null;
}

import type { FastifyInstance } from 'fastify';
import type { PlexConnection, PlexResource } from '../../protocol/plex-account';
import { isLoopbackHost } from '../server-address';
import { callerOf } from '../token-scope';
import { type LinkService, plexTime } from './link-service';

export function registerResourceRoutes(app: FastifyInstance, service: LinkService): void {
  // This process's own media server, owned by every account and reached with the caller's token; then the
  // servers the owner shares with the caller's account, each with its own token and connections.
  app.get('/api/v2/resources', async (request, reply) => {
    const caller = callerOf(request);
    const { identity, address } = service;
    const publicUrl = new URL(address.publicUrl);
    const resource: PlexResource = {
      name: identity.friendlyName,
      product: identity.product,
      productVersion: identity.version,
      platform: identity.platform,
      platformVersion: identity.platformVersion,
      device: 'PC',
      clientIdentifier: identity.machineIdentifier,
      createdAt: plexTime(identity.createdAt),
      lastSeenAt: plexTime(Date.now()),
      provides: 'server',
      ownerId: null,
      sourceTitle: null,
      publicAddress: publicUrl.hostname,
      accessToken: caller.token,
      owned: true,
      home: false,
      synced: false,
      relay: false,
      presence: true,
      httpsRequired: false,
      publicAddressMatches: true,
      dnsRebindingProtection: false,
      natLoopbackSupported: false,
      connections: connectionsFor(publicUrl, address.port),
    };
    return reply.send([resource, ...service.sharedServers.resourcesFor(caller.accountId)]);
  });
}

/** The public address first; loopback too when the public one is not, for a client on this machine. */
function connectionsFor(publicUrl: URL, listeningPort: number): PlexConnection[] {
  const protocol = publicUrl.protocol === 'https:' ? 'https' : 'http';
  const port = Number(publicUrl.port) || (protocol === 'https' ? 443 : 80);
  const connections: PlexConnection[] = [
    {
      protocol,
      address: publicUrl.hostname.replace(/^\[|\]$/g, ''),
      port,
      uri: publicUrl.origin,
      local: true,
      relay: false,
      IPv6: publicUrl.hostname.startsWith('['),
    },
  ];
  if (!isLoopbackHost(publicUrl.hostname)) {
    connections.push({
      protocol: 'http',
      address: '127.0.0.1',
      port: listeningPort,
      uri: `http://127.0.0.1:${listeningPort}`,
      local: true,
      relay: false,
      IPv6: false,
    });
  }
  return connections;
}

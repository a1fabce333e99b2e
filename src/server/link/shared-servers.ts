import { randomUUID } from 'node:crypto';
import { PlexAccountClient } from '../../plex/account-client';
import { isPlexRequestError } from '../../plex/errors';
import type { ClientIdentity } from '../../plex/headers';
import { fetchTransport, type Transport } from '../../plex/http';
import { checkIdentity, identityProblemText } from '../../plex/identity-check';
import { serverUrlFromTyped } from '../../plex/server-address';
import type { PlexConnection, PlexResource } from '../../protocol/plex-account';
import type { AccountStore } from '../db/account-store';
import type { SharedServer, SharedServerStore } from '../db/shared-server-store';
import type { ServerIdentity } from '../server-identity';
import { plexTime } from './link-service';
import type { TokenSealer } from './token-sealer';

// Sharing another server with an account of this one, as plex.tv lists a friend's server: the owner names
// the server's address and the account; this server asks that server's own account service for a code (as
// any device does), the other server's owner approves it on their /link page, and the token it then issues
// is what this server hands the account in /api/v2/resources, with that server's own connections.

export type ShareResult = { ok: true; share: SharedServer } | { ok: false; status: number; message: string };

export interface SharedServersDeps {
  store: SharedServerStore;
  accounts: AccountStore;
  sealer: TokenSealer;
  /** This server: a share of itself is refused, and it names itself to the other server. */
  self: ServerIdentity;
  transport?: Transport;
  now?: () => number;
}

const REQUEST_TIMEOUT_MS = 5_000;

export class SharedServers {
  private readonly transport: Transport;
  private readonly now: () => number;

  constructor(private readonly deps: SharedServersDeps) {
    this.transport = deps.transport ?? fetchTransport;
    this.now = deps.now ?? Date.now;
  }

  /** Starts sharing: checks the address and the account, then gets a code from the other server. */
  async share(typedAddress: string, username: string): Promise<ShareResult> {
    const typed = serverUrlFromTyped(typedAddress);
    if (!typed.ok) return { ok: false, status: 400, message: typed.message };
    const account = this.deps.accounts.findByUsername(username.trim());
    if (!account) return { ok: false, status: 404, message: `There is no account named “${username}” here.` };
    const identity = await checkIdentity(typed.url, {
      transport: this.transport,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    if (!identity.ok)
      return { ok: false, status: 502, message: identityProblemText(identity.problem, typed.url) };
    const { machineIdentifier, name } = identity.server;
    if (machineIdentifier === this.deps.self.machineIdentifier) {
      return { ok: false, status: 400, message: 'That is this server: its accounts see it already.' };
    }
    const clientIdentifier = `${this.deps.self.machineIdentifier}-share-${randomUUID()}`;
    const client = this.clientFor(typed.url, clientIdentifier, account.username);
    try {
      const pin = await client.createPin();
      return {
        ok: true,
        share: this.deps.store.create({
          accountId: account.id,
          address: typed.url,
          machineIdentifier,
          name: name || 'Plex Media Server',
          clientIdentifier,
          pinId: Number(pin.id),
          pinCode: pin.code,
          pinExpiresAt: this.now() + pin.expiresIn * 1000,
          createdAt: this.now(),
        }),
      };
    } catch (error) {
      return { ok: false, status: 502, message: `That server gave no code: ${messageOf(error)}` };
    }
  }

  /**
   * Collects the token once the other server's owner approved the code; until then says what to do. An
   * expired code is replaced by a fresh one.
   */
  async finish(id: number): Promise<ShareResult> {
    const share = this.deps.store.findById(id);
    if (!share) return { ok: false, status: 404, message: 'No such shared server.' };
    if (share.sealedToken || share.pinId === null) return { ok: true, share };
    const client = this.clientFor(share.address, share.clientIdentifier, this.usernameOf(share.accountId));
    let token: string | null;
    try {
      token = (await client.getPin(share.pinId)).authToken;
    } catch (error) {
      if (isPlexRequestError(error) && error.failure === 'not-found') return this.renewCode(share, client);
      return { ok: false, status: 502, message: `That server did not answer: ${messageOf(error)}` };
    }
    if (!token) {
      return {
        ok: false,
        status: 409,
        message: `Not approved yet. ${approvalStep(share.address, share.pinCode)}`,
      };
    }
    const resource = await this.ownResource(client, token, share.machineIdentifier);
    const owner = await client.getUser(token).catch(() => null);
    this.deps.store.approve(share.id, {
      sealedToken: this.deps.sealer.seal(token, share.machineIdentifier),
      ownerId: owner ? owner.id : null,
      ownerName: owner ? owner.title || owner.username : null,
      connections: resource?.connections.length ? resource.connections : [connectionFor(share.address)],
    });
    return { ok: true, share: this.deps.store.findById(share.id) as SharedServer };
  }

  remove(id: number): boolean {
    return this.deps.store.remove(id);
  }

  /** Every share, for the owner's page, with the account's name. */
  list(): (SharedServer & { username: string })[] {
    return this.deps.store
      .listAll()
      .map((share) => ({ ...share, username: this.usernameOf(share.accountId) }));
  }

  /** The approved shares of `accountId` as entries of its /api/v2/resources. */
  resourcesFor(accountId: number): PlexResource[] {
    const resources: PlexResource[] = [];
    for (const share of this.deps.store.listApproved(accountId)) {
      const token = share.sealedToken
        ? this.deps.sealer.open(share.sealedToken, share.machineIdentifier)
        : null;
      if (!token) continue; // sealed under a key that is gone: the owner shares it again
      resources.push(sharedResource(share, token));
    }
    return resources;
  }

  private async renewCode(share: SharedServer, client: PlexAccountClient): Promise<ShareResult> {
    try {
      const pin = await client.createPin();
      this.deps.store.setPin(share.id, Number(pin.id), pin.code, this.now() + pin.expiresIn * 1000);
      return {
        ok: false,
        status: 409,
        message: `The code expired before it was approved. A new one: ${approvalStep(share.address, pin.code)}`,
      };
    } catch (error) {
      return { ok: false, status: 502, message: `That server gave no new code: ${messageOf(error)}` };
    }
  }

  /** The other server's own entry in its resources, for its connections; null when it lists none. */
  private async ownResource(client: PlexAccountClient, token: string, machineIdentifier: string) {
    try {
      const resources = await client.getResources(token);
      return resources.find((resource) => resource.clientIdentifier === machineIdentifier) ?? null;
    } catch {
      return null;
    }
  }

  private clientFor(baseUrl: string, clientIdentifier: string, username: string): PlexAccountClient {
    const { self } = this.deps;
    const identity: ClientIdentity = {
      clientIdentifier,
      product: self.product,
      version: self.version,
      platform: self.platform,
      platformVersion: self.platformVersion,
      device: 'Server',
      model: '',
      // What the other server's owner reads on their confirm page and devices list.
      deviceName: `${self.friendlyName}, sharing with ${username}`,
    };
    return new PlexAccountClient({
      baseUrl,
      identity,
      transport: this.transport,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
  }

  private usernameOf(accountId: number): string {
    return this.deps.accounts.findById(accountId)?.username ?? '?';
  }
}

/** What the other server's owner does: the link page and the code. */
export function approvalStep(address: string, code: string | null): string {
  return `On ${address}/link, sign in as that server's owner and enter the code ${code ?? ''}.`;
}

function sharedResource(share: SharedServer, token: string): PlexResource {
  return {
    name: share.name,
    product: 'Plex Media Server',
    productVersion: '',
    platform: '',
    platformVersion: '',
    device: '',
    clientIdentifier: share.machineIdentifier,
    createdAt: plexTime(share.createdAt),
    lastSeenAt: plexTime(share.createdAt),
    provides: 'server',
    ownerId: share.ownerId,
    sourceTitle: share.ownerName,
    publicAddress: null,
    accessToken: token,
    owned: false,
    home: false,
    synced: false,
    relay: false,
    presence: true,
    httpsRequired: false,
    publicAddressMatches: false,
    dnsRebindingProtection: false,
    natLoopbackSupported: false,
    connections: share.connections,
  };
}

function connectionFor(address: string): PlexConnection {
  const url = new URL(address);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return {
    protocol,
    address: url.hostname,
    port: Number(url.port) || (protocol === 'https' ? 443 : 80),
    uri: url.origin,
    local: true,
    relay: false,
    IPv6: url.hostname.startsWith('['),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

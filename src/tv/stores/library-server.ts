import { createStore } from 'zustand/vanilla';
import type { ClientIdentity } from '../../plex/headers';
import { PlexServerClient } from '../../plex/server-client';
import { appServices } from '../app-services';
import { type HomeServer, SIGNED_OUT_MESSAGE } from './home-store';

// Which media server the library screens browse: the viewer's pick when it is online, else the first online
// server home found, through the connection home chose, with that resource's own accessToken
// (docs/protocol.md#resources-and-connections). Home keeps it current; section, details and search read it.

/** The library calls the screens make (PlexServerClient has them); tests pass fakes. */
export type LibraryApi = Pick<
  PlexServerClient,
  'sections' | 'sectionItems' | 'hubs' | 'metadata' | 'children' | 'search' | 'photoUrl'
>;

export interface LibraryServer {
  /** The server's clientIdentifier. */
  id: string;
  name: string;
  uri: string;
  local: boolean;
  relay: boolean;
  /** The resource's accessToken the client was made with. */
  token: string | null;
  api: LibraryApi;
}

export interface LibraryServerState {
  server: LibraryServer | null;
  /**
   * Browses `preferredId` when it is online (the viewer's pick on the Servers screen); while it is being
   * checked, keeps what it has; when it is offline or gone (or none is preferred), the first online server in
   * the account's order, once the ones before it are known. Keeps the current one (same client) when nothing
   * changed.
   */
  choose(servers: readonly HomeServer[] | null, identity: ClientIdentity, preferredId?: string | null): void;
  clear(): void;
}

export type ClientFactory = (uri: string, token: string | null, identity: ClientIdentity) => LibraryApi;

const plexClient: ClientFactory = (uri, token, identity) =>
  new PlexServerClient({ baseUrl: uri, token, identity, timeoutMs: 10_000 });

export function createLibraryServerStore(makeClient: ClientFactory = plexClient) {
  return createStore<LibraryServerState>((set, get) => ({
    server: null,
    choose(servers, identity, preferredId = null) {
      if (servers === null) return; // not known yet: keep browsing what we had
      const current = get().server;
      const preferred = preferredId ? servers.find((server) => server.id === preferredId) : undefined;
      if (preferred?.status.kind === 'checking') return; // wait for it, browsing what we had
      const online = preferred?.status.kind === 'online' ? preferred : firstSettledOnline(servers);
      if (online?.status.kind !== 'online') {
        // Still being checked: keep the current one; none on the account any more: forget it.
        if (current && !servers.some((server) => server.id === current.id)) set({ server: null });
        return;
      }
      const { uri, local, relay } = online.status.connection;
      const token = online.resource.accessToken ?? null;
      // A new sign-in brings a new token for the same server: that needs a new client.
      if (current && current.id === online.id && current.uri === uri && current.token === token) {
        if (current.name !== online.name) set({ server: { ...current, name: online.name } });
        return;
      }
      const api = makeClient(uri, token, identity);
      set({ server: { id: online.id, name: online.name, uri, local, relay, token, api } });
    },
    clear() {
      set({ server: null });
    },
  }));
}

/**
 * The first server of the account's list that is online, decided in list order: a server still being checked
 * ahead of it is waited for (undefined), so which server home opens with never depends on which probe
 * answered first. plex.tv lists the account's own servers before shared ones.
 */
function firstSettledOnline(servers: readonly HomeServer[]): HomeServer | undefined {
  for (const server of servers) {
    if (server.status.kind === 'checking') return undefined;
    if (server.status.kind === 'online') return server;
  }
  return undefined;
}

export type LibraryServerStore = ReturnType<typeof createLibraryServerStore>;

/** The app's one library server, shared by the library screens. */
export const libraryServer = createLibraryServerStore();

/** "local", "remote" or "relay": how the TV reaches the server, for the compact header line. */
export function connectionLabel(server: Pick<LibraryServer, 'local' | 'relay'>): string {
  return server.relay ? 'relay' : server.local ? 'local' : 'remote';
}

/** A 401 from the media server: the token is gone; sign out as home does for the account service. */
export function signOutUnauthorized(): void {
  appServices().session.getState().signedOut(SIGNED_OUT_MESSAGE);
}

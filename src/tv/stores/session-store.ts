import { create } from 'zustand';
import { PlexAccountClient } from '../../plex/account-client';
import { displayAddress } from '../../plex/display-address';
import type { ClientIdentity } from '../../plex/headers';
import type { KeyValueStorage } from '../platform/platform';

// Who this TV is linked to. The token and the chosen account service persist, so a restart skips activation.

const TOKEN_KEY = 'marquee.token';
const ACCOUNT_KEY = 'marquee.account';
const SERVICE_KEY = 'marquee.accountService';

export interface LinkedSession {
  token: string;
  /** Display name of the linked account, shown as "Linked to <account>". */
  accountName: string;
}

export interface SessionState {
  /** The account service (plex.tv, or a home server); null on a first run until the viewer chooses one. */
  accountServiceUrl: string | null;
  identity: ClientIdentity;
  session: LinkedSession | null;
  /** Set when the TV was signed out (a 401, a revoke, a change of server), for the code screen to explain. */
  signedOutReason: string | null;
  accountClient(): PlexAccountClient;
  linked(session: LinkedSession): void;
  /** Forgets the token (401 from the server, or the device was revoked). */
  signedOut(reason: string | null): void;
  /**
   * Talks to another account service from now on. A linked TV is signed out of the old one first (best
   * effort there, certainly here), and signedOutReason says so.
   */
  useAccountService(url: string): void;
}

export interface SessionSetup {
  storage: KeyValueStorage;
  identity: ClientIdentity;
  /** From ?server=, the viewer's choice, the origin or the build; null when none (first run). */
  accountServiceUrl: string | null;
}

export function createSessionStore({ storage, identity, accountServiceUrl }: SessionSetup) {
  const stored = accountServiceUrl ? readSession(storage, accountServiceUrl) : null;
  let client: PlexAccountClient | null = null;
  return create<SessionState>((set, get) => ({
    accountServiceUrl,
    identity,
    session: stored,
    signedOutReason: null,
    accountClient() {
      const baseUrl = get().accountServiceUrl;
      if (!baseUrl) throw new Error('No account service chosen yet (the welcome screen chooses one)');
      if (!client || client.baseUrl !== baseUrl.replace(/\/+$/, ''))
        client = new PlexAccountClient({ baseUrl, identity: get().identity });
      return client;
    },
    linked(session) {
      storage.set(TOKEN_KEY, session.token);
      storage.set(ACCOUNT_KEY, session.accountName);
      storage.set(SERVICE_KEY, get().accountServiceUrl ?? '');
      set({ session, signedOutReason: null });
    },
    signedOut(reason) {
      storage.remove(TOKEN_KEY);
      storage.remove(ACCOUNT_KEY);
      set({ session: null, signedOutReason: reason });
    },
    useAccountService(url) {
      const { accountServiceUrl: previous, session } = get();
      if (url === previous) return;
      if (session && previous) {
        // Best effort: the old service may be the very thing that is gone.
        get()
          .accountClient()
          .signOut(session.token)
          .catch(() => undefined);
      }
      storage.remove(TOKEN_KEY);
      storage.remove(ACCOUNT_KEY);
      client = null;
      const reason =
        session && previous
          ? `Signed out of ${session.accountName || displayAddress(previous)} to use ${displayAddress(url)}.`
          : null;
      set({ accountServiceUrl: url, session: null, signedOutReason: reason });
    },
  }));
}

/** A stored token is only used with the account service that issued it. */
function readSession(storage: KeyValueStorage, accountServiceUrl: string): LinkedSession | null {
  const token = storage.get(TOKEN_KEY);
  if (!token || storage.get(SERVICE_KEY) !== accountServiceUrl) return null;
  return { token, accountName: storage.get(ACCOUNT_KEY) ?? '' };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

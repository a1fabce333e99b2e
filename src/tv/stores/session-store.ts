import { create } from 'zustand';
import { PlexAccountClient } from '../../plex/account-client';
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
  /** The account service (plex.tv, or the home server that served the app). */
  accountServiceUrl: string;
  identity: ClientIdentity;
  session: LinkedSession | null;
  /** Set when a stored token met a 401, for the activation screen to explain why it is back. */
  signedOutReason: string | null;
  accountClient(): PlexAccountClient;
  linked(session: LinkedSession): void;
  /** Forgets the token (401 from the server, or the device was revoked). */
  signedOut(reason: string | null): void;
}

export interface SessionSetup {
  storage: KeyValueStorage;
  identity: ClientIdentity;
  /** `?server=` from the URL, else the origin that served the app. */
  accountServiceUrl: string;
}

export function createSessionStore({ storage, identity, accountServiceUrl }: SessionSetup) {
  const stored = readSession(storage, accountServiceUrl);
  let client: PlexAccountClient | null = null;
  return create<SessionState>((set, get) => ({
    accountServiceUrl,
    identity,
    session: stored,
    signedOutReason: null,
    accountClient() {
      if (!client)
        client = new PlexAccountClient({ baseUrl: get().accountServiceUrl, identity: get().identity });
      return client;
    },
    linked(session) {
      storage.set(TOKEN_KEY, session.token);
      storage.set(ACCOUNT_KEY, session.accountName);
      storage.set(SERVICE_KEY, accountServiceUrl);
      set({ session, signedOutReason: null });
    },
    signedOut(reason) {
      storage.remove(TOKEN_KEY);
      storage.remove(ACCOUNT_KEY);
      set({ session: null, signedOutReason: reason });
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

import { createStore } from 'zustand/vanilla';
import { type ChosenConnection, chooseConnection } from '../../plex/connection';
import { isPlexRequestError } from '../../plex/errors';
import type { AbortSignalLike } from '../../plex/http';
import type { PlexResource, PlexUser } from '../../protocol/plex-account';
import { retryDelayMs } from '../activation/backoff';
import type { Clock } from '../clock';
import { LatestOnly, type RequestTurn } from '../latest-only';
import { NamedTimers } from '../named-timers';
import type { SessionState } from './session-store';

// The home screen's logic: who this TV is linked to, which servers the account has and how each is
// reached. Failures against the account service retry by themselves with backoff; a 401 signs out.

export const SIGNED_OUT_MESSAGE = 'This TV was signed out. Link it again to continue.';

/** How often a TV sitting on home asks whether its token still works, so a revoke shows within a minute. */
export const SESSION_CHECK_MS = 60_000;

export type ServerStatus =
  | { kind: 'checking' }
  | { kind: 'online'; connection: ChosenConnection }
  | { kind: 'unreachable' };

export interface HomeServer {
  /** The resource's clientIdentifier (= the server's machineIdentifier). */
  id: string;
  name: string;
  resource: PlexResource;
  status: ServerStatus;
}

export interface HomeError {
  /** In words, e.g. "Can't reach the server". */
  title: string;
  detail: string;
}

export interface HomeState {
  accountName: string;
  /** null until the account service has answered once. */
  servers: HomeServer[] | null;
  loading: boolean;
  error: HomeError | null;
  /** Begins loading (screen mounted). */
  start(): void;
  /** Loads again now (Refresh, Retry); a pending automatic retry is replaced. */
  refresh(): void;
  /** Screen left: no timer or answer may change anything afterwards. */
  stop(): void;
  /** Best-effort sign-out on the account service, then forgets the token locally. */
  signOut(): void;
}

/** The account API calls home needs (PlexAccountClient has them). */
export interface HomeAccountApi {
  getUser(token: string, signal?: AbortSignalLike): Promise<PlexUser>;
  getResources(token: string, signal?: AbortSignalLike): Promise<PlexResource[]>;
  signOut(token: string): Promise<void>;
}

/** Asks one connection of a server who it is (PlexServerClient.identity()). */
export type ServerProbe = (resource: PlexResource, uri: string) => Promise<{ machineIdentifier: string }>;

export interface HomeDeps {
  session: { getState(): Pick<SessionState, 'session' | 'linked' | 'signedOut'> };
  account: HomeAccountApi;
  probe: ServerProbe;
  clock: Clock;
  random?: () => number;
}

export type HomeStore = ReturnType<typeof createHomeStore>;

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

export function createHomeStore({ session, account, probe, clock, random = Math.random }: HomeDeps) {
  // Each load is a turn; answers from an older one (refreshed, stopped) are dropped.
  const loads = new LatestOnly();
  // retry: the next load after a failure; recheck: probe unreachable servers again; session: the token check.
  const timers = new NamedTimers<'retry' | 'recheck' | 'session'>(clock);
  let loadFailures = 0;
  let probeFailures = 0;

  function abandon() {
    loads.end();
    timers.clearAll();
  }

  return createStore<HomeState>((set, get) => {
    function load() {
      abandon();
      const token = session.getState().session?.token;
      if (!token) return; // signed out: the app is already on its way to activation
      const turn = loads.begin();
      const { signal } = turn;
      set({ loading: true });
      Promise.all([settle(account.getUser(token, signal)), settle(account.getResources(token, signal))]).then(
        ([user, resources]) => {
          if (!turn.current()) return;
          // A 401 from either call wins over any other failure: the token is gone.
          const failure = [user, resources].find((result) => !result.ok && isUnauthorized(result.error));
          if (failure) return signedOut();
          if (!user.ok) return failed(user.error);
          if (!resources.ok) return failed(resources.error);
          loaded(token, user.value, resources.value, turn);
        },
      );
    }

    function signedOut() {
      abandon();
      set({ loading: false, error: null });
      session.getState().signedOut(SIGNED_OUT_MESSAGE);
    }

    function failed(error: unknown) {
      const backoff = retryDelayMs(loadFailures, random);
      loadFailures++;
      // A busy server may say how long to wait; never retry sooner than that.
      const asked = isPlexRequestError(error) && error.retryAfterMs ? error.retryAfterMs : 0;
      set({ loading: false, error: describeFailure(error) });
      timers.set('retry', Math.max(backoff, asked), load);
    }

    function loaded(token: string, user: PlexUser, resources: PlexResource[], turn: RequestTurn) {
      loadFailures = 0;
      probeFailures = 0;
      const accountName = user.title || user.username || get().accountName;
      const current = session.getState().session;
      if (current && current.accountName !== accountName) session.getState().linked({ token, accountName });
      const servers = resources
        .filter((resource) => providesServer(resource))
        .map((resource) => ({
          id: resource.clientIdentifier,
          name: resource.name,
          resource,
          status: { kind: 'checking' } as ServerStatus,
        }));
      set({ accountName, servers, loading: false, error: null });
      checkServers(turn);
      scheduleSessionCheck(token, turn);
    }

    /** A quiet token check while home is up: a 401 signs out; anything else waits for the next check. */
    function scheduleSessionCheck(token: string, turn: RequestTurn) {
      timers.set('session', SESSION_CHECK_MS, () => {
        account.getUser(token, turn.signal).then(
          () => {
            if (turn.current()) scheduleSessionCheck(token, turn);
          },
          (error: unknown) => {
            if (!turn.current()) return;
            if (isUnauthorized(error)) signedOut();
            else scheduleSessionCheck(token, turn);
          },
        );
      });
    }

    /** Probes every server still 'checking'; unreachable ones are checked again later with backoff. */
    function checkServers(turn: RequestTurn) {
      const checking = (get().servers ?? []).filter((server) => server.status.kind === 'checking');
      if (checking.length === 0) return;
      Promise.all(
        checking.map((server) =>
          chooseConnection(server.resource, (uri) => probe(server.resource, uri)).then((connection) => {
            if (!turn.current()) return;
            const status: ServerStatus = connection
              ? { kind: 'online', connection }
              : { kind: 'unreachable' };
            updateServer(server.id, status);
          }),
        ),
      ).then(() => {
        if (!turn.current()) return;
        const unreachable = (get().servers ?? []).some((server) => server.status.kind === 'unreachable');
        if (!unreachable) return;
        const delay = retryDelayMs(probeFailures, random);
        probeFailures++;
        timers.set('recheck', delay, () => {
          for (const server of get().servers ?? []) {
            if (server.status.kind === 'unreachable') updateServer(server.id, { kind: 'checking' });
          }
          checkServers(turn);
        });
      });
    }

    function updateServer(id: string, status: ServerStatus) {
      const servers = get().servers;
      if (!servers) return;
      set({ servers: servers.map((server) => (server.id === id ? { ...server, status } : server)) });
    }

    return {
      accountName: session.getState().session?.accountName ?? '',
      servers: null,
      loading: false,
      error: null,
      start() {
        load();
      },
      refresh() {
        load();
      },
      stop() {
        abandon();
        set({ loading: false });
      },
      signOut() {
        const token = session.getState().session?.token;
        abandon();
        // Best effort: the token is forgotten here whether or not the service hears about it.
        if (token) account.signOut(token).catch(() => undefined);
        session.getState().signedOut(null);
      },
    };
  });
}

function isUnauthorized(error: unknown): boolean {
  return isPlexRequestError(error) && error.failure === 'unauthorized';
}

/** `provides` is a comma-separated list, e.g. "server" or "client,player". */
function providesServer(resource: PlexResource): boolean {
  return (
    resource.provides
      .split(',')
      .map((role) => role.trim())
      .indexOf('server') >= 0
  );
}

const RETRYING = 'Trying again automatically.';

/** A failure the user can read; anything unknown counts as a server problem. */
export function describeFailure(error: unknown): HomeError {
  const failure = isPlexRequestError(error) ? error.failure : null;
  if (failure === 'unreachable' || failure === 'timeout') {
    return {
      title: "Can't reach the server",
      detail: `Check that it is running and that this TV is online. ${RETRYING}`,
    };
  }
  if (failure === 'rate-limited') return { title: 'The server is busy', detail: RETRYING };
  return { title: 'The server had a problem', detail: RETRYING };
}

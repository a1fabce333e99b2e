import type { PlexPin, PlexResource, PlexUser } from '../protocol/plex-account';
import { PlexRequestError } from './errors';
import { type ClientIdentity, identityQuery, withQuery } from './headers';
import {
  type AbortSignalLike,
  errorForStatus,
  fetchTransport,
  type HttpRequest,
  parseJson,
  type Transport,
} from './http';

export interface AccountClientOptions {
  /** plex.tv, or the home server's link service (e.g. `http://192.168.1.5:32400`). */
  baseUrl: string;
  identity: ClientIdentity;
  transport?: Transport;
  /** Time limit for ordinary requests. */
  timeoutMs?: number;
  now?: () => number;
}

/** Longest long-poll the home server honours; plex.tv ignores `wait` and answers at once. */
export const MAX_PIN_WAIT_SECONDS = 30;

/** The plex.tv account API (reference/plex-protocol.md §1, §2): pins, user, resources. */
export class PlexAccountClient {
  readonly baseUrl: string;
  private readonly identity: ClientIdentity;
  private readonly transport: Transport;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: AccountClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.identity = options.identity;
    this.transport = options.transport ?? fetchTransport;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** `POST /api/v2/pins`: a new code for this client. */
  createPin(signal?: AbortSignalLike): Promise<PlexPin> {
    return this.json<PlexPin>({ method: 'POST', path: '/api/v2/pins', signal });
  }

  /**
   * `GET /api/v2/pins/{id}`. `waitSeconds` asks the home server to hold the answer until the pin changes
   * (plex.tv ignores it). A 404 means the pin expired or never existed.
   */
  getPin(id: number, options: { waitSeconds?: number; signal?: AbortSignalLike } = {}): Promise<PlexPin> {
    const wait = Math.min(Math.max(0, Math.floor(options.waitSeconds ?? 0)), MAX_PIN_WAIT_SECONDS);
    return this.json<PlexPin>({
      method: 'GET',
      path: `/api/v2/pins/${encodeURIComponent(String(id))}${wait > 0 ? `?wait=${wait}` : ''}`,
      signal: options.signal,
      timeoutMs: this.timeoutMs + wait * 1000,
    });
  }

  /** `GET /api/v2/user`: 200 means the token is valid, 401 means re-link. */
  getUser(token: string, signal?: AbortSignalLike): Promise<PlexUser> {
    return this.json<PlexUser>({ method: 'GET', path: '/api/v2/user', token, signal });
  }

  /** `GET /api/v2/resources`: servers (and players) this account can use. */
  getResources(token: string, signal?: AbortSignalLike): Promise<PlexResource[]> {
    return this.json<PlexResource[]>({
      method: 'GET',
      path: '/api/v2/resources?includeHttps=1&includeRelay=1',
      token,
      signal,
    });
  }

  /** `DELETE /api/v2/users/signout`: invalidates the token. */
  async signOut(token: string): Promise<void> {
    await this.send({ method: 'DELETE', path: '/api/v2/users/signout', token });
  }

  private async json<T>(call: AccountCall): Promise<T> {
    return parseJson<T>(await this.send(call));
  }

  private async send(call: AccountCall) {
    const url = withQuery(this.baseUrl + call.path, identityQuery(this.identity));
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (call.token) headers['X-Plex-Token'] = call.token;
    const request: HttpRequest = {
      method: call.method,
      url,
      headers,
      timeoutMs: call.timeoutMs ?? this.timeoutMs,
      signal: call.signal,
    };
    const response = await this.transport(request);
    if (response.status < 200 || response.status > 299) throw errorForStatus(response, this.now());
    return response;
  }
}

interface AccountCall {
  method: HttpRequest['method'];
  path: string;
  token?: string;
  signal?: AbortSignalLike;
  timeoutMs?: number;
}

export { PlexRequestError };

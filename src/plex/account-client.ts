import type { PlexConnection, PlexPin, PlexResource, PlexUser } from '../protocol/plex-account';
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

/** The plex.tv account API (docs/protocol.md): pins, user, resources. */
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
  async createPin(signal?: AbortSignalLike): Promise<PlexPin> {
    return pinOf(await this.json<unknown>({ method: 'POST', path: '/api/v2/pins', signal }));
  }

  /**
   * `GET /api/v2/pins/{id}`. `waitSeconds` asks the home server to hold the answer until the pin changes
   * (plex.tv ignores it). A 404 means the pin expired or never existed.
   */
  async getPin(
    id: number,
    options: { waitSeconds?: number; signal?: AbortSignalLike } = {},
  ): Promise<PlexPin> {
    const wait = Math.min(Math.max(0, Math.floor(options.waitSeconds ?? 0)), MAX_PIN_WAIT_SECONDS);
    const answer = await this.json<unknown>({
      method: 'GET',
      path: `/api/v2/pins/${encodeURIComponent(String(id))}${wait > 0 ? `?wait=${wait}` : ''}`,
      signal: options.signal,
      timeoutMs: this.timeoutMs + wait * 1000,
    });
    return pinOf(answer);
  }

  /** `GET /api/v2/user`: 200 means the token is valid, 401 means re-link. */
  getUser(token: string, signal?: AbortSignalLike): Promise<PlexUser> {
    return this.json<PlexUser>({ method: 'GET', path: '/api/v2/user', token, signal });
  }

  /** `GET /api/v2/resources`: servers (and players) this account can use. */
  async getResources(token: string, signal?: AbortSignalLike): Promise<PlexResource[]> {
    const answer = await this.json<unknown>({
      method: 'GET',
      path: '/api/v2/resources?includeHttps=1&includeRelay=1',
      token,
      signal,
    });
    if (!Array.isArray(answer)) throw badResponse('The account service sent no list of servers');
    return answer.filter(isObject).map(resourceOf);
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

/**
 * A pin as plex.tv sends it. Older answers have no `qr` (test/fixtures/plex/plexkit/pin_no_id.json): then
 * `qr` is '', and the TV's QR carries the bare link page (see src/plex/link-address.ts).
 */
function pinOf(answer: unknown): PlexPin {
  if (!isObject(answer) || (typeof answer.id !== 'number' && typeof answer.id !== 'string')) {
    throw badResponse('The account service sent no pin');
  }
  const pin = answer as unknown as PlexPin;
  return {
    ...pin,
    code: typeof answer.code === 'string' ? answer.code : '',
    qr: typeof answer.qr === 'string' ? answer.qr : '',
  };
}

/**
 * A resource as plex.tv sends it: `connections` may be missing (test/fixtures/plex/plexkit/
 * resources_no_connections.json), `accessToken` and `publicAddress` may be null. A server without
 * connections is listed, and found unreachable.
 */
function resourceOf(raw: Record<string, unknown>): PlexResource {
  const connections = Array.isArray(raw.connections)
    ? (raw.connections.filter(isObject) as unknown as PlexConnection[])
    : [];
  return {
    ...(raw as unknown as PlexResource),
    name: typeof raw.name === 'string' ? raw.name : '',
    clientIdentifier: typeof raw.clientIdentifier === 'string' ? raw.clientIdentifier : '',
    provides: typeof raw.provides === 'string' ? raw.provides : '',
    accessToken: typeof raw.accessToken === 'string' ? raw.accessToken : null,
    publicAddress: typeof raw.publicAddress === 'string' ? raw.publicAddress : null,
    connections,
  };
}

function badResponse(message: string): PlexRequestError {
  return new PlexRequestError('bad-response', message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export { PlexRequestError };

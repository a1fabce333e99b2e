import type { PlexIdentity } from '../protocol/plex-media';
import { type ClientIdentity, identityQuery, withQuery } from './headers';
import { errorForStatus, fetchTransport, parseJson, type Transport } from './http';

export interface ServerClientOptions {
  baseUrl: string;
  /** The resource's accessToken (not the account token; plex-protocol.md §2.1). */
  token: string | null;
  identity: ClientIdentity;
  transport?: Transport;
  timeoutMs?: number;
}

/** A Plex Media Server (reference/plex-protocol.md §3). Browsing and playback routes come with later issues. */
export class PlexServerClient {
  readonly baseUrl: string;
  private readonly options: ServerClientOptions;

  constructor(options: ServerClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.options = options;
  }

  /** `GET /identity`: needs no token; proves the server is reachable and who it is. */
  async identity(): Promise<PlexIdentity['MediaContainer']> {
    const body = await this.get<PlexIdentity>('/identity');
    return body.MediaContainer;
  }

  private async get<T>(path: string): Promise<T> {
    const { identity, token, transport = fetchTransport, timeoutMs = 5000 } = this.options;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers['X-Plex-Token'] = token;
    const response = await transport({
      method: 'GET',
      url: withQuery(this.baseUrl + path, identityQuery(identity)),
      headers,
      timeoutMs,
    });
    if (response.status < 200 || response.status > 299) throw errorForStatus(response, Date.now());
    return parseJson<T>(response);
  }
}

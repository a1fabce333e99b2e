import type { PlexContainer, PlexHub, PlexIdentity, PlexMetadata, PlexSection } from '../protocol/plex-media';
import { type ClientIdentity, identityQuery, withQuery } from './headers';
import { type AbortSignalLike, errorForStatus, fetchTransport, parseJson, type Transport } from './http';
import { looseNumber } from './loose';

/** Sort orders of a section listing, as PMS names them (`sort=titleSort`, `addedAt:desc`, …). */
export type SectionSort = 'titleSort' | 'titleSort:desc' | 'addedAt:desc' | 'addedAt' | 'year:desc' | 'year';

export interface Page<T> {
  items: T[];
  /** Index of items[0] in the whole list. */
  offset: number;
  /** Length of the whole list. */
  totalSize: number;
}

export interface ServerClientOptions {
  baseUrl: string;
  /** The resource's accessToken (not the account token; plex-protocol.md §2.1). */
  token: string | null;
  identity: ClientIdentity;
  transport?: Transport;
  timeoutMs?: number;
}

/** A Plex Media Server (reference/plex-protocol.md §3): identity and library browsing. */
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

  /** `GET /library/sections`. */
  async sections(signal?: AbortSignalLike): Promise<PlexSection[]> {
    const body = await this.get<PlexContainer<{ Directory?: PlexSection[] }>>('/library/sections', signal);
    return body.MediaContainer.Directory ?? [];
  }

  /**
   * `GET /library/sections/{key}/all`, one page. Paging goes as X-Plex-Container-* query parameters
   * (PMS takes X-Plex values either way), so the request needs no CORS preflight.
   */
  async sectionItems(
    sectionKey: string,
    page: { start: number; size: number; sort?: SectionSort },
    signal?: AbortSignalLike,
  ): Promise<Page<PlexMetadata>> {
    const query = [
      `sort=${encodeURIComponent(page.sort ?? 'titleSort')}`,
      `X-Plex-Container-Start=${page.start}`,
      `X-Plex-Container-Size=${page.size}`,
    ].join('&');
    const path = `/library/sections/${encodeURIComponent(sectionKey)}/all?${query}`;
    return pageOf(await this.get<PlexContainer<{ Metadata?: PlexMetadata[] }>>(path, signal), page.start);
  }

  /** `GET /hubs`: Continue Watching, Recently Added, … as rows of items. */
  async hubs(signal?: AbortSignalLike): Promise<PlexHub[]> {
    const body = await this.get<PlexContainer<{ Hub?: PlexHub[] }>>('/hubs', signal);
    return body.MediaContainer.Hub ?? [];
  }

  /** `GET /library/metadata/{id}`: one item with its media, parts and streams. */
  async metadata(ratingKey: string, signal?: AbortSignalLike): Promise<PlexMetadata | null> {
    const path = `/library/metadata/${encodeURIComponent(ratingKey)}`;
    const body = await this.get<PlexContainer<{ Metadata?: PlexMetadata[] }>>(path, signal);
    return body.MediaContainer.Metadata?.[0] ?? null;
  }

  /** `GET /library/metadata/{id}/children`: a show's seasons, a season's episodes. */
  async children(ratingKey: string, signal?: AbortSignalLike): Promise<PlexMetadata[]> {
    const path = `/library/metadata/${encodeURIComponent(ratingKey)}/children?excludeAllLeaves=1`;
    const body = await this.get<PlexContainer<{ Metadata?: PlexMetadata[] }>>(path, signal);
    return body.MediaContainer.Metadata ?? [];
  }

  /** `GET /hubs/search?query=`: matches grouped in hubs (movies, shows, episodes). */
  async search(query: string, limit: number, signal?: AbortSignalLike): Promise<PlexHub[]> {
    const path = `/hubs/search?query=${encodeURIComponent(query)}&limit=${limit}`;
    const body = await this.get<PlexContainer<{ Hub?: PlexHub[] }>>(path, signal);
    return body.MediaContainer.Hub ?? [];
  }

  /**
   * An image resized by the server (`/photo/:/transcode`, §3.4) at the size it is shown, cropped to fill.
   * <img> cannot send headers, so the token goes in the URL (plex-protocol.md §6.2).
   */
  photoUrl(imagePath: string, width: number, height: number): string {
    const query = [
      `url=${encodeURIComponent(imagePath)}`,
      `width=${Math.round(width)}`,
      `height=${Math.round(height)}`,
      'minSize=1',
      'upscale=1',
    ];
    if (this.options.token) query.push(`X-Plex-Token=${encodeURIComponent(this.options.token)}`);
    return `${this.baseUrl}/photo/:/transcode?${query.join('&')}`;
  }

  private async get<T>(path: string, signal?: AbortSignalLike): Promise<T> {
    const { identity, token, transport = fetchTransport, timeoutMs = 5000 } = this.options;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers['X-Plex-Token'] = token;
    const response = await transport({
      method: 'GET',
      url: withQuery(this.baseUrl + path, identityQuery(identity)),
      headers,
      timeoutMs,
      signal,
    });
    if (response.status < 200 || response.status > 299) throw errorForStatus(response, Date.now());
    return parseJson<T>(response);
  }
}

function pageOf(
  body: PlexContainer<{ Metadata?: PlexMetadata[] }>,
  requestedStart: number,
): Page<PlexMetadata> {
  const container = body.MediaContainer;
  const items = container.Metadata ?? [];
  return {
    items,
    offset: looseNumber(container.offset) ?? requestedStart,
    totalSize: looseNumber(container.totalSize) ?? items.length,
  };
}

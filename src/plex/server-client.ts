import type { PlexHub, PlexIdentity, PlexMetadata, PlexSection } from '../protocol/plex-media';
import { type ClientIdentity, identityQuery, withQuery } from './headers';
import {
  type AbortSignalLike,
  errorForStatus,
  fetchTransport,
  type HttpResponse,
  parseJson,
  type Transport,
} from './http';
import { entriesOf, hubOf, mediaContainerOf, metadataOf, pagingOf, sectionOf } from './media-container';

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
  /** The resource's accessToken (not the account token; docs/protocol.md#resources-and-connections). */
  token: string | null;
  identity: ClientIdentity;
  transport?: Transport;
  timeoutMs?: number;
}

/** A Plex Media Server (docs/protocol.md#library-browsing): identity and library browsing. */
export class PlexServerClient {
  readonly baseUrl: string;
  private readonly options: ServerClientOptions;

  constructor(options: ServerClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.options = options;
  }

  /** `GET /identity`: needs no token; proves the server is reachable and who it is. */
  async identity(): Promise<PlexIdentity['MediaContainer']> {
    const { container } = await this.get<PlexIdentity['MediaContainer']>('/identity');
    return container;
  }

  /** `GET /library/sections`. */
  async sections(signal?: AbortSignalLike): Promise<PlexSection[]> {
    const { container } = await this.get<{ Directory?: unknown }>('/library/sections', signal);
    return entriesOf(container.Directory).map(sectionOf);
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
    const answer = await this.get<{ Metadata?: unknown; offset?: unknown; totalSize?: unknown }>(
      path,
      signal,
    );
    const items = entriesOf(answer.container.Metadata).map(metadataOf);
    // Real servers may leave totalSize out of the body and send it only as X-Plex-Container-Total-Size.
    const paging = pagingOf(answer.container, answer.response);
    return {
      items,
      offset: paging.offset ?? page.start,
      totalSize: paging.totalSize ?? (paging.offset ?? page.start) + items.length,
    };
  }

  /** `GET /hubs`: Continue Watching, Recently Added, … as rows of items. */
  async hubs(signal?: AbortSignalLike): Promise<PlexHub[]> {
    const { container } = await this.get<{ Hub?: unknown }>('/hubs', signal);
    return entriesOf(container.Hub).map(hubOf);
  }

  /** `GET /library/metadata/{id}`: one item with its media, parts and streams. */
  async metadata(ratingKey: string, signal?: AbortSignalLike): Promise<PlexMetadata | null> {
    const path = `/library/metadata/${encodeURIComponent(ratingKey)}`;
    const { container } = await this.get<{ Metadata?: unknown }>(path, signal);
    const first = entriesOf(container.Metadata)[0];
    return first ? metadataOf(first) : null;
  }

  /** `GET /library/metadata/{id}/children`: a show's seasons, a season's episodes. */
  async children(ratingKey: string, signal?: AbortSignalLike): Promise<PlexMetadata[]> {
    const path = `/library/metadata/${encodeURIComponent(ratingKey)}/children?excludeAllLeaves=1`;
    const { container } = await this.get<{ Metadata?: unknown }>(path, signal);
    return entriesOf(container.Metadata).map(metadataOf);
  }

  /** `GET /hubs/search?query=`: matches grouped in hubs (movies, shows, episodes). */
  async search(query: string, limit: number, signal?: AbortSignalLike): Promise<PlexHub[]> {
    const path = `/hubs/search?query=${encodeURIComponent(query)}&limit=${limit}`;
    const { container } = await this.get<{ Hub?: unknown }>(path, signal);
    return entriesOf(container.Hub).map(hubOf);
  }

  /**
   * An image resized by the server (`/photo/:/transcode`, docs/protocol.md#images) at the size it is shown,
   * cropped to fill. <img> cannot send headers, so the token goes in the URL (docs/protocol.md#tokens).
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

  /**
   * A GET with the token and the X-Plex identification as query parameters, as Plex's own web client
   * sends them: with no custom header (Accept is CORS-safelisted) a browser sends it without a CORS
   * preflight. Errors name the server's origin only, never the URL with its token.
   */
  private async get<Container>(
    path: string,
    signal?: AbortSignalLike,
  ): Promise<{ container: Container; response: HttpResponse }> {
    const { identity, token, transport = fetchTransport, timeoutMs = 5000 } = this.options;
    let url = withQuery(this.baseUrl + path, identityQuery(identity));
    if (token) url = withQuery(url, `X-Plex-Token=${encodeURIComponent(token)}`);
    const response = await transport({
      method: 'GET',
      url,
      headers: { Accept: 'application/json' },
      timeoutMs,
      signal,
    });
    if (response.status < 200 || response.status > 299) throw errorForStatus(response, Date.now());
    return { container: mediaContainerOf<Container>(parseJson<unknown>(response), response), response };
  }
}

import { PlexRequestError } from '../../src/plex/errors';
import type { Page, SectionSort } from '../../src/plex/server-client';
import type { PlexHub, PlexMetadata, PlexSection } from '../../src/protocol/plex-media';
import type { LibraryApi } from '../../src/tv/stores/library-server';

// A fake media server for the library stores: a section of generated titles in titleSort order,
// hubs and children on demand, every call recorded; failures injected per call.

export function movie(id: number | string, title: string, extra: Partial<PlexMetadata> = {}): PlexMetadata {
  return { ratingKey: String(id), key: `/library/metadata/${id}`, type: 'movie', title, ...extra };
}

/** Sorted titles: a few '#' titles, then letters with gaps (no 'Q', no 'X'). */
export function sortedTitles(count: number): string[] {
  const letters = 'ABCDEFGHIJKLMNOPRSTUVWYZ';
  const titles: string[] = [];
  const hash = Math.max(1, Math.floor(count / 50));
  for (let i = 0; i < hash; i++) titles.push(`${1000 + i} Days`);
  const perLetter = Math.ceil((count - hash) / letters.length);
  for (let i = 0; titles.length < count; i++) {
    const letter = letters[Math.min(letters.length - 1, Math.floor(i / perLetter))];
    titles.push(`${letter}${String(i).padStart(6, '0')}`);
  }
  return titles;
}

export interface FakeLibrary {
  api: LibraryApi;
  calls: {
    sectionItems: { start: number; size: number; sort?: SectionSort }[];
    search: string[];
    children: string[];
  };
  /** Next calls of `method` fail with this error (once each). */
  failNext(method: keyof LibraryApi, error: PlexRequestError): void;
  /** Holds search answers until release(query). */
  holdSearch(): { release(query: string): void };
}

export function fakeLibrary(options: {
  titles?: string[];
  hubs?: PlexHub[];
  sections?: PlexSection[];
  metadata?: Record<string, PlexMetadata>;
  children?: Record<string, PlexMetadata[]>;
  searchHubs?: (query: string) => PlexHub[];
}): FakeLibrary {
  const titles = options.titles ?? [];
  const failures: Partial<Record<keyof LibraryApi, PlexRequestError[]>> = {};
  const calls: FakeLibrary['calls'] = { sectionItems: [], search: [], children: [] };
  let held: Map<string, () => void> | null = null;
  const fail = (method: keyof LibraryApi) => {
    const error = failures[method]?.shift();
    return error ? Promise.reject(error) : null;
  };
  const api: LibraryApi = {
    sections: () => fail('sections') ?? Promise.resolve(options.sections ?? []),
    hubs: () => fail('hubs') ?? Promise.resolve(options.hubs ?? []),
    sectionItems: (_key, page) => {
      calls.sectionItems.push(page);
      const failed = fail('sectionItems');
      if (failed) return failed as Promise<Page<PlexMetadata>>;
      const items = titles
        .slice(page.start, page.start + page.size)
        .map((title, i) => movie(page.start + i + 1, title, { titleSort: title }));
      return Promise.resolve({ items, offset: page.start, totalSize: titles.length });
    },
    metadata: (id) => fail('metadata') ?? Promise.resolve(options.metadata?.[id] ?? null),
    children: (id) => {
      calls.children.push(id);
      return fail('children') ?? Promise.resolve(options.children?.[id] ?? []);
    },
    search: (query) => {
      calls.search.push(query);
      const failed = fail('search');
      if (failed) return failed as Promise<PlexHub[]>;
      const answer = options.searchHubs?.(query) ?? [];
      if (!held) return Promise.resolve(answer);
      const waiting = held;
      return new Promise((resolve) => waiting.set(query, () => resolve(answer)));
    },
    photoUrl: (path, width, height) => `http://server${path}?w=${width}&h=${height}`,
  };
  return {
    api,
    calls,
    failNext(method, error) {
      const queue = failures[method] ?? [];
      queue.push(error);
      failures[method] = queue;
    },
    holdSearch() {
      held = new Map();
      const map = held;
      return { release: (query) => map.get(query)?.() };
    },
  };
}

export const unreachable = () => new PlexRequestError('unreachable', 'down');
export const unauthorized = () => new PlexRequestError('unauthorized', 'revoked', 401);

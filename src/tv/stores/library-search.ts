import { createStore } from 'zustand/vanilla';
import { hubItems, type MediaItem } from '../../plex/library-model';
import type { PlexHub } from '../../protocol/plex-media';
import type { Clock } from '../clock';
import { LatestOnly } from '../latest-only';
import { describeLibraryFailure, isAborted, isUnauthorized, type LibraryError } from './library-errors';
import { rowIdFor } from './library-focus';
import type { LibraryApi } from './library-server';

// Search as you type: each change waits `debounceMs` of quiet before asking the server; a newer query
// cancels the older request, and an answer for anything but the latest query is dropped.

export const SEARCH_DEBOUNCE_MS = 250;
export const SEARCH_LIMIT = 20;
export const MAX_QUERY_LENGTH = 40;

export interface SearchGroup {
  /** Safe inside focus keys. */
  id: string;
  title: string;
  items: MediaItem[];
}

export type SearchStatus = 'idle' | 'waiting' | 'loading' | 'ready' | 'error';

export interface SearchState {
  query: string;
  status: SearchStatus;
  groups: SearchGroup[];
  /** The query the groups answer (they may trail `query` while a newer one is pending). */
  answered: string;
  error: LibraryError | null;
  type(text: string): void;
  backspace(): void;
  clear(): void;
  setQuery(query: string): void;
  retry(): void;
  stop(): void;
}

export interface SearchDeps {
  api: LibraryApi;
  clock: Clock;
  onUnauthorized(): void;
  debounceMs?: number;
  limit?: number;
}

const VIDEO_KINDS = ['movie', 'show', 'season', 'episode'];

/** Hubs with media, in the server's order, as groups of cards. */
export function searchGroups(hubs: readonly PlexHub[]): SearchGroup[] {
  return hubs
    .map((hub) => ({
      id: rowIdFor(`search-${hub.hubIdentifier || hub.type || hub.title}`),
      title: hub.title,
      items: hubItems(hub).filter((item) => VIDEO_KINDS.indexOf(item.kind) >= 0),
    }))
    .filter((group) => group.items.length > 0);
}

export function createSearchStore({
  api,
  clock,
  onUnauthorized,
  debounceMs = SEARCH_DEBOUNCE_MS,
  limit = SEARCH_LIMIT,
}: SearchDeps) {
  let timer: unknown = null;
  const queries = new LatestOnly();

  function cancelPending() {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    queries.end();
  }

  return createStore<SearchState>((set, get) => {
    function run(query: string) {
      const turn = queries.begin();
      set({ status: 'loading' });
      api.search(query, limit, turn.signal).then(
        (hubs) => {
          if (!turn.current()) return; // a newer query owns the screen
          set({ status: 'ready', groups: searchGroups(hubs), answered: query, error: null });
        },
        (error: unknown) => {
          if (!turn.current() || isAborted(error)) return;
          if (isUnauthorized(error)) return onUnauthorized();
          set({ status: 'error', error: describeLibraryFailure(error) });
        },
      );
    }

    function changed(query: string) {
      cancelPending();
      const trimmed = query.trim();
      if (trimmed === '') {
        set({ query, status: 'idle', groups: [], answered: '', error: null });
        return;
      }
      set({ query, status: 'waiting', error: null });
      timer = clock.setTimeout(() => {
        timer = null;
        run(trimmed);
      }, debounceMs);
    }

    return {
      query: '',
      status: 'idle',
      groups: [],
      answered: '',
      error: null,
      type(text) {
        const query = get().query + text;
        if (query.length <= MAX_QUERY_LENGTH) changed(query);
      },
      backspace() {
        const { query } = get();
        if (query !== '') changed(query.slice(0, -1));
      },
      clear() {
        changed('');
      },
      setQuery(query) {
        changed(query.slice(0, MAX_QUERY_LENGTH));
      },
      retry() {
        const trimmed = get().query.trim();
        cancelPending();
        if (trimmed) run(trimmed);
      },
      stop() {
        cancelPending();
      },
    };
  });
}

export type SearchStore = ReturnType<typeof createSearchStore>;

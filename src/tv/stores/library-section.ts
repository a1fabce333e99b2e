import { createStore } from 'zustand/vanilla';
import { jumpLetterOf, jumpLetterRank, type MediaItem, toMediaItem } from '../../plex/library-model';
import type { SectionSort } from '../../plex/server-client';
import { LatestOnly } from '../latest-only';
import { describeLibraryFailure, isAborted, isUnauthorized, type LibraryError } from './library-errors';
import { type IndexRange, pagesToFetch } from './library-grid';
import type { LibraryApi } from './library-server';

// One section's items for the virtualised grid: fetched in pages as the focus moves (pages covering what
// is mounted first, then `ahead` items beyond), cached by page index; jump-to-letter finds the first item
// of a letter by a binary search over pages of the titleSort listing.

export const SECTION_PAGE_SIZE = 100;
export const SECTION_FETCH_AHEAD = 100;

export type SectionStatus = 'loading' | 'ready' | 'error';

export interface SectionState {
  status: SectionStatus;
  /** Number of items in the section; null until the first page answers. */
  total: number | null;
  /** Loaded pages by page index. */
  pages: Record<number, MediaItem[]>;
  error: LibraryError | null;
  sort: SectionSort;
  /** Starts: the first page (to learn the total). */
  start(): void;
  /** The grid mounted `range`: fetch what it shows, and beyond it. */
  ensure(range: IndexRange): void;
  /** Fetches failed pages again. */
  retry(): void;
  /** Index of the first item filed under `letter` ('#', 'A'…'Z'), or of the next letter present. */
  indexOfLetter(letter: string): Promise<number>;
  /** Index of a loaded item, -1 when it is not in a loaded page. */
  indexOfId(id: string): number;
  itemAt(index: number): MediaItem | null;
  setSort(sort: SectionSort): void;
  stop(): void;
}

export interface SectionDeps {
  api: LibraryApi;
  sectionKey: string;
  onUnauthorized(): void;
  pageSize?: number;
  ahead?: number;
  sort?: SectionSort;
}

export function createSectionStore({
  api,
  sectionKey,
  onUnauthorized,
  pageSize = SECTION_PAGE_SIZE,
  ahead = SECTION_FETCH_AHEAD,
  sort: initialSort = 'titleSort',
}: SectionDeps) {
  // One turn per sort order (and per visit): pages of an earlier one are dropped when they arrive.
  const orders = new LatestOnly();
  let turn = orders.begin();
  /** page index → its request, while loading (shared by ensure and the letter search). */
  let inFlight: Record<number, Promise<MediaItem[]>> = {};
  let lastRange: IndexRange = { start: 0, end: pageSize };

  return createStore<SectionState>((set, get) => {
    function fetchPage(page: number): Promise<MediaItem[]> {
      const loaded = get().pages[page];
      if (loaded) return Promise.resolve(loaded);
      const pending = inFlight[page];
      if (pending) return pending;
      const mine = turn;
      const request = api
        .sectionItems(sectionKey, { start: page * pageSize, size: pageSize, sort: get().sort }, mine.signal)
        .then(
          (answer) => {
            const items = answer.items.map(toMediaItem);
            if (mine.current()) {
              delete inFlight[page];
              const pages = { ...get().pages, [page]: items };
              set({
                pages,
                total: answer.totalSize,
                status: 'ready',
                error: get().status === 'error' ? get().error : null,
              });
            }
            return items;
          },
          (error: unknown) => {
            if (mine.current()) {
              delete inFlight[page];
              if (isUnauthorized(error)) onUnauthorized();
              else if (!isAborted(error)) set({ status: 'error', error: describeLibraryFailure(error) });
            }
            throw error;
          },
        );
      inFlight[page] = request;
      return request;
    }

    function quietly(promise: Promise<unknown>) {
      promise.catch(() => undefined); // reported through the state above
    }

    function reset() {
      turn = orders.begin();
      inFlight = {};
    }

    return {
      status: 'loading',
      total: null,
      pages: {},
      error: null,
      sort: initialSort,
      start() {
        const { total, pages } = get();
        if (total !== null && pages[0]) {
          get().ensure(lastRange); // back from details: cached pages stay, fetch what is missing
          return;
        }
        quietly(fetchPage(0).then(() => get().ensure(lastRange)));
      },
      ensure(range) {
        lastRange = range;
        const { total, pages, status } = get();
        if (total === null || status === 'error') return;
        const wanted = pagesToFetch(
          range,
          total,
          pageSize,
          ahead,
          (page) => !!pages[page] || !!inFlight[page],
        );
        for (const page of wanted) quietly(fetchPage(page));
      },
      retry() {
        set({ status: get().total === null ? 'loading' : 'ready', error: null });
        if (get().total === null) get().start();
        else get().ensure(lastRange);
      },
      async indexOfLetter(letter) {
        if (get().total === null) await fetchPage(0);
        const total = get().total ?? 0;
        if (total === 0) return 0;
        const target = jumpLetterRank(letter);
        const rankOf = (item: MediaItem) => jumpLetterRank(jumpLetterOf(item.sortTitle));
        const lastPage = Math.floor((total - 1) / pageSize);
        // The first page whose last item files at or after the letter (titleSort order is monotone in it).
        let low = 0;
        let high = lastPage + 1;
        while (low < high) {
          const middle = (low + high) >> 1;
          const items = await fetchPage(middle);
          const last = items[items.length - 1];
          if (last && rankOf(last) >= target) high = middle;
          else low = middle + 1;
        }
        if (low > lastPage) return total - 1; // every title files before the letter: go to the end
        const items = await fetchPage(low);
        for (let i = 0; i < items.length; i++) if (rankOf(items[i]) >= target) return low * pageSize + i;
        return Math.min(total - 1, low * pageSize);
      },
      indexOfId(id) {
        const { pages } = get();
        for (const key of Object.keys(pages)) {
          const items = pages[Number(key)];
          for (let i = 0; i < items.length; i++) if (items[i].id === id) return Number(key) * pageSize + i;
        }
        return -1;
      },
      itemAt(index) {
        const items = get().pages[Math.floor(index / pageSize)];
        return items?.[index % pageSize] ?? null;
      },
      setSort(sort) {
        if (sort === get().sort) return;
        reset();
        set({ sort, pages: {}, total: null, status: 'loading', error: null });
        lastRange = { start: 0, end: pageSize };
        get().start();
      },
      stop() {
        reset();
        if (get().status === 'loading') set({ status: get().total === null ? 'loading' : 'ready' });
      },
    };
  });
}

export type SectionStore = ReturnType<typeof createSectionStore>;

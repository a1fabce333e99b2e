import { createStore } from 'zustand/vanilla';
import { Cancellation } from '../../plex/cancellation';
import { formatDuration, hubItems, type MediaItem, toMediaItem } from '../../plex/library-model';
import type { Page } from '../../plex/server-client';
import type { PlexHub, PlexMetadata, PlexSection } from '../../protocol/plex-media';
import { describeLibraryFailure, isUnauthorized, type LibraryError } from './library-errors';
import { rowIdFor } from './library-focus';
import type { LibraryApi } from './library-server';

// Home's library rows: Continue Watching and Recently Added from /hubs, then one row per section (the
// first page of its items), each section row with an "All" that opens the section screen.

/** Items fetched for a section's row on home. */
export const SECTION_ROW_SIZE = 24;

export interface HomeRow {
  /** Safe inside focus keys: 'continue', 'recent', 'section-<key>'. */
  id: string;
  title: string;
  items: MediaItem[];
  /** Set on a section's row: opens the section screen from "All". */
  section: { key: string; title: string; totalSize: number } | null;
}

export type LibraryHomeStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface LibraryHomeState {
  status: LibraryHomeStatus;
  rows: HomeRow[];
  error: LibraryError | null;
  /** Loads the rows from `api` (a different server than last time reloads; the same one keeps them). */
  load(api: LibraryApi): void;
  /** Loads again from the same server (Refresh, Retry). */
  reload(): void;
  stop(): void;
}

const CONTINUE_HUBS = ['home.continue', 'home.ondeck', 'continueWatching', 'home.continueWatching'];
const RECENT_HUBS = ['home.recentlyAdded', 'home.recentlyadded', 'recentlyAdded'];

function findHub(hubs: readonly PlexHub[], identifiers: readonly string[]): PlexHub | undefined {
  for (const identifier of identifiers) {
    const hub = hubs.find((candidate) => candidate.hubIdentifier === identifier);
    if (hub) return hub;
  }
  return undefined;
}

/** Sections shown on home: video sections the viewer has not hidden. */
function browsable(section: PlexSection): boolean {
  const hidden = (section as { hidden?: unknown }).hidden;
  return (section.type === 'movie' || section.type === 'show') && hidden !== 1 && hidden !== '1';
}

/** The rows, in order; empty rows are left out. `pages[i]` is the first page of `sections[i]` (or null). */
export function buildHomeRows(
  hubs: readonly PlexHub[],
  sections: readonly PlexSection[],
  pages: readonly (Page<PlexMetadata> | null)[],
): HomeRow[] {
  const rows: HomeRow[] = [];
  const continueHub = findHub(hubs, CONTINUE_HUBS);
  if (continueHub)
    rows.push({
      id: 'continue',
      title: 'Continue Watching',
      items: hubItems(continueHub).map(withTimeLeft),
      section: null,
    });
  const recentHub = findHub(hubs, RECENT_HUBS);
  if (recentHub)
    rows.push({ id: 'recent', title: 'Recently Added', items: hubItems(recentHub), section: null });
  sections.forEach((section, index) => {
    const page = pages[index];
    if (!page) return;
    rows.push({
      id: rowIdFor(`section-${section.key}`),
      title: section.title,
      items: page.items.map(toMediaItem),
      section: { key: section.key, title: section.title, totalSize: page.totalSize },
    });
  });
  return rows.filter((row) => row.items.length > 0);
}

/** In Continue Watching a card says how much is left ("1 h 4 min left"; an episode keeps its code). */
function withTimeLeft(item: MediaItem): MediaItem {
  if (!item.durationMs || item.viewOffsetMs <= 0) return item;
  const left = `${formatDuration(Math.max(0, item.durationMs - item.viewOffsetMs))} left`;
  const code = item.kind === 'episode' ? item.subtitle.split(' · ').slice(0, 2).join(' · ') : '';
  return { ...item, subtitle: code ? `${code} · ${left}` : left };
}

export interface LibraryHomeDeps {
  onUnauthorized(): void;
}

export function createLibraryHomeStore({ onUnauthorized }: LibraryHomeDeps) {
  let generation = 0;
  let cancellation: Cancellation | null = null;
  let currentApi: LibraryApi | null = null;

  return createStore<LibraryHomeState>((set, get) => {
    function fetchRows(api: LibraryApi) {
      generation++;
      const mine = generation;
      cancellation?.cancel();
      cancellation = new Cancellation();
      const { signal } = cancellation;
      set({ status: 'loading', error: get().status === 'error' ? get().error : null });
      Promise.all([api.hubs(signal), api.sections(signal)])
        .then(([hubs, sections]) => {
          const shown = sections.filter(browsable);
          return Promise.all(
            shown.map((section) =>
              api.sectionItems(section.key, { start: 0, size: SECTION_ROW_SIZE }, signal).then(
                (page) => page,
                (error: unknown) => {
                  if (isUnauthorized(error)) throw error;
                  return null; // one broken section doesn't hide the others
                },
              ),
            ),
          ).then((pages) => buildHomeRows(hubs, shown, pages));
        })
        .then(
          (rows) => {
            if (mine !== generation) return;
            set({ status: 'ready', rows, error: null });
          },
          (error: unknown) => {
            if (mine !== generation) return;
            if (isUnauthorized(error)) {
              set({ status: 'idle' });
              onUnauthorized();
              return;
            }
            set({ status: 'error', error: describeLibraryFailure(error) });
          },
        );
    }

    return {
      status: 'idle',
      rows: [],
      error: null,
      load(api) {
        if (api === currentApi && get().status !== 'idle') return;
        currentApi = api;
        fetchRows(api);
      },
      reload() {
        if (currentApi) fetchRows(currentApi);
      },
      stop() {
        generation++;
        cancellation?.cancel();
        cancellation = null;
        if (get().status === 'loading') set({ status: 'idle' });
      },
    };
  });
}

export type LibraryHomeStore = ReturnType<typeof createLibraryHomeStore>;

import { createStore } from 'zustand/vanilla';
import { formatDuration, type MediaItem, toMediaItem } from '../../plex/library-model';
import { looseNumber } from '../../plex/loose';
import type { Page } from '../../plex/server-client';
import type { PlexHub, PlexMetadata, PlexSection } from '../../protocol/plex-media';
import { LatestOnly } from '../latest-only';
import { describeLibraryFailure, isUnauthorized, type LibraryError } from './library-errors';
import { rowIdFor } from './library-focus';
import type { LibraryApi } from './library-server';

// Home's library rows: Continue Watching and Recently Added from /hubs, then one row per section (the
// first page of its items), each section row with an "All" that opens the section screen.

/**
 * Items fetched for a section's row on home. A row mounts only the cards in view ± one
 * (src/tv/components/card-layer.ts), so a longer row costs its data, not more DOM.
 */
export const SECTION_ROW_SIZE = 50;

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

/** Longest Continue Watching or Recently Added row (several hubs merge into one). */
export const HUB_ROW_SIZE = 24;

// Which of /hubs' rows are which, by hubIdentifier, as real servers name them (and Plex's own Kodi client,
// plexinc/plex-for-kodi lib/windows/home.py, reads them): PMS's home hubs `home.continue` (Continue
// Watching), `home.ondeck` (On Deck), `home.movies.recent`, `home.television.recent`, `home.videos.recent`;
// a library's hubs `movie.inprogress`, `tv.ondeck`, `movie.recentlyadded`, `tv.recentlyadded`,
// `video.recent`, which appear in /hubs with the section id appended (`movie.recentlyadded.1`).
// `home.recentlyAdded` is Marquee's home server's. Case is ignored (Plex's API documentation spells
// `home.onDeck`). Music, photo and playlist hubs are no rows here: Marquee plays video.
const CONTINUE_HUB =
  /^(home\.(continue|ondeck|continuewatching)|continuewatching|(movie|tv|video)\.(inprogress|ondeck)(\.\d+)?)$/i;
const RECENT_HUB =
  /^(home\.(movies|television|videos)\.recent|home\.recentlyadded|recentlyadded|(movie|tv|show)\.recentlyadded(\.\d+)?|video\.recent(\.\d+)?)$/i;

/** Item types a home row shows: what Marquee can open and play. */
const VIDEO_TYPES = ['movie', 'show', 'season', 'episode', 'clip'];

/** The raw items of the hubs that `identifier` matches, in the server's order, each title once. */
function itemsOfHubs(hubs: readonly PlexHub[], identifier: RegExp): PlexMetadata[] {
  const seen: Record<string, true> = {};
  const items: PlexMetadata[] = [];
  for (const hub of hubs) {
    if (!identifier.test(hub.hubIdentifier)) continue;
    for (const raw of hub.Metadata ?? []) {
      const id = String(raw.ratingKey ?? '');
      if (!id || seen[id] || VIDEO_TYPES.indexOf(raw.type) < 0) continue;
      seen[id] = true;
      items.push(raw);
    }
  }
  return items;
}

/**
 * Continue Watching: the server's Continue Watching and On Deck hubs, in its order, each title once.
 * Plex's Kodi client shows each of these hubs as its own row; Marquee's home has one row for what to resume.
 */
function continueItems(hubs: readonly PlexHub[]): MediaItem[] {
  return itemsOfHubs(hubs, CONTINUE_HUB).slice(0, HUB_ROW_SIZE).map(toMediaItem).map(withTimeLeft);
}

/**
 * Recently Added: real servers send one hub per media type (movies, TV, home videos) and per promoted
 * library; Marquee's home has one Recently Added row, so they merge, newest first by addedAt (items
 * without one keep the server's order, after the dated ones), each title once.
 */
function recentItems(hubs: readonly PlexHub[]): MediaItem[] {
  return itemsOfHubs(hubs, RECENT_HUB)
    .map((raw, order) => ({ raw, order, addedAt: looseNumber(raw.addedAt) }))
    .sort((a, b) => {
      if (a.addedAt === null || b.addedAt === null) {
        return (a.addedAt === null ? 1 : 0) - (b.addedAt === null ? 1 : 0) || a.order - b.order;
      }
      return b.addedAt - a.addedAt || a.order - b.order;
    })
    .slice(0, HUB_ROW_SIZE)
    .map((entry) => toMediaItem(entry.raw));
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
  const rows: HomeRow[] = [
    { id: 'continue', title: 'Continue Watching', items: continueItems(hubs), section: null },
    { id: 'recent', title: 'Recently Added', items: recentItems(hubs), section: null },
  ];
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
  const fetches = new LatestOnly();
  let currentApi: LibraryApi | null = null;

  return createStore<LibraryHomeState>((set, get) => {
    function fetchRows(api: LibraryApi) {
      const turn = fetches.begin();
      const { signal } = turn;
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
            if (!turn.current()) return;
            set({ status: 'ready', rows, error: null });
          },
          (error: unknown) => {
            if (!turn.current()) return;
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
        fetches.end();
        if (get().status === 'loading') set({ status: 'idle' });
      },
    };
  });
}

export type LibraryHomeStore = ReturnType<typeof createLibraryHomeStore>;

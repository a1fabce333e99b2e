import { createStore } from 'zustand/vanilla';
import { type MediaItem, toMediaItem } from '../../plex/library-model';
import { LatestOnly, type RequestTurn } from '../latest-only';
import { describeLibraryFailure, isAborted, isUnauthorized, type LibraryError } from './library-errors';
import type { LibraryApi } from './library-server';

// One title: its metadata, and for a show its seasons and the chosen season's episodes (a season opened
// directly lists its episodes). Answers for a season chosen earlier are dropped.

export type DetailsStatus = 'loading' | 'ready' | 'error';

export interface DetailsState {
  status: DetailsStatus;
  item: MediaItem | null;
  error: LibraryError | null;
  /** A show's seasons; null for anything else or until loaded. */
  seasons: MediaItem[] | null;
  seasonId: string | null;
  /** The chosen season's episodes (or a season's own); null while loading. */
  episodes: MediaItem[] | null;
  episodesError: LibraryError | null;
  start(): void;
  retry(): void;
  selectSeason(seasonId: string): void;
  stop(): void;
}

export interface DetailsDeps {
  api: LibraryApi;
  ratingKey: string;
  onUnauthorized(): void;
}

export function createDetailsStore({ api, ratingKey, onUnauthorized }: DetailsDeps) {
  // The item (and a show's seasons) and the chosen season's episodes are two guards: choosing a season
  // drops the answer for the one before, and leaves the item alone.
  const itemLoads = new LatestOnly();
  const episodeLoads = new LatestOnly();
  let itemTurn: RequestTurn = itemLoads.begin();

  return createStore<DetailsState>((set, get) => {
    function failed(error: unknown, field: 'error' | 'episodesError') {
      if (isAborted(error)) return;
      if (isUnauthorized(error)) return onUnauthorized();
      if (field === 'error') set({ status: 'error', error: describeLibraryFailure(error) });
      else set({ episodesError: describeLibraryFailure(error) });
    }

    function loadEpisodes(parentId: string) {
      const turn = episodeLoads.begin();
      set({ episodes: null, episodesError: null });
      api.children(parentId, turn.signal).then(
        (children) => {
          if (turn.current()) set({ episodes: children.map(toMediaItem) });
        },
        (error: unknown) => {
          if (turn.current()) failed(error, 'episodesError');
        },
      );
    }

    /** Fetches the item again without a loading state (focus and rows stay); failures keep what is shown. */
    function refreshItem() {
      const turn = itemTurn;
      api.metadata(ratingKey, turn.signal).then(
        (raw) => {
          if (turn.current() && raw) set({ item: toMediaItem(raw) });
        },
        () => undefined,
      );
    }

    function load() {
      itemTurn = itemLoads.begin();
      const turn = itemTurn;
      set({ status: 'loading', error: null });
      api.metadata(ratingKey, turn.signal).then(
        (raw) => {
          if (!turn.current()) return;
          if (!raw) {
            set({
              status: 'error',
              error: { title: 'Not found', detail: 'This item is no longer in the library.' },
            });
            return;
          }
          const item = toMediaItem(raw);
          set({ status: 'ready', item });
          if (item.kind === 'season') loadEpisodes(item.id);
          if (item.kind !== 'show') return;
          api.children(item.id, turn.signal).then(
            (children) => {
              if (!turn.current()) return;
              const seasons = children.map(toMediaItem).filter((child) => child.kind === 'season');
              // A season of a watched-through show may be picked later; start with the first unwatched one.
              const first = seasons.find((season) => !season.watched) ?? seasons[0];
              set({ seasons, seasonId: first ? first.id : null });
              if (first) loadEpisodes(first.id);
              else set({ episodes: [] });
            },
            (error: unknown) => {
              if (turn.current()) failed(error, 'episodesError');
            },
          );
        },
        (error: unknown) => {
          if (turn.current()) failed(error, 'error');
        },
      );
    }

    return {
      status: 'loading',
      item: null,
      error: null,
      seasons: null,
      seasonId: null,
      episodes: null,
      episodesError: null,
      start() {
        // Back from an episode or the player: keep what is shown, and quietly pick up a new resume point.
        if (get().status === 'ready' && get().item) return refreshItem();
        load();
      },
      retry() {
        if (get().status === 'error' || !get().item) return load();
        const { seasonId, item } = get();
        if (seasonId) loadEpisodes(seasonId);
        else if (item && item.kind === 'season') loadEpisodes(item.id);
        else load();
      },
      selectSeason(seasonId) {
        if (seasonId === get().seasonId && get().episodes) return;
        set({ seasonId });
        loadEpisodes(seasonId);
      },
      stop() {
        // A later start() (back from an episode) refreshes in a turn of its own.
        itemTurn = itemLoads.begin();
        episodeLoads.end();
        if (get().status === 'loading') set({ status: 'loading' });
      },
    };
  });
}

export type DetailsStore = ReturnType<typeof createDetailsStore>;

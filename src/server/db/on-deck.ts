import type { ItemRow, LibraryStore } from './library-store';
import type { WatchStateStore } from './watch-state-store';

// On Deck for one account (docs/protocol.md#filters-and-sorts): what is in progress, and for each show being
// watched the episode after the last one watched — most recent activity first.

interface RecentShow {
  show_id: number;
  at_ms: number;
}

/** How many recently watched shows are looked at for a next episode. */
const SHOWS_LOOKED_AT = 100;

export function onDeck(
  store: LibraryStore,
  watch: WatchStateStore,
  accountId: number,
  sectionId: number | null,
  limit: number,
): ItemRow[] {
  const entries: { item: ItemRow; atMs: number }[] = [];
  const inProgress = watch.inProgress(accountId, Number.MAX_SAFE_INTEGER);
  const inProgressIds = new Set(inProgress.map((state) => state.itemId));
  const rows = new Map(store.itemsByIds([...inProgressIds]).map((row) => [row.id, row]));
  for (const state of inProgress) {
    const item = rows.get(state.itemId);
    if (item && (sectionId === null || item.section_id === sectionId)) {
      entries.push({ item, atMs: state.lastViewedAtMs ?? 0 });
    }
  }

  const shows: RecentShow[] = store.showsWatchedRecently(accountId, sectionId, SHOWS_LOOKED_AT);
  for (const show of shows) {
    const episodes = store.leaves(show.show_id);
    const states = watch.forItems(
      accountId,
      episodes.map((episode) => episode.id),
    );
    let lastWatched = -1;
    episodes.forEach((episode, index) => {
      if ((states.get(episode.id)?.viewCount ?? 0) > 0) lastWatched = index;
    });
    const next = episodes
      .slice(lastWatched + 1)
      .find((episode) => (states.get(episode.id)?.viewCount ?? 0) === 0);
    // A next episode already in progress is listed once, as in progress.
    if (next && !inProgressIds.has(next.id)) entries.push({ item: next, atMs: show.at_ms ?? 0 });
  }

  entries.sort((a, b) => b.atMs - a.atMs || b.item.id - a.item.id);
  return entries.slice(0, limit).map((entry) => entry.item);
}

import type { Database } from 'better-sqlite3';
import { LibraryStore, type NewItem } from '../../src/server/db/library-store';
import { titleSortOf } from '../../src/server/media/media-names';
import { SYNTHETIC_FOLDER_PREFIX } from './synthetic-library';

// A small library of known rows (no files) for filter, sort and hub tests: movies whose every field is chosen,
// and two shows with seasons and episodes.

export interface SmallMovie {
  title: string;
  year: number | null;
  /** Minutes. */
  minutes: number;
  /** Epoch seconds. */
  addedAt: number;
}

export const NOW_S = Math.floor(Date.now() / 1000);

export const SMALL_MOVIES: SmallMovie[] = [
  { title: 'Alpha Dawn', year: 1999, minutes: 90, addedAt: 1_000_000_000 },
  { title: 'Bravo Echo', year: 2005, minutes: 120, addedAt: 1_100_000_000 },
  { title: 'Charlie Frost', year: 2010, minutes: 100, addedAt: 1_200_000_000 },
  { title: 'The Delta Glow', year: 2000, minutes: 80, addedAt: 1_300_000_000 },
  { title: 'Echo Harbour', year: 2021, minutes: 150, addedAt: 1_400_000_000 },
  { title: '5 Fingers', year: 2015, minutes: 95, addedAt: 1_500_000_000 },
  { title: 'Émile', year: null, minutes: 70, addedAt: NOW_S - 3600 },
];

/**
 * Show → seasons → episode titles. Episodes are added one a day, in this order, from 2020-01-02; the shows'
 * own addedAt runs the other way (Aardvark Street is the newer show, Zebra Crossing has the newest episode).
 */
export const SMALL_SHOWS: { title: string; addedAt: number; seasons: string[][] }[] = [
  {
    title: 'Aardvark Street',
    addedAt: Date.UTC(2021, 0, 1) / 1000,
    seasons: [['Pilot', 'Second Wind'], ['Return']],
  },
  { title: 'Zebra Crossing', addedAt: Date.UTC(2019, 0, 1) / 1000, seasons: [['Stripes', 'Echo Valley']] },
];

export interface SmallLibrary {
  movieSection: number;
  showSection: number;
  /** Item ids by title (movies, shows, episodes). */
  ids: Record<string, number>;
}

export function seedSmallLibrary(db: Database): SmallLibrary {
  const store = new LibraryStore(db);
  const ids: Record<string, number> = {};
  return db.transaction(() => {
    const movies = store.ensureSection(
      `${SYNTHETIC_FOLDER_PREFIX}Small Movies`,
      'Small Movies',
      'movie',
      NOW_S * 1000,
    );
    const shows = store.ensureSection(
      `${SYNTHETIC_FOLDER_PREFIX}Small Shows`,
      'Small Shows',
      'show',
      NOW_S * 1000,
    );
    const item = (
      fields: Partial<NewItem> & Pick<NewItem, 'section_id' | 'type' | 'title' | 'added_at_ms'>,
    ) =>
      store.insertItem({
        parent_id: null,
        grandparent_id: null,
        identity: `${fields.type}:${fields.title}:${fields.parent_id ?? ''}`,
        title_sort: titleSortOf(fields.title),
        year: null,
        summary: '',
        item_index: null,
        updated_at_ms: fields.added_at_ms,
        duration_ms: null,
        poster: null,
        art: null,
        ...fields,
      });
    for (const movie of SMALL_MOVIES) {
      ids[movie.title] = item({
        section_id: movies.id,
        type: 'movie',
        title: movie.title,
        year: movie.year,
        duration_ms: movie.minutes * 60_000,
        added_at_ms: movie.addedAt * 1000,
      });
    }
    let day = Date.UTC(2020, 0, 1) / 1000;
    for (const show of SMALL_SHOWS) {
      const showId = item({
        section_id: shows.id,
        type: 'show',
        title: show.title,
        added_at_ms: show.addedAt * 1000,
      });
      ids[show.title] = showId;
      show.seasons.forEach((episodes, seasonIndex) => {
        const seasonId = item({
          section_id: shows.id,
          type: 'season',
          title: `Season ${seasonIndex + 1}`,
          parent_id: showId,
          item_index: seasonIndex + 1,
          added_at_ms: show.addedAt * 1000,
        });
        episodes.forEach((title, episodeIndex) => {
          day += 86_400;
          ids[title] = item({
            section_id: shows.id,
            type: 'episode',
            title,
            parent_id: seasonId,
            grandparent_id: showId,
            item_index: episodeIndex + 1,
            duration_ms: 30 * 60_000,
            added_at_ms: day * 1000,
          });
        });
      });
    }
    return { movieSection: movies.id, showSection: shows.id, ids };
  })();
}

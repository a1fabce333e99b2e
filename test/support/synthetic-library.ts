import type { Database } from 'better-sqlite3';
import { LibraryStore } from '../../src/server/db/library-store';
import { titleSortOf } from '../../src/server/media/media-names';

// A synthetic movie section of N items as rows only (no files), for tests and benchmarks at scale.

/** Folders of synthetic sections start with this; test servers' scans leave such sections alone. */
export const SYNTHETIC_FOLDER_PREFIX = 'synthetic:';

export const isSyntheticFolder = (folder: string): boolean => folder.startsWith(SYNTHETIC_FOLDER_PREFIX);

const WORDS = [
  'Amber',
  'Blue',
  'Crimson',
  'Distant',
  'Echo',
  'Falling',
  'Golden',
  'Hidden',
  'Iron',
  'Jade',
  'Kingdom',
  'Lost',
  'Midnight',
  'Northern',
  'Ocean',
  'Paper',
  'Quiet',
  'River',
  'Silver',
  'Tide',
  'Under',
  'Velvet',
  'Winter',
  'Yellow',
  'Zero',
  'Harbour',
  'Lantern',
  'Mountain',
  'Garden',
  'Signal',
];

export interface SyntheticOptions {
  title: string;
  count: number;
  /** Epoch seconds of the first item's addedAt; items are added one a minute after it. */
  addedFrom?: number;
  /**
   * false: the movies have no file part, so the server advertises no poster for them (src/server/media/metadata.ts
   * leaves `thumb` out of an item with neither a file nor a poster) and a TV asks for no images. Default true: each
   * movie has one fake part (playable in the UI's eyes, with a poster URL that answers 404).
   */
  withParts?: boolean;
}

/** Inserts a movie section with `count` movies (each with one fake part unless `withParts` is false); returns the section id. */
export function seedSyntheticSection(
  db: Database,
  { title, count, addedFrom = 1_600_000_000, withParts = true }: SyntheticOptions,
): number {
  const store = new LibraryStore(db);
  const now = Date.now();
  return db.transaction(() => {
    const section = store.ensureSection(`${SYNTHETIC_FOLDER_PREFIX}${title}`, title, 'movie', now);
    const insertItem = db.prepare(
      `INSERT INTO library_items (section_id, type, identity, title, title_sort, year, summary, added_at_ms,
         updated_at_ms, duration_ms)
       VALUES (?, 'movie', ?, ?, ?, ?, '', ?, ?, ?)`,
    );
    const insertPart = db.prepare(
      `INSERT INTO library_parts (item_id, section_id, file, size, mtime_ms, container, duration_ms, bitrate, width,
         height, video_codec, audio_codec, audio_channels, streams)
       VALUES (?, ?, ?, 1000000, ?, 'mp4', ?, 2000, 1280, 720, 'h264', 'aac', 2, '[]')`,
    );
    // A fixed pseudo-random sequence, so titles, years and addedAt are not in id order but runs repeat.
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let i = 0; i < count; i++) {
      const words = [WORDS[next() % WORDS.length], WORDS[next() % WORDS.length]];
      if (next() % 4 === 0) words.unshift('The');
      const movieTitle = `${words.join(' ')} ${i + 1}`;
      const year = 1950 + (next() % 75);
      const added = addedFrom + (next() % (count * 60));
      const durationMs = (60 + (next() % 120)) * 60_000;
      const itemId = Number(
        insertItem.run(
          section.id,
          `synthetic:${i}`,
          movieTitle,
          titleSortOf(movieTitle),
          year,
          added * 1000,
          added * 1000,
          durationMs,
        ).lastInsertRowid,
      );
      if (!withParts) continue;
      insertPart.run(
        itemId,
        section.id,
        `${section.folder}/${movieTitle} (${year}).mp4`,
        added * 1000,
        durationMs,
      );
    }
    store.markScanned(section.id, now, true);
    return section.id;
  })();
}

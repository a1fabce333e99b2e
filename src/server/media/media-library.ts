import { existsSync, type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { LibraryStore } from '../db/library-store';
import { StreamChoiceStore } from '../db/stream-choice-store';
import { TrackPreferenceStore } from '../db/track-preference-store';
import { UserRatingStore } from '../db/user-rating-store';
import { WatchStateStore } from '../db/watch-state-store';
import { CardPosters } from './card-posters';
import { type DemoSize, generateDemoLibrary } from './demo-library';
import { LibraryImages } from './images';
import { partKey } from './metadata';
import type { ProbedStream } from './probe';
import { LibraryScanner, type ScanFailure, type SectionSpec } from './scanner';

export interface MediaLibraryOptions {
  db: Database;
  /** The media folder; null = no library at all (sections list is empty). */
  mediaDir: string | null;
  sections: SectionSpec[];
  /** Generate the demo library into mediaDir first (when it is not complete yet). */
  demo: boolean;
  /** Sizes and lengths of the demo (720p, 20–60 s by default). */
  demoSize?: DemoSize;
  /** Thumbnails, frame grabs and resized images go here. */
  cacheDir: string;
  log: (line: string) => void;
  /** Quiet time after a change on disk before rescanning; 0 = do not watch. */
  watchDebounceMs: number;
  /** Sections a scan leaves though no configured folder is theirs (ScannerOptions.keepSection). */
  keepSection?: (folder: string) => boolean;
}

/**
 * Whether the library is ready: the demo (if asked for) generated and the first scan through. When not, what
 * failed and what to do about it (one sentence each), for the console.
 */
export type LibraryReadiness = { ok: true } | { ok: false; reason: string; fix: string };

const CLOSED: LibraryReadiness = {
  ok: false,
  reason: 'the server closed before the library was scanned',
  fix: 'Start the server again.',
};

/** The console's line(s) for `readiness`; `contents` says what the library holds (MediaLibrary.describe()). */
export function readinessLine(readiness: LibraryReadiness, contents: string): string {
  return readiness.ok
    ? `Media library ready: ${contents}`
    : `Media library not ready: ${readiness.reason}\n  ${readiness.fix}`;
}

/** What the first scan's failures mean for readiness. */
function scanNotReady(failures: ScanFailure[]): LibraryReadiness {
  const folders = failures.map((failure) => failure.folder).join(' and ');
  const what = failures.length === 1 ? 'a folder' : 'folders';
  return {
    ok: false,
    reason: failures.map((failure) => `scanning ${failure.folder} failed: ${failure.error}`).join('; '),
    fix: `Make ${folders} ${what} the server can read (or name other folders in MEDIA_SECTIONS), then restart the server.`,
  };
}

/**
 * The media side's state: the library rows, watch state, the scanner and its file watcher, and images.
 * `start()` returns at once: demo generation, the first scan and watching go on in the background while
 * the server answers (sections show `refreshing: true` meanwhile).
 */
export class MediaLibrary {
  readonly store: LibraryStore;
  readonly watchState: WatchStateStore;
  /** Each account's audio and subtitle choice per part (the playback routes' PUT /library/parts/{id}). */
  readonly streamChoices: StreamChoiceStore;
  /** Each account's track preference, for the default track choice. */
  readonly trackPreferences: TrackPreferenceStore;
  /** Each account's own ratings (`/:/rate`). */
  readonly userRatings: UserRatingStore;
  readonly scanner: LibraryScanner | null;
  readonly images: LibraryImages | null;
  /** Posters and their card-size versions, made in the background as scans store items. */
  readonly posters: CardPosters | null;
  /** Settles when the demo (if any) is generated and the first scan is done, saying how it went; never rejects. */
  ready: Promise<LibraryReadiness> = Promise.resolve({ ok: true });
  private watcher: FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private closed = false;
  private generating = false;
  private readonly stopping = new AbortController();

  constructor(private readonly options: MediaLibraryOptions) {
    this.store = new LibraryStore(options.db);
    this.watchState = new WatchStateStore(options.db);
    this.streamChoices = new StreamChoiceStore(options.db);
    this.trackPreferences = new TrackPreferenceStore(options.db);
    this.userRatings = new UserRatingStore(options.db);
    const { mediaDir } = options;
    this.images = mediaDir ? new LibraryImages(this.store, mediaDir, options.cacheDir) : null;
    this.posters = this.images ? new CardPosters(this.store, this.images, options.log) : null;
    this.scanner = mediaDir
      ? new LibraryScanner({
          mediaDir,
          sections: options.sections,
          store: this.store,
          log: options.log,
          listener: this.posters ?? undefined,
          keepSection: options.keepSection,
        })
      : null;
  }

  /** True while generating the demo or scanning this section. */
  isRefreshing(sectionId: number): boolean {
    return this.generating || (this.scanner?.refreshing.has(sectionId) ?? false);
  }

  start(): void {
    const { scanner, options } = this;
    if (!scanner || !options.mediaDir) return;
    const mediaDir = options.mediaDir;
    scanner.ensureSections();
    this.ready = (async (): Promise<LibraryReadiness> => {
      let demoFailure: string | null = null;
      if (options.demo) {
        this.generating = true;
        try {
          await generateDemoLibrary(mediaDir, {
            ...options.demoSize,
            log: options.log,
            signal: this.stopping.signal,
          });
        } catch (error) {
          if (this.closed) return CLOSED;
          demoFailure = `generating the demo library failed: ${(error as Error).message}`;
          options.log(`media: ${demoFailure}`);
        } finally {
          this.generating = false;
        }
      }
      if (this.closed) return CLOSED;
      let failures: ScanFailure[];
      try {
        failures = (await scanner.scan()).failures;
      } catch (error) {
        options.log(`media: scan failed: ${(error as Error).message}`);
        failures = [{ folder: mediaDir, error: (error as Error).message }];
      }
      if (this.closed) return CLOSED;
      void this.posters?.queueAll().catch((error: unknown) => {
        options.log(`media: queueing posters failed: ${(error as Error).message}`);
      });
      this.watch(mediaDir);
      if (demoFailure) {
        return {
          ok: false,
          reason: demoFailure,
          fix: 'Restart the server to try again (finished videos are kept), or set MEDIA_DIR to a folder of your own media.',
        };
      }
      return failures.length > 0 ? scanNotReady(failures) : { ok: true };
    })();
  }

  /** The media folder served (the demo's when generated), or null without a library. */
  get mediaDir(): string | null {
    return this.options.mediaDir;
  }

  /** "Movies: 8 movies; TV Shows: 1 show, 8 episodes" for the console. */
  describe(): string {
    return this.store
      .sections()
      .map((section) => {
        const count = (type: 'movie' | 'show' | 'episode', name: string) => {
          const n = this.store.countItems(section.id, type);
          return `${n} ${name}${n === 1 ? '' : 's'}`;
        };
        const what =
          section.type === 'movie'
            ? count('movie', 'movie')
            : `${count('show', 'show')}, ${count('episode', 'episode')}`;
        return `${section.title}: ${what}`;
      })
      .join('; ');
  }

  /** The media folder parts' files are relative to; null when there is no library. */
  get mediaRoot(): string | null {
    return this.options.mediaDir;
  }

  /** A part's file for direct play (the shape the playback routes' `findPart` asks for); null if unknown. */
  findPart(partId: number): { relativePath: string; container: string; mediaRoot: string } | null {
    const part = this.store.part(partId);
    const mediaRoot = this.options.mediaDir;
    if (!part || !mediaRoot) return null;
    return { relativePath: part.file, container: part.container ?? '', mediaRoot };
  }

  /** A movie's or episode's first media and part (the playback routes' `findMedia`); null if not playable. */
  findMedia(ratingKey: number): {
    partId: number;
    partKey: string;
    relativePath: string;
    container: string;
    mediaRoot: string;
    videoCodec: string;
    audioCodec: string | null;
    width: number | null;
    height: number | null;
    durationMs: number | null;
    streams: ProbedStream[];
  } | null {
    const item = this.store.item(ratingKey);
    const mediaRoot = this.options.mediaDir;
    if (!item || !mediaRoot || (item.type !== 'movie' && item.type !== 'episode')) return null;
    const part = this.store.firstPartUnder(item);
    if (!part) return null;
    return {
      partId: part.id,
      partKey: partKey(part),
      relativePath: part.file,
      container: part.container ?? '',
      mediaRoot,
      videoCodec: part.video_codec ?? '',
      audioCodec: part.audio_codec,
      width: part.width,
      height: part.height,
      durationMs: part.duration_ms,
      streams: parseStreams(part.streams),
    };
  }

  /** Rescan now (in the background); resolves when done. */
  refresh(): Promise<void> {
    if (!this.scanner || this.closed) return Promise.resolve();
    return this.scanner.scan().then(
      () => undefined,
      (error: unknown) => this.options.log(`media: scan failed: ${(error as Error).message}`),
    );
  }

  /** Resolves when the first scan and any scan running or queued are done. */
  async idle(): Promise<void> {
    await this.ready;
    await this.scanner?.idle();
  }

  /** Resolves when the scans are done and so is the poster work they queued. */
  async postersMade(): Promise<void> {
    await this.idle();
    await this.posters?.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopping.abort();
    this.scanner?.stop();
    this.watcher?.close();
    this.watcher = null;
    if (this.debounce) clearTimeout(this.debounce);
    await this.ready;
    await this.scanner?.idle();
    await this.posters?.stop();
  }

  /** Follows changes on disk (recursive fs.watch, Linux since Node 20), rescanning after a quiet spell. */
  private watch(mediaDir: string): void {
    const { watchDebounceMs, log } = this.options;
    if (watchDebounceMs <= 0 || !existsSync(mediaDir)) return;
    const folders = new Set(this.options.sections.map((section) => section.folder));
    try {
      this.watcher = watch(mediaDir, { recursive: true }, (_event, name) => {
        // Only the section folders count (a DATA_DIR inside MEDIA_DIR must not make every write a rescan).
        if (typeof name === 'string') {
          const parts = name.split('/');
          if (!folders.has(parts[0]) || parts.some((part) => part.startsWith('.'))) return;
        }
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => {
          this.debounce = null;
          void this.refresh();
        }, watchDebounceMs);
      });
      this.watcher.on('error', (error) => {
        log(`media: watching ${mediaDir} stopped: ${error.message}; use refresh to rescan`);
        this.watcher?.close();
        this.watcher = null;
      });
    } catch (error) {
      log(`media: cannot watch ${mediaDir}: ${(error as Error).message}; use refresh to rescan`);
    }
  }
}

/** Where the media cache lives under DATA_DIR. */
export function mediaCacheDir(dataDir: string): string {
  return join(dataDir, 'media-cache');
}

/** The part's probed streams as the scanner stored them (JSON); [] when unreadable. */
function parseStreams(json: string): ProbedStream[] {
  try {
    const streams = JSON.parse(json) as unknown;
    return Array.isArray(streams) ? (streams as ProbedStream[]) : [];
  } catch {
    return [];
  }
}

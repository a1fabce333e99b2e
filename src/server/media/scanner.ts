import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LibraryStore, NewItem, SectionRow, SectionType } from '../db/library-store';
import type { ItemTags } from '../db/tag-store';
import {
  episodeArtwork,
  movieArtwork,
  nfoFor,
  seasonArtwork,
  showArtwork,
  showNfoFor,
} from './artwork-files';
import { isVideoFile, parseEpisode, parseMovie, seasonOfFolder, titleSortOf } from './media-names';
import { nfoTags, readNfo } from './nfo';
import { resolveInsideRoot, resolveMediaPath, type SafePathRefusal } from './playback/safe-media-path';
import { type ProbeResult, probeFile } from './probe';
import { Limiter } from './tools';

/** One library section: a top-level folder of the media dir and what it holds. */
export interface SectionSpec {
  folder: string;
  title: string;
  type: SectionType;
}

export interface ScannerOptions {
  mediaDir: string;
  sections: SectionSpec[];
  store: LibraryStore;
  log: (line: string) => void;
  /** ffprobe processes at once (2 by default: the machine still has to answer requests). */
  probeConcurrency?: number;
  /** Replaceable in tests; ffprobe by default. */
  probe?: (file: string) => Promise<ProbeResult>;
  /** Told what each file's change means for item images (src/server/media/card-posters.ts). */
  listener?: ScanListener;
  /** Sections the scan leaves though no configured folder is theirs (a test's rows-only sections). */
  keepSection?: (folder: string) => boolean;
}

/** What a scan changed, for work done after it in the background (posters); calls return at once. */
export interface ScanListener {
  /** A file's item was stored (added or changed): the ids of the items whose cards show it. */
  stored(itemIds: number[]): void;
  /** A known file changed (`newMtime`, its mtime now) or is gone (null); called before its rows change. */
  partChanged(part: { id: number; item_id: number }, newMtime: number | null): void;
}

export interface ScanSummary {
  files: number;
  probed: number;
  added: number;
  updated: number;
  removed: number;
  skipped: number;
  ms: number;
  /** Folders that could not be scanned at all, and why; their rows were kept as they were. */
  failures: ScanFailure[];
}

export interface ScanFailure {
  /** The absolute path of the media dir or section folder. */
  folder: string;
  error: string;
}

interface FoundFile {
  /** Relative to the media dir, '/'-separated. */
  file: string;
  /** Relative to the section folder. */
  inSection: string;
  size: number;
  mtime: number;
  /** The .nfo files that describe it, as `path@mtime|…` ('' for none): an edited .nfo is a changed file. */
  nfoStamp: string;
}

/** What one walk of a section folder found: the video files to list, and what it left out and why. */
interface WalkResult {
  found: FoundFile[];
  /** Media-relative path of each .nfo → its mtime (ms). */
  nfos: Map<string, number>;
  /** Media-relative path → why it is not listed (logged once, see `skipped`). */
  skipped: Map<string, string>;
}

/** Why a file or folder the playback rule refuses is not listed; null for refusals not worth a line. */
const SKIP_REASONS: Record<SafePathRefusal, string | null> = {
  'outside-root': 'links outside MEDIA_DIR',
  invalid: 'its path decodes to one the server refuses to serve (a `..` or NUL in percent escapes)',
  unreadable: 'cannot be read (permissions)',
  // A broken symlink, or a file gone since the folder was read: nothing there.
  'not-found': null,
};

const emptySummary = (): ScanSummary => ({
  files: 0,
  probed: 0,
  added: 0,
  updated: 0,
  removed: 0,
  skipped: 0,
  ms: 0,
  failures: [],
});

/**
 * Scans the media dir into the library: incremental (a file with unchanged size and mtime is not probed
 * again), never blocking (async walks and ffprobe, short transactions), never fatal (a bad file is logged
 * and skipped). Scans never overlap: a scan asked for while one runs is done once after it.
 */
export class LibraryScanner {
  private running: Promise<ScanSummary> | null = null;
  private pending: Promise<ScanSummary> | null = null;
  private readonly limiter: Limiter;
  private readonly probe: (file: string) => Promise<ProbeResult>;
  /** Sections being scanned now (for `refreshing`). */
  readonly refreshing = new Set<number>();
  private stopped = false;
  /** Files that could not be scanned, by their size and mtime: not probed (nor logged) again until they change. */
  private readonly failed = new Map<string, string>();
  /** Paths left out of the listing, with the reason already logged: logged again only when the reason changes. */
  private readonly skipped = new Map<string, string>();

  constructor(private readonly options: ScannerOptions) {
    this.limiter = new Limiter(options.probeConcurrency ?? 2);
    this.probe = options.probe ?? probeFile;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Creates the configured sections (empty) so they are listed before the first scan ends. */
  ensureSections(): SectionRow[] {
    const now = Date.now();
    const { store, sections } = this.options;
    store.deleteSectionsExcept(
      sections.map((s) => s.folder),
      this.options.keepSection,
    );
    return sections.map((spec) => store.ensureSection(spec.folder, spec.title, spec.type, now));
  }

  /** Ends scanning for good (the server is closing): queued files are not probed, no new scan starts. */
  stop(): void {
    this.stopped = true;
  }

  /** Scans every section; while a scan runs, the call joins one follow-up scan. */
  scan(): Promise<ScanSummary> {
    if (!this.running) {
      this.running = this.scanAll().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.pending ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.pending = null;
        return this.scan();
      });
    return this.pending;
  }

  /** Resolves when no scan is running or queued. */
  async idle(): Promise<void> {
    while (this.running || this.pending) await (this.pending ?? this.running)?.catch(() => undefined);
  }

  private async scanAll(): Promise<ScanSummary> {
    const started = Date.now();
    const total = emptySummary();
    if (this.stopped) return total;
    const sections = this.ensureSections();
    const { mediaDir } = this.options;
    // The whole media dir gone (an unplugged disk): a failure, not an empty library (which would drop every row).
    if (!(await stat(mediaDir).catch(() => null))?.isDirectory()) {
      const failure = { folder: mediaDir, error: 'it is missing or not a folder' };
      this.options.log(`media: scanning ${failure.folder} failed: ${failure.error}`);
      total.failures.push(failure);
      return total;
    }
    for (let i = 0; i < sections.length && !this.stopped; i++) {
      const section = sections[i];
      this.refreshing.add(section.id);
      try {
        const summary = await this.scanSection(section, this.options.sections[i]);
        for (const key of ['files', 'probed', 'added', 'updated', 'removed', 'skipped'] as const) {
          total[key] += summary[key];
        }
      } catch (error) {
        const failure = { folder: join(mediaDir, section.folder), error: (error as Error).message };
        total.failures.push(failure);
        this.options.log(`media: scanning ${failure.folder} failed: ${failure.error}`);
      } finally {
        this.refreshing.delete(section.id);
      }
    }
    total.ms = Date.now() - started;
    if (total.added || total.updated || total.removed || total.skipped) {
      this.options.log(
        `media: scanned ${total.files} files in ${total.ms} ms: ${total.added} added, ${total.updated} updated, ` +
          `${total.removed} removed, ${total.skipped} skipped`,
      );
    }
    return total;
  }

  private async scanSection(section: SectionRow, spec: SectionSpec): Promise<ScanSummary> {
    const { mediaDir, store, log, listener } = this.options;
    const summary = emptySummary();
    const { found, skipped, nfos } = await this.walkSection(spec);
    summary.files = found.length;
    summary.skipped += this.logSkipped(spec.folder, skipped);

    const known = store.partIndex(section.id);
    const nfoStamps = store.tags.nfoStamps(section.id);
    const seen = new Set<string>();
    const work: Promise<void>[] = [];
    for (const entry of found) {
      seen.add(entry.file);
      entry.nfoStamp = nfoStampOf(spec, entry, nfos);
      const part = known.get(entry.file);
      const sameNfo = (part && nfoStamps.get(part.item_id)) ?? '';
      if (part && part.size === entry.size && part.mtime_ms === entry.mtime && sameNfo === entry.nfoStamp)
        continue;
      const stamp = `${entry.size}:${entry.mtime}`;
      if (this.failed.get(entry.file) === stamp) continue;
      work.push(
        this.limiter.run(async () => {
          if (this.stopped) return;
          summary.probed += 1;
          let probe: ProbeResult;
          try {
            probe = await this.probe(join(mediaDir, entry.file));
          } catch (error) {
            summary.skipped += 1;
            this.failed.set(entry.file, stamp);
            log(`media: skipping ${entry.file}: ${(error as Error).message}`);
            if (part) {
              listener?.partChanged(part, null);
              store.transaction(() => store.deletePart(part.id));
            }
            return;
          }
          try {
            if (part) listener?.partChanged(part, entry.mtime);
            const added = await this.store(section, spec, entry, probe);
            listener?.stored(this.cardItemsOf(section.id, spec, entry.file));
            this.failed.delete(entry.file);
            if (added) summary.added += 1;
            else summary.updated += 1;
          } catch (error) {
            summary.skipped += 1;
            this.failed.set(entry.file, stamp);
            log(`media: skipping ${entry.file}: ${(error as Error).message}`);
          }
        }),
      );
    }
    await Promise.all(work);
    if (this.stopped) return summary;

    for (const file of this.failed.keys()) {
      if (file.startsWith(`${spec.folder}/`) && !seen.has(file)) this.failed.delete(file);
    }
    const gone = [...known.values()].filter((part) => !seen.has(part.file));
    for (const part of gone) listener?.partChanged(part, null);
    const now = Date.now();
    store.transaction(() => {
      for (const part of gone) store.deletePart(part.id);
      if (gone.length > 0 || spec.type === 'show') store.deleteEmptyContainers(section.id);
      store.markScanned(section.id, now, summary.added + summary.updated + gone.length > 0);
    });
    summary.removed = gone.length;
    return summary;
  }

  /**
   * The video files of a section folder, listed only when resolveMediaPath (the rule the playback routes use)
   * accepts them: so a symlink, file or folder, that leads out of the media dir is left out, as is a file this
   * process cannot read. Throws when the section folder itself cannot be read (a failure, not an empty section).
   */
  private async walkSection(spec: SectionSpec): Promise<WalkResult> {
    const { mediaDir, log } = this.options;
    const result: WalkResult = { found: [], nfos: new Map(), skipped: new Map() };
    const root = await resolveInsideRoot(mediaDir, spec.folder);
    if (!root.ok) {
      if (root.reason === 'not-found')
        log(`media: section folder ${join(mediaDir, spec.folder)} is missing; ${spec.title} is empty`);
      else result.skipped.set(spec.folder, SKIP_REASONS[root.reason] ?? root.reason);
      return result;
    }
    if (root.kind !== 'folder') throw new Error('it is not a folder');
    await this.walk(join(mediaDir, spec.folder), spec.folder, new Set([root.path]), root.path, result);
    return result;
  }

  /**
   * Walks `dir` (media-relative `relativeDir`, real path `realDir`); `ancestors` holds the real paths of the
   * folders above it, so a symlink back to one of them is not walked again and again.
   */
  private async walk(
    dir: string,
    relativeDir: string,
    ancestors: Set<string>,
    realDir: string,
    result: WalkResult,
  ): Promise<void> {
    const { mediaDir } = this.options;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      // The section folder itself (its name has no '/', config.ts): the section fails, its rows are kept.
      if (!relativeDir.includes('/')) throw error;
      result.skipped.set(relativeDir, `cannot be read: ${(error as Error).message}`);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const relative = `${relativeDir}/${entry.name}`;
      let isFolder = entry.isDirectory();
      let realFolder = join(realDir, entry.name);
      if (entry.isSymbolicLink()) {
        const target = await resolveInsideRoot(mediaDir, relative);
        if (!target.ok) {
          const reason = SKIP_REASONS[target.reason];
          if (reason) result.skipped.set(relative, reason);
          continue;
        }
        isFolder = target.kind === 'folder';
        realFolder = target.path;
        if (isFolder && ancestors.has(realFolder)) {
          result.skipped.set(relative, 'links to a folder that holds it');
          continue;
        }
      }
      if (isFolder) {
        await this.walk(
          join(dir, entry.name),
          relative,
          new Set([...ancestors, realFolder]),
          realFolder,
          result,
        );
      } else if (isVideoFile(entry.name)) {
        const file = await resolveMediaPath(mediaDir, relative);
        if (!file.ok) {
          const reason = SKIP_REASONS[file.reason];
          if (reason) result.skipped.set(relative, reason);
          continue;
        }
        result.found.push({
          file: relative,
          inSection: relative.slice(relative.indexOf('/') + 1),
          size: file.size,
          mtime: Math.floor(file.mtimeMs),
          nfoStamp: '',
        });
      } else if (entry.name.toLowerCase().endsWith('.nfo')) {
        const info = await stat(join(dir, entry.name)).catch(() => null);
        if (info?.isFile()) result.nfos.set(relative, Math.floor(info.mtimeMs));
      }
    }
  }

  /**
   * Logs what a walk of `sectionFolder` left out, once per path and reason (not on every rescan); forgets the
   * paths no longer left out, so one that comes back is logged again. Returns how many were logged now.
   */
  private logSkipped(sectionFolder: string, skipped: Map<string, string>): number {
    let logged = 0;
    for (const [path, reason] of skipped) {
      if (this.skipped.get(path) === reason) continue;
      this.skipped.set(path, reason);
      this.options.log(`media: skipped ${path}: ${reason}`);
      logged += 1;
    }
    for (const path of this.skipped.keys()) {
      const inSection = path === sectionFolder || path.startsWith(`${sectionFolder}/`);
      if (inSection && !skipped.has(path)) this.skipped.delete(path);
    }
    return logged;
  }

  /** The items whose cards show a stored file: the movie, or the episode's show and season. */
  private cardItemsOf(sectionId: number, spec: SectionSpec, file: string): number[] {
    const type = spec.type === 'movie' ? 'movie' : 'episode';
    const item = this.options.store.itemByIdentity(sectionId, `${type}:${file}`);
    if (!item) return [];
    if (type === 'movie') return [item.id];
    return [item.grandparent_id, item.parent_id].filter((id): id is number => id !== null);
  }

  /** Writes one probed file: its item (and show/season), then its part. True when the item is new. */
  private async store(
    section: SectionRow,
    spec: SectionSpec,
    entry: FoundFile,
    probe: ProbeResult,
  ): Promise<boolean> {
    return spec.type === 'movie'
      ? this.storeMovie(section, entry, probe)
      : this.storeEpisode(section, spec, entry, probe);
  }

  private async storeMovie(section: SectionRow, entry: FoundFile, probe: ProbeResult): Promise<boolean> {
    const { mediaDir, store } = this.options;
    const name = parseMovie(entry.inSection);
    const ownFolder = entry.inSection.includes('/');
    const nfoPath = await nfoFor(mediaDir, entry.file, ownFolder ? 'movie' : null);
    const nfo = nfoPath ? await readNfo(nfoPath) : null;
    const artwork = await movieArtwork(mediaDir, entry.file, ownFolder);
    const title = nfo?.title ?? name.title;
    const now = Date.now();
    const fields = {
      parent_id: null,
      grandparent_id: null,
      title,
      title_sort: titleSortOf(title),
      year: nfo?.year ?? name.year,
      summary: nfo?.summary ?? null,
      item_index: null,
      updated_at_ms: now,
      duration_ms: probe.durationMs,
      poster: artwork.poster,
      art: artwork.art,
    };
    return store.transaction(() => {
      return this.upsertPlayable(section.id, 'movie', entry, probe, fields, nfoTags(nfo), now);
    });
  }

  private async storeEpisode(
    section: SectionRow,
    spec: SectionSpec,
    entry: FoundFile,
    probe: ProbeResult,
  ): Promise<boolean> {
    const { mediaDir, store } = this.options;
    const name = parseEpisode(entry.inSection);
    if (!name)
      throw new Error('no season and episode number in its name (expected e.g. "Show - S01E02.mp4")');
    const folders = entry.inSection.split('/').slice(0, -1);
    const showFolder = showFolderOf(spec, entry);
    const lastFolder = folders.length > 0 ? folders[folders.length - 1] : null;
    const seasonFolder =
      lastFolder !== null && seasonOfFolder(lastFolder) !== null
        ? `${spec.folder}/${folders.join('/')}`
        : null;

    const showNfoPath = showFolder ? await showNfoFor(mediaDir, showFolder) : null;
    const showNfo = showNfoPath ? await readNfo(showNfoPath) : null;
    const nfoPath = await nfoFor(mediaDir, entry.file, null);
    const nfo = nfoPath ? await readNfo(nfoPath) : null;
    const showArt = showFolder ? await showArtwork(mediaDir, showFolder) : { poster: null, art: null };
    const seasonPoster = showFolder
      ? await seasonArtwork(mediaDir, showFolder, seasonFolder, name.season)
      : null;
    const episodePoster = await episodeArtwork(mediaDir, entry.file);
    const now = Date.now();

    return store.transaction(() => {
      const showKey = name.show.toLowerCase();
      const showTitle = showNfo?.title ?? name.show;
      const showFields = {
        parent_id: null,
        grandparent_id: null,
        title: showTitle,
        title_sort: titleSortOf(showTitle),
        year: showNfo?.year ?? null,
        summary: showNfo?.summary ?? null,
        item_index: null,
        updated_at_ms: now,
        duration_ms: null,
        poster: showArt.poster,
        art: showArt.art,
      };
      const showId = this.upsertContainer(section.id, 'show', `show:${showKey}`, showFields, now);
      // As with its other fields, an episode without a tvshow.nfo leaves the show's tags as they were.
      if (showNfo) store.tags.replace(showId, nfoTags(showNfo));

      const seasonTitle = name.season === 0 ? 'Specials' : `Season ${name.season}`;
      const seasonFields = {
        parent_id: showId,
        grandparent_id: null,
        title: seasonTitle,
        title_sort: seasonTitle,
        year: null,
        summary: null,
        item_index: name.season,
        updated_at_ms: now,
        duration_ms: null,
        poster: seasonPoster,
        art: null,
      };
      const seasonId = this.upsertContainer(
        section.id,
        'season',
        `season:${showKey}:${name.season}`,
        seasonFields,
        now,
      );

      const title = nfo?.title ?? name.title ?? `Episode ${name.episode}`;
      const fields = {
        parent_id: seasonId,
        grandparent_id: showId,
        title,
        title_sort: titleSortOf(title),
        year: nfo?.year ?? null,
        summary: nfo?.summary ?? null,
        item_index: name.episode,
        updated_at_ms: now,
        duration_ms: probe.durationMs,
        poster: episodePoster,
        art: null,
      };
      return this.upsertPlayable(section.id, 'episode', entry, probe, fields, nfoTags(nfo), now);
    });
  }

  /** A movie or episode and its file, keyed by the file's path; true when the item is new. */
  private upsertPlayable(
    sectionId: number,
    type: 'movie' | 'episode',
    entry: FoundFile,
    probe: ProbeResult,
    fields: Omit<NewItem, 'section_id' | 'type' | 'identity' | 'added_at_ms'>,
    tags: ItemTags,
    now: number,
  ): boolean {
    const { store } = this.options;
    const identity = `${type}:${entry.file}`;
    const existing = store.itemByIdentity(sectionId, identity);
    let itemId: number;
    if (existing) {
      store.updateItem(existing.id, fields);
      itemId = existing.id;
    } else {
      itemId = store.insertItem({ ...fields, section_id: sectionId, type, identity, added_at_ms: now });
    }
    store.upsertPart(partRow(itemId, sectionId, entry, probe));
    store.tags.replace(itemId, tags);
    store.tags.setNfoStamp(itemId, entry.nfoStamp);
    return existing === null;
  }

  /** A show or season: created once; its fields refreshed only when they differ (so updatedAt stays put). */
  private upsertContainer(
    sectionId: number,
    type: 'show' | 'season',
    identity: string,
    fields: Omit<NewItem, 'section_id' | 'type' | 'identity' | 'added_at_ms'>,
    now: number,
  ): number {
    const { store } = this.options;
    const existing = store.itemByIdentity(sectionId, identity);
    if (!existing)
      return store.insertItem({ ...fields, section_id: sectionId, type, identity, added_at_ms: now });
    const merged = {
      ...fields,
      // An episode without a tvshow.nfo or poster says nothing about the show: keep what an earlier one found.
      year: fields.year ?? existing.year,
      summary: fields.summary ?? existing.summary,
      poster: fields.poster ?? existing.poster,
      art: fields.art ?? existing.art,
    };
    const changed =
      merged.title !== existing.title ||
      merged.year !== existing.year ||
      merged.summary !== existing.summary ||
      merged.poster !== existing.poster ||
      merged.art !== existing.art ||
      merged.parent_id !== existing.parent_id;
    if (changed) store.updateItem(existing.id, merged);
    return existing.id;
  }
}

/** The show folder of an episode (media-relative): its first folder in the section, unless that is a season's. */
function showFolderOf(spec: SectionSpec, entry: FoundFile): string | null {
  const folders = entry.inSection.split('/').slice(0, -1);
  return folders.length > 0 && seasonOfFolder(folders[0]) === null ? `${spec.folder}/${folders[0]}` : null;
}

/**
 * Which .nfo files describe a video, with their mtimes (the candidates nfoFor and showNfoFor read, in
 * artwork-files.ts): `<name>.nfo` beside it, a movie folder's movie.nfo, a show folder's tvshow.nfo.
 */
function nfoStampOf(spec: SectionSpec, entry: FoundFile, nfos: Map<string, number>): string {
  const slash = entry.file.lastIndexOf('/');
  const folder = entry.file.slice(0, slash);
  const stem = entry.file.slice(slash + 1).replace(/\.[^.]*$/, '');
  const candidates = [`${folder}/${stem}.nfo`];
  if (spec.type === 'movie' && entry.inSection.includes('/')) candidates.push(`${folder}/movie.nfo`);
  const showFolder = spec.type === 'show' ? showFolderOf(spec, entry) : null;
  if (showFolder) candidates.push(`${showFolder}/tvshow.nfo`);
  return candidates
    .filter((path) => nfos.has(path))
    .map((path) => `${path}@${nfos.get(path)}`)
    .join('|');
}

function partRow(itemId: number, sectionId: number, entry: FoundFile, probe: ProbeResult) {
  return {
    item_id: itemId,
    section_id: sectionId,
    file: entry.file,
    size: entry.size,
    mtime_ms: entry.mtime,
    container: probe.container,
    duration_ms: probe.durationMs,
    bitrate: probe.bitrate,
    width: probe.width,
    height: probe.height,
    video_codec: probe.videoCodec,
    video_profile: probe.videoProfile,
    frame_rate: probe.frameRate,
    audio_codec: probe.audioCodec,
    audio_profile: probe.audioProfile,
    audio_channels: probe.audioChannels,
    streams: JSON.stringify(probe.streams),
  };
}

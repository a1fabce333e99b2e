import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LibraryStore, NewItem, SectionRow, SectionType } from '../db/library-store';
import { episodeArtwork, movieArtwork, nfoFor, seasonArtwork, showArtwork } from './artwork-files';
import { isVideoFile, parseEpisode, parseMovie, seasonOfFolder, titleSortOf } from './media-names';
import { readNfo } from './nfo';
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
}

export interface ScanSummary {
  files: number;
  probed: number;
  added: number;
  updated: number;
  removed: number;
  skipped: number;
  ms: number;
}

interface FoundFile {
  /** Relative to the media dir, '/'-separated. */
  file: string;
  /** Relative to the section folder. */
  inSection: string;
  size: number;
  mtime: number;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

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

  constructor(private readonly options: ScannerOptions) {
    this.limiter = new Limiter(options.probeConcurrency ?? 2);
    this.probe = options.probe ?? probeFile;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Creates the configured sections (empty) so they are listed before the first scan ends. */
  ensureSections(): SectionRow[] {
    const now = nowSeconds();
    const { store, sections } = this.options;
    store.deleteSectionsExcept(sections.map((s) => s.folder));
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
    const total: ScanSummary = { files: 0, probed: 0, added: 0, updated: 0, removed: 0, skipped: 0, ms: 0 };
    if (this.stopped) return total;
    const sections = this.ensureSections();
    for (let i = 0; i < sections.length && !this.stopped; i++) {
      const section = sections[i];
      this.refreshing.add(section.id);
      try {
        const summary = await this.scanSection(section, this.options.sections[i]);
        for (const key of ['files', 'probed', 'added', 'updated', 'removed', 'skipped'] as const) {
          total[key] += summary[key];
        }
      } catch (error) {
        this.options.log(`media: scanning ${section.title} failed: ${(error as Error).message}`);
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
    const { mediaDir, store, log } = this.options;
    const summary: ScanSummary = { files: 0, probed: 0, added: 0, updated: 0, removed: 0, skipped: 0, ms: 0 };
    const root = join(mediaDir, spec.folder);
    const found: FoundFile[] = [];
    if (existsSync(root)) await this.walk(root, spec.folder, '', found);
    else log(`media: section folder ${root} is missing; ${spec.title} is empty`);
    summary.files = found.length;

    const known = store.partIndex(section.id);
    const seen = new Set<string>();
    const work: Promise<void>[] = [];
    for (const entry of found) {
      seen.add(entry.file);
      const part = known.get(entry.file);
      if (part && part.size === entry.size && part.mtime === entry.mtime) continue;
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
            if (part) store.db.transaction(() => store.deletePart(part.id))();
            return;
          }
          try {
            const added = await this.store(section, spec, entry, probe);
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
    const now = nowSeconds();
    store.db.transaction(() => {
      for (const part of gone) store.deletePart(part.id);
      if (gone.length > 0 || spec.type === 'show') store.deleteEmptyContainers(section.id);
      store.markScanned(section.id, now, summary.added + summary.updated + gone.length > 0);
    })();
    summary.removed = gone.length;
    return summary;
  }

  /** Video files under `dir`, hidden entries skipped; unreadable folders logged and skipped. */
  private async walk(
    dir: string,
    sectionFolder: string,
    inSection: string,
    found: FoundFile[],
  ): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      this.options.log(`media: cannot read ${dir}: ${(error as Error).message}`);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const relative = inSection ? `${inSection}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => null);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) {
        await this.walk(path, sectionFolder, relative, found);
      } else if (isFile && isVideoFile(entry.name)) {
        const info = await stat(path).catch(() => null);
        if (!info) continue;
        found.push({
          file: `${sectionFolder}/${relative}`,
          inSection: relative,
          size: info.size,
          mtime: Math.floor(info.mtimeMs),
        });
      }
    }
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
    const nfoPath = nfoFor(mediaDir, entry.file, ownFolder ? 'movie' : null);
    const nfo = nfoPath ? await readNfo(nfoPath) : null;
    const artwork = movieArtwork(mediaDir, entry.file, ownFolder);
    const title = nfo?.title ?? name.title;
    const now = nowSeconds();
    const fields = {
      parent_id: null,
      grandparent_id: null,
      title,
      title_sort: titleSortOf(title),
      year: nfo?.year ?? name.year,
      summary: nfo?.summary ?? null,
      item_index: null,
      updated_at: now,
      duration: probe.durationMs,
      poster: artwork.poster,
      art: artwork.art,
    };
    return store.db.transaction(() => {
      return this.upsertPlayable(section.id, 'movie', entry, probe, fields, now);
    })();
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
    const showFolder =
      folders.length > 0 && seasonOfFolder(folders[0]) === null ? `${spec.folder}/${folders[0]}` : null;
    const lastFolder = folders.length > 0 ? folders[folders.length - 1] : null;
    const seasonFolder =
      lastFolder !== null && seasonOfFolder(lastFolder) !== null
        ? `${spec.folder}/${folders.join('/')}`
        : null;

    const showNfoPath = showFolder ? join(mediaDir, showFolder, 'tvshow.nfo') : null;
    const showNfo = showNfoPath && existsSync(showNfoPath) ? await readNfo(showNfoPath) : null;
    const nfoPath = nfoFor(mediaDir, entry.file, null);
    const nfo = nfoPath ? await readNfo(nfoPath) : null;
    const showArt = showFolder ? showArtwork(mediaDir, showFolder) : { poster: null, art: null };
    const seasonPoster = showFolder ? seasonArtwork(mediaDir, showFolder, seasonFolder, name.season) : null;
    const episodePoster = episodeArtwork(mediaDir, entry.file);
    const now = nowSeconds();

    return store.db.transaction(() => {
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
        updated_at: now,
        duration: null,
        poster: showArt.poster,
        art: showArt.art,
      };
      const showId = this.upsertContainer(section.id, 'show', `show:${showKey}`, showFields, now);

      const seasonTitle = name.season === 0 ? 'Specials' : `Season ${name.season}`;
      const seasonFields = {
        parent_id: showId,
        grandparent_id: null,
        title: seasonTitle,
        title_sort: seasonTitle,
        year: null,
        summary: null,
        item_index: name.season,
        updated_at: now,
        duration: null,
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
        updated_at: now,
        duration: probe.durationMs,
        poster: episodePoster,
        art: null,
      };
      return this.upsertPlayable(section.id, 'episode', entry, probe, fields, now);
    })();
  }

  /** A movie or episode and its file, keyed by the file's path; true when the item is new. */
  private upsertPlayable(
    sectionId: number,
    type: 'movie' | 'episode',
    entry: FoundFile,
    probe: ProbeResult,
    fields: Omit<NewItem, 'section_id' | 'type' | 'identity' | 'added_at'>,
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
      itemId = store.insertItem({ ...fields, section_id: sectionId, type, identity, added_at: now });
    }
    store.upsertPart(partRow(itemId, sectionId, entry, probe));
    return existing === null;
  }

  /** A show or season: created once; its fields refreshed only when they differ (so updatedAt stays put). */
  private upsertContainer(
    sectionId: number,
    type: 'show' | 'season',
    identity: string,
    fields: Omit<NewItem, 'section_id' | 'type' | 'identity' | 'added_at'>,
    now: number,
  ): number {
    const { store } = this.options;
    const existing = store.itemByIdentity(sectionId, identity);
    if (!existing)
      return store.insertItem({ ...fields, section_id: sectionId, type, identity, added_at: now });
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

function partRow(itemId: number, sectionId: number, entry: FoundFile, probe: ProbeResult) {
  return {
    item_id: itemId,
    section_id: sectionId,
    file: entry.file,
    size: entry.size,
    mtime: entry.mtime,
    container: probe.container,
    duration: probe.durationMs,
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

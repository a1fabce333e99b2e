import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ItemRow, LibraryStore } from '../db/library-store';
import { resolveMediaPath } from './playback/safe-media-path';
import { ffmpegPath, Limiter, runProcess } from './tools';

// Item images: local artwork when there is some, else a frame grabbed ~10% into the video (cached), and the
// image transcoder (`/photo/:/transcode`) that resizes them to the size a TV shows, cached on disk. Every file
// read from the media dir passes resolveMediaPath first (the playback rule): nothing a symlink leads out to.

export const PHOTO_LIMITS = { minWidth: 16, maxWidth: 1920, minHeight: 16, maxHeight: 1080 } as const;
const FFMPEG_TIMEOUT_MS = 30_000;

export interface PhotoSize {
  width: number;
  height: number;
  /** Fill the box and crop (Plex minSize=1) instead of fitting inside it. */
  cover: boolean;
  /** Allow making the image bigger than its source. */
  upscale: boolean;
}

export class LibraryImages {
  /** ffmpeg runs for images at once. */
  private readonly limiter = new Limiter(2);
  /** Requests for the same output share one ffmpeg run. */
  private readonly inFlight = new Map<string, Promise<string>>();
  /** The media dir's real path, once known (dropLocal). */
  private realRoot: string | null = null;

  constructor(
    private readonly store: LibraryStore,
    private readonly mediaDir: string,
    private readonly cacheDir: string,
  ) {}

  /**
   * The image file for an item's thumb (poster) or art (background); null when there is none. When the poster
   * is a frame grab not made yet, its versions of `alsoSizes` are made in the same ffmpeg run (one process per
   * item for src/server/media/card-posters.ts, not two), cached where transcode() looks for them.
   */
  async imageFile(
    item: ItemRow,
    kind: 'thumb' | 'art',
    alsoSizes: readonly PhotoSize[] = [],
  ): Promise<string | null> {
    if (kind === 'art') {
      // A background is wide: local art, else the show's, else a frame (never a stretched portrait poster).
      const own = await this.local(item.art);
      if (own) return own;
      const show =
        item.type === 'episode' ? item.grandparent_id : item.type === 'season' ? item.parent_id : null;
      const showRow = show ? this.store.item(show) : null;
      const showArt = showRow ? await this.local(showRow.art) : null;
      if (showArt) return showArt;
      const part = this.store.firstPartUnder(showRow ?? item);
      return part
        ? this.frame(part.id, part.file, part.mtime_ms, part.duration_ms)
        : this.imageFile(item, 'thumb');
    }
    const own = await this.local(item.poster);
    if (own) return own;
    if (item.type === 'season' && item.parent_id) {
      const show = this.store.item(item.parent_id);
      const showPoster = show ? await this.local(show.poster) : null;
      if (showPoster) return showPoster;
    }
    const part = this.store.firstPartUnder(item);
    if (!part) return null;
    return this.frame(part.id, part.file, part.mtime_ms, part.duration_ms, alsoSizes);
  }

  /**
   * A resized JPEG of `source`, cached in the source's own folder (so dropSource removes every size of it) by
   * the source's size and mtime and the asked size; making one removes the sizes of an older version.
   */
  async transcode(source: string, size: PhotoSize): Promise<string> {
    const version = this.versionFile(source, await stat(source), size);
    return this.once(version.file, async () => {
      await this.removeOlderVersions(version.folder, version.stamp);
      await this.ffmpeg(
        ['-i', source],
        [{ args: ['-vf', sizeFilter(size), ...VERSION_OUTPUT], file: version.file }],
      );
    });
  }

  /** Where transcode() caches `source` resized to `size`: named by the source's size and mtime and the size. */
  private versionFile(
    source: string,
    info: { size: number; mtimeMs: number },
    size: PhotoSize,
  ): { folder: string; stamp: string; file: string } {
    const stamp = `${info.size}-${String(info.mtimeMs).replace('.', '_')}-`;
    const folder = this.versionsFolder(source);
    const name = `${stamp}${size.width}x${size.height}-${size.cover ? 'cover' : 'fit'}${size.upscale ? '-up' : ''}.jpg`;
    return { folder, stamp, file: join(folder, name) };
  }

  /**
   * Forgets the images made from a part's video: its frame grabs (all but the one of `keepMtime`, the file's
   * mtime now, when it changed rather than went) and every resized version of them.
   */
  async dropPart(partId: number, keepMtime: number | null): Promise<void> {
    const frames = join(this.cacheDir, 'frames');
    const names = await readdir(frames).catch(() => [] as string[]);
    const keep = keepMtime === null ? null : `${partId}-${keepMtime}.jpg`;
    for (const name of names) {
      // A partial file (`….jpg.<pid>.<random>.jpg`) is ffmpeg's at work: it renames or removes it itself.
      if (!name.startsWith(`${partId}-`) || name === keep || name.includes('.jpg.')) continue;
      const frame = join(frames, name);
      await rm(frame, { force: true });
      await this.dropSource(frame);
    }
  }

  /** Forgets every resized version of a local image (media-relative path) of an item that is gone. */
  async dropLocal(relative: string): Promise<void> {
    const found = await resolveMediaPath(this.mediaDir, relative);
    // Gone with its item (the usual case): its path as resolveMediaPath gave it while it was there.
    await this.dropSource(found.ok ? found.path : join(await this.realMediaDir(), relative));
  }

  /** Removes every resized version of `source`. */
  private async dropSource(source: string): Promise<void> {
    await rm(this.versionsFolder(source), { recursive: true, force: true });
  }

  private versionsFolder(source: string): string {
    const key = createHash('sha1').update(source).digest('hex');
    return join(this.cacheDir, 'photos', key.slice(0, 2), key.slice(2, 24));
  }

  /** Versions of an older copy of the source (a poster replaced in place): never asked for again. */
  private async removeOlderVersions(folder: string, currentStamp: string): Promise<void> {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.startsWith(currentStamp) && !name.includes('.jpg.'))
        await rm(join(folder, name), { force: true });
    }
  }

  private async realMediaDir(): Promise<string> {
    this.realRoot ??= await realpath(this.mediaDir).catch(() => this.mediaDir);
    return this.realRoot;
  }

  /** A local image's real path, or null when it is gone or refused. */
  private async local(relative: string | null): Promise<string | null> {
    if (!relative) return null;
    const found = await resolveMediaPath(this.mediaDir, relative);
    return found.ok ? found.path : null;
  }

  /** A frame of the part's video (made with its versions of `sizes`); null when its file is gone or refused. */
  private async frame(
    partId: number,
    file: string,
    mtime: number,
    durationMs: number | null,
    sizes: readonly PhotoSize[] = [],
  ): Promise<string | null> {
    const video = await resolveMediaPath(this.mediaDir, file);
    if (!video.ok) return null;
    const output = join(this.cacheDir, 'frames', `${partId}-${mtime}.jpg`);
    const seconds = durationMs ? (durationMs / 1000) * 0.1 : 0;
    const input = ['-ss', seconds.toFixed(2), '-i', video.path];
    if (sizes.length === 0)
      return this.once(output, () =>
        this.ffmpeg(input, [{ args: ['-vf', FRAME_FILTER, ...FRAME_OUTPUT], file: output }]),
      );
    return this.once(output, () => this.frameWithVersions(input, output, sizes));
  }

  /**
   * One ffmpeg run for a frame grab and its versions of `sizes`: the frame is split after its own scaling and
   * each copy scaled as transcode() scales the frame file. All are written beside the frame under temporary
   * names; the versions move to transcode()'s names (which need the frame file's size and mtime, kept by a
   * rename), then the frame into place last, so whoever finds the frame finds its versions too.
   */
  private async frameWithVersions(
    input: string[],
    output: string,
    sizes: readonly PhotoSize[],
  ): Promise<void> {
    const copies = sizes.map((_, index) => `[copy${index}]`).join('');
    const graph = [
      `[0:v]${FRAME_FILTER},split=${sizes.length + 1}[frame]${copies}`,
      ...sizes.map((size, index) => `[copy${index}]${sizeFilter(size)}[size${index}]`),
    ].join(';');
    // `.jpg.` names: dropPart leaves them alone while they are here.
    const temporary = (what: string) =>
      `${output}.${what}.${process.pid}.${Math.random().toString(36).slice(2)}.jpg`;
    const frame = temporary('frame');
    const versions = sizes.map((size, index) => ({ size, file: temporary(`size${index}`) }));
    try {
      await this.ffmpeg(
        [...input, '-filter_complex', graph],
        [
          { args: ['-map', '[frame]', ...FRAME_OUTPUT], file: frame },
          ...versions.map((version, index) => ({
            args: ['-map', `[size${index}]`, ...VERSION_OUTPUT],
            file: version.file,
          })),
        ],
      );
      const info = await stat(frame);
      for (const { size, file } of versions) {
        const version = this.versionFile(output, info, size);
        await mkdir(version.folder, { recursive: true });
        await this.removeOlderVersions(version.folder, version.stamp);
        await rename(file, version.file);
      }
      await rename(frame, output);
    } finally {
      for (const file of [frame, ...versions.map((version) => version.file)]) await rm(file, { force: true });
    }
  }

  private once(output: string, make: () => Promise<void>): Promise<string> {
    if (existsSync(output)) return Promise.resolve(output);
    let running = this.inFlight.get(output);
    if (!running) {
      running = this.limiter
        .run(async () => {
          if (!existsSync(output)) await make();
          return output;
        })
        .finally(() => this.inFlight.delete(output));
      this.inFlight.set(output, running);
    }
    return running;
  }

  /**
   * Runs ffmpeg with one JPEG output per entry, each into a temporary file, then renames them into place in
   * order (a reader never sees half a file); none is kept when any is missing.
   */
  private async ffmpeg(input: string[], outputs: { args: string[]; file: string }[]): Promise<void> {
    const partials = outputs.map(
      ({ file }) => `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.jpg`,
    );
    for (const { file } of outputs) await mkdir(join(file, '..'), { recursive: true });
    const result = await runProcess(
      ffmpegPath(),
      [
        '-v',
        'error',
        '-y',
        ...input,
        ...outputs.flatMap(({ args }, index) => [
          ...args,
          '-f',
          'image2',
          '-c:v',
          'mjpeg',
          '-pix_fmt',
          'yuvj420p',
          partials[index],
        ]),
      ],
      { timeoutMs: FFMPEG_TIMEOUT_MS },
    );
    if (result.code !== 0 || !partials.every((partial) => existsSync(partial))) {
      for (const partial of partials) await rm(partial, { force: true });
      throw new Error(`ffmpeg failed (exit ${result.code}): ${result.stderr.trim().split('\n').pop() ?? ''}`);
    }
    for (const [index, { file }] of outputs.entries()) await rename(partials[index], file);
  }
}

/** A frame grab: at most 1280 wide, its aspect kept. */
const FRAME_FILTER = "scale='min(1280,iw)':-2";
const FRAME_OUTPUT = ['-frames:v', '1', '-q:v', '3'];
const VERSION_OUTPUT = ['-frames:v', '1', '-q:v', '4'];

/** The scaling that makes a version of `size`. */
function sizeFilter(size: PhotoSize): string {
  const { width: w, height: h } = size;
  if (size.cover) return `scale=${w}:${h}:force_original_aspect_ratio=increase,crop=${w}:${h}:exact=1`;
  if (size.upscale) return `scale=${w}:${h}:force_original_aspect_ratio=decrease`;
  return `scale='min(${w},iw)':'min(${h},ih)':force_original_aspect_ratio=decrease`;
}

import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ffprobePath, runProcess } from '../../src/server/media/tools';
import { makeSeekableClip } from './tiny-media';

// Tiny media for tests: clips of 1–2 s at 160×90 made with the npm ffmpeg, once per kind, then copied to as
// many Plex-named paths as a test wants. Each test file works in its own temporary folder.

/** mp4: H.264/AAC; mkv-ac3: H.264/AC-3 in Matroska; the number is the length in seconds. */
export type ClipKind = 'mp4-1s' | 'mp4-2s' | 'mkv-ac3-1s';

export interface MediaFixture {
  /** The media dir to hand the server (MEDIA_DIR). */
  dir: string;
  /** Puts a clip of `kind` at `relative` (inside dir), creating folders. */
  add(relative: string, kind?: ClipKind): Promise<string>;
  /** Random bytes under a video name. */
  addCorrupt(relative: string): Promise<string>;
  /** Writes a text file (an .nfo) at `relative`. */
  addText(relative: string, text: string): Promise<string>;
  /** Removes everything. */
  remove(): Promise<void>;
}

export async function createMediaFixture(prefix = 'marquee-media-'): Promise<MediaFixture> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const dir = join(root, 'media');
  const clips = join(root, 'clips');
  await mkdir(dir, { recursive: true });
  await mkdir(clips, { recursive: true });
  const made = new Map<ClipKind, Promise<string>>();
  const clip = (kind: ClipKind) => {
    let promise = made.get(kind);
    if (!promise) {
      promise = makeClip(join(clips, `${kind}.${kind.startsWith('mkv') ? 'mkv' : 'mp4'}`), kind);
      made.set(kind, promise);
    }
    return promise;
  };
  return {
    dir,
    async add(relative, kind = 'mp4-1s') {
      const target = join(dir, relative);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(await clip(kind), target);
      return target;
    },
    async addCorrupt(relative) {
      const target = join(dir, relative);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, randomBytes(4096));
      return target;
    },
    async addText(relative, text) {
      const target = join(dir, relative);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
      return target;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** One tiny clip of `kind`: a colour card with a tone. */
export function makeClip(target: string, kind: ClipKind): Promise<string> {
  return makeSeekableClip(target, {
    seconds: kind.endsWith('2s') ? 2 : 1,
    audio: kind.startsWith('mkv-ac3') ? 'ac3' : 'aac',
  });
}

export interface ProbedFile {
  format: { format_name: string; duration: string };
  streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
}

/** ffprobe's JSON for a file (formats and streams), for checking what the server or generator made. */
export async function probe(file: string): Promise<ProbedFile> {
  const result = await runProcess(ffprobePath(), [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    file,
  ]);
  if (result.code !== 0) throw new Error(`ffprobe failed on ${file}: ${result.stderr}`);
  return JSON.parse(result.stdout) as ProbedFile;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

import { existsSync } from 'node:fs';
import { chmod, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexMetadata } from '../../src/protocol/plex-media';
import { mediaCacheDir } from '../../src/server/media/media-library';
import { ffmpegPath } from '../../src/server/media/tools';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture, probe } from '../support/media-fixtures';
import { makeStillImage } from '../support/tiny-media';
import { getWithToken, linkTv } from './helpers';

// Posters made at scan time (src/server/media/card-posters.ts): once a scan and the poster work it queued are
// done, each card's 200×300 version is in the image cache before any request, and `/photo/:/transcode` serves
// that file; a changed or removed file's images leave the cache. A frame grab and its card size come from one
// ffmpeg run: the server's ffmpeg is a wrapper (FFMPEG_PATH) that notes each run's arguments.

/** Every file under `dir`, relative to it ('/'-separated); [] when it does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Writes an executable that appends its arguments to `log`, one run a line, then runs the npm ffmpeg. */
async function writeLoggingFfmpeg(target: string, log: string): Promise<string> {
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  await writeFile(target, `#!/bin/sh\necho "$*" >> ${quote(log)}\nexec ${quote(ffmpegPath())} "$@"\n`);
  await chmod(target, 0o755);
  return target;
}

describe('posters made at scan time', () => {
  let media: MediaFixture;
  let server: TestServer;
  let cache: string;
  let ffmpegLog: string;
  const ffmpegBefore = process.env.FFMPEG_PATH;
  /** The server's ffmpeg runs that wrote into its image cache, so far. */
  const imageRuns = async () =>
    (await readFile(ffmpegLog, 'utf8').catch(() => '')).split('\n').filter((line) => line.includes(cache));

  const cardFiles = async () =>
    (await filesUnder(join(cache, 'photos'))).filter((file) => file.endsWith('-200x300-cover-up.jpg'));
  const frames = () => filesUnder(join(cache, 'frames'));
  const movies = async (token: string) =>
    (await (await getWithToken(server.url, '/library/sections/1/all', token)).json()).MediaContainer
      .Metadata as PlexMetadata[];

  beforeAll(async () => {
    media = await createMediaFixture();
    await media.add('Movies/Posted (2001)/Posted (2001).mp4');
    await makeStillImage(join(media.dir, 'Movies/Posted (2001)/poster.jpg'), 'red', '300x450');
    await media.add('Movies/Unposted (2002).mp4');
    await media.add('TV Shows/Framed/Season 1/Framed - S01E01.mp4');
    ffmpegLog = join(media.dir, '..', `ffmpeg-runs-${process.pid}.log`);
    process.env.FFMPEG_PATH = await writeLoggingFfmpeg(
      join(media.dir, '..', `ffmpeg-${process.pid}`),
      ffmpegLog,
    );
    server = await startMediaServer(media.dir);
    cache = mediaCacheDir(server.dataDir);
    await server.server.media.postersMade();
    // Clips, a scan and the posters: more than the suite's 30 s on a loaded machine.
  }, 90_000);
  afterAll(async () => {
    if (ffmpegBefore === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = ffmpegBefore;
    await server?.close();
    await media?.remove();
  });

  it('has each card’s 200×300 version in the cache before any request, and serves that file', async () => {
    // Two movies, and the show and its season (one card image: both show the episode's frame); no request yet.
    const cards = await cardFiles();
    expect(cards).toHaveLength(3);
    for (const card of cards) {
      expect((await probe(join(cache, 'photos', card))).streams[0]).toMatchObject({
        codec_name: 'mjpeg',
        width: 200,
        height: 300,
      });
    }
    // The movie without artwork has its frame grab; the show's cards use its episode's.
    expect(await frames()).toHaveLength(2);
    // Three ffmpeg runs: each frame grab with its card size (the movie's and the episode's), and the card size
    // of the local poster.
    expect(await imageRuns()).toHaveLength(3);

    const token = (await linkTv(server.url)).token;
    const before = await filesUnder(cache);
    const modified = await Promise.all(before.map(async (file) => (await stat(join(cache, file))).mtimeMs));
    for (const movie of await movies(token)) {
      const response = await fetch(
        `${server.url}/photo/:/transcode?url=${encodeURIComponent(movie.thumb as string)}` +
          `&width=200&height=300&minSize=1&upscale=1&X-Plex-Token=${token}`,
      );
      expect(response.status).toBe(200);
      const body = Buffer.from(await response.arrayBuffer());
      const served = await Promise.all(cards.map(async (card) => readFile(join(cache, 'photos', card))));
      expect(served.some((file) => file.equals(body))).toBe(true);
    }
    // Served from the cache: nothing made or rewritten.
    expect(await filesUnder(cache)).toEqual(before);
    expect(await Promise.all(before.map(async (file) => (await stat(join(cache, file))).mtimeMs))).toEqual(
      modified,
    );
  });

  it('drops a changed file’s frame and its versions and makes new ones; drops a removed file’s', async () => {
    const [oldFrame] = (await frames()).filter((frame) => !frame.startsWith(framedPartPrefix()));
    const oldCards = await cardFiles();

    // Unposted changes (a longer clip: another size and mtime).
    await media.add('Movies/Unposted (2002).mp4', 'mp4-2s');
    await server.server.media.refresh();
    await server.server.media.postersMade();
    const changedFrames = await frames();
    expect(changedFrames).toHaveLength(2);
    expect(changedFrames).not.toContain(oldFrame);
    const changedCards = await cardFiles();
    expect(changedCards).toHaveLength(3);
    expect(changedCards.filter((card) => !oldCards.includes(card))).toHaveLength(1);
    // The new frame and its card size: one more run.
    expect(await imageRuns()).toHaveLength(4);

    // Unposted and Posted go; their frame, their card versions and the local poster's go with them.
    await rm(join(media.dir, 'Movies/Unposted (2002).mp4'));
    await rm(join(media.dir, 'Movies/Posted (2001)'), { recursive: true });
    await server.server.media.refresh();
    await server.server.media.postersMade();
    expect(await frames()).toHaveLength(1);
    expect(await cardFiles()).toHaveLength(1);
    expect(existsSync(join(cache, 'frames', oldFrame))).toBe(false);
  });

  it('makes the posters a library already scanned lacks when the server starts (the cache emptied)', async () => {
    await server.stop();
    await rm(cache, { recursive: true, force: true });
    await server.start();
    await server.server.media.postersMade();
    // The show and its season are left: their one card image, and the frame it is made from.
    expect(await cardFiles()).toHaveLength(1);
    expect(await frames()).toHaveLength(1);
    expect(await imageRuns()).toHaveLength(5);
  });

  /** The episode's frame name starts with its part id; the episode is the last file scanned (TV Shows). */
  function framedPartPrefix(): string {
    const part = server.server.media.store.partByFile('TV Shows/Framed/Season 1/Framed - S01E01.mp4');
    return `${part?.id}-`;
  }
});

import { chmod, copyFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexMetadata } from '../../src/protocol/plex-media';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture, probe } from '../support/media-fixtures';
import { makeStillImage } from '../support/tiny-media';
import { getWithToken, linkTv } from './helpers';

// What the library lists, plays: the scanner and the playback routes apply one rule to a file's path
// (src/server/media/playback/safe-media-path.ts). A backslash is part of a name on Linux and macOS; a symlink
// (file or folder) that leads out of MEDIA_DIR is neither listed nor played, nor is a poster that does.

describe.skipIf(process.platform === 'win32')('what is listed plays', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;
  let outside: string;
  let realClip: string;
  let escapeClip: string;

  const movies = async () =>
    (await (await getWithToken(server.url, '/library/sections/1/all', token)).json()).MediaContainer
      .Metadata as PlexMetadata[];
  const movie = async (title: string) => (await movies()).find((m) => m.title === title);
  const partKeyOf = (item: PlexMetadata | undefined) => item?.Media?.[0].Part[0].key as string;
  const fetchPart = (key: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${key}?X-Plex-Token=${token}`, { headers });
  const logged = (line: string) => server.logLines.filter((l) => l === line).length;

  beforeAll(async () => {
    media = await createMediaFixture('marquee-media-paths-');
    outside = join(media.dir, '..', 'outside');
    await mkdir(outside, { recursive: true });
    await media.add('Movies/Back\\slash (2020).mp4', 'mp4-2s');
    realClip = await media.add('Movies/Real (2004)/Real (2004).mp4');
    // Inside the media dir: a symlinked file, and a poster symlinked from a folder of images.
    await symlink(realClip, join(media.dir, 'Movies/Inside (2003).mp4'));
    await mkdir(join(media.dir, 'Movies/Shared Art'));
    await makeStillImage(join(media.dir, 'Movies/Shared Art/blue.jpg'), 'blue', '20x30');
    await symlink(
      join(media.dir, 'Movies/Shared Art/blue.jpg'),
      join(media.dir, 'Movies/Inside (2003)-poster.jpg'),
    );
    // Out of the media dir: a file, a folder, and a poster.
    escapeClip = join(outside, 'Escape (2001).mp4');
    await copyFile(realClip, escapeClip);
    await symlink(escapeClip, join(media.dir, 'Movies/Escape (2001).mp4'));
    await mkdir(join(outside, 'Far Away (2002)'));
    await copyFile(realClip, join(outside, 'Far Away (2002)/Far Away (2002).mp4'));
    await symlink(join(outside, 'Far Away (2002)'), join(media.dir, 'Movies/Far Away (2002)'));
    await makeStillImage(join(outside, 'red.jpg'), 'red', '200x300');
    await symlink(join(outside, 'red.jpg'), join(media.dir, 'Movies/Real (2004)/poster.jpg'));
    // A folder symlinked to the folder that holds it: walked once, not 40 levels deep.
    await symlink('..', join(media.dir, 'Movies/Real (2004)/again'));

    server = await startMediaServer(media.dir);
    token = (await linkTv(server.url)).token;
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('lists a movie whose name has a backslash, and its listed part URL plays (200, 206)', async () => {
    const item = await movie('Back\\slash');
    // The owner (admin) sees the absolute path, as PMS shows its owner.
    expect(item?.Media?.[0].Part[0].file).toBe(join(media.dir, 'Movies/Back\\slash (2020).mp4'));
    const bytes = await readFile(join(media.dir, 'Movies/Back\\slash (2020).mp4'));
    const whole = await fetchPart(partKeyOf(item));
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const range = await fetchPart(partKeyOf(item), { Range: 'bytes=100-199' });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
  });

  it('does not list a symlinked file or folder that leads out of MEDIA_DIR, and logs each once', async () => {
    expect((await movies()).map((m) => m.title)).toEqual(['Back\\slash', 'Inside', 'Real']);
    await server.server.media.refresh();
    expect((await movies()).map((m) => m.title)).toEqual(['Back\\slash', 'Inside', 'Real']);
    expect(logged('media: skipped Movies/Escape (2001).mp4: links outside MEDIA_DIR')).toBe(1);
    expect(logged('media: skipped Movies/Far Away (2002): links outside MEDIA_DIR')).toBe(1);
  });

  it('lists and plays a symlink that stays inside MEDIA_DIR', async () => {
    const response = await fetchPart(partKeyOf(await movie('Inside')));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(await readFile(realClip))).toBe(true);
  });

  it('drops a listed symlink re-pointed out of MEDIA_DIR; its part URL then answers 404', async () => {
    const link = join(media.dir, 'Movies/Moving (2005).mp4');
    await symlink(realClip, link);
    await server.server.media.refresh();
    const key = partKeyOf(await movie('Moving'));
    expect((await fetchPart(key)).status).toBe(200);

    await rm(link);
    await symlink(escapeClip, link);
    await server.server.media.refresh();
    expect(await movie('Moving')).toBeUndefined();
    const response = await fetchPart(key);
    expect(response.status).toBe(404);
    expect(logged('media: skipped Movies/Moving (2005).mp4: links outside MEDIA_DIR')).toBe(1);
    await rm(link);
  });

  it('uses no poster that links out of MEDIA_DIR (a frame instead), and one that stays inside', async () => {
    const real = await getWithToken(server.url, (await movie('Real'))?.thumb as string, token);
    expect(real.status).toBe(200);
    const realImage = join(media.dir, '..', 'real-thumb.jpg');
    await writeBody(real, realImage);
    expect((await probe(realImage)).streams[0]).toMatchObject({ width: 160, height: 90 });

    const inside = await getWithToken(server.url, (await movie('Inside'))?.thumb as string, token);
    expect(inside.status).toBe(200);
    const insideImage = join(media.dir, '..', 'inside-thumb.jpg');
    await writeBody(inside, insideImage);
    expect((await probe(insideImage)).streams[0]).toMatchObject({ width: 20, height: 30 });
  });

  it('walks a folder symlinked to its own parent once', async () => {
    expect(logged('media: skipped Movies/Real (2004)/again: links to a folder that holds it')).toBe(1);
  });
});

async function writeBody(response: Response, file: string): Promise<void> {
  await writeFile(file, Buffer.from(await response.arrayBuffer()));
}

// Permissions do not stop root, so this runs only as another user (CI runners are not root).
const isRoot = process.getuid?.() === 0;

describe.skipIf(isRoot || process.platform === 'win32')('a file the server cannot read', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;

  const titles = async () =>
    (
      (await (await getWithToken(server.url, '/library/sections/1/all', token)).json()).MediaContainer
        .Metadata as PlexMetadata[]
    ).map((m) => m.title);

  beforeAll(async () => {
    media = await createMediaFixture('marquee-media-unreadable-');
    await media.add('Movies/Open (2001).mp4');
    await chmod(await media.add('Movies/Closed (2002).mp4'), 0o000);
    server = await startMediaServer(media.dir);
    token = (await linkTv(server.url)).token;
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('is not listed (logged once), is listed once readable, and drops out when it is not again', async () => {
    const closed = join(media.dir, 'Movies/Closed (2002).mp4');
    expect(await titles()).toEqual(['Open']);
    await server.server.media.refresh();
    const line = 'media: skipped Movies/Closed (2002).mp4: cannot be read (permissions)';
    expect(server.logLines.filter((l) => l === line)).toHaveLength(1);

    await chmod(closed, 0o644);
    await server.server.media.refresh();
    expect(await titles()).toEqual(['Closed', 'Open']);

    await chmod(closed, 0o000);
    await server.server.media.refresh();
    expect(await titles()).toEqual(['Open']);
  });
});

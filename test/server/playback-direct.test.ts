import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscodeSessions } from '../../src/server/media/playback/transcode-sessions';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { type PlaybackApp, startPlaybackApp, TOKEN } from '../support/playback-app';

// Direct play over real HTTP: /library/parts/{id}/{changestamp}/file.{ext} with byte ranges, tokens, and no
// way to name a file outside the media root.

describe('direct play of a part', () => {
  let fixture: MediaFixture;
  let app: PlaybackApp;
  let movie: Buffer;
  const SECRET = 'outside the media root';

  beforeAll(async () => {
    fixture = await createMediaFixture('marquee-playback-direct-');
    const moviePath = await fixture.add('Movies/Clip (2020)/Clip (2020).mp4', 'mp4-1s');
    movie = await readFile(moviePath);
    const outside = join(fixture.dir, '..', 'secret.mp4');
    await writeFile(outside, SECRET);
    await mkdir(join(fixture.dir, 'Links'), { recursive: true });
    await symlink(outside, join(fixture.dir, 'Links', 'escape.mp4'));
    await symlink(moviePath, join(fixture.dir, 'Links', 'inside.mp4'));

    app = await startPlaybackApp(new TranscodeSessions({ workDir: join(fixture.dir, '..', 'work') }));
    const part = (relativePath: string, container = 'mp4') => ({
      relativePath,
      container,
      mediaRoot: fixture.dir,
    });
    app.parts.set(1, part('Movies/Clip (2020)/Clip (2020).mp4'));
    app.parts.set(2, part('../secret.mp4'));
    app.parts.set(3, part('%2e%2e/secret.mp4'));
    app.parts.set(4, part('Links/escape.mp4'));
    app.parts.set(5, part('Movies/Clip (2020)/Clip (2020).mp4\0.txt'));
    app.parts.set(6, part('Links/inside.mp4'));
    app.parts.set(7, part('Movies%2f..%2f..%2fsecret.mp4'));
    app.parts.set(8, part('Movies/missing.mkv', 'mkv'));
  });
  afterAll(async () => {
    await app?.close();
    await fixture?.remove();
  });

  const partUrl = (id: number | string, ext = 'mp4') =>
    `${app.url}/library/parts/${id}/1700000000/file.${ext}?X-Plex-Token=${TOKEN}`;
  const get = (id: number | string, headers: Record<string, string> = {}) => fetch(partUrl(id), { headers });

  it('without a Range: 200, the whole file, Accept-Ranges, Content-Type and Content-Length', async () => {
    const response = await get(1);
    expect(response.status).toBe(200);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('content-length')).toBe(String(movie.length));
    expect(Buffer.from(await response.arrayBuffer()).equals(movie)).toBe(true);
  });

  it('the first bytes: 206 with Content-Range and the exact length', async () => {
    const response = await get(1, { Range: 'bytes=0-99' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 0-99/${movie.length}`);
    expect(response.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await response.arrayBuffer()).equals(movie.subarray(0, 100))).toBe(true);
  });

  it('a middle range and an open-ended range', async () => {
    const middle = await get(1, { Range: 'bytes=1000-2999' });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes 1000-2999/${movie.length}`);
    expect(Buffer.from(await middle.arrayBuffer()).equals(movie.subarray(1000, 3000))).toBe(true);

    const open = await get(1, { Range: 'bytes=2000-' });
    expect(open.status).toBe(206);
    expect(open.headers.get('content-length')).toBe(String(movie.length - 2000));
    expect(Buffer.from(await open.arrayBuffer()).equals(movie.subarray(2000))).toBe(true);
  });

  it('a suffix range bytes=-500: the last 500 bytes', async () => {
    const response = await get(1, { Range: 'bytes=-500' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(
      `bytes ${movie.length - 500}-${movie.length - 1}/${movie.length}`,
    );
    expect(response.headers.get('content-length')).toBe('500');
    expect(Buffer.from(await response.arrayBuffer()).equals(movie.subarray(movie.length - 500))).toBe(true);
  });

  it('an unsatisfiable range: 416 with Content-Range bytes */size', async () => {
    const response = await get(1, { Range: `bytes=${movie.length}-` });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${movie.length}`);
  });

  it('a malformed or multi-range header is ignored: 200 with the whole file', async () => {
    for (const range of ['bytes=abc-def', 'bytes=0-1,10-20', 'lines=1-2']) {
      const response = await get(1, { Range: range });
      expect(response.status, range).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).length).toBe(movie.length);
    }
  });

  it('HEAD answers the headers without a body', async () => {
    const response = await fetch(partUrl(1), { method: 'HEAD', headers: { Range: 'bytes=10-19' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-length')).toBe('10');
    expect(response.headers.get('content-range')).toBe(`bytes 10-19/${movie.length}`);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('needs a token (header or query); an unknown part is 404, a malformed id 400', async () => {
    const bare = `${app.url}/library/parts/1/1700000000/file.mp4`;
    expect((await fetch(bare)).status).toBe(401);
    expect((await fetch(`${bare}?X-Plex-Token=wrong`)).status).toBe(401);
    expect((await fetch(bare, { headers: { 'X-Plex-Token': TOKEN } })).status).toBe(200);
    expect((await get(999)).status).toBe(404);
    expect((await get('abc')).status).toBe(400);
    expect((await get(8)).status).toBe(404);
  });

  it('never serves a file outside the media root: .., encoded .., a symlink out, NUL', async () => {
    for (const id of [2, 3, 4, 5, 7]) {
      const response = await get(id);
      const body = await response.text();
      expect(response.status, `part ${id}`).toBe(404);
      expect(body).not.toContain(SECRET);
    }
    // Escapes in the URL itself never reach the file system: not a part id, so refused before the handler
    // (400), or (`%2e%2e`, which the URL parser resolves as `..`) no such route at all (404).
    for (const [path, status] of [
      ['..%2f..%2fsecret.mp4', 400],
      ['%2e%2e', 404],
      ['1%00', 400],
    ] as const) {
      const response = await fetch(`${app.url}/library/parts/${path}/1/file.mp4?X-Plex-Token=${TOKEN}`);
      expect(response.status, path).toBe(status);
      expect(await response.text()).not.toContain(SECRET);
    }
    expect(app.logs.some((line) => line.includes('outside-root'))).toBe(true);
  });

  it('a symlink that stays inside the root is fine', async () => {
    const response = await get(6);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(movie)).toBe(true);
  });
});

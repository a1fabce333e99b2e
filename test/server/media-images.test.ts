import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexMetadata } from '../../src/protocol/plex-media';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture, probe } from '../support/media-fixtures';
import { makeStillImage } from '../support/tiny-media';
import { getWithToken, linkTv } from './helpers';

// /photo/:/transcode (docs/protocol.md#images): resized JPEGs of this server's own images only.

describe('image transcoder', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;
  let withPoster: PlexMetadata;
  let withoutPoster: PlexMetadata;
  let withPng: PlexMetadata;

  const transcode = (query: string) =>
    fetch(`${server.url}/photo/:/transcode?${query}&X-Plex-Token=${token}`);
  const saved = async (response: Response, name: string) => {
    const file = join(media.dir, '..', name);
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    return probe(file);
  };

  beforeAll(async () => {
    media = await createMediaFixture();
    await media.add('Movies/Posted (2001)/Posted (2001).mp4');
    const poster = join(media.dir, 'Movies/Posted (2001)/poster.jpg');
    await makeStillImage(poster, 'red', '200x300');
    await media.add('Movies/Unposted (2002).mp4');
    await media.add('Movies/Zulu PNG (2003)/Zulu PNG (2003).mp4');
    const png = join(media.dir, 'Movies/Zulu PNG (2003)/folder.png');
    await makeStillImage(png, 'blue', '20x30');
    server = await startMediaServer(media.dir);
    token = (await linkTv(server.url)).token;
    const movies = (await (await getWithToken(server.url, '/library/sections/1/all', token)).json())
      .MediaContainer.Metadata as PlexMetadata[];
    [withPoster, withoutPoster, withPng] = movies;
    expect(withPoster.title).toBe('Posted');
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('cover-crops to exactly the asked size with minSize=1', async () => {
    const response = await transcode(
      `url=${encodeURIComponent(withPoster.thumb as string)}&width=120&height=120&minSize=1`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    const info = await saved(response, 'cover.jpg');
    expect(info.streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 120, height: 120 });
  });

  it('fits inside the box without minSize, and clamps silly sizes', async () => {
    const fit = await saved(
      await transcode(`url=${encodeURIComponent(withPoster.thumb as string)}&width=100&height=100`),
      'fit.jpg',
    );
    expect(fit.streams[0].height).toBe(100);
    expect(fit.streams[0].width).toBeGreaterThanOrEqual(66);
    expect(fit.streams[0].width).toBeLessThanOrEqual(67);
    const clamped = await saved(
      await transcode(`url=${encodeURIComponent(withPoster.thumb as string)}&width=1&height=1&minSize=1`),
      'clamped.jpg',
    );
    expect(clamped.streams[0]).toMatchObject({ width: 16, height: 16 });
  });

  it('grabs a frame for an item without a poster', async () => {
    const response = await transcode(
      `url=${encodeURIComponent(withoutPoster.thumb as string)}&width=80&height=45&minSize=1`,
    );
    expect(response.status).toBe(200);
    const info = await saved(response, 'frame.jpg');
    expect(info.streams[0]).toMatchObject({ width: 80, height: 45 });
  });

  it('uses a frame as the background (art) when there is no fanart, not the portrait poster', async () => {
    const response = await getWithToken(server.url, withPoster.art as string, token);
    expect(response.status).toBe(200);
    expect((await saved(response, 'art.jpg')).streams[0]).toMatchObject({ width: 160, height: 90 });
  });

  it('serves a folder.png poster as PNG, and resizes it to JPEG', async () => {
    const raw = await getWithToken(server.url, withPng.thumb as string, token);
    expect(raw.headers.get('content-type')).toBe('image/png');
    const resized = await transcode(
      `url=${encodeURIComponent(withPng.thumb as string)}&width=40&height=60&minSize=1`,
    );
    expect(resized.headers.get('content-type')).toBe('image/jpeg');
    expect((await saved(resized, 'png.jpg')).streams[0]).toMatchObject({ width: 40, height: 60 });
  });

  it('matches /photo/%3A/transcode as /photo/:/transcode, and nothing else in place of the colon', async () => {
    const query = `url=${encodeURIComponent(withPoster.thumb as string)}&width=50&height=50&X-Plex-Token=${token}`;
    expect((await fetch(`${server.url}/photo/%3A/transcode?${query}`)).status).toBe(200);
    expect((await fetch(`${server.url}/photo/x/transcode?${query}`)).status).toBe(404);
  });

  it('accepts a url carrying its own X-Plex-Token, as clients send it', async () => {
    const url = `${withPoster.art}?X-Plex-Token=${token}`;
    expect((await transcode(`url=${encodeURIComponent(url)}&width=50&height=50`)).status).toBe(200);
  });

  it('refuses anything but this server’s own image paths', async () => {
    for (const url of [
      '',
      'http://example.com/a.jpg',
      '//example.com/library/metadata/1/thumb/1',
      `${server.url}/library/metadata/1/thumb/1`,
      '/etc/passwd',
      join(media.dir, 'Movies/Posted (2001)/poster.jpg'),
      '/library/metadata/1/thumb/../../../etc/passwd',
      '/library/metadata/1/poster',
      'file:///etc/passwd',
    ]) {
      const response = await transcode(`url=${encodeURIComponent(url)}&width=50&height=50`);
      expect(response.status, url).toBe(400);
    }
    expect(
      (await transcode(`url=${encodeURIComponent(withPoster.thumb as string)}&width=abc&height=50`)).status,
    ).toBe(400);
    expect(
      (await transcode(`url=${encodeURIComponent('/library/metadata/99999/thumb/1')}&width=50&height=50`))
        .status,
    ).toBe(404);
  });
});

import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSCODE_DIR } from '../../src/server/home-server';
import { type LaunchedBrowser, launchChromium } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/home-server';
import { createMediaFixture, eventually, type MediaFixture } from '../support/media-fixtures';
import { makeSeekableClip } from '../support/tiny-media';
import { linkedTv, movieKey, openDetailsFromHome, pressOnTv } from '../support/tv';

// Playing from the library in real headless Chromium against a real home server: direct play of an
// H.264/AAC MP4, pause, Back with the position saved and offered as Resume; an MKV with AC-3 through HLS.

let chromium: LaunchedBrowser;
let media: MediaFixture;
let server: TestServer;
let tv: Page;

const press = (key: string) => pressOnTv(tv, key);
const openDetails = async (title: string) => openDetailsFromHome(tv, await movieKey(tv, server.url, title));
const videoTime = () =>
  tv.$eval('[data-testid="player-video"]', (video) => (video as HTMLVideoElement).currentTime);

beforeAll(async () => {
  media = await createMediaFixture();
  const clear = join(media.dir, 'Movies/Clear River (2020)/Clear River (2020).mp4');
  const copper = join(media.dir, 'Movies/Copper Sky (2021)/Copper Sky (2021).mkv');
  await Promise.all([
    mkdir(dirname(clear), { recursive: true }),
    mkdir(dirname(copper), { recursive: true }),
  ]);
  await makeSeekableClip(clear, { seconds: 12, audio: 'aac', width: 320, height: 180 });
  await makeSeekableClip(copper, { seconds: 8, audio: 'ac3', width: 320, height: 180 });
  server = await startTestServer({ mediaDir: media.dir });
  await server.server.media.idle();

  chromium = await launchChromium();
  tv = await linkedTv(chromium.context, server.url);
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
  await media?.remove();
});

describe('playback', () => {
  it('plays an MP4 directly; Space pauses; Back saves the position and details offer Resume there', async () => {
    await openDetails('Clear River');
    expect(await tv.getAttribute('[data-focused="true"]', 'data-testid')).toBe('details-play');
    await press('Enter');
    await tv.waitForSelector('[data-testid="player-video"]', { timeout: 20_000 });
    await tv.waitForFunction(
      () =>
        ((document.querySelector('[data-testid="player-video"]') as HTMLVideoElement | null)?.currentTime ??
          0) > 2,
      undefined,
      { timeout: 15_000 },
    );
    expect(
      await tv.$eval('[data-testid="player-video"]', (video) => (video as HTMLVideoElement).currentSrc),
    ).toMatch(/\/library\/parts\/\d+\/\d+\/file\.mp4\?X-Plex-Token=/);

    await press('Space');
    await tv.waitForFunction(
      () => (document.querySelector('[data-testid="player-video"]') as HTMLVideoElement).paused,
    );
    const pausedAt = await videoTime();
    await tv.waitForTimeout(500);
    expect(await videoTime()).toBeCloseTo(pausedAt, 1); // paused means paused

    await press('Escape');
    const resume = await tv.waitForSelector('[data-testid="details-resume"]', { timeout: 20_000 });
    const [minutes, seconds] = ((await resume.textContent()) ?? '')
      .replace('Resume from ', '')
      .split(':')
      .map(Number);
    expect(Math.abs(minutes * 60 + seconds - pausedAt)).toBeLessThanOrEqual(1.5);
  });

  it('plays an MKV with AC-3 through HLS, and Back ends the conversion on the server', async () => {
    await press('Escape'); // details → home
    await openDetails('Copper Sky');
    await press('Enter');
    await tv.waitForFunction(
      () =>
        ((document.querySelector('[data-testid="player-video"]') as HTMLVideoElement | null)?.currentTime ??
          0) > 1,
      undefined,
      { timeout: 20_000 },
    );
    // Native HLS (an .m3u8 source) or hls.js (a MediaSource blob), whichever this Chromium offers.
    expect(
      await tv.$eval('[data-testid="player-video"]', (video) => (video as HTMLVideoElement).currentSrc),
    ).toMatch(/start\.m3u8|^blob:/);
    const work = join(server.dataDir, TRANSCODE_DIR);
    expect(existsSync(work) && readdirSync(work).length).toBeGreaterThan(0);

    await press('Escape');
    await tv.waitForSelector('[data-testid="details"]', { timeout: 20_000 });
    await eventually(async () => !existsSync(work) || readdirSync(work).length === 0);
  });
});

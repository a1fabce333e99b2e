import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startTestServer } from '../support/home-server';
import { createMediaFixture } from '../support/media-fixtures';
import { makeSeekableClip } from '../support/tiny-media';
import { linkedTv, movieKey, openDetailsFromHome, pressOnTv } from '../support/tv';
import { type Figure, median, ms } from './stats';

// OK on Play → first frame, in real Chromium against the home server: an H.264/AAC MP4 played directly and
// an MKV with AC-3 played through HLS (decision, start.m3u8, ffmpeg's first segment, then the player).
// Measured inside the page: the OK keydown's timestamp → the first animation frame after the <video> has
// a decoded frame to show (readyState ≥ 2 and currentTime > 0).

const RUNS = 10;

export async function playStart(): Promise<Figure[]> {
  const media = await createMediaFixture('marquee-bench-play-');
  const direct = join(media.dir, 'Movies/Clear River (2020)/Clear River (2020).mp4');
  const hls = join(media.dir, 'Movies/Copper Sky (2021)/Copper Sky (2021).mkv');
  await Promise.all([mkdir(dirname(direct), { recursive: true }), mkdir(dirname(hls), { recursive: true })]);
  await makeSeekableClip(direct, { seconds: 30, audio: 'aac', width: 1280, height: 720 });
  await makeSeekableClip(hls, { seconds: 30, audio: 'ac3', width: 1280, height: 720 });
  const server = await startTestServer({ mediaDir: media.dir });
  const browser = await launchChromium();
  try {
    await server.server.media.idle();
    const tv = await linkedTv(browser.context, server.url);
    const figures: Figure[] = [];
    for (const [label, title] of [
      ['direct play', 'Clear River'],
      ['HLS (AC-3 → AAC)', 'Copper Sky'],
    ] as const) {
      await openDetailsFromHome(tv, await movieKey(tv, server.url, title));
      const times: number[] = [];
      for (let run = 1; run <= RUNS; run++) {
        times.push(await okToFirstFrame(tv));
        await pressOnTv(tv, 'Escape'); // back to details; the player ends its session
        await tv.waitForSelector('[data-testid="details"] [data-testid="details-play"]', { timeout: 10_000 });
        await focusPlay(tv);
      }
      console.log(`  ${label}: ${times.map((time) => ms(time)).join(', ')}`);
      console.log(`  ${label}: median of ${RUNS} ${ms(median(times))}`);
      figures.push({
        name: `OK on Play → first frame, ${label} (median of ${RUNS})`,
        value: median(times),
        unit: 'ms',
      });
      await pressOnTv(tv, 'Escape'); // details → home
    }
    return figures;
  } finally {
    await browser.close();
    await server.close();
    await media.remove();
  }
}

/** Presses OK on the focused Play button and times it to the first frame on screen. */
export async function okToFirstFrame(tv: Page): Promise<number> {
  await tv.evaluate(() => {
    const w = window as unknown as { okAt?: number };
    w.okAt = undefined;
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.keyCode === 13) w.okAt = event.timeStamp;
      },
      { capture: true, once: true },
    );
  });
  await tv.keyboard.press('Enter');
  const elapsed = await tv.waitForFunction(
    () => {
      const video = document.querySelector('[data-testid="player-video"]') as HTMLVideoElement | null;
      const okAt = (window as unknown as { okAt?: number }).okAt;
      if (!video || okAt === undefined || video.readyState < 2 || video.currentTime <= 0) return false;
      return performance.now() - okAt;
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await elapsed.jsonValue()) as number;
}

/** After a play, details offers Resume first: move to "Play from start" so every run starts the same. */
export async function focusPlay(tv: Page): Promise<void> {
  for (let i = 0; i < 3; i++) {
    if ((await tv.getAttribute('[data-focused="true"]', 'data-testid')) === 'details-play') return;
    await pressOnTv(tv, 'ArrowRight');
  }
}

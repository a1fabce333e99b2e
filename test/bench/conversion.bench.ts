import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { uniformBoundaries } from '../../src/server/media/playback/segment-plan';
import { ffmpegArgs, TranscodeSessions } from '../../src/server/media/playback/transcode-sessions';
import { ffmpegPath, runProcess } from '../../src/server/media/tools';
import { launchChromium } from '../support/chromium';
import { startTestServer } from '../support/home-server';
import { createMediaFixture } from '../support/media-fixtures';
import { makeVideoClip } from '../support/tiny-media';
import { linkedTv, movieKey, openDetailsFromHome, pressOnTv } from '../support/tv';
import { focusPlay, okToFirstFrame } from './play-start.bench';
import { type Figure, median, ms } from './stats';

// Video conversions (npm run bench -- conversion):
// (a) OK on Play → first frame with the video converted: a lossless 720p H.264 MP4 (far above the cap) played
//     at 2 Mbps 720p (the TV's kept quality), in real Chromium against the home server; median of 5.
// (b) CPU seconds per minute of 720p video converted at 2 Mbps with the server's own ffmpeg arguments
//     (libx264 veryfast), and how many times faster than real time that ran: bash's `times` of the child.
// (c) How far ahead of the player the conversion runs: a player asking for one 2 s segment every 2 s (1×)
//     for 80 s, the distance sampled every half second (the throttle pauses at 60 s and resumes at 30 s).

const RUNS = 5;
const CPU_SECONDS = 30;
const AHEAD_SECONDS = 180;
const PLAYER_SECONDS = 80;

export async function conversion(): Promise<Figure[]> {
  return [...(await firstFrame()), ...(await cpuPerMinute()), ...(await aheadOfPlayer())];
}

async function firstFrame(): Promise<Figure[]> {
  const media = await createMediaFixture('marquee-bench-conversion-');
  const film = join(media.dir, 'Movies/Sharp (2020)/Sharp (2020).mp4');
  await mkdir(dirname(film), { recursive: true });
  console.log('  making a 30 s lossless 720p clip…');
  await makeVideoClip(film, { codec: 'h264', seconds: 30, width: 1280, height: 720 });
  const server = await startTestServer({ mediaDir: media.dir });
  const browser = await launchChromium();
  try {
    await server.server.media.idle();
    const tv = await linkedTv(browser.context, server.url);
    // The quality the TV keeps (player-controller.ts): every play starts at 2 Mbps 720p.
    await tv.evaluate(() => localStorage.setItem('marquee.quality.local', '2m-720p'));
    await openDetailsFromHome(tv, await movieKey(tv, server.url, 'Sharp'));
    const times: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const decision = tv.waitForResponse((response) => response.url().includes('/universal/decision'));
      const time = await okToFirstFrame(tv).catch(async (error: unknown) => {
        const shown = await tv.textContent('[data-testid="player"]').catch(() => null);
        throw new Error(`run ${run}: no first frame (${String(error)}); the player shows: ${shown}`);
      });
      console.log(`  run ${run}: ${ms(time)}`);
      times.push(time);
      const part = (await (await decision).json()).MediaContainer.Metadata[0].Media[0].Part[0];
      if (part.decision !== 'transcode' || part.Stream[0].decision !== 'transcode') {
        throw new Error(`expected a video conversion, got ${part.decision}/${part.Stream[0].decision}`);
      }
      await pressOnTv(tv, 'Escape');
      await tv.waitForSelector('[data-testid="details"] [data-testid="details-play"]', { timeout: 10_000 });
      await focusPlay(tv);
    }
    console.log(`  OK → first frame at 2 Mbps 720p: ${times.map((time) => ms(time)).join(', ')}`);
    return [
      {
        name: `OK on Play → first frame, video converted (720p → 2 Mbps, median of ${RUNS})`,
        value: median(times),
        unit: 'ms',
      },
    ];
  } finally {
    await browser.close();
    await server.close();
    await media.remove();
  }
}

async function cpuPerMinute(): Promise<Figure[]> {
  const root = await mkdtemp(join(tmpdir(), 'marquee-bench-cpu-'));
  try {
    // An ordinary H.264 source (not lossless: decoding that would count as conversion work).
    const input = await makeVideoClip(join(root, 'source.mp4'), {
      codec: 'h264',
      seconds: CPU_SECONDS,
      width: 1280,
      height: 720,
      lossless: false,
    });
    const out = join(root, 'out');
    await mkdir(out);
    const args = ffmpegArgs(
      {
        input,
        offsetSeconds: 0,
        durationSeconds: CPU_SECONDS,
        video: 'h264',
        audio: 'aac',
        maxWidth: 1280,
        maxVideoKbps: 2000,
      },
      uniformBoundaries(CPU_SECONDS, 2),
      0,
      out,
      false,
    );
    const quoted = [ffmpegPath(), ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
    const started = Date.now();
    const result = await runProcess('/bin/bash', ['-c', `${quoted} && times`]);
    const wall = (Date.now() - started) / 1000;
    if (result.code !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
    // `times`: the shell's user/sys, then its children's ("0m12.345s 0m0.678s").
    const lines = result.stdout.trim().split('\n');
    const seconds = (lines[lines.length - 1] ?? '')
      .split(/\s+/)
      .map((field) => /(\d+)m([\d.]+)s/.exec(field))
      .reduce((sum, match) => sum + (match ? Number(match[1]) * 60 + Number(match[2]) : 0), 0);
    const perMinute = (seconds / CPU_SECONDS) * 60;
    console.log(
      `  ${CPU_SECONDS} s of 720p → 2 Mbps (libx264 veryfast): ${seconds.toFixed(1)} CPU s, ${wall.toFixed(1)} s wall (${(CPU_SECONDS / wall).toFixed(2)}× real time)`,
    );
    return [
      {
        name: 'CPU seconds per minute of 720p converted (2 Mbps, libx264 veryfast)',
        value: perMinute,
        unit: 's',
      },
      {
        name: 'conversion speed at 720p (libx264 veryfast), × real time',
        value: CPU_SECONDS / wall,
        unit: '×',
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function aheadOfPlayer(): Promise<Figure[]> {
  const root = await mkdtemp(join(tmpdir(), 'marquee-bench-ahead-'));
  const sessions = new TranscodeSessions({ workDir: join(root, 'transcodes') });
  try {
    console.log(`  making a ${AHEAD_SECONDS} s 720p clip…`);
    const input = await makeVideoClip(join(root, 'long.mp4'), {
      codec: 'h264',
      seconds: AHEAD_SECONDS,
      width: 1280,
      height: 720,
      lossless: false,
    });
    const options = {
      input,
      offsetSeconds: 0,
      durationSeconds: AHEAD_SECONDS,
      video: 'h264',
      audio: 'aac',
      maxWidth: 1280,
      maxVideoKbps: 2000,
    } as const;
    await sessions.start('ahead', options);
    const samples: number[] = [];
    const started = Date.now();
    let segment = 0;
    while (Date.now() - started < PLAYER_SECONDS * 1000) {
      const wanted = Math.floor((Date.now() - started) / 2000);
      if (wanted > segment || segment === 0) {
        segment = Math.max(segment, wanted);
        await sessions.segment('ahead', `seg${String(segment).padStart(5, '0')}.ts`);
      }
      const info = sessions.info('ahead');
      if (info) {
        const made = info.boundaries[Math.min(info.runNext, info.boundaries.length - 1)];
        samples.push(made - info.boundaries[info.playerSegment]);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const most = Math.max(...samples);
    const last = samples[samples.length - 1] ?? 0;
    console.log(
      `  ahead of a 1× player over ${PLAYER_SECONDS} s: at most ${most.toFixed(0)} s, at the end ${last.toFixed(0)} s (paused: ${sessions.info('ahead')?.paused})`,
    );
    return [
      { name: 'conversion ahead of the player, most (throttle at 60 s)', value: most, unit: 's' },
      { name: `conversion ahead of the player after ${PLAYER_SECONDS} s`, value: last, unit: 's' },
    ];
  } finally {
    await sessions.shutdown();
    await rm(root, { recursive: true, force: true });
  }
}

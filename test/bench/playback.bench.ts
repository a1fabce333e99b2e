import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROFILE, profileToQuery } from '../../src/protocol/playback';
import { TranscodeSessions } from '../../src/server/media/playback/transcode-sessions';
import { type PlaybackApp, startPlaybackApp, TOKEN } from '../support/playback-app';
import { makeSeekableClip } from '../support/tiny-media';
import { type Figure, median, ms } from './stats';

// Playback on the server side, over loopback HTTP with the real routes and ffmpeg:
// (a) time to the first HLS segment: decision → start.m3u8 → media playlist (waits for the first segment) →
//     the first segment's last byte; for a remux (H.264/AAC in MKV, copied) and an audio transcode
//     (H.264/AC-3 in MKV: video copied, AC-3 → AAC). A 10 s 720p clip, made once per run.
// (b) direct-play throughput: 8 concurrent readers pulling a 64 MiB file in 4 MiB ranges (as a player's
//     open-ended and seek reads do), against 8 plain fs readers of the same file as the ceiling.

const ITERATIONS = 5;
const READERS = 8;
const FILE_MIB = 64;
const RANGE_MIB = 4;

export async function playback(): Promise<Figure[]> {
  const root = await mkdtemp(join(tmpdir(), 'marquee-bench-playback-'));
  const mediaRoot = join(root, 'media');
  await mkdir(mediaRoot, { recursive: true });
  let app: PlaybackApp | undefined;
  try {
    console.log('  making 10 s 720p clips (H.264/AAC and H.264/AC-3 in MKV)…');
    const clipOptions = { seconds: 10, width: 1280, height: 720, fps: 25 };
    await makeSeekableClip(join(mediaRoot, 'aac.mkv'), { ...clipOptions, audio: 'aac' });
    await makeSeekableClip(join(mediaRoot, 'ac3.mkv'), { ...clipOptions, audio: 'ac3' });
    await makeBlob(join(mediaRoot, 'big.mp4'), FILE_MIB);

    app = await startPlaybackApp(new TranscodeSessions({ workDir: join(root, 'transcodes') }));
    const clip = (relativePath: string, audioCodec: string) => ({
      partId: 1,
      partKey: '/library/parts/1/1/file.mkv',
      relativePath,
      container: 'mkv',
      mediaRoot,
      videoCodec: 'h264',
      audioCodec,
      width: 1280,
      height: 720,
      durationMs: 10_000,
    });
    app.media.set(1, clip('aac.mkv', 'aac'));
    app.media.set(2, clip('ac3.mkv', 'ac3'));
    app.parts.set(3, { relativePath: 'big.mp4', container: 'mp4', mediaRoot });

    const remux: number[] = [];
    const audio: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      remux.push(await timeToFirstSegment(app, 1, `remux-${i}`));
      audio.push(await timeToFirstSegment(app, 2, `audio-${i}`));
    }
    console.log(`  first segment, remux: ${remux.map((v) => v.toFixed(0)).join(', ')} ms`);
    console.log(`  first segment, audio transcode: ${audio.map((v) => v.toFixed(0)).join(', ')} ms`);

    const file = join(mediaRoot, 'big.mp4');
    const size = (await stat(file)).size;
    // Warm the page cache so both sides read from memory.
    await plainRead(file, size, 1);
    const http = await httpRead(app, size, READERS);
    const plain = await plainRead(file, size, READERS);
    console.log(
      `  ${READERS} range readers over HTTP: ${http.toFixed(0)} MB/s; plain fs: ${plain.toFixed(0)} MB/s`,
    );
    console.log(`  median first segment: remux ${ms(median(remux))}, audio transcode ${ms(median(audio))}`);
    return [
      { name: `first HLS segment, remux 720p (median of ${ITERATIONS})`, value: median(remux), unit: 'ms' },
      {
        name: `first HLS segment, audio transcode 720p (median of ${ITERATIONS})`,
        value: median(audio),
        unit: 'ms',
      },
      { name: `direct play, ${READERS} range readers over loopback`, value: Math.round(http), unit: 'MB/s' },
      { name: `plain fs, ${READERS} readers (ceiling)`, value: Math.round(plain), unit: 'MB/s' },
    ];
  } finally {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  }
}

async function timeToFirstSegment(app: PlaybackApp, ratingKey: number, session: string): Promise<number> {
  const query = new URLSearchParams({
    path: `/library/metadata/${ratingKey}`,
    session,
    protocol: 'hls',
    ...profileToQuery(DEFAULT_PROFILE),
    'X-Plex-Token': TOKEN,
  }).toString();
  const universal = `${app.url}/video/:/transcode/universal`;
  const started = performance.now();
  const decision = await fetch(`${universal}/decision?${query}`);
  if (decision.status !== 200) throw new Error(`decision answered ${decision.status}`);
  await decision.arrayBuffer();
  const master = await fetch(`${universal}/start.m3u8?${query}`);
  if (master.status !== 200) throw new Error(`start.m3u8 answered ${master.status}`);
  const variant = (await master.text()).split('\n').find((line) => line && !line.startsWith('#')) ?? '';
  const playlistUrl = new URL(variant, master.url);
  const playlist = await fetch(playlistUrl);
  const segment = (await playlist.text()).split('\n').find((line) => line.startsWith('seg')) ?? '';
  const bytes = await (await fetch(new URL(segment, playlistUrl))).arrayBuffer();
  const elapsed = performance.now() - started;
  if (bytes.byteLength === 0) throw new Error('empty first segment');
  await fetch(`${universal}/stop?session=${session}&X-Plex-Token=${TOKEN}`);
  return elapsed;
}

/** MB/s (10^6 bytes) for `readers` clients each reading the whole file in ranges, starting at staggered offsets. */
async function httpRead(app: PlaybackApp, size: number, readers: number): Promise<number> {
  const url = `${app.url}/library/parts/3/1/file.mp4?X-Plex-Token=${TOKEN}`;
  const range = RANGE_MIB * 1024 * 1024;
  const ranges = Math.ceil(size / range);
  const reader = async (index: number) => {
    let total = 0;
    for (let i = 0; i < ranges; i++) {
      const start = ((i + index) % ranges) * range;
      const end = Math.min(size, start + range) - 1;
      const response = await fetch(url, { headers: { Range: `bytes=${start}-${end}` } });
      if (response.status !== 206 || !response.body) throw new Error(`range answered ${response.status}`);
      for await (const chunk of response.body) total += (chunk as Uint8Array).byteLength;
    }
    if (total !== size) throw new Error(`read ${total} of ${size} bytes`);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: readers }, (_, index) => reader(index)));
  return (size * readers) / 1e6 / ((performance.now() - started) / 1000);
}

async function plainRead(file: string, size: number, readers: number): Promise<number> {
  const reader = async () => {
    let total = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) {
      total += (chunk as Buffer).byteLength;
    }
    if (total !== size) throw new Error(`read ${total} of ${size} bytes`);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: readers }, reader));
  return (size * readers) / 1e6 / ((performance.now() - started) / 1000);
}

/** A file of `mib` MiB (its bytes don't matter for reading speed). */
async function makeBlob(target: string, mib: number): Promise<void> {
  const handle = await open(target, 'w');
  try {
    const chunk = Buffer.alloc(1024 * 1024, 0x5a);
    for (let i = 0; i < mib; i++) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ffmpegPath, runProcess, titleFontPath } from './tools';

// The demo library `npm start` serves when MEDIA_DIR is unset: generated once with ffmpeg, in Plex naming, with
// posters bearing each title, a few .nfo summaries, and files a TV cannot direct-play (MKV with AC-3 audio,
// AVI with MPEG-4 Part 2 video and MP3 audio).

export interface DemoOptions {
  /** Video size; 1280×720 by default. */
  width?: number;
  height?: number;
  /** Poster size (2:3); 400×600 by default. */
  posterWidth?: number;
  posterHeight?: number;
  /** Every file this long; unset, each title has its own length (20–60 s). */
  durationSeconds?: number;
  frameRate?: number;
  log?: (line: string) => void;
  /** Stops generation (the running ffmpeg is killed); the call then rejects. */
  signal?: AbortSignal;
}

type Kind = 'mp4' | 'mkv-ac3' | 'avi' | 'mkv-ac3-subs';

interface DemoVideo {
  /** Relative to the media dir. */
  file: string;
  title: string;
  seconds: number;
  color: string;
  kind: Kind;
  /** Poster beside the video, named as the scanner looks for it. */
  poster?: { file: string; title: string };
  nfo?: { file: string; xml: string };
}

const MARKER = '.marquee-demo-complete';

/** The sections the demo library is laid out for (whatever MEDIA_SECTIONS says). */
export const DEMO_SECTIONS: { folder: string; title: string; type: 'movie' | 'show' }[] = [
  { folder: 'Movies', title: 'Movies', type: 'movie' },
  { folder: 'TV Shows', title: 'TV Shows', type: 'show' },
];

/** The demo's sizes and lengths (tests make a tiny one). */
export type DemoSize = Pick<
  DemoOptions,
  'width' | 'height' | 'posterWidth' | 'posterHeight' | 'durationSeconds'
>;
/** Bump when the layout changes, so an older demo is generated again. */
const DEMO_VERSION = 1;

const MOVIES: { title: string; year: number; seconds: number; color: string; kind: Kind; plot?: string }[] = [
  {
    title: 'Big Lake',
    year: 2019,
    seconds: 30,
    color: '0x1f5f8b',
    kind: 'mp4',
    plot: 'A summer on the water, told by the people who never leave it.',
  },
  {
    title: 'The Quiet Harbour',
    year: 2016,
    seconds: 45,
    color: '0x2e7d32',
    kind: 'mp4',
    plot: 'A fishing town waits for a storm that may never come.',
  },
  {
    title: 'Copper Sky',
    year: 2021,
    seconds: 40,
    color: '0xb35900',
    kind: 'mkv-ac3',
    plot: 'Desert engineers race to finish a solar tower before the monsoon. (MKV, AC-3 audio.)',
  },
  { title: 'Paper Lanterns', year: 2008, seconds: 25, color: '0x8e2442', kind: 'avi' },
  { title: 'A Night in Lisbon', year: 2012, seconds: 35, color: '0x4a148c', kind: 'mp4' },
  { title: 'Northern Lights', year: 2018, seconds: 60, color: '0x00695c', kind: 'mp4' },
  { title: 'An Orchard in Autumn', year: 2014, seconds: 20, color: '0x795548', kind: 'mp4' },
  {
    title: 'Zero Gravity Café',
    year: 2023,
    seconds: 50,
    color: '0x37474f',
    kind: 'mp4',
    plot: 'Six astronauts, one espresso machine, no gravity.',
  },
];

const SHOW = {
  title: 'The Lighthouse Keepers',
  year: 2020,
  plot: 'Two keepers, one lighthouse, and the ships that pass in the night.',
  color: '0x263238',
  seasons: [
    {
      number: 1,
      color: '0x1565c0',
      episodes: ['First Light', 'Fog Bank', 'The Supply Boat', 'Storm Warning'],
    },
    { number: 2, color: '0xad1457', episodes: ['New Lenses', 'The Inspector', 'Ghost Ship', 'Last Watch'] },
  ],
};

/** Every video of the demo, in generation order (relative paths, Plex naming). */
export function demoLayout(durationSeconds?: number): DemoVideo[] {
  const videos: DemoVideo[] = [];
  for (const movie of MOVIES) {
    const name = `${movie.title} (${movie.year})`;
    const ext = movie.kind === 'avi' ? 'avi' : movie.kind.startsWith('mkv') ? 'mkv' : 'mp4';
    const video: DemoVideo = {
      file: `Movies/${name}/${name}.${ext}`,
      title: movie.title,
      seconds: durationSeconds ?? movie.seconds,
      color: movie.color,
      kind: movie.kind,
      poster: { file: `Movies/${name}/poster.jpg`, title: movie.title },
    };
    if (movie.plot) {
      video.nfo = {
        file: `Movies/${name}/${name}.nfo`,
        xml: nfoXml('movie', { title: movie.title, year: String(movie.year), plot: movie.plot }),
      };
    }
    videos.push(video);
  }
  const show = SHOW.title;
  for (const season of SHOW.seasons) {
    const seasonFolder = `TV Shows/${show}/Season ${String(season.number).padStart(2, '0')}`;
    season.episodes.forEach((episodeTitle, i) => {
      const code = `S${String(season.number).padStart(2, '0')}E${String(i + 1).padStart(2, '0')}`;
      const last = season.number === 2 && i === season.episodes.length - 1;
      const kind: Kind = last ? 'mkv-ac3-subs' : 'mp4';
      const video: DemoVideo = {
        file: `${seasonFolder}/${show} - ${code} - ${episodeTitle}.${kind === 'mp4' ? 'mp4' : 'mkv'}`,
        title: `${show}\n${code} · ${episodeTitle}`,
        seconds: durationSeconds ?? 20 + ((season.number * 4 + i) % 3) * 5,
        color: season.color,
        kind,
      };
      if (i === 0) {
        video.poster = { file: `${seasonFolder}/poster.jpg`, title: `${show}\nSeason ${season.number}` };
      }
      videos.push(video);
    });
  }
  // The show's own poster and .nfo ride on its first episode.
  const first = videos.find((video) => video.file.startsWith('TV Shows/'));
  if (first) {
    first.nfo = {
      file: `TV Shows/${show}/tvshow.nfo`,
      xml: nfoXml('tvshow', { title: show, year: String(SHOW.year), plot: SHOW.plot }),
    };
  }
  return videos;
}

/**
 * Generates the demo library into `dir` unless a complete one with the same settings is there (marker file).
 * Files are written under hidden names and renamed when done, so a scan never sees half a file; an
 * interrupted run resumes with the files it already made. Returns the number of videos made now.
 */
export async function generateDemoLibrary(
  dir: string,
  options: DemoOptions = {},
): Promise<{ generated: number; ms: number }> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const settings = {
    version: DEMO_VERSION,
    width: options.width ?? 1280,
    height: options.height ?? 720,
    posterWidth: options.posterWidth ?? 400,
    posterHeight: options.posterHeight ?? 600,
    durationSeconds: options.durationSeconds ?? null,
    frameRate: options.frameRate ?? 24,
  };
  const marker = join(dir, MARKER);
  const wanted = JSON.stringify(settings);
  if (existsSync(marker) && (await readFile(marker, 'utf8').catch(() => '')) === wanted) {
    return { generated: 0, ms: Date.now() - started };
  }

  const videos = demoLayout(options.durationSeconds);
  await removeLeftovers(dir, videos);
  const scratch = await mkdtemp(join(tmpdir(), 'marquee-demo-'));
  let generated = 0;
  try {
    const showPoster = join(dir, `TV Shows/${SHOW.title}/poster.jpg`);
    if (!existsSync(showPoster)) {
      await mkdir(dirname(showPoster), { recursive: true });
      await makePoster(showPoster, SHOW.title, SHOW.color, settings, scratch, options.signal);
    }
    for (let i = 0; i < videos.length; i++) {
      options.signal?.throwIfAborted();
      const video = videos[i];
      log(`Generating demo library: ${i + 1}/${videos.length} ${video.file}`);
      const target = join(dir, video.file);
      await mkdir(dirname(target), { recursive: true });
      if (video.poster && !existsSync(join(dir, video.poster.file))) {
        await makePoster(
          join(dir, video.poster.file),
          video.poster.title,
          video.color,
          settings,
          scratch,
          options.signal,
        );
      }
      if (video.nfo) await writeFile(join(dir, video.nfo.file), video.nfo.xml);
      if (existsSync(target)) continue;
      await makeVideo(target, video, settings, scratch, options.signal);
      generated += 1;
    }
    await writeFile(marker, wanted);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const ms = Date.now() - started;
  log(`Demo library ready in ${dir} (${generated} videos made in ${(ms / 1000).toFixed(1)} s)`);
  return { generated, ms };
}

/** Half-written files of an interrupted run (`.partial-…`): they are made again. */
async function removeLeftovers(dir: string, videos: DemoVideo[]): Promise<void> {
  const folders = new Set(videos.map((video) => dirname(join(dir, video.file))));
  folders.add(join(dir, `TV Shows/${SHOW.title}`));
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      if (name.startsWith('.partial-')) await rm(join(folder, name), { force: true });
    }
  }
}

interface Settings {
  width: number;
  height: number;
  posterWidth: number;
  posterHeight: number;
  frameRate: number;
}

async function makeVideo(
  target: string,
  video: DemoVideo,
  settings: Settings,
  scratch: string,
  signal?: AbortSignal,
): Promise<void> {
  const { width, height, frameRate } = settings;
  const titleFile = join(scratch, 'title.txt');
  const clockFile = join(scratch, 'clock.txt');
  await writeFile(titleFile, video.title);
  await writeFile(clockFile, '%{pts:hms}');
  const font = filterValue(titleFontPath());
  const size = Math.max(8, Math.round(height / 12));
  const filter =
    `drawtext=fontfile=${font}:textfile=${filterValue(titleFile)}:fontcolor=white:fontsize=${size}` +
    `:x=(w-tw)/2:y=(h-th)/2:line_spacing=${Math.round(size / 3)},` +
    `drawtext=fontfile=${font}:textfile=${filterValue(clockFile)}:fontcolor=white@0.8:fontsize=${Math.round(size * 0.6)}` +
    ':x=(w-tw)/2:y=h-2*th';
  const audio = `sine=frequency=${220 + (video.seconds % 7) * 55}:sample_rate=48000:duration=${video.seconds}`;
  // biome-ignore format: ffmpeg arguments read best as option/value pairs
  const inputs = ['-f', 'lavfi', '-i', `color=c=${video.color}:s=${width}x${height}:r=${frameRate}:d=${video.seconds}`,
    '-f', 'lavfi', '-i', audio];
  // biome-ignore format: ffmpeg arguments read best as option/value pairs
  const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '30', '-pix_fmt', 'yuv420p',
    '-g', String(frameRate * 2)];
  let codecArgs: string[];
  let subtitleInput: string[] = [];
  let maps = ['-map', '0:v', '-map', '1:a'];
  switch (video.kind) {
    case 'mp4':
      codecArgs = [...x264, '-c:a', 'aac', '-b:a', '64k', '-ac', '2', '-movflags', '+faststart'];
      break;
    case 'mkv-ac3':
      codecArgs = [...x264, '-c:a', 'ac3', '-b:a', '96k', '-ac', '2'];
      break;
    case 'mkv-ac3-subs': {
      const srt = join(scratch, 'subs.srt');
      await writeFile(
        srt,
        `1\n00:00:00,000 --> 00:00:0${Math.min(9, Math.max(1, video.seconds - 1))},000\nThe light is out.\n`,
      );
      subtitleInput = ['-i', srt];
      maps = [...maps, '-map', '2:s'];
      // biome-ignore format: ffmpeg arguments read best as option/value pairs
      codecArgs = [...x264, '-c:a', 'ac3', '-b:a', '96k', '-ac', '2', '-c:s', 'srt', '-metadata:s:s:0', 'language=eng'];
      break;
    }
    case 'avi':
      codecArgs = ['-c:v', 'mpeg4', '-q:v', '8', '-c:a', 'libmp3lame', '-b:a', '64k', '-ac', '2'];
      break;
  }
  const partial = join(
    dirname(target),
    `.partial-${Date.now()}-${target.slice(target.lastIndexOf('/') + 1)}`,
  );
  // biome-ignore format: ffmpeg arguments read best as option/value pairs
  const args = ['-v', 'error', '-y', ...inputs, ...subtitleInput, ...maps, '-vf', filter, ...codecArgs,
    '-metadata:s:a:0', 'language=eng', partial];
  const result = await runProcess(ffmpegPath(), args, { signal });
  if (result.code !== 0) {
    await rm(partial, { force: true });
    throw new Error(`ffmpeg could not make ${target}: ${result.stderr.trim().split('\n').pop() ?? ''}`);
  }
  await rename(partial, target);
}

async function makePoster(
  target: string,
  title: string,
  color: string,
  settings: Settings,
  scratch: string,
  signal?: AbortSignal,
): Promise<void> {
  const { posterWidth: width, posterHeight: height } = settings;
  const textFile = join(scratch, 'poster.txt');
  await writeFile(textFile, wrap(title, 12));
  const size = Math.max(6, Math.round(width / 9));
  const filter =
    `drawtext=fontfile=${filterValue(titleFontPath())}:textfile=${filterValue(textFile)}:fontcolor=white` +
    `:fontsize=${size}:line_spacing=${Math.round(size / 3)}:x=(w-tw)/2:y=(h-th)/2`;
  const partial = join(dirname(target), `.partial-${Date.now()}-poster.jpg`);
  // biome-ignore format: ffmpeg arguments read best as option/value pairs
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${color}:s=${width}x${height}`, '-vf', filter,
    '-frames:v', '1', '-q:v', '3', partial];
  const result = await runProcess(ffmpegPath(), args, { signal });
  if (result.code !== 0) {
    await rm(partial, { force: true });
    throw new Error(`ffmpeg could not make ${target}: ${result.stderr.trim().split('\n').pop() ?? ''}`);
  }
  await rename(partial, target);
}

/** Words onto lines of about `width` characters (drawtext does not wrap). Existing newlines stay. */
function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const lines: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        if (current && current.length + 1 + word.length > width) {
          lines.push(current);
          current = word;
        } else {
          current = current ? `${current} ${word}` : word;
        }
      }
      if (current) lines.push(current);
      return lines.join('\n');
    })
    .join('\n');
}

/** A path as a filtergraph option value: quoted, with the characters filters treat specially escaped. */
function filterValue(path: string): string {
  return `'${path.replace(/\\/g, '\\\\').replace(/'/g, "'\\\\''").replace(/:/g, '\\:')}'`;
}

function nfoXml(root: string, fields: Record<string, string>): string {
  const body = Object.entries(fields)
    .map(([name, value]) => `  <${name}>${value.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${name}>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${root}>\n${body}\n</${root}>\n`;
}

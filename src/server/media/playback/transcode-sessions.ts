import type { ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ffmpegPath } from '../tools';
import { keyframeAtOrBefore } from './keyframes';
import { recordRun, removeLeftovers } from './leftover-transcodes';
import { spawnTiedToThisProcess } from './tied-process';

// One ffmpeg per playback session, writing HLS (MPEG-TS segments of about `segmentSeconds`, an EVENT playlist
// that grows until #EXT-X-ENDLIST) into its own folder under the work dir. Sessions end on stop, on idle (no
// playlist or segment request for `idleMs`), and on shutdown; their folders are always removed and their
// ffmpeg always awaited (SIGTERM, then SIGKILL after a grace period), so no zombies and no leftovers.
// Should the server itself die (SIGKILL, a crash), each ffmpeg dies with it (tied-process.ts), and the next
// start removes the folders and ends any ffmpeg an older run left (leftover-transcodes.ts).
//
// An ffmpeg that fails mid-stream (exits with an error before #EXT-X-ENDLIST, not stopped by us) ends its
// session: the failure is logged, the slot freed, and the session's playlist and segments answer
// TranscodeFailedError from then on, so the player shows an error instead of waiting on a playlist that no
// longer grows. It is not restarted: when the input is what made ffmpeg fail, a restart fails the same way;
// playing again (a new start.m3u8 at the resume point) is the retry.
//
// Seeking: the player seeks inside what the playlist already holds by itself. It asks for a new start only to
// go somewhere the stream doesn't reach yet (far ahead of what was produced, or before the stream's start), and
// then the stream must begin there. So a start at another offset restarts ffmpeg, `-ss` before `-i`; a start at
// the stream's own offset (a player re-fetching start.m3u8) keeps it. Converted video begins exactly at the
// offset (ffmpeg decodes from the keyframe before and drops the rest); copied video can only begin at a keyframe,
// so the keyframe at or before the offset is looked up first (keyframes.ts) and ffmpeg starts exactly there.
// Either way StartResult.streamStartSeconds says where the stream's time 0 is in the file.

export type VideoMode = 'copy' | 'h264';
export type AudioMode = 'copy' | 'aac' | 'none';

export interface StartOptions {
  /** Absolute path of the checked input file. */
  input: string;
  /** Where in the file to start, in seconds. */
  offsetSeconds: number;
  video: VideoMode;
  audio: AudioMode;
  /** Largest width when converting video (kept when copying). */
  maxWidth?: number;
}

export interface StartResult {
  /** A new ffmpeg was started (the first start, or a start at another offset). */
  restarted: boolean;
  /**
   * The file time at which the stream begins (its time 0): the requested offset when converting video; when
   * copying it, the keyframe at or before the offset (copied video can only start at a keyframe).
   */
  streamStartSeconds: number;
}

/** A start this close to the running stream's requested offset is the same stream (a re-fetch), in seconds. */
export const SAME_OFFSET_S = 0.5;

export interface TranscodeSessionsOptions {
  /** Parent of the per-session folders; created on demand, removed by shutdown(). */
  workDir: string;
  /** Concurrent sessions at most (default 2: a 2-core box converts two videos in real time at best). */
  maxSessions?: number;
  /** A session with no playlist or segment request for this long is ended (default 60 s). */
  idleMs?: number;
  /** Target segment length (default 2 s; copied video cuts at keyframes, so segments may be longer). */
  segmentSeconds?: number;
  /** How long playlist() waits for the first segment (default 20 s). */
  firstSegmentTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL (default 2 s). */
  killGraceMs?: number;
  /** Feed the input at 1× speed (ffmpeg -re), as a throttled transcoder would; tests use it. Default false. */
  realtime?: boolean;
  /** Finds where a stream copy can begin (default: keyframes.ts, by ffprobe). */
  findKeyframe?: (input: string, offsetSeconds: number) => Promise<number | null>;
  ffmpeg?: string;
  log?: (line: string) => void;
}

/** Past the cap on concurrent sessions: the route answers 503 with `message`. */
export class TooManySessionsError extends Error {
  constructor(readonly limit: number) {
    super('Too many videos are being converted at once; stop one and try again');
    this.name = 'TooManySessionsError';
  }
}

/**
 * ffmpeg ended without writing a first segment (unreadable input, offset past the end, …), or failed mid-stream
 * and so ended its session.
 */
export class TranscodeFailedError extends Error {
  constructor(readonly detail: string) {
    super('The video could not be converted');
    this.name = 'TranscodeFailedError';
  }
}

const SESSION_ID = /^[A-Za-z0-9_-]{1,100}$/;
const SEGMENT_NAME = /^seg\d{5}\.ts$/;
const PLAYLIST = 'index.m3u8';
const SEGMENT_FILES = 'seg%05d.ts';
const POLL_MS = 50;
/** Failed sessions remembered (for their error answers) until stopped or started again; the oldest go first. */
const MAX_FAILURES = 100;

export function isValidSessionId(id: string): boolean {
  return SESSION_ID.test(id);
}

interface Run {
  process: ChildProcess;
  pid: number;
  args: string[];
  dir: string;
  /** As ffmpeg runs it: offsetSeconds is where the stream begins. */
  options: StartOptions;
  /** The offset the client asked for. */
  requestedSeconds: number;
  exited: Promise<void>;
  /** undefined while running; null when ended by a signal (exitSignal). */
  exitCode: number | null | undefined;
  exitSignal: NodeJS.Signals | null;
  /** We are ending it (stop, restart, shutdown): its exit is no failure. */
  ending: boolean;
  stderr: string;
}

interface Session {
  id: string;
  run: Run;
  idleTimer: NodeJS.Timeout | undefined;
  /** Serialises start/stop on one session. */
  busy: Promise<unknown>;
}

export class TranscodeSessions {
  private readonly sessions = new Map<string, Session>();
  /** Session ids whose first start is in flight: they count towards the cap. */
  private readonly starting = new Map<string, Promise<unknown>>();
  /** Sessions ended by a failed ffmpeg: id → what failed. */
  private readonly failures = new Map<string, string>();
  private leftovers: Promise<void> | null = null;
  private runCounter = 0;
  private closed = false;
  maxSessions: number;
  readonly idleMs: number;
  private readonly segmentSeconds: number;
  private readonly firstSegmentTimeoutMs: number;
  private readonly killGraceMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: TranscodeSessionsOptions) {
    this.maxSessions = options.maxSessions ?? 2;
    this.idleMs = options.idleMs ?? 60_000;
    this.segmentSeconds = options.segmentSeconds ?? 2;
    this.firstSegmentTimeoutMs = options.firstSegmentTimeoutMs ?? 20_000;
    this.killGraceMs = options.killGraceMs ?? 2_000;
    this.log = options.log ?? (() => {});
  }

  get size(): number {
    return this.sessions.size;
  }

  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  /** For tests and diagnostics: the running ffmpeg of a session. */
  info(sessionId: string): { pid: number; args: string[]; dir: string; offsetSeconds: number } | null {
    const session = this.sessions.get(sessionId);
    if (!session) return null;
    const { pid, args, dir, options } = session.run;
    return { pid, args, dir, offsetSeconds: options.offsetSeconds };
  }

  /**
   * Ends what a previous run of the server left in the work dir (its ffmpegs, its folders). Done once, before
   * the first start; the home server awaits it when it starts.
   */
  removeLeftovers(): Promise<void> {
    this.leftovers ??= removeLeftovers(this.options.workDir, this.log).catch((error: unknown) => {
      this.log(`transcode: could not remove what a previous run left: ${String(error)}`);
    });
    return this.leftovers;
  }

  /**
   * Starts (or keeps, or restarts) the session's ffmpeg. Throws TooManySessionsError past the cap (a restart
   * of an existing session never counts as a new one).
   */
  async start(sessionId: string, options: StartOptions): Promise<StartResult> {
    if (!isValidSessionId(sessionId)) throw new Error(`invalid session id ${JSON.stringify(sessionId)}`);
    if (this.closed) throw new Error('transcode sessions are shut down');
    await this.removeLeftovers();
    // A new start of a failed session is a new attempt.
    this.failures.delete(sessionId);
    // A second start while the first is spawning (a player retrying start.m3u8) waits for it, then goes on as
    // a start of an existing session.
    const pending = this.starting.get(sessionId);
    if (pending) await pending.catch(() => {});
    const existing = this.sessions.get(sessionId);
    if (!existing) {
      if (this.sessions.size + this.starting.size >= this.maxSessions) {
        throw new TooManySessionsError(this.maxSessions);
      }
      const spawning = this.spawnRun(sessionId, options);
      this.starting.set(sessionId, spawning);
      try {
        const run = await spawning;
        if (this.closed) {
          await this.endRun(run);
          throw new Error('transcode sessions are shut down');
        }
        const session: Session = { id: sessionId, run, idleTimer: undefined, busy: Promise.resolve() };
        this.sessions.set(sessionId, session);
        this.endOnFailure(session, run);
        this.touch(sessionId);
        return { restarted: true, streamStartSeconds: run.options.offsetSeconds };
      } finally {
        this.starting.delete(sessionId);
      }
    }
    return this.serialised(existing, async () => {
      this.touch(sessionId);
      const current = existing.run.options;
      const sameStreams =
        current.input === options.input &&
        current.video === options.video &&
        current.audio === options.audio &&
        current.maxWidth === options.maxWidth;
      const near = (time: number) => Math.abs(options.offsetSeconds - time) <= SAME_OFFSET_S;
      const failed = existing.run.exitCode !== undefined && existing.run.exitCode !== 0;
      if (!failed && sameStreams && (near(existing.run.requestedSeconds) || near(current.offsetSeconds))) {
        return { restarted: false, streamStartSeconds: current.offsetSeconds };
      }
      const produced = await this.producedSeconds(existing.run);
      const where =
        options.offsetSeconds > current.offsetSeconds + produced
          ? 'past what was produced'
          : 'inside the stream';
      this.log(
        `transcode ${sessionId}: restart at ${options.offsetSeconds} s, ${where} (${current.offsetSeconds} s + ${produced.toFixed(1)} s)`,
      );
      const old = existing.run;
      await this.endRun(old);
      existing.run = await this.spawnRun(sessionId, options);
      this.endOnFailure(existing, existing.run);
      return { restarted: true, streamStartSeconds: existing.run.options.offsetSeconds };
    });
  }

  /**
   * The session's media playlist once it lists a first segment (waits up to firstSegmentTimeoutMs). null for an
   * unknown session; TranscodeFailedError when ffmpeg ends or times out without a segment, or for a session
   * its ffmpeg's failure ended.
   */
  async playlist(sessionId: string): Promise<string | null> {
    const deadline = Date.now() + this.firstSegmentTimeoutMs;
    for (;;) {
      const session = this.sessions.get(sessionId);
      if (!session) return this.unknownOrFailed(sessionId);
      this.touch(sessionId);
      const run = session.run;
      const text = await readPlaylist(run.dir);
      if (text.includes('#EXTINF')) return text;
      if (run.exitCode !== undefined && session.run === run) {
        throw new TranscodeFailedError(
          `ffmpeg exited with ${run.exitCode}: ${run.stderr.trim().slice(-500)}`,
        );
      }
      if (Date.now() > deadline) throw new TranscodeFailedError('no first segment in time');
      await delay(POLL_MS);
    }
  }

  /**
   * The file of one of the session's segments, once the playlist lists it (so never one ffmpeg is still
   * writing), waiting a little for the next few. Only names ffmpeg gives them (seg00000.ts, …). null when
   * unknown; TranscodeFailedError for a session its ffmpeg's failure ended. Marks the session active.
   */
  async segment(sessionId: string, name: string): Promise<string | null> {
    if (!SEGMENT_NAME.test(name)) return null;
    const index = Number(name.slice(3, 8));
    const deadline = Date.now() + this.firstSegmentTimeoutMs;
    for (;;) {
      const session = this.sessions.get(sessionId);
      if (!session) return this.unknownOrFailed(sessionId);
      this.touch(sessionId);
      const run = session.run;
      const listed = await this.listedSegments(run);
      if (listed.includes(name)) return join(run.dir, name);
      // Not listed yet: worth waiting only while ffmpeg runs and only for the next few segments.
      if (run.exitCode !== undefined || Date.now() > deadline || index > listed.length + 2) return null;
      await delay(POLL_MS);
    }
  }

  /** Marks a session active (a playlist/segment request or a ping); restarts its idle timer. */
  touch(sessionId: string): boolean {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    if (session.idleTimer) clearTimeout(session.idleTimer);
    session.idleTimer = setTimeout(() => {
      this.log(`transcode ${sessionId}: idle for ${this.idleMs} ms, stopping`);
      void this.stop(sessionId);
    }, this.idleMs);
    session.idleTimer.unref();
    return true;
  }

  /** Ends a session: ffmpeg awaited, folder removed. false when there was no such session. */
  async stop(sessionId: string): Promise<boolean> {
    this.failures.delete(sessionId);
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    await this.end(session);
    return true;
  }

  /** Ends every session and removes the work dir. */
  async shutdown(): Promise<void> {
    this.closed = true;
    await this.leftovers;
    await Promise.all([...this.starting.values()].map((spawning) => spawning.catch(() => {})));
    await Promise.all([...this.sessions.keys()].map((id) => this.stop(id)));
    await rm(this.options.workDir, { recursive: true, force: true });
  }

  private async end(session: Session): Promise<void> {
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    if (session.idleTimer) clearTimeout(session.idleTimer);
    await session.busy.catch(() => {});
    await this.endRun(session.run);
  }

  private unknownOrFailed(sessionId: string): null {
    const failure = this.failures.get(sessionId);
    if (failure !== undefined) throw new TranscodeFailedError(failure);
    return null;
  }

  /**
   * When `run` exits with an error before the end of its stream while still the session's run (not stopped or
   * replaced by us): logs it, remembers the failure for the session's playlist and segment answers, and ends
   * the session (its slot is free again).
   */
  private endOnFailure(session: Session, run: Run): void {
    const watch = async () => {
      await run.exited;
      if (run.ending || run.exitCode === 0) return;
      // A stream already complete lost nothing.
      if ((await readPlaylist(run.dir)).includes('#EXT-X-ENDLIST')) return;
      if (run.ending || session.run !== run || this.sessions.get(session.id) !== session) return;
      const lastLine = run.stderr.trim().split('\n').pop()?.trim() || '(no output)';
      const failure = `ffmpeg ${run.pid} failed with ${run.exitSignal ?? run.exitCode}: ${lastLine}`;
      this.log(`transcode ${session.id}: ${failure}`);
      this.failures.delete(session.id);
      this.failures.set(session.id, failure);
      for (const id of this.failures.keys()) {
        if (this.failures.size <= MAX_FAILURES) break;
        this.failures.delete(id);
      }
      await this.end(session);
    };
    watch().catch((error: unknown) => this.log(`transcode ${session.id}: ${String(error)}`));
  }

  private serialised<T>(session: Session, task: () => Promise<T>): Promise<T> {
    const next = session.busy.catch(() => {}).then(task);
    session.busy = next;
    return next;
  }

  private async spawnRun(sessionId: string, requested: StartOptions): Promise<Run> {
    const options = { ...requested };
    if (options.video === 'copy' && options.offsetSeconds > 0) {
      const find = this.options.findKeyframe ?? keyframeAtOrBefore;
      const keyframe = await find(options.input, options.offsetSeconds).catch(() => null);
      if (keyframe !== null) options.offsetSeconds = keyframe;
    }
    this.runCounter += 1;
    const dir = join(this.options.workDir, `${sessionId}-${this.runCounter}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const args = ffmpegArgs(options, dir, this.segmentSeconds, this.options.realtime ?? false);
    // Tied: should this process die, ffmpeg dies with it.
    const child = spawnTiedToThisProcess(this.options.ffmpeg ?? ffmpegPath(), args, 'ignore', 'pipe');
    const run: Run = {
      process: child,
      pid: child.pid ?? -1,
      args,
      dir,
      options,
      requestedSeconds: requested.offsetSeconds,
      exitCode: undefined,
      exitSignal: null,
      ending: false,
      stderr: '',
      exited: Promise.resolve(),
    };
    run.exited = new Promise<void>((resolve) => {
      child.on('error', (error) => {
        run.stderr += String(error);
        if (run.exitCode === undefined) run.exitCode = null;
        resolve();
      });
      child.on('close', (code, signal) => {
        if (run.exitCode === undefined) {
          run.exitCode = code;
          run.exitSignal = signal;
        }
        resolve();
      });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      run.stderr = (run.stderr + chunk.toString('utf8')).slice(-4000);
    });
    // For the next start, should this server die before removing the folder (leftover-transcodes.ts).
    if (child.pid) {
      await recordRun(dir, child.pid, [join(dir, SEGMENT_FILES), join(dir, PLAYLIST)]).catch(
        (error: unknown) =>
          this.log(`transcode ${sessionId}: could not record ffmpeg ${child.pid}: ${String(error)}`),
      );
    }
    this.log(`transcode ${sessionId}: ffmpeg ${child.pid} from ${options.offsetSeconds} s`);
    return run;
  }

  /** SIGTERM, SIGKILL after the grace period, await the exit, remove the folder. */
  private async endRun(run: Run): Promise<void> {
    run.ending = true;
    if (run.exitCode === undefined) {
      run.process.kill('SIGTERM');
      const killer = setTimeout(() => run.process.kill('SIGKILL'), this.killGraceMs);
      await run.exited;
      clearTimeout(killer);
    }
    await rm(run.dir, { recursive: true, force: true });
  }

  private async producedSeconds(run: Run): Promise<number> {
    const text = await readPlaylist(run.dir);
    return playlistSeconds(text);
  }

  private async listedSegments(run: Run): Promise<string[]> {
    const text = await readPlaylist(run.dir);
    return text
      .split('\n')
      .filter((line) => SEGMENT_NAME.test(line.trim()))
      .map((line) => line.trim());
  }
}

/**
 * The media playlist cut after its last complete entry. This ffmpeg build rewrites the playlist in place (it
 * warns that `-hls_flags temp_file` cannot rename), so a read can catch it half-written: a partial last line, or
 * an #EXTINF whose segment line is not there yet. '' when there is no playlist yet.
 */
async function readPlaylist(dir: string): Promise<string> {
  return completePlaylist(await readFile(join(dir, PLAYLIST), 'utf8').catch(() => ''));
}

export function completePlaylist(text: string): string {
  if (!text.startsWith('#EXTM3U')) return '';
  const lines = text.split('\n');
  lines.pop(); // '' after the final newline, or a partial line
  let lastEntry = -1;
  lines.forEach((line, index) => {
    if (line === '#EXT-X-ENDLIST' || (line !== '' && !line.startsWith('#'))) lastEntry = index;
  });
  const end = lastEntry >= 0 ? lastEntry + 1 : lines.findIndex((line) => line.startsWith('#EXTINF'));
  const kept = end >= 0 ? lines.slice(0, end) : lines;
  return `${kept.join('\n')}\n`;
}

/** The total of a media playlist's #EXTINF durations. */
export function playlistSeconds(text: string): number {
  let total = 0;
  for (const match of text.matchAll(/#EXTINF:([\d.]+)/g)) total += Number(match[1]);
  return total;
}

/** ffmpeg's arguments for one run (exported for tests). */
export function ffmpegArgs(
  options: StartOptions,
  dir: string,
  segmentSeconds: number,
  realtime: boolean,
): string[] {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];
  if (realtime) args.push('-re');
  if (options.offsetSeconds > 0) args.push('-ss', options.offsetSeconds.toFixed(3));
  args.push('-i', options.input, '-map', '0:v:0');
  if (options.audio !== 'none') args.push('-map', '0:a:0?');
  if (options.video === 'copy') {
    args.push('-c:v', 'copy');
  } else {
    args.push('-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-profile:v', 'high');
    // A keyframe at every segment boundary, so segments are the requested length.
    args.push('-force_key_frames', `expr:gte(t,n_forced*${segmentSeconds})`);
    if (options.maxWidth) args.push('-vf', `scale=w='min(iw,${options.maxWidth})':h=-2`);
  }
  if (options.audio === 'copy') args.push('-c:a', 'copy');
  else if (options.audio === 'aac') args.push('-c:a', 'aac', '-ac', '2', '-b:a', '160k');
  else args.push('-an');
  args.push(
    '-sn',
    '-dn',
    '-f',
    'hls',
    '-hls_time',
    String(segmentSeconds),
    '-hls_list_size',
    '0',
    '-hls_playlist_type',
    'event',
    '-hls_segment_type',
    'mpegts',
    '-hls_flags',
    'temp_file',
    '-start_number',
    '0',
    '-hls_segment_filename',
    join(dir, SEGMENT_FILES),
    join(dir, PLAYLIST),
  );
  return args;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

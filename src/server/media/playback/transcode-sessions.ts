import type { ChildProcess } from 'node:child_process';
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ffmpegPath } from '../tools';
import { throttleStep } from './conversion-throttle';
import { keyframeTimes } from './keyframes';
import { recordRun, removeLeftovers } from './leftover-transcodes';
import {
  keyframeBoundaries,
  segmentAt,
  segmentCount,
  segmentIndexOf,
  segmentName,
  uniformBoundaries,
  vodPlaylist,
} from './segment-plan';
import { spawnTiedToThisProcess } from './tied-process';

// HLS conversions, one session per player. A session's stream is planned before anything is made: its segment
// boundaries come from the probe's duration (and, for copied video, the file's keyframes; segment-plan.ts), so
// its media playlist is a complete VOD playlist from the first request, the same for a TV's own HLS player and
// for hls.js. (The growing EVENT playlist it replaces made desktop Chromium jump to its "live" end and fail.)
//
// Segments are made on demand by one ffmpeg at a time per session (a "run"), from some segment onwards, into
// the run's own folder under the work dir (`-f segment`, MPEG-TS, timestamps kept from the file: `-copyts`, so
// segments of different runs join up). A segment is served only once ffmpeg lists it as finished. A run is
// throttled (conversion-throttle.ts): paused when it is `maxAheadSeconds` ahead of the last segment the player
// asked for, resumed when the player catches up. A request for a segment the run will not reach soon (a far
// seek ahead, or back before where the run began) restarts it at that segment: copied video at exactly the
// keyframe the segment begins with, converted video exactly at its boundary (a keyframe is forced there).
// Finished segments are kept for the session's life, so seeking back into them needs no conversion.
//
// The cap on conversions counts running ffmpegs only: a session whose stream is all made holds no slot.
//
// Sessions end on stop, on idle (no playlist or segment request for `idleMs`), and on shutdown; their folders
// are always removed and their ffmpeg always awaited (SIGTERM, then SIGKILL after a grace period). Should the
// server itself die, each ffmpeg dies with it (tied-process.ts), and the next start removes the folders and ends
// any ffmpeg an older run left (leftover-transcodes.ts).
//
// An ffmpeg that fails (exits with an error, not stopped by us) ends its session: the failure is logged, the
// slot freed, and the session's playlist and segments answer TranscodeFailedError from then on, so the player
// shows an error. It is not restarted: when the input is what made ffmpeg fail, a restart fails the same way;
// playing again (a new start.m3u8) is the retry.

export type VideoMode = 'copy' | 'h264';
export type AudioMode = 'copy' | 'aac' | 'none';

export interface StartOptions {
  /** Absolute path of the checked input file. */
  input: string;
  /** Where in the file the player starts, in seconds: the conversion begins with the segment holding it. */
  offsetSeconds: number;
  /** The file's length from the probe: the playlist's length. */
  durationSeconds: number;
  video: VideoMode;
  audio: AudioMode;
  /** The input's stream index of the audio to play (ffprobe's `index`); the first audio stream when absent. */
  audioStreamIndex?: number;
  /**
   * The input's stream index of a picture subtitle (PGS, VobSub) to burn into the converted video: overlaid on
   * the picture, scaled to it (only with video 'h264').
   */
  burnSubtitleIndex?: number;
  /** Largest width when converting video (kept when copying). */
  maxWidth?: number;
  /** Video bitrate cap in kbps when converting video. */
  maxVideoKbps?: number;
}

export interface StartResult {
  /** A new ffmpeg was started (the first start, new streams, or a start where the running one won't reach). */
  restarted: boolean;
  /** The segment the player's offset falls in (the run begins there or before). */
  segment: number;
}

export interface TranscodeSessionsOptions {
  /** Parent of the per-run folders; created on demand, removed by shutdown(). */
  workDir: string;
  /** Concurrent running conversions at most (default 2: a 2-core box converts two videos in real time at best). */
  maxSessions?: number;
  /** A session with no playlist or segment request for this long is ended (default 60 s). */
  idleMs?: number;
  /** Target segment length (default 2 s; copied video is cut at keyframes, so its segments may be longer). */
  segmentSeconds?: number;
  /** A run is paused once this far ahead of the player's last segment request (default 60 s). */
  maxAheadSeconds?: number;
  /** A segment this far past what the run has made is a far seek: the run restarts there (default 12 s). */
  farSeekSeconds?: number;
  /** How long playlist() and segment() wait for a segment (default 20 s). */
  firstSegmentTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL (default 2 s). */
  killGraceMs?: number;
  /** Feed the input at 1× speed (ffmpeg -re); tests use it to keep a conversion running. Default false. */
  realtime?: boolean;
  /** The keyframes copied video is cut at (default: keyframes.ts, by ffprobe). */
  findKeyframes?: (input: string) => Promise<number[]>;
  ffmpeg?: string;
  log?: (line: string) => void;
}

/** Past the cap on running conversions: the route answers 503 with `message`. */
export class TooManySessionsError extends Error {
  constructor(readonly limit: number) {
    super('Too many videos are being converted at once; stop one and try again');
    this.name = 'TooManySessionsError';
  }
}

/** ffmpeg ended without making a segment asked for, or failed and so ended its session. */
export class TranscodeFailedError extends Error {
  constructor(readonly detail: string) {
    super('The video could not be converted');
    this.name = 'TranscodeFailedError';
  }
}

/** What tests and diagnostics see of a session. */
export interface SessionInfo {
  /** The current run's ffmpeg (-1 when none ever ran). */
  pid: number;
  args: string[];
  /** The current run's folder. */
  dir: string;
  /** The segment the current run began with, and the first it has not finished. */
  runStart: number;
  runNext: number;
  running: boolean;
  /** Throttled: ffmpeg is stopped (SIGSTOP) because it is far enough ahead of the player. */
  paused: boolean;
  /** Finished segments, by index. */
  ready: number[];
  segments: number;
  boundaries: number[];
  /** The segment the player asked for last. */
  playerSegment: number;
}

/** A session id names a folder: letters, digits, `-` and `_`, never a path (playback-routes.ts checks it too). */
export const SESSION_ID_PATTERN = '^[A-Za-z0-9_-]{1,100}$';
const SESSION_ID = new RegExp(SESSION_ID_PATTERN);
const SEGMENT_FILES = 'seg%05d.ts';
/** ffmpeg's list of finished segments (`-segment_list`, CSV: name,start,end), a line per segment once closed. */
const SEGMENT_LIST = 'segments.csv';
const POLL_MS = 100;
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
  /** The first segment this run writes. */
  startIndex: number;
  /** The first segment from startIndex on that it has not finished. */
  nextIndex: number;
  exited: Promise<void>;
  /** undefined while running; null when ended by a signal (exitSignal). */
  exitCode: number | null | undefined;
  exitSignal: NodeJS.Signals | null;
  /** We are ending it (stop, restart, shutdown): its exit is no failure. */
  ending: boolean;
  paused: boolean;
  stderr: string;
  /** Notices ffmpeg's writes into the run folder at once (a copy runs far faster than the poll). */
  folderWatch: FSWatcher | null;
}

interface Session {
  id: string;
  /** The streams as asked for (offsetSeconds is the first start's). */
  options: StartOptions;
  boundaries: number[];
  /** Finished segments: index → file. */
  ready: Map<number, string>;
  run: Run | null;
  /** Every run folder of this session, removed when it ends. */
  dirs: string[];
  playerSegment: number;
  watcher: NodeJS.Timeout | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  /** Serialises starts, restarts and stop on one session. */
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
  readonly maxSessions: number;
  readonly idleMs: number;
  readonly segmentSeconds: number;
  readonly maxAheadSeconds: number;
  private readonly farSeekSeconds: number;
  private readonly firstSegmentTimeoutMs: number;
  private readonly killGraceMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: TranscodeSessionsOptions) {
    this.maxSessions = options.maxSessions ?? 2;
    this.idleMs = options.idleMs ?? 60_000;
    this.segmentSeconds = options.segmentSeconds ?? 2;
    this.maxAheadSeconds = options.maxAheadSeconds ?? 60;
    this.farSeekSeconds = options.farSeekSeconds ?? 12;
    this.firstSegmentTimeoutMs = options.firstSegmentTimeoutMs ?? 20_000;
    this.killGraceMs = options.killGraceMs ?? 2_000;
    this.log = options.log ?? (() => {});
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Conversions running now (a paused one included), and first starts in flight: what the cap counts. */
  get running(): number {
    let count = 0;
    for (const id of this.starting.keys()) if (!this.sessions.has(id)) count += 1;
    for (const session of this.sessions.values()) if (isLive(session.run)) count += 1;
    return count;
  }

  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  info(sessionId: string): SessionInfo | null {
    const session = this.sessions.get(sessionId);
    if (!session) return null;
    const run = session.run;
    return {
      pid: run?.pid ?? -1,
      args: run?.args ?? [],
      dir: run?.dir ?? '',
      runStart: run?.startIndex ?? -1,
      runNext: run?.nextIndex ?? -1,
      running: isLive(run),
      paused: run?.paused ?? false,
      ready: [...session.ready.keys()].sort((a, b) => a - b),
      segments: segmentCount(session.boundaries),
      boundaries: session.boundaries,
      playerSegment: session.playerSegment,
    };
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
   * Starts a session, or for an existing one makes sure the segment at `offsetSeconds` is made: kept when it is
   * finished or the running conversion reaches it soon, restarted there otherwise. New streams (another audio
   * track, another quality) replace what was made. Throws TooManySessionsError when a conversion must start
   * and the cap is reached.
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
      if (this.running >= this.maxSessions) throw new TooManySessionsError(this.maxSessions);
      const creating = this.createSession(sessionId, options);
      this.starting.set(sessionId, creating);
      try {
        const session = await creating;
        if (this.closed) {
          await this.end(session);
          throw new Error('transcode sessions are shut down');
        }
        return { restarted: true, segment: session.playerSegment };
      } finally {
        this.starting.delete(sessionId);
      }
    }
    return this.serialised(existing, async () => {
      this.touch(sessionId);
      if (!sameStreams(existing.options, options)) {
        this.log(`transcode ${sessionId}: new streams, starting over`);
        await this.replaceStreams(existing, options);
        return { restarted: true, segment: existing.playerSegment };
      }
      const index = segmentAt(existing.boundaries, options.offsetSeconds);
      existing.playerSegment = index;
      if (this.reaches(existing, index)) {
        this.collect(existing);
        return { restarted: false, segment: index };
      }
      await this.restartAt(existing, index);
      return { restarted: true, segment: index };
    });
  }

  /**
   * The session's complete VOD media playlist, once the segment the player starts with is made (waits up to
   * firstSegmentTimeoutMs), so a conversion that cannot start is an error here rather than on a segment. null
   * for an unknown session; TranscodeFailedError when ffmpeg fails or times out, or for a session its ffmpeg's
   * failure ended.
   */
  async playlist(sessionId: string): Promise<string | null> {
    const session = this.sessions.get(sessionId);
    if (!session) return this.unknownOrFailed(sessionId);
    this.touch(sessionId);
    const file = await this.segment(sessionId, segmentName(session.playerSegment), false);
    if (file === null) return this.unknownOrFailed(sessionId);
    return vodPlaylist(session.boundaries);
  }

  /**
   * The file of one of the session's segments once ffmpeg has finished it: at once when made, after waiting
   * when the running conversion reaches it soon, after restarting the conversion there otherwise. Only names
   * ffmpeg gives (seg00000.ts, …) of segments the playlist lists. null when unknown; TranscodeFailedError when
   * the conversion fails or times out, or for a session its ffmpeg's failure ended. `fromPlayer` (default)
   * moves the player's position (for throttling) to this segment.
   */
  async segment(sessionId: string, name: string, fromPlayer = true): Promise<string | null> {
    const index = segmentIndexOf(name);
    const session = this.sessions.get(sessionId);
    if (!session) return this.unknownOrFailed(sessionId);
    if (index === null || index >= segmentCount(session.boundaries)) return null;
    if (fromPlayer) session.playerSegment = index;
    const deadline = Date.now() + this.firstSegmentTimeoutMs;
    for (;;) {
      if (this.sessions.get(sessionId) !== session) return this.unknownOrFailed(sessionId);
      // A request waiting for its segment is activity: a slow conversion must not end idle under it.
      this.touch(sessionId);
      this.collect(session);
      const file = session.ready.get(index);
      if (file) return file;
      if (!this.reaches(session, index)) {
        await this.serialised(session, async () => {
          if (!session.ready.has(index) && !this.reaches(session, index))
            await this.restartAt(session, index);
        });
        continue;
      }
      const run = session.run;
      if (run && run.exitCode !== undefined && !run.ending && run.exitCode !== 0) {
        throw new TranscodeFailedError(
          `ffmpeg exited with ${run.exitCode}: ${run.stderr.trim().slice(-500)}`,
        );
      }
      if (Date.now() > deadline) throw new TranscodeFailedError(`no segment ${index} in time`);
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

  /** Ends a session: ffmpeg awaited, folders removed. false when there was no such session. */
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
    await Promise.all([...this.starting.values()].map((creating) => creating.catch(() => {})));
    await Promise.all([...this.sessions.keys()].map((id) => this.stop(id)));
    await rm(this.options.workDir, { recursive: true, force: true });
  }

  private async createSession(sessionId: string, options: StartOptions): Promise<Session> {
    const session: Session = {
      id: sessionId,
      options,
      boundaries: await this.plan(options),
      ready: new Map(),
      run: null,
      dirs: [],
      playerSegment: 0,
      watcher: undefined,
      idleTimer: undefined,
      busy: Promise.resolve(),
    };
    session.playerSegment = segmentAt(session.boundaries, options.offsetSeconds);
    // Registered before its ffmpeg runs, so an ffmpeg failing at once ends a session that is there to end.
    this.sessions.set(sessionId, session);
    this.touch(sessionId);
    try {
      await this.serialised(session, () => this.spawnRun(session, session.playerSegment));
    } catch (error) {
      await this.end(session);
      throw error;
    }
    return session;
  }

  private async plan(options: StartOptions): Promise<number[]> {
    if (options.video === 'h264') return uniformBoundaries(options.durationSeconds, this.segmentSeconds);
    const find = this.options.findKeyframes ?? keyframeTimes;
    const keyframes = await find(options.input).catch(() => []);
    if (keyframes.length === 0) throw new TranscodeFailedError('no keyframes found to cut copied video at');
    return keyframeBoundaries(keyframes, options.durationSeconds, this.segmentSeconds);
  }

  /** Other streams: the old run ended, what it made removed, a new plan from the player's offset. */
  private async replaceStreams(session: Session, options: StartOptions): Promise<void> {
    if (session.run) await this.endRun(session.run);
    session.run = null;
    await Promise.all(session.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    session.dirs = [];
    session.ready.clear();
    session.options = options;
    session.boundaries = await this.plan(options);
    session.playerSegment = segmentAt(session.boundaries, options.offsetSeconds);
    await this.spawnRun(session, session.playerSegment);
  }

  /** Whether `index` is made or the session's conversion will make it soon (without a restart). */
  private reaches(session: Session, index: number): boolean {
    if (session.ready.has(index)) return true;
    const run = session.run;
    if (!run || run.ending || index < run.startIndex) return false;
    if (run.exitCode !== undefined) return run.exitCode !== 0; // a failed run: its error is the answer
    const madeUpTo = session.boundaries[Math.min(run.nextIndex, session.boundaries.length - 1)];
    return session.boundaries[index] <= madeUpTo + this.farSeekSeconds;
  }

  private async restartAt(session: Session, index: number): Promise<void> {
    // A session whose conversion had ended holds no slot: starting one again must fit under the cap.
    if (!isLive(session.run) && this.running >= this.maxSessions) {
      throw new TooManySessionsError(this.maxSessions);
    }
    const from = session.run;
    this.log(
      `transcode ${session.id}: restart at segment ${index} (${session.boundaries[index]} s); the run made ${
        from ? `${from.startIndex}–${from.nextIndex - 1}` : 'nothing'
      }`,
    );
    if (from) {
      await this.endRun(from);
      this.collect(session, from); // what it finished before it ended
    }
    await this.spawnRun(session, index);
  }

  private unknownOrFailed(sessionId: string): null {
    const failure = this.failures.get(sessionId);
    if (failure !== undefined) throw new TranscodeFailedError(failure);
    return null;
  }

  private async end(session: Session): Promise<void> {
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    if (session.idleTimer) clearTimeout(session.idleTimer);
    if (session.watcher) clearInterval(session.watcher);
    await session.busy.catch(() => {});
    if (session.run) await this.endRun(session.run);
    await Promise.all(session.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }

  /**
   * Reads which segments the run has finished (its segment list), then throttles it: paused far enough ahead
   * of the player, resumed when the player catches up.
   */
  private collect(session: Session, run = session.run): void {
    if (!run) return;
    for (const index of finishedSegments(run.dir)) {
      if (index >= run.startIndex && !session.ready.has(index)) {
        session.ready.set(index, join(run.dir, segmentName(index)));
      }
    }
    while (session.ready.has(run.nextIndex) && run.nextIndex < segmentCount(session.boundaries)) {
      run.nextIndex += 1;
    }
    if (!isLive(run) || run !== session.run) return;
    const { boundaries } = session;
    const madeUpTo = boundaries[Math.min(run.nextIndex, boundaries.length - 1)];
    const ahead = madeUpTo - boundaries[session.playerSegment];
    const step = throttleStep(ahead, run.paused, this.maxAheadSeconds);
    if (step === 'pause') {
      run.paused = signal(run, 'SIGSTOP');
      this.log(`transcode ${session.id}: paused ${ahead.toFixed(1)} s ahead of the player`);
    } else if (step === 'resume') {
      run.paused = !signal(run, 'SIGCONT');
      this.log(`transcode ${session.id}: resumed ${ahead.toFixed(1)} s ahead of the player`);
    }
  }

  /**
   * When `run` exits with an error while still the session's run (not stopped or replaced by us): logs it,
   * remembers the failure for the session's playlist and segment answers, and ends the session.
   */
  private endOnFailure(session: Session, run: Run): void {
    const watch = async () => {
      await run.exited;
      this.collect(session, run);
      if (run.ending || run.exitCode === 0) return;
      if (session.run !== run || this.sessions.get(session.id) !== session) return;
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

  private async spawnRun(session: Session, startIndex: number): Promise<void> {
    this.runCounter += 1;
    const dir = join(this.options.workDir, `${session.id}-${this.runCounter}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    session.dirs.push(dir);
    const args = ffmpegArgs(
      session.options,
      session.boundaries,
      startIndex,
      dir,
      this.options.realtime ?? false,
    );
    // Tied: should this process die, ffmpeg dies with it.
    const child = spawnTiedToThisProcess(this.options.ffmpeg ?? ffmpegPath(), args, 'ignore', 'pipe');
    const run: Run = {
      process: child,
      pid: child.pid ?? -1,
      args,
      dir,
      startIndex,
      nextIndex: startIndex,
      exitCode: undefined,
      exitSignal: null,
      ending: false,
      paused: false,
      stderr: '',
      exited: Promise.resolve(),
      folderWatch: null,
    };
    try {
      run.folderWatch = watch(dir, () => this.collect(session));
      run.folderWatch.on('error', () => run.folderWatch?.close());
    } catch {
      // The poll below still notices, a little later.
    }
    run.exited = new Promise<void>((resolve) => {
      child.on('error', (error) => {
        run.stderr += String(error);
        if (run.exitCode === undefined) run.exitCode = null;
        run.folderWatch?.close();
        resolve();
      });
      child.on('close', (code, signal) => {
        if (run.exitCode === undefined) {
          run.exitCode = code;
          run.exitSignal = signal;
        }
        run.folderWatch?.close();
        resolve();
      });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      run.stderr = (run.stderr + chunk.toString('utf8')).slice(-4000);
    });
    session.run = run;
    // Watches the run: finished segments and throttling even while no request comes.
    if (session.watcher) clearInterval(session.watcher);
    session.watcher = setInterval(() => this.collect(session), POLL_MS);
    session.watcher.unref();
    this.endOnFailure(session, run);
    // For the next start, should this server die before removing the folder (leftover-transcodes.ts).
    if (child.pid) {
      await recordRun(dir, child.pid, [join(dir, SEGMENT_FILES), join(dir, SEGMENT_LIST)]).catch(
        (error: unknown) =>
          this.log(`transcode ${session.id}: could not record ffmpeg ${child.pid}: ${String(error)}`),
      );
    }
    this.log(
      `transcode ${session.id}: ffmpeg ${child.pid} from segment ${startIndex} (${session.boundaries[startIndex]} s)`,
    );
  }

  /** SIGTERM (and SIGCONT, should it be paused), SIGKILL after the grace period; awaits the exit. */
  private async endRun(run: Run): Promise<void> {
    run.ending = true;
    if (run.exitCode === undefined) {
      signal(run, 'SIGTERM');
      if (run.paused) signal(run, 'SIGCONT');
      const killer = setTimeout(() => signal(run, 'SIGKILL'), this.killGraceMs);
      await run.exited;
      clearTimeout(killer);
    }
  }
}

function isLive(run: Run | null): boolean {
  return run !== null && run.exitCode === undefined && !run.ending;
}

function signal(run: Run, name: NodeJS.Signals): boolean {
  try {
    return run.process.kill(name);
  } catch {
    return false;
  }
}

/** The segments ffmpeg lists as finished in its CSV segment list (complete lines only). */
function finishedSegments(dir: string): number[] {
  try {
    return parseSegmentList(readFileSync(join(dir, SEGMENT_LIST), 'utf8'));
  } catch {
    return []; // not written yet
  }
}

/** Complete lines of ffmpeg's CSV segment list (`seg00003.ts,6.000000,8.000000`), as segment indexes. */
export function parseSegmentList(text: string): number[] {
  const lines = text.split('\n');
  lines.pop(); // '' after the final newline, or a line ffmpeg is still writing
  const indexes: number[] = [];
  for (const line of lines) {
    const index = segmentIndexOf(line.split(',')[0] ?? '');
    if (index !== null) indexes.push(index);
  }
  return indexes;
}

function sameStreams(a: StartOptions, b: StartOptions): boolean {
  return (
    a.input === b.input &&
    a.durationSeconds === b.durationSeconds &&
    a.video === b.video &&
    a.audio === b.audio &&
    a.audioStreamIndex === b.audioStreamIndex &&
    a.burnSubtitleIndex === b.burnSubtitleIndex &&
    a.maxWidth === b.maxWidth &&
    a.maxVideoKbps === b.maxVideoKbps
  );
}

/** ffmpeg's arguments for one run making segments startIndex… of a stream (exported for tests). */
export function ffmpegArgs(
  options: StartOptions,
  boundaries: number[],
  startIndex: number,
  dir: string,
  realtime: boolean,
): string[] {
  const start = boundaries[startIndex];
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];
  if (realtime) args.push('-re');
  // Input seek to the segment's first frame; the file's own timestamps kept (from 0), so every run's segments
  // carry the times the playlist gives them.
  // Copied video seeks to the keyframe at or before -ss: a hair past the (rounded) boundary keeps it that one.
  const seek = options.video === 'copy' ? start + 0.0005 : start;
  if (start > 0) args.push('-ss', seek.toFixed(4));
  // The times shifted by a constant second: the converted audio's priming starts a little before 0, and ffmpeg
  // would shift a run from 0 (only) to make it positive, out of step with the others by those 21 ms.
  args.push('-i', options.input, '-copyts', '-start_at_zero', '-output_ts_offset', '1');
  const burn = options.video === 'h264' && options.burnSubtitleIndex !== undefined;
  const scale = options.maxWidth ? `scale=w='min(iw,${options.maxWidth})':h=-2` : null;
  if (burn) {
    // The subtitle's pictures (on their own canvas, often 1920×1080) scaled to the video and laid over it; cut at
    // the file's end (plus a second), so a last subtitle without an end cannot stretch the stream on.
    const end = (options.durationSeconds + 1).toFixed(3);
    const after = [`trim=end=${end}`, ...(scale ? [scale] : [])].join(',');
    args.push(
      '-filter_complex',
      `[0:${options.burnSubtitleIndex}][0:v:0]scale2ref[subtitle][video];` +
        `[video][subtitle]overlay=eof_action=pass,${after}[burned]`,
      '-map',
      '[burned]',
    );
  } else {
    args.push('-map', '0:v:0');
  }
  if (options.audio !== 'none') {
    args.push('-map', options.audioStreamIndex === undefined ? '0:a:0?' : `0:${options.audioStreamIndex}`);
  }
  if (options.video === 'copy') {
    args.push('-c:v', 'copy');
  } else {
    const segmentLength = boundaries.length > 2 ? boundaries[1] - boundaries[0] : 2;
    args.push('-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-profile:v', 'high');
    // A keyframe at every boundary (t counts from this run's start, itself a boundary).
    args.push('-force_key_frames', `expr:gte(t,n_forced*${segmentLength})`);
    if (options.maxVideoKbps) {
      const kbps = options.maxVideoKbps;
      args.push('-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps * 2}k`);
    }
    if (scale && !burn) args.push('-vf', scale);
  }
  if (options.audio === 'copy') args.push('-c:a', 'copy');
  else if (options.audio === 'aac') args.push('-c:a', 'aac', '-ac', '2', '-b:a', '160k');
  else args.push('-an');
  const cuts = boundaries.slice(startIndex + 1, -1).map((time) => time.toFixed(3));
  args.push('-sn', '-dn', '-f', 'segment', '-segment_format', 'mpegts');
  if (cuts.length > 0) args.push('-segment_times', cuts.join(','));
  else args.push('-segment_time', '86400');
  args.push(
    '-segment_time_delta',
    '0.05',
    '-segment_start_number',
    String(startIndex),
    '-segment_list',
    join(dir, SEGMENT_LIST),
    '-segment_list_type',
    'csv',
    join(dir, SEGMENT_FILES),
  );
  return args;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

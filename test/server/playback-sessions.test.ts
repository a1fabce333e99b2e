import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRun } from '../../src/server/media/playback/leftover-transcodes';
import {
  ffmpegArgs,
  TooManySessionsError,
  TranscodeFailedError,
  TranscodeSessions,
} from '../../src/server/media/playback/transcode-sessions';
import { ffmpegPath } from '../../src/server/media/tools';
import { eventually } from '../support/media-fixtures';
import { makeSeekableClip, processExists } from '../support/tiny-media';

// The session bookkeeping with stand-ins for ffmpeg: one that ignores SIGTERM (so stop must SIGKILL it after
// the grace period, and still await it) and one that fails at once. Then what a previous run left, with a
// real ffmpeg still writing into its folder.

describe('transcode sessions with a stubborn or failing ffmpeg', () => {
  let root: string;
  let stubborn: string;
  let failing: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'marquee-playback-sessions-'));
    stubborn = join(root, 'stubborn-ffmpeg');
    await writeFile(
      stubborn,
      // Says it is ready (its SIGTERM handler installed) by writing the playlist path, ffmpeg's last argument.
      `#!${process.execPath}\nprocess.on('SIGTERM', () => {});\nrequire('node:fs').writeFileSync(process.argv.at(-1), 'ready');\nsetInterval(() => {}, 1000);\n`,
    );
    failing = join(root, 'failing-ffmpeg');
    await writeFile(failing, `#!${process.execPath}\nconsole.error('no such file');\nprocess.exit(1);\n`);
    await chmod(stubborn, 0o755);
    await chmod(failing, 0o755);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const options = {
    input: '/nowhere.mkv',
    offsetSeconds: 0,
    durationSeconds: 10,
    video: 'h264',
    audio: 'aac',
  } as const;

  it('stop sends SIGKILL after the grace period when SIGTERM is ignored, and awaits the exit', async () => {
    const workDir = join(root, 'work-stubborn');
    const sessions = new TranscodeSessions({ workDir, ffmpeg: stubborn, killGraceMs: 300 });
    await sessions.start('s', options);
    const { pid, dir } = sessions.info('s') ?? { pid: 0, dir: '' };
    // Once node has started and installed its SIGTERM handler (it writes to ffmpeg's last argument).
    await eventually(async () => existsSync(join(dir, 'seg%05d.ts')), 10_000);
    expect(processExists(pid)).toBe(true);
    const started = Date.now();
    await sessions.stop('s');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(processExists(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    await sessions.shutdown();
    expect(existsSync(workDir)).toBe(false);
  });

  it('a failing ffmpeg makes playlist() throw TranscodeFailedError with its message, and ends its session', async () => {
    const logs: string[] = [];
    const sessions = new TranscodeSessions({
      workDir: join(root, 'work-failing'),
      ffmpeg: failing,
      log: (line) => logs.push(line),
    });
    try {
      await sessions.start('f', options);
      // From the log: the session may already be over (the stand-in fails at once).
      const pid = Number(/^transcode f: ffmpeg (\d+) from/m.exec(logs.join('\n'))?.[1] ?? -1);
      expect(pid).toBeGreaterThan(0);
      const error = await sessions.playlist('f').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TranscodeFailedError);
      expect((error as TranscodeFailedError).detail).toContain('no such file');
      // The session ends (its slot is free) and says why from then on.
      await eventually(async () => !sessions.has('f'), 5_000);
      expect(sessions.size).toBe(0);
      expect(logs).toContain(`transcode f: ffmpeg ${pid} failed with 1: no such file`);
      await expect(sessions.segment('f', 'seg00000.ts')).rejects.toBeInstanceOf(TranscodeFailedError);
      await expect(sessions.playlist('f')).rejects.toThrow(TranscodeFailedError);
      // Starting it again (a player retrying) tries a new ffmpeg.
      expect((await sessions.start('f', options)).restarted).toBe(true);
      expect(sessions.info('f')?.pid).not.toBe(pid);
      // Stopped, it is unknown again: no error to report.
      await sessions.stop('f');
      expect(await sessions.playlist('f')).toBeNull();
    } finally {
      await sessions.shutdown();
    }
  });

  it('the cap counts sessions being started; unknown sessions and names are null; ids are checked', async () => {
    const sessions = new TranscodeSessions({
      workDir: join(root, 'work-cap'),
      ffmpeg: stubborn,
      maxSessions: 2,
      killGraceMs: 100,
    });
    try {
      const [a, b, c] = await Promise.allSettled([
        sessions.start('a', options),
        sessions.start('b', options),
        sessions.start('c', options),
      ]);
      expect([a.status, b.status]).toEqual(['fulfilled', 'fulfilled']);
      expect(c.status).toBe('rejected');
      expect((c as PromiseRejectedResult).reason).toBeInstanceOf(TooManySessionsError);
      expect(await sessions.playlist('nobody')).toBeNull();
      expect(await sessions.segment('a', '../../etc/passwd')).toBeNull();
      expect(await sessions.segment('a', 'index.m3u8')).toBeNull();
      await expect(sessions.start('../a', options)).rejects.toThrow('invalid session id');
    } finally {
      await sessions.shutdown();
    }
  });
});

describe('what a previous run left in the work dir', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'marquee-playback-leftovers-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('the first start ends a recorded ffmpeg still writing into its folder, spares a reused pid, removes all', async () => {
    const workDir = join(root, 'transcode');
    const input = await makeSeekableClip(join(root, 'clip.mkv'), { seconds: 30, audio: 'ac3' });
    // An ffmpeg a killed server left running (started plainly, as before tied-process.ts), writing HLS at 1×.
    const orphanDir = join(workDir, 'old-1');
    await mkdir(orphanDir, { recursive: true });
    const args = ffmpegArgs(
      { input, offsetSeconds: 0, durationSeconds: 30, video: 'copy', audio: 'aac' },
      [0, 10, 20, 30],
      0,
      orphanDir,
      true,
    );
    const orphan = spawn(ffmpegPath(), args, { stdio: 'ignore' });
    const outputs = [args[args.indexOf('-segment_list') + 1], args[args.length - 1]];
    await recordRun(orphanDir, orphan.pid ?? -1, outputs);
    // A folder whose recorded pid now belongs to an unrelated process: it must live on.
    const reusedDir = join(workDir, 'old-2');
    await mkdir(reusedDir, { recursive: true });
    const unrelated = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await recordRun(reusedDir, unrelated.pid ?? -1, [
      join(reusedDir, 'seg%05d.ts'),
      join(reusedDir, 'index.m3u8'),
    ]);
    const orphanGone = new Promise((resolve) => orphan.on('exit', resolve));
    try {
      await eventually(async () => existsSync(join(orphanDir, 'seg00000.ts')), 10_000);
      const logs: string[] = [];
      const sessions = new TranscodeSessions({ workDir, log: (line) => logs.push(line) });
      await sessions.removeLeftovers();
      expect(await orphanGone).toBeNull(); // ended by a signal
      expect(orphan.signalCode).toBe('SIGKILL');
      expect(processExists(unrelated.pid ?? -1)).toBe(true);
      expect(existsSync(workDir)).toBe(false);
      expect(logs).toContainEqual(expect.stringContaining(`ending ffmpeg ${orphan.pid}`));
      await sessions.shutdown();
    } finally {
      orphan.kill('SIGKILL');
      unrelated.kill('SIGKILL');
    }
  });
});

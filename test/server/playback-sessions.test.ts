import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TooManySessionsError,
  TranscodeFailedError,
  TranscodeSessions,
} from '../../src/server/media/playback/transcode-sessions';
import { processExists } from '../support/tiny-media';

// The session bookkeeping with stand-ins for ffmpeg: one that ignores SIGTERM (so stop must SIGKILL it after
// the grace period, and still await it) and one that fails at once.

describe('transcode sessions with a stubborn or failing ffmpeg', () => {
  let root: string;
  let stubborn: string;
  let failing: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'marquee-playback-sessions-'));
    stubborn = join(root, 'stubborn-ffmpeg');
    await writeFile(
      stubborn,
      `#!${process.execPath}\nprocess.on('SIGTERM', () => {});\nsetInterval(() => {}, 1000);\n`,
    );
    failing = join(root, 'failing-ffmpeg');
    await writeFile(failing, `#!${process.execPath}\nconsole.error('no such file');\nprocess.exit(1);\n`);
    await chmod(stubborn, 0o755);
    await chmod(failing, 0o755);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const options = { input: '/nowhere.mkv', offsetSeconds: 0, video: 'copy', audio: 'copy' } as const;

  it('stop sends SIGKILL after the grace period when SIGTERM is ignored, and awaits the exit', async () => {
    const workDir = join(root, 'work-stubborn');
    const sessions = new TranscodeSessions({ workDir, ffmpeg: stubborn, killGraceMs: 300 });
    await sessions.start('s', options);
    const { pid, dir } = sessions.info('s') ?? { pid: 0, dir: '' };
    // Let node start and install its SIGTERM handler.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(processExists(pid)).toBe(true);
    const started = Date.now();
    await sessions.stop('s');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(processExists(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    await sessions.shutdown();
    expect(existsSync(workDir)).toBe(false);
  });

  it('a failing ffmpeg makes playlist() throw TranscodeFailedError with its message', async () => {
    const sessions = new TranscodeSessions({ workDir: join(root, 'work-failing'), ffmpeg: failing });
    try {
      await sessions.start('f', options);
      const error = await sessions.playlist('f').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TranscodeFailedError);
      expect((error as TranscodeFailedError).detail).toContain('no such file');
      expect(await sessions.segment('f', 'seg00000.ts')).toBeNull();
      // Starting it again (a player retrying) tries a new ffmpeg rather than keeping the failed one.
      const pid = sessions.info('f')?.pid;
      expect((await sessions.start('f', options)).restarted).toBe(true);
      expect(sessions.info('f')?.pid).not.toBe(pid);
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

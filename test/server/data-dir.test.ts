// A DATA_DIR that was used before must not quietly become a new, empty server.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/home-server';
import { getWithToken, linkTv, RELAXED_LIMITS } from './helpers';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The file that says this DATA_DIR held a database (README.md "Backups"). */
const MARKER = 'database-identity';

/** The error startHomeServer rejected with; fails the test when it started instead. */
async function startFailure(dataDir: string): Promise<Error> {
  const outcome = await startTestServer({ dataDir, limits: RELAXED_LIMITS }).then(
    async (server) => {
      await server.close();
      return null;
    },
    (error: Error) => error,
  );
  if (!outcome) throw new Error(`the server started on ${dataDir}`);
  return outcome;
}

describe('DATA_DIR checks at start-up', () => {
  let parent: string;
  let dataDir: string;

  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'marquee-datadir-'));
    dataDir = join(parent, 'data');
  });
  afterEach(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  /** Runs a server on dataDir, links a TV, closes; the TV's token. */
  async function linkOnDataDir(): Promise<string> {
    const server = await startTestServer({ dataDir, limits: RELAXED_LIMITS });
    const { token } = await linkTv(server.url);
    await server.close();
    return token;
  }

  function expectRecoveryAdvice(error: Error): void {
    expect(error.message).toContain(dataDir);
    expect(error.message).toContain('Backups');
    expect(error.message).toContain(join(dataDir, MARKER));
    expect(error.message).not.toContain('\n');
  }

  it('refuses to start when marquee.db vanished, creates nothing, and starts once it is put back', async () => {
    const token = await linkOnDataDir();
    renameSync(join(dataDir, 'marquee.db'), join(parent, 'moved-away.db'));

    const error = await startFailure(dataDir);
    expect(error.message).toContain(join(dataDir, 'marquee.db'));
    expect(error.message).toMatch(/missing/);
    expectRecoveryAdvice(error);
    expect(existsSync(join(dataDir, 'marquee.db'))).toBe(false);

    renameSync(join(parent, 'moved-away.db'), join(dataDir, 'marquee.db'));
    const server = await startTestServer({ dataDir, limits: RELAXED_LIMITS });
    try {
      expect((await getWithToken(server.url, '/api/v2/user', token)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('refuses an emptied (0 bytes) marquee.db and leaves it be; deleting the named marker starts afresh', async () => {
    const token = await linkOnDataDir();
    truncateSync(join(dataDir, 'marquee.db'), 0);

    const error = await startFailure(dataDir);
    expect(error.message).toMatch(/empty/);
    expectRecoveryAdvice(error);
    expect(readFileSync(join(dataDir, 'marquee.db'))).toHaveLength(0);

    rmSync(join(dataDir, MARKER));
    const server = await startTestServer({ dataDir, limits: RELAXED_LIMITS });
    try {
      expect((await getWithToken(server.url, '/api/v2/user', token)).status).toBe(401);
      expect(existsSync(join(dataDir, MARKER))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('refuses a marquee.db that is a SQLite file without any tables', async () => {
    await linkOnDataDir();
    rmSync(join(dataDir, 'marquee.db'));
    const blank = new BetterSqlite3(join(dataDir, 'marquee.db'));
    blank.exec('CREATE TABLE scratch (x); DROP TABLE scratch;');
    blank.close();

    const error = await startFailure(dataDir);
    expect(error.message).toMatch(/no tables/);
    expectRecoveryAdvice(error);
  });

  it('a corrupt marquee.db: an error naming the file and the fix, not a SQLite error; the file is kept', async () => {
    await linkOnDataDir();
    const garbage = Buffer.alloc(16 * 1024, 'not a database ');
    writeFileSync(join(dataDir, 'marquee.db'), garbage);

    const error = await startFailure(dataDir);
    expect(error.name).not.toBe('SqliteError');
    expect(error.message).toContain(join(dataDir, 'marquee.db'));
    expect(error.message).toMatch(/not a (usable )?SQLite database/);
    expectRecoveryAdvice(error);
    expect(readFileSync(join(dataDir, 'marquee.db')).equals(garbage)).toBe(true);
  });

  it('a DATA_DIR from before the marker existed gets one, and starts as before', async () => {
    const token = await linkOnDataDir();
    rmSync(join(dataDir, MARKER));
    const server = await startTestServer({ dataDir, limits: RELAXED_LIMITS });
    try {
      expect((await getWithToken(server.url, '/api/v2/user', token)).status).toBe(200);
      expect(existsSync(join(dataDir, MARKER))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('a DATA_DIR that cannot be made a folder: the error names it and the fix', async () => {
    const file = join(parent, 'a-file');
    writeFileSync(file, 'not a folder\n');

    const underFile = await startFailure(join(file, 'data'));
    expect(underFile.message).toContain(join(file, 'data'));
    expect(underFile.message).toMatch(/DATA_DIR/);
    expect(underFile.name).toBe('DataDirError');

    const isFile = await startFailure(file);
    expect(isFile.message).toContain(file);
    expect(isFile.message).toMatch(/not a folder/);
    expect(isFile.name).toBe('DataDirError');
  });

  it('npm start prints such a problem as one "marquee: …" line, no stack, and exits 1', async () => {
    await linkOnDataDir();
    rmSync(join(dataDir, 'marquee.db'));

    let child: ChildProcess | null = null;
    try {
      child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['src/server/cli.ts'], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
        detached: true, // its own process group, so finally can end anything it started
      });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk) => {
        stdout += chunk;
      });
      child.stderr?.on('data', (chunk) => {
        stderr += chunk;
      });
      const exitCode = await new Promise((resolve) => child?.once('exit', resolve));

      expect(exitCode).toBe(1);
      const lines = stderr.split('\n').filter((line) => line.trim() !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^marquee: /);
      expect(lines[0]).toContain(dataDir);
      expect(lines[0]).toContain(join(dataDir, MARKER));
      expect(stdout).not.toContain('is running');
    } finally {
      if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
  });
});

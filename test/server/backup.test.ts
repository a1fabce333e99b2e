// A copy of the data that restores: marquee.db alone after a checkpoint, and `npm run backup`.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/home-server';
import { getWithToken, linkTv, RELAXED_LIMITS } from './helpers';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `npm run backup` against dataDir; its exit code and output. */
async function runBackup(
  dataDir: string,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['run', '--silent', 'backup', '--', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

/** Starts a server on a new DATA_DIR holding only `databaseFile` as marquee.db; checks the token there. */
async function statusInRestoredCopy(databaseFile: string, token: string): Promise<number> {
  const restored = await mkdtemp(join(tmpdir(), 'marquee-restored-'));
  copyFileSync(databaseFile, join(restored, 'marquee.db'));
  const server = await startTestServer({ dataDir: restored, limits: RELAXED_LIMITS });
  try {
    return (await getWithToken(server.url, '/api/v2/user', token)).status;
  } finally {
    await server.close();
    await rm(restored, { recursive: true, force: true });
  }
}

describe('copies of the data', () => {
  let server: TestServer;
  let scratch: string;

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS });
    scratch = await mkdtemp(join(tmpdir(), 'marquee-backups-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('after a checkpoint, marquee.db alone (without its -wal) holds a TV linked just before', async () => {
    const { token } = await linkTv(server.url);
    server.server.checkpoint();
    expect(statSync(join(server.dataDir, 'marquee.db-wal')).size).toBe(0);
    expect(await statusInRestoredCopy(join(server.dataDir, 'marquee.db'), token)).toBe(200);
  });

  it('npm run backup, while the server runs: one 0600 file that restores a TV linked before it', async () => {
    const { token } = await linkTv(server.url);
    const { code, stdout, stderr } = await runBackup(server.dataDir);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const written = /(\/\S+\.db)\b/.exec(stdout)?.[1] as string;
    expect(written).toMatch(new RegExp(`^${server.dataDir}/backups/marquee-[0-9TZ.-]+\\.db$`));
    expect(statSync(written).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(written)).mode & 0o777).toBe(0o700);
    expect(existsSync(`${written}-wal`)).toBe(false);

    expect(await statusInRestoredCopy(written, token)).toBe(200);
    expect((await getWithToken(server.url, '/api/v2/user', token)).status).toBe(200);
  });

  it('npm run backup <file> writes there, and will not overwrite an existing file', async () => {
    const { token } = await linkTv(server.url);
    const target = join(scratch, 'nightly.db');
    const first = await runBackup(server.dataDir, [target]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(target);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(await statusInRestoredCopy(target, token)).toBe(200);

    const sizeBefore = statSync(target).size;
    const again = await runBackup(server.dataDir, [target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^marquee: .*already exists/);
    expect(statSync(target).size).toBe(sizeBefore);
  });

  it('npm run backup on a DATA_DIR without a database says so', async () => {
    const empty = join(scratch, 'no-data-here');
    const result = await runBackup(empty);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(join(empty, 'marquee.db'));
    expect(existsSync(empty)).toBe(false);
  });
});

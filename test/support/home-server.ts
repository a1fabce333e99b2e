import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MEDIA_SECTIONS, parseMediaSections } from '../../src/server/config';
import { type HomeServer, type HomeServerConfig, startHomeServer } from '../../src/server/home-server';
import { isSyntheticFolder } from './synthetic-library';

/** The admin password every test server starts with (unless overridden). */
export const TEST_ADMIN_PASSWORD = 'admin-password-for-tests';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface TestServer {
  /** The running server (replaced by restart()). */
  server: HomeServer;
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  port: number;
  dataDir: string;
  /** Every log line the server wrote, across restarts. */
  logLines: string[];
  /** Stops listening (held requests end, data kept); start() brings it back. */
  stop(): Promise<void>;
  /** Starts a stopped server again on the same dataDir (and the same port when it is still free). */
  start(overrides?: Partial<HomeServerConfig>): Promise<TestServer>;
  /** stop() then start(). */
  restart(overrides?: Partial<HomeServerConfig>): Promise<TestServer>;
  /** Stops the server; removes the dataDir when this helper created it. */
  close(): Promise<void>;
}

/**
 * A real home server for tests: port 0 on 127.0.0.1, a fresh temporary dataDir (unless `overrides.dataDir`
 * is given, e.g. to start again on an earlier server's data), the built TV app and emulator when present,
 * and log lines collected instead of printed.
 */
export async function startTestServer(overrides: Partial<HomeServerConfig> = {}): Promise<TestServer> {
  const ownsDataDir = overrides.dataDir === undefined;
  const dataDir = overrides.dataDir ?? (await mkdtemp(join(tmpdir(), 'marquee-test-')));
  const logLines: string[] = [];
  const config: HomeServerConfig = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    publicUrl: null, // a server bound to 127.0.0.1 uses http://127.0.0.1:<port>, its real url
    pinTtlSeconds: 900,
    codeLength: 8,
    adminPassword: TEST_ADMIN_PASSWORD,
    // TEST_TV_DIST: another build of the TV app (e.g. one built into a temporary outDir).
    tvAppDir:
      process.env.TEST_TV_DIST ?? (existsSync(join(REPO_ROOT, 'dist')) ? join(REPO_ROOT, 'dist') : null),
    emulatorDir: existsSync(join(REPO_ROOT, 'dist-emulator')) ? join(REPO_ROOT, 'dist-emulator') : null,
    // No library unless a test asks for one: the demo library is the CLI's default, not the tests'.
    mediaDir: null,
    demoLibrary: false,
    mediaSections: parseMediaSections(DEFAULT_MEDIA_SECTIONS),
    // Sections seeded as rows only (synthetic-library.ts) outlive the server's scans.
    keepSection: isSyntheticFolder,
    log: (line) => logLines.push(line),
    ...overrides,
  };
  config.dataDir = dataDir;

  const server = await startHomeServer(config);
  const handle: TestServer = {
    server,
    url: server.url,
    port: server.port,
    dataDir,
    logLines,
    async stop() {
      await handle.server.close();
    },
    async start(more: Partial<HomeServerConfig> = {}) {
      handle.server = await startOnPort({ ...config, ...more, dataDir }, handle.port);
      handle.url = handle.server.url;
      handle.port = handle.server.port;
      return handle;
    },
    async restart(more: Partial<HomeServerConfig> = {}) {
      await handle.stop();
      return handle.start(more);
    },
    async close() {
      await handle.server.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** Starts on `port` again; if something else took it meanwhile, on any free port. */
async function startOnPort(config: HomeServerConfig, port: number): Promise<HomeServer> {
  try {
    return await startHomeServer({ ...config, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startHomeServer({ ...config, port: 0 });
  }
}

/**
 * A home server serving `mediaDir` for the media tests: no TV apps, relaxed limits, no watcher delay unless
 * `overrides` say otherwise; resolves once the first scan is done.
 */
export async function startMediaServer(
  mediaDir: string,
  overrides: Partial<HomeServerConfig> = {},
): Promise<TestServer> {
  const server = await startTestServer({
    limits: RELAXED_LIMITS,
    tvAppDir: null,
    emulatorDir: null,
    mediaDir,
    mediaWatchDebounceMs: 0,
    ...overrides,
  });
  await server.server.media.idle();
  return server;
}

/** Limits high enough that one test file's deliberate mistakes never trip them. */
export const RELAXED_LIMITS = {
  pinCreatePerIp: { limit: 10_000, windowMs: 60_000 },
  wrongCodePerActor: { limit: 10_000, windowMs: 60_000 },
  signInPerIp: { limit: 10_000, windowMs: 60_000 },
  signUpPerIp: { limit: 10_000, windowMs: 60_000 },
};

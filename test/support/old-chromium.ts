import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import WebSocket from 'ws';

// A real old engine for e2e: Chromium 64 (2018; Tizen 5.0 ships 63, docs/platforms.md) from the npm package
// chrome-aws-lambda@0.13.0, which carries it brotli-compressed in bin/ (a single static binary, nothing
// downloaded at install). Playwright speaks a protocol too new for it, so tests drive it over the raw
// DevTools protocol (CDP) with the small client below.

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKED_BINARY = join(REPO_ROOT, 'node_modules/chrome-aws-lambda/bin/chromium-64.0.3264.0.br');
const CACHE_DIR = join(REPO_ROOT, 'node_modules/.cache/marquee-chromium-64');
/** The unpacked binary's size: a cached copy of another size is a broken or partial unpack. */
const UNPACKED_SIZE = 101_781_400;

/** The Chromium 64 binary, unpacked once into node_modules/.cache (not committed) and reused. */
export function oldChromiumBinary(): string {
  const binary = join(CACHE_DIR, 'chromium-64.0.3264.0');
  if (existsSync(binary) && statSync(binary).size === UNPACKED_SIZE) return binary;
  if (!existsSync(PACKED_BINARY)) {
    throw new Error(`${PACKED_BINARY} is missing: npm install (chrome-aws-lambda is a devDependency)`);
  }
  const unpacked = brotliDecompressSync(readFileSync(PACKED_BINARY));
  if (unpacked.length !== UNPACKED_SIZE) {
    throw new Error(`${PACKED_BINARY} unpacked to ${unpacked.length} bytes, expected ${UNPACKED_SIZE}`);
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  // Written under a unique name then renamed: parallel test files never see a half-written binary.
  const partial = `${binary}.${process.pid}.partial`;
  writeFileSync(partial, unpacked, { mode: 0o755 });
  renameSync(partial, binary);
  return binary;
}

export interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
  sessionId?: string;
}

/** A DevTools protocol connection to one target (browser or page). */
export class CdpClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private readonly listeners = new Set<(event: CdpEvent) => void>();
  /** Every event received, so a test can wait for one that came before it asked. */
  readonly events: CdpEvent[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      } & Partial<CdpEvent>;
      if (message.id !== undefined) {
        const call = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) call?.reject(new Error(`CDP: ${message.error.message}`));
        else call?.resolve(message.result);
      } else if (message.method) {
        const event = { method: message.method, params: message.params ?? {} };
        this.events.push(event);
        for (const listener of this.listeners) listener(event);
      }
    });
    socket.on('close', () => {
      for (const call of this.pending.values()) call.reject(new Error('CDP connection closed'));
      this.pending.clear();
    });
  }

  static async connect(url: string): Promise<CdpClient> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new CdpClient(socket);
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Resolves with the first event (already received or coming) named `method` that `matches` accepts. */
  waitForEvent(
    method: string,
    matches: (event: CdpEvent) => boolean = () => true,
    timeout = 15_000,
  ): Promise<CdpEvent> {
    const seen = this.events.find((event) => event.method === method && matches(event));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener = (event: CdpEvent) => {
        if (event.method !== method || !matches(event)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(event);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no ${method} event within ${timeout} ms`));
      }, timeout);
      this.listeners.add(listener);
    });
  }

  close(): void {
    this.socket.close();
  }
}

export interface OldChromium {
  /** The first page's CDP connection. */
  page: CdpClient;
  /** Everything the browser wrote to stderr (for failure messages). */
  output: () => string;
  /** Closes the connection and kills the browser; removes its profile. */
  close(): Promise<void>;
}

/** Starts Chromium 64 headless on a free port with a fresh profile and connects to its first page. */
export async function launchOldChromium(): Promise<OldChromium> {
  const binary = oldChromiumBinary();
  const userDataDir = await mkdtemp(join(tmpdir(), 'marquee-chromium-64-'));
  const browser: ChildProcess = spawn(
    binary,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${userDataDir}`,
      '--remote-debugging-address=127.0.0.1',
      // Port 0: the browser picks a free port and prints it (parallel-safe).
      '--remote-debugging-port=0',
      '--window-size=1280,720',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  const kill = async () => {
    if (browser.exitCode === null && browser.signalCode === null) {
      const exited = new Promise((resolve) => browser.once('exit', resolve));
      browser.kill('SIGKILL');
      await exited;
    }
    await rm(userDataDir, { recursive: true, force: true });
  };
  try {
    // The port it picked, from its "DevTools listening on" line (the same as in its DevToolsActivePort file).
    const browserUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Chromium 64 did not start:\n${output}`)), 30_000);
      browser.stderr?.on('data', (chunk) => {
        output += String(chunk);
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      browser.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Chromium 64 exited (${code}) before listening:\n${output}`));
      });
    });
    const port = new URL(browserUrl).port;
    const pageUrl = await firstPageTarget(port, () => output);
    const page = await CdpClient.connect(pageUrl);
    return {
      page,
      output: () => output,
      async close() {
        page.close();
        await kill();
      },
    };
  } catch (error) {
    await kill();
    throw error;
  }
}

/** The DevTools URL of the browser's first page; it may be listed a moment after the browser listens. */
async function firstPageTarget(port: string, output: () => string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
      type: string;
      webSocketDebuggerUrl?: string;
    }[];
    const page = targets.find((target) => target.type === 'page' && target.webSocketDebuggerUrl);
    if (page?.webSocketDebuggerUrl) return page.webSocketDebuggerUrl;
    if (Date.now() > deadline) {
      throw new Error(`Chromium 64 lists no page target: ${JSON.stringify(targets)}\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

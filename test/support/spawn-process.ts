import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A server in a child process (tests that SIGKILL it; benchmarks whose load must not share its event loop). */
export interface ChildServer<T> {
  child: ChildProcess;
  /** What the process printed as its first line (parsed JSON). */
  info: T;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** The home server in its own process (test/support/home-server-process.ts) with these config overrides. */
export function spawnHomeServer(
  overrides: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
): Promise<ChildServer<{ url: string; pid: number; dataDir: string }>> {
  return spawnProcess(new URL('./home-server-process.ts', import.meta.url), [JSON.stringify(overrides)], env);
}

/**
 * Runs a TypeScript file in Node with tsx's loader (one process, so its pid is the
 * server's own) and waits for the JSON line it prints when ready. Its log (stderr) is read and dropped, as a
 * server's log would go to a file; the last lines are kept for the error when it fails to start.
 */
export async function spawnProcess<T>(
  file: URL,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ChildServer<T>> {
  const script = fileURLToPath(file);
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let lastLog = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    lastLog = (lastLog + chunk.toString('utf8')).slice(-2000);
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const info = await new Promise<T>((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line) as T));
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${code} before it was ready: ${lastLog}`)),
    );
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    info,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

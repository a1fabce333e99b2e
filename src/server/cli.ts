// `npm start`: builds what is missing, starts the home server, prints every URL and the admin sign-in.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnv, type HomeServerConfig, isBuilt, REPO_ROOT } from './config';
import { checkDataDir, DataDirError } from './db/data-dir';
import { startHomeServer } from './home-server';
import { ADMIN_USERNAME } from './link/accounts';
import { readinessLine } from './media/media-library';

async function main(): Promise<void> {
  let config: HomeServerConfig;
  try {
    config = configFromEnv(process.env);
  } catch (error) {
    console.error(`marquee: ${(error as Error).message}`);
    process.exit(2);
  }

  // Before a first build that takes a while: a DATA_DIR that cannot be used is reported at once.
  checkDataDir(config.dataDir);
  if (!isBuilt(config.tvAppDir)) await build('TV app', []);
  if (!isBuilt(config.emulatorDir)) await build('emulator', ['--config', 'vite.emulator.config.ts']);

  const server = await startHomeServer(config);
  const base = server.publicUrl;
  console.log('');
  console.log('Marquee home server is running.');
  console.log(`  TV app:        ${base}/tv/${isBuilt(config.tvAppDir) ? '' : '  (not built)'}`);
  console.log(`  Emulator:      ${base}/emulator/${isBuilt(config.emulatorDir) ? '' : '  (not built)'}`);
  console.log(`  Link a TV:     ${base}/link`);
  console.log(`  Devices:       ${base}/link/devices`);
  console.log(`  Sign in:       ${base}/link/signin`);
  console.log(`  On this machine: ${server.url}`);
  console.log(
    `  Admin account: username "${ADMIN_USERNAME}", password ${adminPasswordLine(server.generatedAdminPassword, config)}`,
  );
  console.log(
    `  Media library: ${server.media.mediaDir ?? 'none'}${config.mediaDir ? '' : ' (demo library)'}`,
  );
  console.log('');
  // The server answers at once; the demo library (first run only) and the first scan go on meanwhile.
  // "ready" only when it is; otherwise what failed and what to do (media-library.ts readinessLine).
  void server.media.ready.then((readiness) => {
    const line = readinessLine(readiness, server.media.describe());
    if (readiness.ok) console.log(line);
    else console.error(line);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function adminPasswordLine(generated: string | null, config: HomeServerConfig): string {
  if (generated) {
    return `"${generated}" (generated now, also in ${join(config.dataDir, 'initial-admin-password')})`;
  }
  if (config.adminPassword) return 'from ADMIN_PASSWORD';
  return `the one set when the account was created (see ${join(config.dataDir, 'initial-admin-password')} if it is still there)`;
}

/** Runs `vite build` with its output streamed; a failure is reported and the server starts anyway. */
async function build(what: string, args: string[]): Promise<void> {
  const vite = join(REPO_ROOT, 'node_modules', '.bin', 'vite');
  if (!existsSync(vite)) {
    console.error(`marquee: cannot build the ${what}: ${vite} is missing (run npm install).`);
    return;
  }
  console.log(`Building the ${what} (vite build ${args.join(' ')})…`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(vite, ['build', ...args], { cwd: REPO_ROOT, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`marquee: cannot start vite: ${error.message}`);
      resolve(null);
    });
    child.on('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) {
    console.error(`marquee: building the ${what} failed (exit ${code}); serving the API without it.`);
  }
}

main().catch((error: unknown) => {
  // A known problem with DATA_DIR or its database: the message says what is wrong and the fix; no stack.
  if (error instanceof DataDirError) console.error(`marquee: ${error.message}`);
  else console.error('marquee: the home server could not start:', error);
  process.exit(1);
});

import { startTestServer } from './home-server';

// A home server in a process of its own, for tests that kill it with SIGKILL (no handler of its own runs).
// Run as `node --import tsx test/support/home-server-process.ts` with DATA_DIR and MEDIA_DIR in the
// environment (and FFMPEG_PATH when a test wants another ffmpeg). Prints one JSON line on stdout once the
// library is scanned, {"url", "pid"}; its log lines go to stderr.

const dataDir = process.env.DATA_DIR;
const mediaDir = process.env.MEDIA_DIR;
if (!dataDir || !mediaDir) throw new Error('DATA_DIR and MEDIA_DIR must be set');

const server = await startTestServer({
  dataDir,
  mediaDir,
  tvAppDir: null,
  emulatorDir: null,
  log: (line) => process.stderr.write(`${line}\n`),
});
await server.server.media.idle();
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);

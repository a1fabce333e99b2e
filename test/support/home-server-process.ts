import { startTestServer } from './home-server';

// A home server in a process of its own: for tests that kill it with SIGKILL (no handler of its own runs), and for
// benchmarks whose load generator must not share its event loop. Run as
// `node --import tsx test/support/home-server-process.ts [overrides]`, where overrides is a JSON object of
// HomeServerConfig settings; DATA_DIR and MEDIA_DIR (and FFMPEG_PATH) are read from the environment when set.
// Prints one JSON line on stdout once the library is scanned, {"url", "pid", "dataDir"}; its log lines go to
// stderr; SIGTERM closes it cleanly.

const overrides = JSON.parse(process.argv[2] ?? '{}');
const { DATA_DIR: dataDir, MEDIA_DIR: mediaDir } = process.env;

const server = await startTestServer({
  tvAppDir: null,
  emulatorDir: null,
  ...(dataDir ? { dataDir } : {}),
  ...(mediaDir ? { mediaDir } : {}),
  log: (line) => process.stderr.write(`${line}\n`),
  ...overrides,
});
await server.server.media.idle();
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid, dataDir: server.dataDir })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});

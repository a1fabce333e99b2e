import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/home-server';
import { fakeTizenWithAddress } from '../support/tv-network';
import { type Figure, median, ms } from './stats';

// Finding a home server on the TV's /24 in the built app (file://, a faked Samsung TV at 127.0.0.5): one home
// server answers at 127.0.0.77 and every other address of 127.0.0.0/24 is silent — a listener that accepts
// the connection and never answers, as a LAN host that drops the request would leave the TV waiting. Figures:
// OK on "Use a Marquee home server" → the server listed; → the whole /24 looked at; the most scan requests in
// flight at once (the app's own count, shown on the screen as data-peak-in-flight); and the connections the
// silent listeners saw opened, and still open when the scan is over. Chromium keeps a connection open after an
// XMLHttpRequest times out (or a fetch is aborted) before any answer, so the listeners cannot tell when the app
// gave up on a request: counting open connections there would say one per silent address whatever the app's
// bound. Traffic stays on 127.0.0.0/8.

const RUNS = 3;
const APP = pathToFileURL(join(import.meta.dirname, '../../dist/index.html')).href;
const TV_ADDRESS = '127.0.0.5';
const SERVER_HOST = '127.0.0.77';

interface SilentSubnet {
  /** Connections open now. */
  open(): number;
  /** Connections accepted since the last reset. */
  accepted(): number;
  reset(): void;
  close(): Promise<void>;
}

/** A listener on every 127.0.0.x:port but the TV's and the server's; null when one of them is taken. */
async function silentSubnet(port: number): Promise<SilentSubnet | null> {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  };
  for (let last = 1; last <= 254; last++) {
    const host = `127.0.0.${last}`;
    if (host === TV_ADDRESS || host === SERVER_HOST) continue;
    const server = createServer((socket) => {
      sockets.add(socket);
      accepted++;
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    });
    servers.push(server);
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, host, () => resolve(true));
    });
    if (!listening) {
      servers.pop();
      await close();
      return null;
    }
  }
  return {
    open: () => sockets.size,
    accepted: () => accepted,
    reset: () => {
      for (const socket of sockets) socket.destroy();
      accepted = 0;
    },
    close,
  };
}

async function serverWithSilentNeighbours(): Promise<{ server: TestServer; silent: SilentSubnet }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const server = await startTestServer({ host: SERVER_HOST });
    const silent = await silentSubnet(server.port);
    if (silent) return { server, silent };
    await server.close(); // the port was taken on another loopback address: try another
  }
  throw new Error('No port free on all of 127.0.0.0/24');
}

export async function lanScan(): Promise<Figure[]> {
  const { server, silent } = await serverWithSilentNeighbours();
  const listed: number[] = [];
  const finished: number[] = [];
  const inFlight: number[] = [];
  const opened: number[] = [];
  const held: number[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      // A fresh browser each run, so no connection of an earlier run is counted.
      const chromium = await launchChromium();
      try {
        const tv = await chromium.context.newPage();
        await tv.addInitScript(fakeTizenWithAddress(TV_ADDRESS));
        await tv.goto(`${APP}?scanport=${server.port}`);
        await tv.waitForSelector('[data-testid="welcome-plex"][data-focused="true"]', { timeout: 30_000 });
        // Times taken in the page: OK's keydown, then the first server-found row, then the scan's end.
        await tv.evaluate(() => {
          const marks = { ok: 0, listed: 0, finished: 0 };
          (window as unknown as { scanMarks: typeof marks }).scanMarks = marks;
          window.addEventListener(
            'keydown',
            (event) => {
              if (event.key === 'Enter' && !marks.ok) marks.ok = performance.now();
            },
            true,
          );
          new MutationObserver(() => {
            if (!marks.listed && document.querySelector('[data-testid="server-found"]'))
              marks.listed = performance.now();
            if (
              !marks.finished &&
              document.querySelector('[data-testid="find-status"][data-phase="finished"]')
            )
              marks.finished = performance.now();
          }).observe(document.body, { subtree: true, childList: true, attributes: true });
        });
        await tv.keyboard.press('ArrowDown');
        await tv.waitForSelector('[data-testid="welcome-home-server"][data-focused="true"]');
        silent.reset();
        await tv.keyboard.press('Enter');
        const address = `http://${SERVER_HOST}:${server.port}`;
        await tv.waitForSelector(`[data-testid="server-found"][data-address="${address}"]`, {
          timeout: 60_000,
        });
        await tv.waitForSelector('[data-testid="find-status"][data-phase="finished"]', { timeout: 60_000 });
        const marks = await tv.evaluate(
          () =>
            (window as unknown as { scanMarks: { ok: number; listed: number; finished: number } }).scanMarks,
        );
        listed.push(marks.listed - marks.ok);
        finished.push(marks.finished - marks.ok);
        inFlight.push(Number(await tv.getAttribute('[data-testid="find-status"]', 'data-peak-in-flight')));
        opened.push(silent.accepted());
        held.push(silent.open());
        console.log(
          `  run ${run}: listed after ${ms(listed[run - 1])}, /24 done after ${ms(finished[run - 1])}, ` +
            `at most ${inFlight[run - 1]} requests in flight; connections to silent addresses: ` +
            `${opened[run - 1]} opened, ${held[run - 1]} still open after the scan`,
        );
      } finally {
        await chromium.close();
      }
    }
  } finally {
    await silent.close();
    await server.close();
  }
  return [
    {
      name: `home server listed, /24 with 1 answering (median of ${RUNS})`,
      value: median(listed),
      unit: 'ms',
    },
    { name: `whole /24 looked at (median of ${RUNS})`, value: median(finished), unit: 'ms' },
    { name: 'scan: most requests in flight at once', value: Math.max(...inFlight), unit: 'requests' },
    { name: 'scan: connections to silent addresses opened', value: Math.max(...opened), unit: 'connections' },
    { name: 'scan: of those, still open after it', value: Math.max(...held), unit: 'connections' },
  ];
}

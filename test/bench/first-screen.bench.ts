import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { constants, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { initialScripts } from '../build/floor';
import { startTestServer } from '../support/home-server';
import { CPU_THROTTLE_RATE, codeVisibleCold } from './code-visible.bench';
import { type Figure, median, ms } from './stats';

// The first screen beside its floor, in one run: the TV app (dist/, or FIRST_SCREEN_APP_DIST) and the minimal
// stack (minimal-stack/: React, zustand, the navigation library and qrcode showing a code and its QR after
// one pin request, built here the same way as the app into a temp dir). For each: cold start from file://
// (fresh profile, CPU ×6, navigation start → code shown; app and floor runs alternate so both meet the same
// machine load) and the initial JavaScript (every script index.html loads plus their static imports, gzip -9).

const RUNS = 5;
const APP_DIST = process.env.FIRST_SCREEN_APP_DIST ?? fileURLToPath(new URL('../../dist/', import.meta.url));
const MINIMAL_STACK_CONFIG = fileURLToPath(new URL('./minimal-stack/vite.config.ts', import.meta.url));

export async function firstScreen(): Promise<Figure[]> {
  const floorDist = mkdtempSync(join(tmpdir(), 'marquee-minimal-stack-'));
  try {
    await build({
      configFile: MINIMAL_STACK_CONFIG,
      build: { outDir: floorDist, emptyOutDir: true },
      logLevel: 'warn',
    });

    const appJs = initialJs('app', APP_DIST);
    const floorJs = initialJs('minimal stack', floorDist);
    console.log(
      `  initial JS, gzip -9: app ${appJs} B, minimal stack ${floorJs} B, ${ratio(appJs, floorJs)}`,
    );

    const server = await startTestServer();
    const appTimes: number[] = [];
    const floorTimes: number[] = [];
    try {
      const query = `?server=${encodeURIComponent(server.url)}`;
      const appUrl = pathToFileURL(join(APP_DIST, 'index.html')).href + query;
      const floorUrl = pathToFileURL(join(floorDist, 'index.html')).href + query;
      for (let run = 1; run <= RUNS; run++) {
        // A fresh profile for every run (codeVisibleCold); the order flips each run.
        const order = run % 2 === 1 ? ['app', 'floor'] : ['floor', 'app'];
        for (const which of order) {
          const elapsed = await codeVisibleCold(which === 'app' ? appUrl : floorUrl);
          (which === 'app' ? appTimes : floorTimes).push(elapsed);
        }
        console.log(`  run ${run}: app ${ms(appTimes[run - 1])}, minimal stack ${ms(floorTimes[run - 1])}`);
      }
    } finally {
      await server.close();
    }
    const app = median(appTimes);
    const floor = median(floorTimes);
    console.log(
      `  code visible, file://, cold, CPU ×${CPU_THROTTLE_RATE}, median of ${RUNS}: ` +
        `app ${ms(app)}, minimal stack ${ms(floor)}, ${ratio(app, floor)}`,
    );

    const cold = `code visible, file://, cold, CPU ×${CPU_THROTTLE_RATE} (median of ${RUNS})`;
    return [
      { name: `first screen: ${cold}, app`, value: app, unit: 'ms' },
      { name: `first screen: ${cold}, minimal stack`, value: floor, unit: 'ms' },
      { name: 'first screen: code visible, app ÷ minimal stack', value: round(app / floor), unit: '×' },
      { name: 'first screen: initial JS, gzip -9, app', value: appJs, unit: 'bytes' },
      { name: 'first screen: initial JS, gzip -9, minimal stack', value: floorJs, unit: 'bytes' },
      { name: 'first screen: initial JS, app ÷ minimal stack', value: round(appJs / floorJs), unit: '×' },
    ];
  } finally {
    rmSync(floorDist, { recursive: true, force: true });
  }
}

/** gzip -9 of the initial scripts (test/build/floor.ts initialScripts), each listed. */
function initialJs(label: string, distDir: string): number {
  let total = 0;
  console.log(`  ${label} initial scripts (raw / gzip -9):`);
  for (const file of initialScripts(distDir)) {
    const bytes = readFileSync(file);
    const gzip = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
    total += gzip;
    console.log(`    ${relative(distDir, file)}: ${bytes.length} B / ${gzip} B`);
  }
  return total;
}

function ratio(value: number, floor: number): string {
  return `${(value / floor).toFixed(3)}× the minimal stack`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

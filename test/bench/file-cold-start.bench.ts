import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageTizen } from '../../src/packaging/tizen';
import { packageWebos } from '../../src/packaging/webos';
import { startTestServer } from '../support/home-server';
import { CPU_THROTTLE_RATE, codeVisibleCold } from './code-visible.bench';
import { type Figure, median, ms } from './stats';

// The packaged-app situation: dist/index.html opened from file:// (no HTTP for the app itself, the home server
// on another origin), a fresh profile, CPU slowed ×6 for a TV's SoC; navigation start → activation code shown.
// Also the size of the two TV packages built from the same dist/.

const RUNS = 5;
const APP = pathToFileURL(join(import.meta.dirname, '../../dist/index.html')).href;

export async function fileColdStart(): Promise<Figure[]> {
  const server = await startTestServer();
  const times: number[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      // A fresh profile each run; the server stays up (the app itself is on disk, not served by it).
      const elapsed = await codeVisibleCold(`${APP}?server=${encodeURIComponent(server.url)}`);
      times.push(elapsed);
      console.log(`  run ${run}: ${ms(elapsed)}`);
    }
  } finally {
    await server.close();
  }
  const mid = median(times);
  console.log(`  median of ${RUNS}: ${ms(mid)}`);

  const out = mkdtempSync(join(tmpdir(), 'marquee-bench-packages-'));
  try {
    const { ipk } = packageWebos({ outDir: out });
    const { wgt } = packageTizen({ outDir: out, signing: null, useTizenCli: false, log: () => {} });
    const ipkBytes = statSync(ipk).size;
    const wgtBytes = statSync(wgt).size;
    console.log(
      `  webOS .ipk: ${ipkBytes} B; Tizen .wgt (unsigned; signatures add a few KiB): ${wgtBytes} B`,
    );
    return [
      {
        name: `code visible, file://, cold, CPU ×${CPU_THROTTLE_RATE} (median of ${RUNS})`,
        value: mid,
        unit: 'ms',
      },
      { name: 'webOS .ipk', value: ipkBytes, unit: 'bytes' },
      { name: 'Tizen .wgt (unsigned)', value: wgtBytes, unit: 'bytes' },
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

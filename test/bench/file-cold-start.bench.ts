import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageTizen } from '../../src/packaging/tizen';
import { packageWebos } from '../../src/packaging/webos';
import { launchChromium } from '../support/chromium';
import { startTestServer } from '../support/home-server';
import { type Figure, median, ms } from './stats';

// The packaged-app situation: dist/index.html opened from file:// (no HTTP for the app itself, the home server
// on another origin), a fresh profile, CPU slowed ×6 for a TV's SoC; navigation start → activation code shown.
// Also the size of the two TV packages built from the same dist/.

const RUNS = 5;
const CPU_THROTTLE_RATE = 6;
const APP = pathToFileURL(join(import.meta.dirname, '../../dist/index.html')).href;

export async function fileColdStart(): Promise<Figure[]> {
  const server = await startTestServer();
  const times: number[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      const elapsed = await oneColdRun(server.url);
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

/** A fresh Chromium profile each run; the server stays up (its cache is not the app's: the app is on disk). */
async function oneColdRun(serverUrl: string): Promise<number> {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    page.on('pageerror', (error) => console.error(`  TV page error: ${error.message}`));
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE_RATE });
    await page.goto(`${APP}?server=${encodeURIComponent(serverUrl)}`, { waitUntil: 'commit' });
    const shownAt = await page.waitForFunction(
      () => {
        const text = document.querySelector('[data-testid="activation-code"]')?.textContent ?? '';
        return text.trim() !== '' ? performance.now() : false;
      },
      undefined,
      { polling: 'raf', timeout: 60_000 },
    );
    return (await shownAt.jsonValue()) as number;
  } finally {
    await browser.close();
  }
}

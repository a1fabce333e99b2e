import { LINKED_MESSAGE_MS } from '../../src/tv/activation/activation-machine';
import { launchChromium } from '../support/chromium';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';
import { codeOnTv } from '../support/tv';
import { type Figure, median, ms, p95 } from './stats';

// From pressing Link on the phone to the TV reacting: (a) the TV says "Linked to admin" (the held long
// poll wakes, the TV loads the user, renders), and (b) home is visible, which includes the deliberate
// 1.5 s "Linked to" message (LINKED_MESSAGE_MS). (b) − (a) − 1.5 s is the part of (b) that is not
// deliberate: the switch from the message to home.

const ITERATIONS = 20;
/** Lets the TV's long poll reach the server and home's chunk prefetch finish, so we time the wake-up. */
const SETTLE_MS = 250;

export async function linkLatency(): Promise<Figure[]> {
  // Every iteration creates a pin from 127.0.0.1; lift the per-IP limit (60 per 10 min) out of the way.
  const server = await startTestServer({
    limits: { pinCreatePerIp: { limit: 10_000, windowMs: 10 * 60_000 } },
  });
  const browser = await launchChromium();
  try {
    const phone = new LinkBrowser(server.url);
    const signedIn = await phone.signIn('admin', TEST_ADMIN_PASSWORD);
    if (signedIn.status !== 303) throw new Error(`phone sign-in answered ${signedIn.status}`);

    const tv = await browser.context.newPage();
    tv.on('pageerror', (error) => console.error(`  TV page error: ${error.message}`));
    await tv.goto(`${server.url}/tv/`);

    const linkedMs: number[] = [];
    const homeMs: number[] = [];
    const switchMs: number[] = [];
    for (let i = 1; i <= ITERATIONS; i++) {
      // Forget the token so the reloaded TV asks for a fresh code.
      await tv.evaluate(() => localStorage.clear());
      await tv.reload();
      const code = await codeOnTv(tv);
      const entered = await phone.enterCode(code);
      if (entered.status !== 200) throw new Error(`entering ${code} answered ${entered.status}`);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

      // Watchers start before the press; each returns the wall-clock time of the first frame it saw.
      const linkedAt = tv.waitForFunction(
        () => {
          const status = document.querySelector('[data-testid="activation-status"]')?.textContent ?? '';
          return status.includes('Linked to') ? Date.now() : false;
        },
        undefined,
        { polling: 'raf', timeout: 15_000 },
      );
      const homeAt = tv.waitForFunction(
        () => {
          const home = document.querySelector('[data-testid="home"]');
          if (!home) return false;
          const box = home.getBoundingClientRect();
          const visible = box.width > 0 && box.height > 0 && getComputedStyle(home).visibility !== 'hidden';
          return visible ? Date.now() : false;
        },
        undefined,
        { polling: 'raf', timeout: 15_000 },
      );

      // Marked handled now: if the press fails we leave early, and their later rejection is not the error.
      linkedAt.catch(() => undefined);
      homeAt.catch(() => undefined);

      const t0 = Date.now(); // same wall clock as the page's Date.now(): one machine
      const confirmed = await phone.confirm('link');
      if (confirmed.status !== 200) throw new Error(`Link answered ${confirmed.status}`);
      const linked = ((await (await linkedAt).jsonValue()) as number) - t0;
      const home = ((await (await homeAt).jsonValue()) as number) - t0;
      linkedMs.push(linked);
      homeMs.push(home);
      switchMs.push(home - linked - LINKED_MESSAGE_MS);
      console.log(`  #${String(i).padStart(2)}: linked ${ms(linked)}, home ${ms(home)}`);
    }

    console.log(`  (a) "Linked to" shown: median ${ms(median(linkedMs))}, p95 ${ms(p95(linkedMs))}`);
    console.log(`  (b) home visible:     median ${ms(median(homeMs))}, p95 ${ms(p95(homeMs))}`);
    console.log(`  (b) − (a) − 1.5 s:    median ${ms(median(switchMs))}, p95 ${ms(p95(switchMs))}`);
    return [
      { name: `link → "Linked to" shown, median of ${ITERATIONS}`, value: median(linkedMs), unit: 'ms' },
      { name: `link → "Linked to" shown, p95 of ${ITERATIONS}`, value: p95(linkedMs), unit: 'ms' },
      { name: `link → home visible (incl. 1.5 s message), median`, value: median(homeMs), unit: 'ms' },
      { name: `link → home visible (incl. 1.5 s message), p95`, value: p95(homeMs), unit: 'ms' },
      { name: 'message → home switch, beyond the 1.5 s, median', value: median(switchMs), unit: 'ms' },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

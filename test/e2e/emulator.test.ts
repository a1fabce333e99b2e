import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumFixture } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/home-server';
import { KEY_GAP_MS } from '../support/tv';

// The emulator's on-screen remote drives the real TV app in its frame with each platform's key codes.

const chromium = chromiumFixture({ viewport: { width: 1600, height: 900 } });
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await Promise.all([chromium.close(), server?.close()]);
});

it('sends Tizen and webOS Back codes from the on-screen remote: the exit dialog opens and closes', async () => {
  const page = await chromium.context.newPage();
  await page.goto(`${server.url}/emulator/`);
  const tv = page.frameLocator('#tv');
  await tv.locator('[data-testid="activation-code"]').waitFor({ timeout: 15_000 });

  for (const preset of ['tizen', 'webos']) {
    await page.selectOption('#preset', preset);
    await page.click('[data-button="Back"]');
    await tv.locator('[data-testid="exit-dialog"]').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.textContent('#last-key')).toMatch(preset === 'tizen' ? /10009/ : /461/);
    await page.waitForTimeout(KEY_GAP_MS); // Norigin drops key presses closer than its 100 ms throttle
    await page.click('[data-button="Back"]');
    await tv.locator('[data-testid="exit-dialog"]').waitFor({ state: 'detached', timeout: 15_000 });
    await page.waitForTimeout(KEY_GAP_MS);
  }
  // Focus went back to the code screen's button when the dialog closed.
  expect(await tv.locator('[data-focused="true"]').getAttribute('data-testid')).toBe('activation-new-code');
});

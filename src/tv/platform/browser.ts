import { assemblePlatform } from './assemble';
import { describeBrowser } from './browser-name';
import { chromeMajorFromUserAgent } from './detect';
import type { PlatformEnv } from './env';
import type { Platform } from './platform';

// A desktop browser (development, the emulator, a laptop on the LAN). There is no app to leave: a page
// may not close a tab it did not open. confirmsExit stays true so Back on the root screen shows the same
// "Exit Marquee?" dialog as on a TV — testable in the emulator — and choosing Exit simply stays.

export function createBrowserPlatform(env: PlatformEnv): Platform {
  const userAgent = env.navigator.userAgent;
  // As detect.ts names a browser's version: its Chrome major, if any.
  const chromeMajor = chromeMajorFromUserAgent(userAgent);
  const browser = describeBrowser(userAgent);

  return assemblePlatform(env, {
    name: 'browser',
    version: chromeMajor === null ? null : String(chromeMajor),
    confirmsExit: true,
    describe: () => ({
      platform: browser.name,
      platformVersion: browser.version,
      device: 'Browser',
      model: '',
      defaultDeviceName: browser.os ? `${browser.name} on ${browser.os}` : browser.name,
    }),
    exit() {
      // Nothing to leave in a browser tab.
    },
  });
}

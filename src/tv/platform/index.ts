import { createBrowserPlatform } from './browser';
import { platformName } from './detect';
import type { PlatformEnv } from './env';
import type { Platform } from './platform';

// The one entry point: picks the adapter for where the app runs. There is deliberately no
// ?platform= override: faking TV globals would hide real bugs. The emulator changes key codes only.
//
// The Tizen and webOS adapters are chunks of their own, loaded only on their TV: each TV needs one of the
// three, and the initial script is what every TV parses before its first screen. The browser adapter stays
// in it (development, the emulator, the benches open the app in a browser).

export function loadPlatform(win: PlatformEnv = window as unknown as PlatformEnv): Promise<Platform> {
  const name = platformName({
    userAgent: win.navigator.userAgent,
    hasTizen: !!win.tizen,
    hasWebOS: !!(win.webOS || win.webOSSystem || win.PalmSystem),
  });
  if (name === 'tizen') return import('./tizen').then((module) => module.createTizenPlatform(win));
  if (name === 'webos') return import('./webos').then((module) => module.createWebOSPlatform(win));
  return Promise.resolve(createBrowserPlatform(win));
}

export type { PlatformEnv } from './env';
export { commandForKey, commandForKeyboardEvent, isTextEntryTarget } from './key-map';
export type { DeviceInfo, KeyValueStorage, Platform, PlatformName, RemoteCommand } from './platform';

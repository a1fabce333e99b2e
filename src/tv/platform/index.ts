import { createBrowserPlatform } from './browser';
import { detectPlatform } from './detect';
import type { PlatformEnv } from './env';
import type { Platform } from './platform';
import { createTizenPlatform } from './tizen';
import { createWebOSPlatform } from './webos';

// The one entry point: picks the adapter for where the app runs. There is deliberately no
// ?platform= override: faking TV globals would hide real bugs. The emulator changes key codes only.

export function createPlatform(win: PlatformEnv = window as unknown as PlatformEnv): Platform {
  const detected = detectPlatform({
    userAgent: win.navigator.userAgent,
    hasTizen: !!win.tizen,
    hasWebOS: !!(win.webOS || win.webOSSystem || win.PalmSystem),
  });
  if (detected.name === 'tizen') return createTizenPlatform(win);
  if (detected.name === 'webos') return createWebOSPlatform(win);
  return createBrowserPlatform(win);
}

export type { PlatformEnv } from './env';
export { commandForKey, commandForKeyboardEvent, isTextEntryTarget } from './key-map';
export type { DeviceInfo, KeyValueStorage, Platform, PlatformName, RemoteCommand } from './platform';

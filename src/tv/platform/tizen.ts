import { assemblePlatform } from './assemble';
import type { PlatformEnv, TizenInputDevice } from './env';
import type { Platform } from './platform';
import { detectPlatform } from './tv-detect';

// Samsung Tizen TVs (docs/platforms.md#tizen-key-registration, docs/platforms.md#back-and-exit). Arrows,
// Enter and Return (10009) arrive without registration; the media keys must be registered or the TV acts on
// them itself (its own overlay).

/**
 * Registered only while the player is on screen, as jellyfin-tizen does. Caption and MTS are the subtitle and
 * audio-track keys (key-map.ts), registered only where the set has them (getSupportedKeys).
 */
export const TIZEN_MEDIA_KEYS = [
  'MediaPlayPause',
  'MediaPlay',
  'MediaPause',
  'MediaStop',
  'MediaRewind',
  'MediaFastForward',
  'Caption',
  'MTS',
];

export function createTizenPlatform(env: PlatformEnv): Platform {
  const detected = detectPlatform({ userAgent: env.navigator.userAgent, hasTizen: true, hasWebOS: false });
  let registered: string[] = [];

  return assemblePlatform(env, {
    name: 'tizen',
    version: detected.version,
    // Samsung's Return-key policy: Back on the home screen must ask before exiting
    // (docs/platforms.md#back-and-exit).
    confirmsExit: true,
    describe: () => ({
      platform: 'Tizen',
      platformVersion: detected.version || '',
      device: 'Samsung TV',
      model: tizenModel(env),
      defaultDeviceName: 'Samsung TV',
    }),
    exit() {
      const application = env.tizen?.application;
      if (application) application.getCurrentApplication().exit();
    },
    registerMediaKeys() {
      const input = env.tizen?.tvinputdevice;
      if (!input) return;
      const wanted = supportedKeys(input, TIZEN_MEDIA_KEYS).filter((name) => registered.indexOf(name) < 0);
      registered = registered.concat(registerKeys(input, wanted));
    },
    unregisterMediaKeys() {
      const input = env.tizen?.tvinputdevice;
      const names = registered;
      registered = [];
      if (input && names.length > 0) unregisterKeys(input, names);
    },
    localAddress: () => Promise.resolve(tizenIp(env)),
  });
}

/**
 * webapis.network.getIp(): the TV's IP address (Samsung Product API, Network, since 2.3). It needs
 * $WEBAPIS/webapis/webapis.js loaded by index.html and the network.public privilege in config.xml; without
 * them `webapis.network` is missing and the address is unknown. Not yet tried on a physical TV.
 */
function tizenIp(env: PlatformEnv): string | null {
  const network = env.webapis?.network;
  if (!network || typeof network.getIp !== 'function') return null;
  return network.getIp() || null;
}

function tizenModel(env: PlatformEnv): string {
  const productinfo = env.webapis?.productinfo;
  if (!productinfo || typeof productinfo.getModel !== 'function') return '';
  try {
    return productinfo.getModel() || '';
  } catch {
    return '';
  }
}

/** The wanted names the set says it has; all of them when it cannot tell (no getSupportedKeys). */
function supportedKeys(input: TizenInputDevice, wanted: string[]): string[] {
  if (typeof input.getSupportedKeys !== 'function') return wanted;
  try {
    const names = input.getSupportedKeys().map((key) => key.name);
    return wanted.filter((name) => names.indexOf(name) >= 0);
  } catch {
    return wanted;
  }
}

/**
 * registerKeyBatch when there is one ("can improve application launch time", 2016+ sets), else one by
 * one. A batch holding a name the set rejects fails as a whole, so on failure register one by one,
 * skipping the names that throw. Returns the names taken as registered; after a late (asynchronous)
 * batch failure that list may hold a name the set refused, which unregistering then ignores.
 */
function registerKeys(input: TizenInputDevice, names: string[]): string[] {
  if (names.length === 0) return [];
  if (typeof input.registerKeyBatch !== 'function') return registerOneByOne(input, names);
  let returned = false;
  let failed = false;
  const onError = () => {
    if (returned) registerOneByOne(input, names);
    else failed = true;
  };
  try {
    input.registerKeyBatch(names, () => {}, onError);
  } catch {
    failed = true;
  }
  returned = true;
  return failed ? registerOneByOne(input, names) : names.slice();
}

function registerOneByOne(input: TizenInputDevice, names: string[]): string[] {
  const done: string[] = [];
  for (let i = 0; i < names.length; i++) {
    try {
      input.registerKey(names[i]);
      done.push(names[i]);
    } catch {
      // unsupported on this set: ignore
    }
  }
  return done;
}

function unregisterKeys(input: TizenInputDevice, names: string[]): void {
  if (typeof input.unregisterKeyBatch === 'function') {
    try {
      input.unregisterKeyBatch(names);
      return;
    } catch {
      // fall back to one by one
    }
  }
  for (let i = 0; i < names.length; i++) {
    try {
      input.unregisterKey(names[i]);
    } catch {
      // already gone
    }
  }
}

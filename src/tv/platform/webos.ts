import { assemblePlatform } from './assemble';
import type { PalmSystemGlobal, PlatformEnv } from './env';
import type { Platform } from './platform';
import { detectPlatform } from './tv-detect';

// LG webOS TVs (docs/platforms.md#back-and-exit). Back (461) arrives as a keydown when appinfo.json sets
// "disableBackHistoryAPI": true; leaving the app is platformBack().

export function createWebOSPlatform(env: PlatformEnv): Platform {
  const detected = detectPlatform({ userAgent: env.navigator.userAgent, hasTizen: false, hasWebOS: true });
  const major = detected.version === null ? null : Number(detected.version);
  let model = nativeModelName(env);

  // webOSTV.js answers deviceInfo asynchronously; keep the model once it arrives.
  const webOS = env.webOS;
  if (webOS && typeof webOS.deviceInfo === 'function') {
    try {
      webOS.deviceInfo((info) => {
        if (info?.modelName) model = info.modelName;
      });
    } catch {
      // keep the native answer
    }
  }

  return assemblePlatform(env, {
    name: 'webos',
    version: detected.version,
    // LG: on the entry page webOS 6+ shows an exit popup, webOS 5 and older go straight Home. Unknown
    // versions are treated as new (a popup is the safe side).
    confirmsExit: major === null || major >= 6,
    describe: () => ({
      platform: 'webOS',
      platformVersion: detected.version || '',
      device: 'LG TV',
      model,
      defaultDeviceName: 'LG TV',
    }),
    exit() {
      // webOS.platformBack() is PalmSystem.platformBack() inside webOSTV.js; newer sets name the native
      // object webOSSystem (Enact reads webOSSystem ?? PalmSystem).
      if (webOS && typeof webOS.platformBack === 'function') {
        webOS.platformBack();
        return;
      }
      const native = nativeSystem(env);
      if (native && typeof native.platformBack === 'function') native.platformBack();
    },
    // Loaded when asked (the server search), not with the code screen.
    localAddress: () => import('./webos-network').then((network) => network.webOSLocalAddress(env)),
  });
}

function nativeSystem(env: PlatformEnv): PalmSystemGlobal | undefined {
  return env.webOSSystem || env.PalmSystem;
}

/** PalmSystem.deviceInfo is a JSON string holding modelName (what webOSTV.js itself parses). */
function nativeModelName(env: PlatformEnv): string {
  const native = nativeSystem(env);
  if (!native || typeof native.deviceInfo !== 'string') return '';
  try {
    const info = JSON.parse(native.deviceInfo);
    return info && typeof info.modelName === 'string' ? info.modelName : '';
  } catch {
    return '';
  }
}

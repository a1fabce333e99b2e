import type { PlatformName } from './platform';

// Which of the three places Marquee runs in, as a pure function of the UA and of which TV globals exist.
//
// Order: globals first, then the UA. A packaged Tizen app always has `tizen`, a webOS app always has
// `PalmSystem` (or `webOSSystem` on newer sets), so the globals are the reliable signal. A TV UA without
// the globals (a desktop browser with a spoofed UA, a TV's own web browser) is still named by the UA; the
// adapters guard every global they call, so such a page behaves like the TV minus the native calls.

export interface DetectInput {
  userAgent: string;
  hasTizen: boolean;
  /** window.webOS || window.webOSSystem || window.PalmSystem */
  hasWebOS: boolean;
}

export interface DetectedPlatform {
  name: PlatformName;
  /** Tizen "M.m" from the UA, webOS "4" / "22" from the Chrome major, the browser's Chrome major; else null. */
  version: string | null;
  chromeMajor: number | null;
}

export function detectPlatform(input: DetectInput): DetectedPlatform {
  const ua = input.userAgent || '';
  const chromeMajor = chromeMajorFromUserAgent(ua);
  const name = platformName(input);
  if (name === 'tizen') return { name, version: tizenVersion(ua), chromeMajor };
  if (name === 'webos') return { name, version: webOSVersionForChrome(chromeMajor), chromeMajor };
  return { name, version: chromeMajor === null ? null : String(chromeMajor), chromeMajor };
}

/** Only the name (platform/index.ts picks the adapter by it; the TV adapters work out their version). */
export function platformName(input: DetectInput): PlatformName {
  const ua = input.userAgent || '';
  if (input.hasTizen) return 'tizen';
  if (input.hasWebOS) return 'webos';
  if (/Tizen/i.test(ua)) return 'tizen';
  // LG writes "Web0S" (with a zero); accept the spelled-out form too.
  if (/Web0S|WebOS/i.test(ua)) return 'webos';
  return 'browser';
}

function tizenVersion(ua: string): string | null {
  const match = /Tizen (\d+)\.(\d+)/.exec(ua);
  return match ? `${match[1]}.${match[2]}` : null;
}

/**
 * The Chromium major version the UA reveals. Most engines say "Chrome/NN"; Samsung's Tizen 5.5+ UAs carry
 * it as a bare "69.0.3497.106.1/5.5 TV" token instead (retrieving-platform-information page). Tizen 4.0/5.0
 * UAs carry no Chromium version at all, so they give null.
 */
export function chromeMajorFromUserAgent(ua: string): number | null {
  const chrome = /Chrome\/(\d+)/.exec(ua);
  if (chrome) return Number(chrome[1]);
  const samsung = /\s(\d+)\.[\d.]+\/\d+\.\d+ TV/.exec(ua);
  if (samsung) return Number(samsung[1]);
  return null;
}

// jellyfin-web src/scripts/browser.js (docs/platforms.md#engines-and-the-chromium-53-floor): webOS version by
// Chromium major, newest first.
const WEBOS_BY_CHROME: [number, string][] = [
  [120, '25'],
  [108, '24'],
  [94, '23'],
  [87, '22'],
  [79, '6'],
  [68, '5'],
  [53, '4'],
  [38, '3'],
];

export function webOSVersionForChrome(chromeMajor: number | null): string | null {
  if (chromeMajor === null) return null;
  for (let i = 0; i < WEBOS_BY_CHROME.length; i++) {
    if (chromeMajor >= WEBOS_BY_CHROME[i][0]) return WEBOS_BY_CHROME[i][1];
  }
  return null;
}

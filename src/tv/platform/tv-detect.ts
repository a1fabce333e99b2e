import { chromeMajorFromUserAgent, type DetectInput, platformName } from './detect';
import type { PlatformName } from './platform';

// A TV's platform with its version (the Tizen and webOS adapters describe the device with it). Apart from
// detect.ts, which the first screen loads to pick the adapter: only the lazily loaded TV adapters need this.

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

function tizenVersion(ua: string): string | null {
  const match = /Tizen (\d+)\.(\d+)/.exec(ua);
  return match ? `${match[1]}.${match[2]}` : null;
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

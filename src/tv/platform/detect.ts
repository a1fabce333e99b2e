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

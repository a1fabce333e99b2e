import { describe, expect, it } from 'vitest';
import { describeBrowser } from '../../src/tv/platform/browser-name';
import { chromeMajorFromUserAgent } from '../../src/tv/platform/detect';
import { detectPlatform, webOSVersionForChrome } from '../../src/tv/platform/tv-detect';

// Every user agent below is a real one, copied from the source named next to it.

// MDN, "User-Agent" header page (developer.mozilla.org/en-US/docs/Web/HTTP/Headers/User-Agent), examples.
const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.103 Safari/537.36';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:47.0) Gecko/20100101 Firefox/47.0';
// @142vip/axios USER_AGENTS list (142vip.github.io/core-x/docs/apis/@142vip/axios/variables/USER_AGENTS.html).
const EDGE_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';
const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36';
const SAFARI_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15';

// Samsung, "Retrieving Platform Information"
// (developer.samsung.com/smarttv/develop/guides/fundamentals/retrieving-platform-information.html), table 2.
const TIZEN_4_0 =
  'Mozilla/5.0 (SMART-TV; LINUX; Tizen 4.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 TV Safari/537.36';
const TIZEN_5_0 =
  'Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/5.0 TV Safari/537.36';
const TIZEN_5_5 =
  'Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.5) AppleWebKit/537.36 (KHTML, like Gecko) 69.0.3497.106.1/5.5 TV Safari/537.36';
const TIZEN_6_0 =
  'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36';
const TIZEN_6_5 =
  'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko) 85.0.4183.93/6.5 TV Safari/537.36';
const TIZEN_7_0 =
  'Mozilla/5.0 (SMART-TV; LINUX; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) 94.0.4606.31/7.0 TV Safari/537.36';
// Samsung's signage/kiosk copy of the same page (samsungdforum.com/B2B/cmsguide/KioskGuideView/9652):
// the 2019 row there carries a Chrome token.
const TIZEN_5_0_KIOSK =
  'Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/5.0 TV Chrome/63.0.3239.84 Safari/537.36';
// shaka-project/shaka-player test/device/tizen_unit.js (citing the Samsung page above).
const TIZEN_8_0 =
  'Mozilla/5.0 (SMART-TV; LINUX; Tizen 8.0) AppleWebKit/537.36 (KHTML, like Gecko) 108.0.5359.1/8.0 TV Safari/537.36';

// LG, "Web Engine" (webostv.developer.lge.com/discover/specifications/webos-tv-platform/web-engine/), userAgent.
const WEBOS_3 =
  'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) QtWebEngine/5.2.1 Chrome/38.0.2125.122 Safari/537.36 WebAppManager';
const WEBOS_4 =
  'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.34 Safari/537.36 WebAppManager';
// shaka-project/shaka-player test/device/webos_unit.js, citing
// webostv.developer.lge.com/develop/specifications/web-api-and-web-engine#useragent-string.
const WEBOS_5 =
  'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/68.0.3440.106 Safari/537.36 WebAppManager';
const WEBOS_6 =
  'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager';
const WEBOS_22 =
  'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36 WebAppManager';
const WEBOS_23 =
  'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/94.0.4606.128 Safari/537.36 WebAppManager';
const WEBOS_24 =
  'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.5359.211 Safari/537.36 WebAppManager';
const WEBOS_25 =
  'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.270 Safari/537.36 WebAppManager';

const noGlobals = { hasTizen: false, hasWebOS: false };

describe('detectPlatform: desktop browsers', () => {
  it('names Chrome a browser, its version the Chrome major', () => {
    expect(detectPlatform({ userAgent: CHROME_LINUX, ...noGlobals })).toEqual({
      name: 'browser',
      version: '51',
      chromeMajor: 51,
    });
    expect(detectPlatform({ userAgent: EDGE_WINDOWS, ...noGlobals })).toEqual({
      name: 'browser',
      version: '131',
      chromeMajor: 131,
    });
  });

  it('gives Firefox and Safari no Chrome version', () => {
    expect(detectPlatform({ userAgent: FIREFOX_WINDOWS, ...noGlobals })).toEqual({
      name: 'browser',
      version: null,
      chromeMajor: null,
    });
    expect(detectPlatform({ userAgent: SAFARI_MAC, ...noGlobals })).toEqual({
      name: 'browser',
      version: null,
      chromeMajor: null,
    });
  });

  it('copes with an empty user agent', () => {
    expect(detectPlatform({ userAgent: '', ...noGlobals })).toEqual({
      name: 'browser',
      version: null,
      chromeMajor: null,
    });
  });
});

describe('detectPlatform: Samsung Tizen', () => {
  const cases: [string, string, string, number | null][] = [
    ['4.0 (2018)', TIZEN_4_0, '4.0', null],
    ['5.0 (2019)', TIZEN_5_0, '5.0', null],
    ['5.0 kiosk (2019)', TIZEN_5_0_KIOSK, '5.0', 63],
    ['5.5 (2020)', TIZEN_5_5, '5.5', 69],
    ['6.0 (2021)', TIZEN_6_0, '6.0', 76],
    ['6.5 (2022)', TIZEN_6_5, '6.5', 85],
    ['7.0 (2023)', TIZEN_7_0, '7.0', 94],
    ['8.0 (2024)', TIZEN_8_0, '8.0', 108],
  ];
  for (const [label, userAgent, version, chromeMajor] of cases) {
    it(`Tizen ${label} by UA alone, and with the tizen global`, () => {
      const expected = { name: 'tizen', version, chromeMajor };
      expect(detectPlatform({ userAgent, ...noGlobals })).toEqual(expected);
      expect(detectPlatform({ userAgent, hasTizen: true, hasWebOS: false })).toEqual(expected);
    });
  }
});

describe('detectPlatform: LG webOS', () => {
  const cases: [string, string, string, number][] = [
    ['3', WEBOS_3, '3', 38],
    ['4', WEBOS_4, '4', 53],
    ['5', WEBOS_5, '5', 68],
    ['6', WEBOS_6, '6', 79],
    ['22', WEBOS_22, '22', 87],
    ['23', WEBOS_23, '23', 94],
    ['24', WEBOS_24, '24', 108],
    ['25', WEBOS_25, '25', 120],
  ];
  for (const [label, userAgent, version, chromeMajor] of cases) {
    it(`webOS ${label} by UA alone, and with the webOS globals`, () => {
      const expected = { name: 'webos', version, chromeMajor };
      expect(detectPlatform({ userAgent, ...noGlobals })).toEqual(expected);
      expect(detectPlatform({ userAgent, hasTizen: false, hasWebOS: true })).toEqual(expected);
    });
  }
});

describe('detectPlatform: globals win over the UA', () => {
  it('a desktop UA with the tizen global is Tizen (version unknown)', () => {
    expect(detectPlatform({ userAgent: CHROME_LINUX, hasTizen: true, hasWebOS: false })).toEqual({
      name: 'tizen',
      version: null,
      chromeMajor: 51,
    });
  });

  it('a desktop UA with PalmSystem is webOS, its version read from the Chrome major', () => {
    expect(detectPlatform({ userAgent: CHROME_MAC, hasTizen: false, hasWebOS: true })).toEqual({
      name: 'webos',
      version: '25',
      chromeMajor: 132,
    });
  });

  it('a webOS UA with the tizen global is Tizen', () => {
    expect(detectPlatform({ userAgent: WEBOS_4, hasTizen: true, hasWebOS: false }).name).toBe('tizen');
  });

  it('a Tizen UA with the webOS globals is webOS', () => {
    expect(detectPlatform({ userAgent: TIZEN_6_5, hasTizen: false, hasWebOS: true }).name).toBe('webos');
  });
});

describe('webOSVersionForChrome (jellyfin-web table)', () => {
  it('maps each boundary', () => {
    expect(webOSVersionForChrome(37)).toBeNull();
    expect(webOSVersionForChrome(38)).toBe('3');
    expect(webOSVersionForChrome(52)).toBe('3');
    expect(webOSVersionForChrome(53)).toBe('4');
    expect(webOSVersionForChrome(68)).toBe('5');
    expect(webOSVersionForChrome(79)).toBe('6');
    expect(webOSVersionForChrome(87)).toBe('22');
    expect(webOSVersionForChrome(94)).toBe('23');
    expect(webOSVersionForChrome(108)).toBe('24');
    expect(webOSVersionForChrome(120)).toBe('25');
    expect(webOSVersionForChrome(null)).toBeNull();
  });
});

describe('chromeMajorFromUserAgent', () => {
  it('does not take "Version/5.0 TV" for a Chrome version', () => {
    expect(chromeMajorFromUserAgent(TIZEN_5_0)).toBeNull();
  });
});

describe('describeBrowser', () => {
  it('names browser and OS', () => {
    expect(describeBrowser(CHROME_LINUX)).toEqual({ name: 'Chrome', version: '51', os: 'Linux' });
    expect(describeBrowser(CHROME_MAC)).toEqual({ name: 'Chrome', version: '132', os: 'macOS' });
    expect(describeBrowser(FIREFOX_WINDOWS)).toEqual({ name: 'Firefox', version: '47', os: 'Windows' });
    expect(describeBrowser(EDGE_WINDOWS)).toEqual({ name: 'Edge', version: '131', os: 'Windows' });
    expect(describeBrowser(SAFARI_MAC)).toEqual({ name: 'Safari', version: '18', os: 'macOS' });
    expect(describeBrowser('')).toEqual({ name: 'Browser', version: '', os: '' });
  });
});

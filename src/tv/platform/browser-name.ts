// Names a desktop browser and its OS from the UA, for X-Plex-Platform and a friendly device name
// ("Chrome on Linux"). Only the browser adapter uses it; TVs name themselves.

export interface BrowserDescription {
  /** 'Chrome', 'Firefox', 'Safari', 'Edge', 'Opera', or 'Browser' when unknown. */
  name: string;
  /** The browser's major version, '' when unknown. */
  version: string;
  /** 'Windows', 'macOS', 'Linux', 'Android', 'iOS', 'ChromeOS', or '' when unknown. */
  os: string;
}

// Order matters: Edge and Opera also say "Chrome/", Chrome also says "Safari/".
const BROWSERS: [string, RegExp][] = [
  ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /OPR\/(\d+)/],
  ['Firefox', /Firefox\/(\d+)/],
  ['Chrome', /(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//],
];

export function describeBrowser(ua: string): BrowserDescription {
  let name = 'Browser';
  let version = '';
  for (let i = 0; i < BROWSERS.length; i++) {
    const match = BROWSERS[i][1].exec(ua);
    if (match) {
      name = BROWSERS[i][0];
      version = match[1];
      break;
    }
  }
  return { name, version, os: operatingSystem(ua) };
}

function operatingSystem(ua: string): string {
  if (/iPhone|iPad|iPod/.test(ua)) return 'iOS';
  if (/Android/.test(ua)) return 'Android';
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Windows/.test(ua)) return 'Windows';
  if (/Mac OS X|Macintosh/.test(ua)) return 'macOS';
  if (/Linux|X11/.test(ua)) return 'Linux';
  return '';
}

// Which account service (plex.tv, or a home server's link service) the TV app talks to.

export type AccountServiceChoice = { ok: true; url: string } | { ok: false; title: string; detail: string };

export interface AccountServiceSources {
  /** `?server=` from the page's URL, or null. */
  queryParam: string | null;
  /** The page's protocol and origin: an app served over http(s) uses the server that served it. */
  protocol: string;
  origin: string;
  /** Baked in when packaging for a TV (VITE_MARQUEE_SERVER), where a file:// app has no origin to use. */
  packagedDefault: string | undefined;
}

/** `?server=` wins; then the origin that served the app; then the address packaged with it. */
export function chooseAccountService(sources: AccountServiceSources): AccountServiceChoice {
  if (sources.queryParam !== null) return parseServerAddress(sources.queryParam, 'the ?server= parameter');
  if (/^https?:$/.test(sources.protocol) && sources.origin && sources.origin !== 'null') {
    return { ok: true, url: sources.origin };
  }
  if (sources.packagedDefault) return parseServerAddress(sources.packagedDefault, 'VITE_MARQUEE_SERVER');
  return {
    ok: false,
    title: 'No server configured',
    detail:
      'This copy of Marquee does not know which server to use. Package it with VITE_MARQUEE_SERVER=http://<host>:32400, or open it with ?server=http://<host>:32400.',
  };
}

function parseServerAddress(raw: string, source: string): AccountServiceChoice {
  const url = raw.trim().replace(/\/+$/, '');
  if (/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(url)) return { ok: true, url };
  return {
    ok: false,
    title: 'Invalid server address',
    detail: `"${raw}" (from ${source}) is not an http:// or https:// address.`,
  };
}

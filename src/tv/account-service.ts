// Which account service (plex.tv, or a home server's link service) the TV app talks to, and where
// "Sign in with Plex" goes. Settings come from the page's URL, what the viewer chose before, the origin
// that served the app, and what was built in, in that order.

export type AccountServiceSource = 'query' | 'remembered' | 'origin' | 'build';

export type AccountServiceChoice =
  | { kind: 'chosen'; url: string; source: AccountServiceSource }
  /** Nothing says which server: a first run, so the welcome screen asks. */
  | { kind: 'first-run' }
  | { kind: 'invalid'; title: string; detail: string };

export interface AccountServiceSources {
  /** `?server=` from the page's URL, or null. */
  queryParam: string | null;
  /** The server the viewer chose on this TV before (welcome or Settings), or null. */
  remembered: string | null;
  /** The page's protocol and origin: an app served over http(s) uses the server that served it. */
  protocol: string;
  origin: string;
  /** Baked in when packaging for a TV (VITE_MARQUEE_SERVER): an optional default. */
  packagedDefault: string | undefined;
}

/** `?server=` wins; then the viewer's own choice; then the origin that served the app; then the build's. */
export function chooseAccountService(sources: AccountServiceSources): AccountServiceChoice {
  if (sources.queryParam !== null) return parsed(sources.queryParam, 'query', 'the ?server= parameter');
  if (sources.remembered) {
    const remembered = parseServerAddress(sources.remembered);
    if (remembered) return { kind: 'chosen', url: remembered, source: 'remembered' };
  }
  const origin = servedFrom(sources);
  if (origin) return { kind: 'chosen', url: origin, source: 'origin' };
  if (sources.packagedDefault) return parsed(sources.packagedDefault, 'build', 'VITE_MARQUEE_SERVER');
  return { kind: 'first-run' };
}

/** The http(s) origin that served the app, or null (file://, a sandboxed page). */
export function servedFrom(sources: Pick<AccountServiceSources, 'protocol' | 'origin'>): string | null {
  if (/^https?:$/.test(sources.protocol) && sources.origin && sources.origin !== 'null')
    return sources.origin;
  return null;
}

export const PLEX_TV_URL = 'https://plex.tv';

export type PlexTvChoice = { ok: true; url: string } | { ok: false; title: string; detail: string };

/**
 * Where "Sign in with Plex" links: `?plextv=`, else the build's VITE_MARQUEE_PLEXTV, else https://plex.tv.
 * Any plex.tv-compatible account service will do (a test stand-in, a self-hosted one).
 */
export function choosePlexTv(queryParam: string | null, buildDefault: string | undefined): PlexTvChoice {
  const [raw, source] =
    queryParam !== null ? [queryParam, 'the ?plextv= parameter'] : [buildDefault, 'VITE_MARQUEE_PLEXTV'];
  if (raw === undefined || raw === '') return { ok: true, url: PLEX_TV_URL };
  const url = parseServerAddress(raw);
  return url ? { ok: true, url } : invalid(raw, source);
}

/** The scanned port for home servers on the LAN: `?scanport=`, else VITE_MARQUEE_SCAN_PORT, else 32400. */
export function chooseScanPort(queryParam: string | null, buildDefault: string | undefined): number {
  const raw = queryParam !== null ? queryParam : buildDefault;
  const port = raw && /^\d{1,5}$/.test(raw.trim()) ? Number(raw) : 0;
  return port >= 1 && port <= 65535 ? port : 32400;
}

function parsed(raw: string, source: AccountServiceSource, where: string): AccountServiceChoice {
  const url = parseServerAddress(raw);
  if (url) return { kind: 'chosen', url, source };
  const problem = invalid(raw, where);
  return { kind: 'invalid', title: problem.title, detail: problem.detail };
}

function invalid(raw: string, where: string): { ok: false; title: string; detail: string } {
  return {
    ok: false,
    title: 'Invalid server address',
    detail: `"${raw}" (from ${where}) is not an http:// or https:// address.`,
  };
}

/** An http(s) base URL without a trailing slash, or null. */
export function parseServerAddress(raw: string): string | null {
  const url = raw.trim().replace(/\/+$/, '');
  return /^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(url) ? url : null;
}

// Small clients for the plex.tv-shaped API, shared by the server tests.
import type { PlexErrorBody, PlexPin } from '../../src/protocol/plex-account';
import { TEST_ADMIN_PASSWORD } from '../support/home-server';
import { LinkBrowser } from '../support/link-browser';

export interface TvIdentity {
  clientIdentifier: string;
  deviceName?: string;
}

let tvCount = 0;

/** A fresh TV identity, unique per call. */
export function newTv(deviceName = 'Living Room TV'): TvIdentity {
  tvCount += 1;
  return {
    clientIdentifier: `test-tv-${process.pid}-${tvCount}-${Math.random().toString(36).slice(2)}`,
    deviceName,
  };
}

/** X-Plex values as query parameters, the way the TV client sends them. */
export function plexQuery(tv: TvIdentity): string {
  return new URLSearchParams({
    'X-Plex-Client-Identifier': tv.clientIdentifier,
    'X-Plex-Product': 'Marquee',
    'X-Plex-Version': '0.1.0',
    'X-Plex-Platform': 'Tizen',
    'X-Plex-Platform-Version': '6.5',
    'X-Plex-Device': 'Samsung TV',
    'X-Plex-Model': 'QE55',
    'X-Plex-Device-Name': tv.deviceName ?? 'Living Room TV',
  }).toString();
}

export async function createPin(url: string, tv: TvIdentity): Promise<{ status: number; pin: PlexPin }> {
  const response = await fetch(`${url}/api/v2/pins?${plexQuery(tv)}`, {
    method: 'POST',
    headers: { Accept: 'application/json' },
  });
  return { status: response.status, pin: (await response.json()) as PlexPin };
}

export async function pollPin(
  url: string,
  tv: TvIdentity,
  id: number,
  waitSeconds = 0,
): Promise<{ status: number; body: PlexPin & PlexErrorBody }> {
  const wait = waitSeconds > 0 ? `wait=${waitSeconds}&` : '';
  const response = await fetch(`${url}/api/v2/pins/${id}?${wait}${plexQuery(tv)}`, {
    headers: { Accept: 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as PlexPin & PlexErrorBody };
}

/** GET with a token in the X-Plex-Token header (as the TV client sends it). */
export function getWithToken(url: string, path: string, token: string, tv?: TvIdentity): Promise<Response> {
  const query = tv ? `${path.includes('?') ? '&' : '?'}${plexQuery(tv)}` : '';
  return fetch(`${url}${path}${query}`, { headers: { Accept: 'application/json', 'X-Plex-Token': token } });
}

/** A browser signed in as admin. */
export async function adminBrowser(url: string): Promise<LinkBrowser> {
  const browser = new LinkBrowser(url);
  const signedIn = await browser.signIn('admin', TEST_ADMIN_PASSWORD);
  if (signedIn.status !== 303) throw new Error(`admin sign-in failed: ${signedIn.status}`);
  return browser;
}

/** Signs in through the API (POST /api/v2/users/signin, as a new TV) and returns the account token. */
export async function signInToken(url: string, login: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v2/users/signin?${plexQuery(newTv())}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ login, password }).toString(),
  });
  if (response.status !== 201) throw new Error(`sign-in answered ${response.status}`);
  return ((await response.json()) as { authToken: string }).authToken;
}

/** Creates a pin, links it through the pages as admin, and returns the TV's token. */
export async function linkTv(
  url: string,
  tv: TvIdentity = newTv(),
): Promise<{ token: string; pin: PlexPin }> {
  const { pin } = await createPin(url, tv);
  const browser = await adminBrowser(url);
  const confirmPage = await browser.enterCode(pin.code);
  if (confirmPage.status !== 200) throw new Error(`enterCode failed: ${confirmPage.status}`);
  const done = await browser.confirm('link');
  if (done.status !== 200) throw new Error(`confirm failed: ${done.status}`);
  const polled = await pollPin(url, tv, pin.id);
  if (!polled.body.authToken) throw new Error('no authToken after linking');
  return { token: polled.body.authToken, pin };
}

/** Limits high enough that one test file's deliberate mistakes never trip them. */
export { RELAXED_LIMITS } from '../support/home-server';

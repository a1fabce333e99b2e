// What a person types as a server's address, made into a base URL: `192.168.1.20` → `http://192.168.1.20:32400`.

// How an address is shown lives apart (display-address.ts): the first screen's session store needs only that.
export { displayAddress } from './display-address';

/** Plex Media Server's (and the home server's) default port. */
export const DEFAULT_SERVER_PORT = 32400;

export type TypedAddress = { ok: true; url: string } | { ok: false; message: string };

const ADDRESS = /^(?:(https?):\/\/)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?\/*$/i;

/**
 * `http://` is added when no scheme is typed, and then `:32400` when no port is (a bare address means a Plex
 * server on its usual port); an address typed with its scheme keeps that scheme's own default port.
 */
export function serverUrlFromTyped(typed: string): TypedAddress {
  const text = typed.trim();
  if (!text) return { ok: false, message: 'Enter the server’s address, for example 192.168.1.20.' };
  const match = ADDRESS.exec(text);
  if (!match) return { ok: false, message: `“${text}” is not an address Marquee can use.` };
  const scheme = (match[1] || 'http').toLowerCase();
  const host = match[2].toLowerCase();
  if (!validHost(host)) return { ok: false, message: `“${text}” is not an address Marquee can use.` };
  if (match[3] !== undefined) {
    const port = Number(match[3]);
    if (port < 1 || port > 65535) return { ok: false, message: `Port ${match[3]} does not exist (1–65535).` };
    return { ok: true, url: `${scheme}://${host}:${port}` };
  }
  return { ok: true, url: match[1] ? `${scheme}://${host}` : `${scheme}://${host}:${DEFAULT_SERVER_PORT}` };
}

/** A dotted address must be a whole IPv4 address (`192.168.1` is a typo, not a host name). */
function validHost(host: string): boolean {
  if (host.charAt(0) === '[') return true;
  if (/^[\d.]+$/.test(host)) return parseIPv4(host) !== null;
  return !/^[.-]|[.-]$|\.\./.test(host);
}

/** `a.b.c.d` with each part 0–255, as four numbers; null for anything else. */
export function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const numbers: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return null;
    const value = Number(parts[i]);
    if (value > 255) return null;
    numbers.push(value);
  }
  return numbers;
}

import { networkInterfaces } from 'node:os';

/**
 * Where the server can be reached. Filled in once it listens (the port may be chosen by the system), and
 * read by routes at request time.
 */
export interface ServerAddress {
  /** Base put in QR codes and resources, no trailing slash. */
  publicUrl: string;
  /** The port actually listened on. */
  port: number;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.');
}

/** One IPv4 loopback address such as 127.0.0.77: a server bound to it answers there and nowhere else. */
export function isSingleLoopbackAddress(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The address a phone on the LAN can open: the first non-internal IPv4. A server bound to loopback
 * only is reachable only there: at 127.0.0.1, or at the one loopback address it is bound to.
 */
export function defaultPublicUrl(host: string, port: number): string {
  if (isSingleLoopbackAddress(host)) return `http://${host}:${port}`;
  if (isLoopbackHost(host)) return `http://127.0.0.1:${port}`;
  return `http://${firstLanIpv4() ?? '127.0.0.1'}:${port}`;
}

function firstLanIpv4(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return null;
}

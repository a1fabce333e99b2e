import { isPlexRequestError } from './errors';
import type { AbortSignalLike, Transport } from './http';
import { displayAddress } from './server-address';

// Is a Plex-compatible server at this address? `GET /identity` needs no token
// (docs/protocol.md#resources-and-connections) and answers a MediaContainer naming the server's
// machineIdentifier. Used for typed addresses and the LAN scan.

export interface FoundServer {
  /** Base URL, e.g. `http://192.168.1.20:32400`. */
  url: string;
  machineIdentifier: string;
  /** The server's friendlyName when its /identity gives one (Marquee's does; a real PMS does not): else ''. */
  name: string;
}

export type IdentityProblem = 'nothing-answers' | 'not-plex' | 'timed-out';

export type IdentityCheck = { ok: true; server: FoundServer } | { ok: false; problem: IdentityProblem };

export interface IdentityCheckOptions {
  transport: Transport;
  timeoutMs: number;
  signal?: AbortSignalLike;
}

export async function checkIdentity(url: string, options: IdentityCheckOptions): Promise<IdentityCheck> {
  const base = url.replace(/\/+$/, '');
  let response: Awaited<ReturnType<Transport>>;
  try {
    // Accept is the only header, so a browser sends this without a CORS preflight.
    response = await options.transport({
      method: 'GET',
      url: `${base}/identity`,
      headers: { Accept: 'application/json' },
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
  } catch (error) {
    if (isPlexRequestError(error) && error.failure === 'timeout') return { ok: false, problem: 'timed-out' };
    return { ok: false, problem: 'nothing-answers' };
  }
  if (response.status < 200 || response.status > 299) return { ok: false, problem: 'not-plex' };
  const container = mediaContainer(response.text);
  if (!container || typeof container.machineIdentifier !== 'string' || !container.machineIdentifier) {
    return { ok: false, problem: 'not-plex' };
  }
  const name = typeof container.friendlyName === 'string' ? container.friendlyName : '';
  return { ok: true, server: { url: base, machineIdentifier: container.machineIdentifier, name } };
}

function mediaContainer(text: string): Record<string, unknown> | null {
  try {
    const body = JSON.parse(text) as { MediaContainer?: unknown };
    const container = body && typeof body === 'object' ? body.MediaContainer : null;
    return container && typeof container === 'object' ? (container as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The message a person reads when a typed address is not kept. */
export function identityProblemText(problem: IdentityProblem, url: string): string {
  const address = displayAddress(url);
  switch (problem) {
    case 'nothing-answers':
      return `Nothing answers at ${address}. Check the address and that the server is running.`;
    case 'not-plex':
      return `${address} answers, but it is not a Plex-compatible server.`;
    case 'timed-out':
      return `${address} timed out: it did not answer in time.`;
  }
}

/** "Marquee Home Server (den)", or what to call a server whose /identity gives no name. */
export function serverLabel(server: FoundServer): string {
  return server.name || 'Plex Media Server';
}

// The X-Plex identification every plex.tv and PMS request carries (docs/protocol.md#identification-headers).

import type { ClientIdentity } from '../protocol/client-identity';

export type { ClientIdentity } from '../protocol/client-identity';

/**
 * X-Plex values as query parameters ("all X-Plex- headers can also be sent as query string arguments"),
 * so a request carries no custom header and needs no CORS preflight (docs/protocol.md#cors).
 */
export function identityQuery(identity: ClientIdentity): string {
  const params: [string, string][] = [
    ['X-Plex-Client-Identifier', identity.clientIdentifier],
    ['X-Plex-Product', identity.product],
    ['X-Plex-Version', identity.version],
    ['X-Plex-Platform', identity.platform],
    ['X-Plex-Platform-Version', identity.platformVersion],
    ['X-Plex-Device', identity.device],
    ['X-Plex-Model', identity.model],
    ['X-Plex-Device-Name', identity.deviceName],
  ];
  return params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
}

/** Appends a query string to a URL that may already have one. */
export function withQuery(url: string, query: string): string {
  if (!query) return url;
  return url + (url.indexOf('?') >= 0 ? '&' : '?') + query;
}

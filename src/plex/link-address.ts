/**
 * Where a person links a code. The account service names its QR image `<base>/api/v2/pins/qr/<code>`
 * (plex-protocol.md §1.3), so its base is the service's public address: plex.tv for Plex, the home
 * server's PUBLIC_URL (its LAN address, reachable from a phone) for Marquee's own link service.
 */
export function linkPageAddress(pinQrUrl: string, accountServiceUrl: string): string {
  const match = /^(https?:\/\/[^/]+(?:\/.*?)?)\/api\/v2\/pins\/qr\/[^/]*$/.exec(pinQrUrl);
  const base = match ? match[1] : accountServiceUrl.replace(/\/+$/, '');
  return `${base}/link`;
}

/**
 * The address the QR code carries: the link page with the code filled in. The home server reads `?code=`;
 * whether plex.tv/link honours a prefill parameter is unverified (plex-protocol.md §8 question 2).
 */
export function prefilledLinkAddress(linkAddress: string, code: string): string {
  return `${linkAddress}?code=${encodeURIComponent(code)}`;
}

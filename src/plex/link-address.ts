/**
 * Where a person links a code. The account service names its QR image `<base>/api/v2/pins/qr/<code>`
 * (docs/protocol.md#qr-code-and-link-address), so its base is the service's public address: plex.tv for Plex,
 * the home server's PUBLIC_URL (its LAN address, reachable from a phone) for Marquee's own link service.
 */
export function linkPageAddress(pinQrUrl: string, accountServiceUrl: string): string {
  const match = /^(https?:\/\/[^/]+(?:\/.*?)?)\/api\/v2\/pins\/qr\/[^/]*$/.exec(pinQrUrl);
  const base = match ? match[1] : accountServiceUrl.replace(/\/+$/, '');
  return `${base}/link`;
}

/**
 * The address the QR code carries: the link page with the code filled in. The home server reads `?code=`;
 * whether plex.tv/link honours a prefill parameter is unverified (docs/protocol.md#unverified item 2).
 */
export function prefilledLinkAddress(linkAddress: string, code: string): string {
  return `${linkAddress}?code=${encodeURIComponent(code)}`;
}

/**
 * What the QR code carries. A pin with a `qr` comes from a service that names its QR image (Marquee's home
 * server, current plex.tv): the link page with the code filled in. A pin without one (plex.tv's older
 * answers) gets the bare link page, e.g. `https://plex.tv/link`, and the person types the code shown large
 * beside it: that `?code=` fills in the code on plex.tv/link is unverified, so it is not relied on there.
 */
export function qrCodeAddress(pinQrUrl: string, linkAddress: string, code: string): string {
  return pinQrUrl ? prefilledLinkAddress(linkAddress, code) : linkAddress;
}

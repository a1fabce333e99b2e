/** `http://192.168.1.20:32400` → `192.168.1.20:32400`: how an address is shown to a person. */
export function displayAddress(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
}

import type { KeyValueStorage } from './platform';

// X-Plex-Client-Identifier: generated once per install and kept (docs/protocol.md#identification-headers).

export const CLIENT_IDENTIFIER_KEY = 'marquee.clientIdentifier';

type RandomSource = { getRandomValues?(array: Uint8Array): unknown } | undefined;

/** The stored identifier, or a new one stored now. */
export function loadClientIdentifier(storage: KeyValueStorage, crypto: RandomSource): string {
  const existing = storage.get(CLIENT_IDENTIFIER_KEY);
  if (existing) return existing;
  const created = randomUuid(crypto);
  storage.set(CLIENT_IDENTIFIER_KEY, created);
  return created;
}

/** A version-4 UUID from crypto.getRandomValues, or Math.random where there is no crypto. */
export function randomUuid(crypto: RandomSource): string {
  const bytes = new Uint8Array(16);
  let filled = false;
  if (crypto && typeof crypto.getRandomValues === 'function') {
    try {
      crypto.getRandomValues(bytes);
      filled = true;
    } catch {
      filled = false;
    }
  }
  if (!filled) {
    for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  let hex = '';
  for (let i = 0; i < 16; i++) {
    // No padStart: it is Chrome 57+, the floor is 53.
    hex += (bytes[i] + 0x100).toString(16).slice(1);
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import type { LooseNumber } from '../protocol/plex-media';

// Plex sends the same attribute as a number in one answer and a string in another
// (docs/protocol.md#media-server-general-rules).

export function looseNumber(value: LooseNumber | undefined | null): number | null {
  if (value === undefined || value === null || value === '') return null;
  const parsed = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

export function looseBoolean(value: boolean | string | number | undefined | null): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A new device token: 192 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Tokens and session ids are stored only as this hash, so a copy of the database grants nothing. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Pin ids are random (below 2^48, a safe integer) so one pin's id says nothing about another's. */
export function randomPinId(): number {
  return randomInt(1, 2 ** 48);
}

/** Compares two strings in time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { WorkQueue } from '../work-queue';

// scrypt from node:crypto with OWASP's parameters (N=2^17, r=8, p=1; docs/security.md#passwords).
// Stored as `scrypt$N$r$p$salt$hash` so the cost can rise later without breaking old hashes.
const COST = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
const MAX_MEMORY = 256 * 1024 * 1024;

// Each hash holds a libuv pool thread (4 by default, shared with every file read), a CPU core and 128 MiB for
// about half a second. One at a time leaves the pool's other threads to file I/O and a core to the event loop
// (a home server may have only two), so a burst of sign-ins never stalls streaming; a burst beyond the queue is
// refused at once (503) instead of piling up memory. The pool is per process, so the bound is too.
const CONCURRENT_HASHES = 1;
const QUEUED_HASHES = 32;
const hashing = new WorkQueue('password checks', CONCURRENT_HASHES, QUEUED_HASHES);

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: MAX_MEMORY };
  return hashing.run(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

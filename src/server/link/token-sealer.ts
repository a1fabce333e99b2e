import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateFile } from '../db/data-dir';

// Tokens this server must hand on later (another server's access token for a shared server) are sealed with
// AES-256-GCM under a key kept in its own 0600 file beside the database: a copy of marquee.db alone gives
// none of them away. Losing the key file loses those tokens (the shares are then added again).

export const SHARE_KEY_FILE = 'shared-servers.key';

export class TokenSealer {
  private constructor(private readonly key: Buffer) {}

  /** The key in `dataDir`, made on first use. */
  static inDataDir(dataDir: string): TokenSealer {
    const file = join(dataDir, SHARE_KEY_FILE);
    if (!existsSync(file)) writePrivateFile(file, `${randomBytes(32).toString('base64')}\n`);
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32)
      throw new Error(`${file} does not hold a 32-byte key; delete it to make a new one`);
    return new TokenSealer(key);
  }

  /** `context` (e.g. the server's machineIdentifier) must be the same to open it again. */
  seal(secret: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The secret, or null when it was sealed under another key or context. */
  open(sealed: string, context: string): string | null {
    try {
      const bytes = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

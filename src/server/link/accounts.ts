import { randomBytes, randomUUID } from 'node:crypto';
import type { Account, AccountStore } from '../db/account-store';
import { hashPassword, verifyPassword } from './passwords';

export const ADMIN_USERNAME = 'admin';

const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,32}$/;
const MIN_PASSWORD_LENGTH = 8;
/** Longer passwords only cost hashing time; nobody types more. */
const MAX_PASSWORD_LENGTH = 1024;

export type SignUpResult = { ok: true; account: Account } | { ok: false; status: 400 | 409; message: string };

/** Sign-up rules, sign-in check and the admin account. */
export class Accounts {
  /** Verified against when the username is unknown, so a miss takes as long as a wrong password. */
  private decoyHash: Promise<string> | null = null;

  constructor(
    private readonly store: AccountStore,
    private readonly now: () => number = Date.now,
  ) {}

  async signUp(username: string, password: string, confirmation: string): Promise<SignUpResult> {
    if (!USERNAME_PATTERN.test(username)) {
      return {
        ok: false,
        status: 400,
        message: 'Choose a username of 3 to 32 letters, digits, dots, dashes or underscores.',
      };
    }
    if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
      return {
        ok: false,
        status: 400,
        message: `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`,
      };
    }
    if (password !== confirmation)
      return { ok: false, status: 400, message: 'The two passwords are not the same.' };
    if (this.store.findByUsername(username))
      return { ok: false, status: 409, message: 'That username is taken.' };
    const account = this.store.create(username, await hashPassword(password), randomUUID(), this.now());
    if (!account) return { ok: false, status: 409, message: 'That username is taken.' };
    return { ok: true, account };
  }

  /** The account when the password is right, else null (same work either way). */
  async authenticate(username: string, password: string): Promise<Account | null> {
    if (password.length > MAX_PASSWORD_LENGTH) return null;
    const account = this.store.findByUsername(username);
    if (!account) {
      this.decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await verifyPassword(password, await this.decoyHash);
      return null;
    }
    return (await verifyPassword(password, account.passwordHash)) ? account : null;
  }

  findById(id: number): Account | null {
    return this.store.findById(id);
  }

  /**
   * Creates `admin` on first start. Returns the password only when it was generated here; an existing
   * admin keeps the password it has.
   */
  async ensureAdmin(configuredPassword: string | null): Promise<{ generatedPassword: string | null }> {
    if (this.store.findByUsername(ADMIN_USERNAME)) return { generatedPassword: null };
    const generated = configuredPassword === null ? randomBytes(18).toString('base64url') : null;
    const password = configuredPassword ?? (generated as string);
    this.store.create(ADMIN_USERNAME, await hashPassword(password), randomUUID(), this.now());
    return { generatedPassword: generated };
  }
}

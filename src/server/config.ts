import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RateLimits } from './rate-limiter';

export interface HomeServerConfig {
  /** 0 = any free port. */
  port: number;
  host: string;
  /** Holds `marquee.db` (and `initial-admin-password` when one was generated). */
  dataDir: string;
  /** Base address put in QR codes and resources; null → http://<first LAN IPv4>:<port>. */
  publicUrl: string | null;
  pinTtlSeconds: number;
  /** 8 by default; 4 is Plex's length. */
  codeLength: number;
  /** null → a random password, returned once as generatedAdminPassword when the admin is first created. */
  adminPassword: string | null;
  /** Built TV bundle (dist/) served at /tv/. */
  tvAppDir: string | null;
  /** Built emulator (dist-emulator/) served at /emulator/. */
  emulatorDir: string | null;
  /** Request and info lines; never given a token or a password. */
  log: (line: string) => void;
  limits?: Partial<RateLimits>;
}

/** The repository root: src/server sits two folders below it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const MIN_CODE_LENGTH = 4;
export const MAX_CODE_LENGTH = 12;

/**
 * The settings from environment variables (DESIGN.md "Home server settings"), each with a default that
 * works on one machine. A value that cannot be right throws an Error naming the variable.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): HomeServerConfig {
  return {
    port: integer(env, 'PORT', 32400, 0, 65535),
    host: text(env, 'HOST') ?? '0.0.0.0',
    dataDir: text(env, 'DATA_DIR') ?? '.data',
    publicUrl: publicUrl(env),
    pinTtlSeconds: integer(env, 'PIN_TTL_SECONDS', 900, 1, 24 * 60 * 60),
    codeLength: integer(env, 'CODE_LENGTH', 8, MIN_CODE_LENGTH, MAX_CODE_LENGTH),
    adminPassword: adminPassword(env),
    tvAppDir: `${REPO_ROOT}dist`,
    emulatorDir: `${REPO_ROOT}dist-emulator`,
    log: (line) => console.log(line),
  };
}

/** True when a built bundle (its index.html) is in `dir`. */
export function isBuilt(dir: string | null): dir is string {
  return dir !== null && existsSync(`${dir}/index.html`);
}

function text(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === null) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}; got "${value}"`);
  }
  return Number(value);
}

function publicUrl(env: NodeJS.ProcessEnv): string | null {
  const value = text(env, 'PUBLIC_URL');
  if (value === null) return null;
  const problem = `PUBLIC_URL must be an http:// or https:// address such as http://192.168.1.5:32400; got "${value}"`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(problem);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.pathname !== '/' ||
    url.search ||
    url.hash
  ) {
    throw new Error(problem);
  }
  return url.origin;
}

function adminPassword(env: NodeJS.ProcessEnv): string | null {
  const value = env.ADMIN_PASSWORD;
  if (value === undefined || value === '') return null;
  if (value.length < 8) throw new Error('ADMIN_PASSWORD must be at least 8 characters long');
  return value;
}

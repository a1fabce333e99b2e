import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoSize } from './media/demo-library';
import type { SectionSpec } from './media/scanner';
import type { RateLimits } from './rate-limiter';
import type { LogLevel } from './request-log';

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
  /** The media folder (MEDIA_DIR); null → the demo library when `demoLibrary`, else no library at all. */
  mediaDir: string | null;
  /** Generate a demo library under `<dataDir>/demo-media` and serve it (only when mediaDir is null). */
  demoLibrary: boolean;
  /** Sizes and lengths of the demo library (720p, 20–60 s by default; tests make a tiny one). */
  demoSize?: DemoSize;
  /** Library sections: top-level folders of the media dir and their type (MEDIA_SECTIONS); the demo has its own. */
  mediaSections: SectionSpec[];
  /** Quiet time after a change in the media dir before a rescan; 0 = do not watch. 1000 by default. */
  mediaWatchDebounceMs?: number;
  /** Library sections a scan leaves though no configured folder is theirs; tests' rows-only sections. */
  keepSection?: (folder: string) => boolean;
  /** Request and info lines; never given a token or a password. */
  log: (line: string) => void;
  /**
   * TRUST_PROXY: the reverse proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, or `loopback`,
   * `linklocal`, `uniquelocal`). Empty (the default): the socket's address is the client's, for limits and logs.
   */
  trustProxy?: string[];
  /** LOG_LEVEL: `info` (default) leaves out routine requests such as pin polls; `debug` logs them too. */
  logLevel?: LogLevel;
  limits?: Partial<RateLimits>;
}

/** The repository root: src/server sits two folders below it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const MIN_CODE_LENGTH = 4;
export const MAX_CODE_LENGTH = 12;

/**
 * The settings from environment variables (README.md#settings), each with a default that
 * works on one machine. A value that cannot be right throws an Error naming the variable.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): HomeServerConfig {
  return {
    port: integer(env, 'PORT', 32400, 0, 65535),
    host: text(env, 'HOST') ?? '0.0.0.0',
    dataDir: dataDirFromEnv(env),
    publicUrl: publicUrl(env),
    pinTtlSeconds: integer(env, 'PIN_TTL_SECONDS', 900, 1, 24 * 60 * 60),
    codeLength: integer(env, 'CODE_LENGTH', 8, MIN_CODE_LENGTH, MAX_CODE_LENGTH),
    adminPassword: adminPassword(env),
    tvAppDir: `${REPO_ROOT}dist`,
    emulatorDir: `${REPO_ROOT}dist-emulator`,
    mediaDir: mediaDir(env),
    demoLibrary: text(env, 'MEDIA_DIR') === null,
    mediaSections: mediaSections(env),
    log: (line) => console.log(line),
    trustProxy: trustProxy(env),
    logLevel: oneOf<LogLevel>(env, 'LOG_LEVEL', ['info', 'debug'], 'info'),
  };
}

/** DATA_DIR, `.data` when unset; shared with `npm run backup` so both find the same database. */
export function dataDirFromEnv(env: NodeJS.ProcessEnv): string {
  return text(env, 'DATA_DIR') ?? '.data';
}

export const DEFAULT_MEDIA_SECTIONS = 'Movies:movie,TV Shows:show';

/** MEDIA_SECTIONS: `Folder:type` pairs, comma-separated; type is movie or show; the folder names the section. */
export function parseMediaSections(value: string): SectionSpec[] {
  const problem = (why: string) =>
    new Error(
      `MEDIA_SECTIONS must be "Folder:type" pairs separated by commas, type movie or show ` +
        `(e.g. "${DEFAULT_MEDIA_SECTIONS}"); ${why}`,
    );
  const sections: SectionSpec[] = [];
  for (const entry of value.split(',')) {
    if (!entry.trim()) continue;
    const colon = entry.lastIndexOf(':');
    if (colon < 0) throw problem(`"${entry.trim()}" has no type`);
    const folder = entry.slice(0, colon).trim();
    const type = entry
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (!folder || folder === '.' || folder === '..' || /[/\\]/.test(folder)) {
      throw problem(`"${folder}" is not a folder name`);
    }
    if (type !== 'movie' && type !== 'show') throw problem(`"${type}" is not movie or show`);
    if (sections.some((s) => s.folder === folder)) throw problem(`"${folder}" is listed twice`);
    sections.push({ folder, title: folder, type });
  }
  if (sections.length === 0) throw problem('got none');
  return sections;
}

function mediaSections(env: NodeJS.ProcessEnv): SectionSpec[] {
  return parseMediaSections(text(env, 'MEDIA_SECTIONS') ?? DEFAULT_MEDIA_SECTIONS);
}

function mediaDir(env: NodeJS.ProcessEnv): string | null {
  const value = text(env, 'MEDIA_DIR');
  if (value === null) return null;
  const path = resolve(value);
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new Error(`MEDIA_DIR must be an existing folder; "${value}" does not exist`);
  }
  if (!isDir) throw new Error(`MEDIA_DIR must be a folder; "${value}" is not one`);
  return path;
}

/** True when a built bundle (its index.html) is in `dir`. */
export function isBuilt(dir: string | null): dir is string {
  return dir !== null && existsSync(`${dir}/index.html`);
}

function text(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = text(env, name)?.toLowerCase() ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}; got "${text(env, name)}"`);
  }
  return value as T;
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

const PROXY_PRESETS = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(env: NodeJS.ProcessEnv): string[] {
  const value = text(env, 'TRUST_PROXY');
  if (value === null) return [];
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const maxPrefix = family === 6 ? 128 : 32;
    const validPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (PROXY_PRESETS.includes(entry) || (family !== 0 && validPrefix && rest.length === 0)) continue;
    throw new Error(
      `TRUST_PROXY must list proxy addresses or ranges (e.g. "127.0.0.1" or "10.0.0.0/8") or one of ` +
        `${PROXY_PRESETS.join(', ')}, separated by commas; "${entry}" is none of these`,
    );
  }
  return entries;
}

function adminPassword(env: NodeJS.ProcessEnv): string | null {
  const value = env.ADMIN_PASSWORD;
  if (value === undefined || value === '') return null;
  if (value.length < 8) throw new Error('ADMIN_PASSWORD must be at least 8 characters long');
  return value;
}

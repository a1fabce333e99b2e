import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

// Turning a stored relative path (from the library database, or anything else a request could influence) into
// an absolute path that is guaranteed to lie inside the media root. Expected refusals come back as a typed
// result, never as a thrown error, so routes can answer 404/400 without try/catch.

export type SafePathRefusal =
  /** A NUL byte, an absolute path, a `..` segment (also percent-encoded), a backslash, an empty path. */
  | 'invalid'
  /** The path resolves (through symlinks) to somewhere outside the media root. */
  | 'outside-root'
  /** Nothing there, or not a regular file. */
  | 'not-found';

export type SafePathResult =
  | { ok: true; path: string; size: number }
  | { ok: false; reason: SafePathRefusal };

/** Decodes percent escapes repeatedly (`%252e` → `%2e` → `.`), at most a few rounds; null if malformed. */
function fullyDecoded(value: string): string | null {
  let current = value;
  for (let round = 0; round < 4; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return current.includes('%') ? null : current;
}

/**
 * Syntactic checks only (no file system): the raw path and its percent-decoded forms must have no NUL byte,
 * must not be absolute, and no segment may be `..` (or `.`), with `/` or `\` as separators.
 */
export function isSafeRelativePath(relativePath: string): boolean {
  if (relativePath.length === 0 || relativePath.length > 4096) return false;
  const decoded = fullyDecoded(relativePath);
  for (const form of decoded === null ? [relativePath] : [relativePath, decoded]) {
    if (form.includes('\0')) return false;
    if (form.includes('\\')) return false;
    if (isAbsolute(form) || form.startsWith('/')) return false;
    if (form.split('/').some((segment) => segment === '..' || segment === '.')) return false;
  }
  // A stored path that only decodes badly is not one the scanner wrote; the file system sees it raw.
  return true;
}

/**
 * Resolves `relativePath` inside `mediaRoot`: syntactic checks first, then `realpath` of both the root and the
 * result, so a symlink (anywhere along the way) that leads out of the root is refused. A symlink that stays
 * inside the root is fine. The result is the real path of a regular file, with its size.
 */
export async function resolveMediaPath(mediaRoot: string, relativePath: string): Promise<SafePathResult> {
  if (!isSafeRelativePath(relativePath)) return { ok: false, reason: 'invalid' };
  let realRoot: string;
  try {
    realRoot = await realpath(mediaRoot);
  } catch {
    return { ok: false, reason: 'not-found' };
  }
  let realFile: string;
  try {
    realFile = await realpath(join(realRoot, relativePath));
  } catch {
    return { ok: false, reason: 'not-found' };
  }
  const inside = relative(realRoot, realFile);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return { ok: false, reason: 'outside-root' };
  }
  try {
    const info = await stat(realFile);
    if (!info.isFile()) return { ok: false, reason: 'not-found' };
    return { ok: true, path: realFile, size: info.size };
  } catch {
    return { ok: false, reason: 'not-found' };
  }
}

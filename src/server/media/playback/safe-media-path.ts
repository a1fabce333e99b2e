import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

// Turning a stored relative path (from the library database, or anything else a request could influence) into
// an absolute path that is guaranteed to lie inside the media root. Expected refusals come back as a typed
// result, never as a thrown error, so routes can answer 404/400 without try/catch.
//
// The scanner applies the same rule before it lists a file (src/server/media/scanner.ts), and artwork before it
// uses a poster (src/server/media/artwork-files.ts, images.ts): what is listed plays, what is refused is not listed.

export type SafePathRefusal =
  /** A NUL byte, an absolute path, a `..` segment (also percent-encoded), a backslash on Windows, an empty path. */
  | 'invalid'
  /** The path resolves (through symlinks) to somewhere outside the media root. */
  | 'outside-root'
  /** Nothing there, or not a regular file. */
  | 'not-found'
  /** A regular file this process may not read (permissions). */
  | 'unreadable';

export type SafePathResult =
  | { ok: true; path: string; size: number; mtimeMs: number }
  | { ok: false; reason: SafePathRefusal };

/** Where something inside the media root really is (symlinks followed), and what it is. */
export type InsideRootResult =
  | { ok: true; path: string; kind: 'file' | 'folder' | 'other'; size: number; mtimeMs: number }
  | { ok: false; reason: Exclude<SafePathRefusal, 'unreadable'> };

/** `\` separates folders on Windows only; on Linux and macOS it is an ordinary character of a file name. */
const BACKSLASH_SEPARATES = sep === '\\';

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
 * must not be absolute, and no segment may be `..` (or `.`), with `/` as the separator. Where `\` is a separator
 * too (Windows; `backslashSeparates`), a path holding one is refused; elsewhere it is part of a name.
 */
export function isSafeRelativePath(relativePath: string, backslashSeparates = BACKSLASH_SEPARATES): boolean {
  if (relativePath.length === 0 || relativePath.length > 4096) return false;
  const decoded = fullyDecoded(relativePath);
  for (const form of decoded === null ? [relativePath] : [relativePath, decoded]) {
    if (form.includes('\0')) return false;
    if (backslashSeparates && form.includes('\\')) return false;
    if (isAbsolute(form) || form.startsWith('/')) return false;
    if (form.split('/').some((segment) => segment === '..' || segment === '.')) return false;
  }
  // A stored path that only decodes badly is not one the scanner wrote; the file system sees it raw.
  return true;
}

/**
 * Resolves `relativePath` inside `mediaRoot`: syntactic checks first, then `realpath` of both the root and the
 * result, so a symlink (anywhere along the way) that leads out of the root is refused. A symlink that stays
 * inside the root is fine. Files and folders alike (the scanner asks about folders before walking them).
 */
export async function resolveInsideRoot(mediaRoot: string, relativePath: string): Promise<InsideRootResult> {
  if (!isSafeRelativePath(relativePath)) return { ok: false, reason: 'invalid' };
  let realRoot: string;
  let realPath: string;
  try {
    realRoot = await realpath(mediaRoot);
    realPath = await realpath(join(realRoot, relativePath));
  } catch {
    return { ok: false, reason: 'not-found' };
  }
  const inside = relative(realRoot, realPath);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return { ok: false, reason: 'outside-root' };
  }
  try {
    const info = await stat(realPath);
    const kind = info.isFile() ? 'file' : info.isDirectory() ? 'folder' : 'other';
    return { ok: true, path: realPath, kind, size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return { ok: false, reason: 'not-found' };
  }
}

/**
 * A regular file inside `mediaRoot` that this process can read (resolveInsideRoot's rule, plus a read check so
 * a file the scanner could not probe is not listed either). The result is its real path, size and mtime.
 */
export async function resolveMediaPath(mediaRoot: string, relativePath: string): Promise<SafePathResult> {
  const found = await resolveInsideRoot(mediaRoot, relativePath);
  if (!found.ok) return found;
  if (found.kind !== 'file') return { ok: false, reason: 'not-found' };
  try {
    await access(found.path, constants.R_OK);
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  return { ok: true, path: found.path, size: found.size, mtimeMs: found.mtimeMs };
}

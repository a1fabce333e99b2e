import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

export const DATABASE_FILE = 'marquee.db';
/**
 * Written beside marquee.db once it holds a schema: proof, kept outside the database, that this DATA_DIR held
 * one. A missing or emptied marquee.db next to it is a loss to report, not a first start.
 */
export const DATABASE_MARKER_FILE = 'database-identity';
/** Where README.md tells people how to restore. */
const RESTORE_ADVICE = 'restore a backup as README.md "Backups" describes';

/** A known start-up problem with DATA_DIR or its database; the message says what is wrong and how to fix it. */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

export interface DatabaseMarker {
  /** The database's own identifier (settings `database_id`). */
  databaseId: string;
  /** When this DATA_DIR's database was first opened (ISO time). */
  createdAt: string;
}

/**
 * Everything about DATA_DIR that can be checked without opening the database: a writable folder (created
 * when missing), and a marquee.db present and non-empty if the marker says there was one. Throws DataDirError.
 */
export function checkDataDir(dataDir: string): { dir: string; marker: DatabaseMarker | null } {
  const dir = prepareDataDir(dataDir);
  const marker = readDatabaseMarker(dir);
  checkDatabaseFilePresent(dir, marker);
  return { dir, marker };
}

/**
 * Makes sure DATA_DIR is a folder this process can write, creating it (0700: it holds the database) when it
 * is missing. Returns its absolute path.
 */
export function prepareDataDir(dataDir: string): string {
  const dir = resolve(dataDir);
  const fix = 'Set DATA_DIR to a folder this user can create and write, or fix its owner and permissions.';
  if (!existsSync(dir)) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700); // mkdir's mode is reduced by the umask
    } catch (error) {
      throw new DataDirError(`cannot create DATA_DIR ${dir} (${reason(error)}). ${fix}`);
    }
  }
  if (!statSync(dir).isDirectory()) throw new DataDirError(`DATA_DIR ${dir} is not a folder. ${fix}`);
  // A real write, not access(): root passes access() on a read-only mount, and ACLs can say otherwise.
  const probe = join(dir, `.write-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
    unlinkSync(probe);
  } catch (error) {
    throw new DataDirError(`DATA_DIR ${dir} is not writable (${reason(error)}). ${fix}`);
  }
  return dir;
}

/** The marker, or null when this DATA_DIR never held a database (or held one before markers existed). */
export function readDatabaseMarker(dir: string): DatabaseMarker | null {
  const file = join(dir, DATABASE_MARKER_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<DatabaseMarker>;
    return {
      databaseId: String(parsed.databaseId ?? 'unknown'),
      createdAt: String(parsed.createdAt ?? 'unknown'),
    };
  } catch {
    // Unreadable, yet it is there: this DATA_DIR was used.
    return { databaseId: 'unknown', createdAt: 'unknown' };
  }
}

export function writeDatabaseMarker(dir: string, marker: DatabaseMarker): void {
  writePrivateFile(join(dir, DATABASE_MARKER_FILE), `${JSON.stringify(marker)}\n`);
}

/**
 * Refuses to go on when the marker says this DATA_DIR held a database and marquee.db is missing or 0 bytes:
 * starting would create a new, empty server (new admin, every TV unlinked) in silence.
 */
export function checkDatabaseFilePresent(dir: string, marker: DatabaseMarker | null): void {
  if (!marker) return;
  const file = join(dir, DATABASE_FILE);
  if (!existsSync(file)) throw lostDatabase(dir, marker, `${file} is missing`);
  if (statSync(file).size === 0) throw lostDatabase(dir, marker, `${file} is empty (0 bytes)`);
}

/** The error for a DATA_DIR whose database is gone: what happened, and both ways on. */
export function lostDatabase(dir: string, marker: DatabaseMarker, what: string): DataDirError {
  return new DataDirError(
    `DATA_DIR ${dir} held a database (id ${marker.databaseId}, first opened ${marker.createdAt}), but ${what}. ` +
      `Not starting, so nothing is overwritten. To recover, ${RESTORE_ADVICE}; ` +
      `to really start again with a new, empty database, delete ${join(dir, DATABASE_MARKER_FILE)}.`,
  );
}

/** marquee.db exists but SQLite cannot use it. */
export function unusableDatabase(dir: string, why: string): DataDirError {
  const file = join(dir, DATABASE_FILE);
  return new DataDirError(
    `${file} is not a usable SQLite database (${why}). Not starting, so nothing is overwritten. ` +
      `To recover, stop the server and ${RESTORE_ADVICE}; to really start again with a new, empty database, ` +
      `move ${file} away and delete ${join(dir, DATABASE_MARKER_FILE)}.`,
  );
}

/** marquee.db (or its -wal/-shm) is there but this process may not read or write it. */
export function inaccessibleDatabase(dir: string, why: string): DataDirError {
  const file = join(dir, DATABASE_FILE);
  return new DataDirError(
    `cannot open ${file} for reading and writing (${why}). Give this user read and write access to it and ` +
      `to ${file}-wal and ${file}-shm if present (e.g. chown them), or set DATA_DIR to this user's own folder.`,
  );
}

/** Writes a file only this user can read (0600 whatever the umask), replacing it whole. */
export function writePrivateFile(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** chmod 0600 when the file exists (SQLite creates its files under the umask). */
export function makePrivate(path: string): void {
  try {
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? String(error);
  return code ? `${code}: ${message.replace(/^\w+: /, '').replace(/, \w+ '.*'$/, '')}` : message;
}

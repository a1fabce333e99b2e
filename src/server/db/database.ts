import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import {
  checkDataDir,
  DATABASE_FILE,
  DataDirError,
  inaccessibleDatabase,
  lostDatabase,
  makePrivate,
  unusableDatabase,
  writeDatabaseMarker,
} from './data-dir';
import { migrate } from './migrations';

export { DATABASE_FILE } from './data-dir';

/** SQLite's own files beside the database; they hold recent writes and must be as private as it is. */
const SIDE_FILES = ['-wal', '-shm'];

/**
 * Opens (creating if needed) `<dataDir>/marquee.db` with WAL and foreign keys, schema up to date, every page
 * SQLite frees overwritten (secure_delete) and the data checkpointed into marquee.db itself. Throws a
 * DataDirError (what is wrong, how to fix it) for an unusable DATA_DIR, a database that vanished or emptied
 * where the marker says there was one, and a file that is not a SQLite database.
 */
export function openDatabase(dataDir: string): Database {
  const { dir, marker } = checkDataDir(dataDir);

  const file = join(dir, DATABASE_FILE);
  // Created 0600 before SQLite opens it: SQLite gives -wal and -shm the database file's mode.
  if (!existsSync(file)) closeSync(openSync(file, 'wx', 0o600));
  makePrivate(file);

  let db: Database | null = null;
  try {
    db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('secure_delete = ON');
    if (marker && !hasSchema(db)) throw lostDatabase(dir, marker, `${file} holds no tables`);
    migrate(db);
    const databaseId = databaseIdOf(db);
    checkpoint(db);
    for (const suffix of SIDE_FILES) makePrivate(file + suffix);
    if (marker?.databaseId !== databaseId) {
      writeDatabaseMarker(dir, { databaseId, createdAt: new Date().toISOString() });
    }
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof DataDirError) throw error;
    const code = sqliteCode(error);
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
      throw unusableDatabase(dir, (error as Error).message);
    }
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code.startsWith('SQLITE_READONLY')) {
      throw inaccessibleDatabase(dir, (error as Error).message);
    }
    throw error;
  }
}

/**
 * Copies the WAL into marquee.db and empties it, so a copy of marquee.db alone holds the data. A reader
 * (a running backup) can keep it from finishing; the next one catches up.
 */
export function checkpoint(db: Database): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

function hasSchema(db: Database): boolean {
  return db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get() !== undefined;
}

/** This database's own identifier, named in the DATA_DIR marker. */
function databaseIdOf(db: Database): string {
  db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('database_id', ?)").run(randomUUID());
  return (db.prepare("SELECT value FROM settings WHERE key = 'database_id'").get() as { value: string })
    .value;
}

/** better-sqlite3's SqliteError code (SQLITE_NOTADB, SQLITE_CORRUPT_…), else ''. */
function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : '';
}

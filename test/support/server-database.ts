import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { DATABASE_FILE } from '../../src/server/db/database';
import type { TestServer } from './home-server';

// Tests seed and read rows through a connection of their own to the server's marquee.db, as a tool would
// (src/server/backup-cli.ts opens one too): the server's stores keep their database handle to themselves.
// SQLite's WAL lets both connections work on the file; the server reads what the test wrote on its next query.

/** Runs `fn` on a new connection to `server`'s database, closed afterwards; returns what `fn` returns. */
export function withServerDatabase<T>(server: TestServer, fn: (db: Database) => T): T {
  const db = new BetterSqlite3(join(server.dataDir, DATABASE_FILE));
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    return fn(db);
  } finally {
    db.close();
  }
}

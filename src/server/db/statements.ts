import type { Database, Statement } from 'better-sqlite3';

// Preparing a statement costs more than running a simple one (a pin poll spent more time preparing its SELECT than
// running it), so each SQL text is prepared once per connection and reused. Every store of one connection shares
// the cache; SQL texts are fixed strings in the stores, so it stays small.
const cache = new WeakMap<Database, Map<string, Statement>>();

/** The prepared statement for `sql` on `db`, made on first use. */
export function statement(db: Database, sql: string): Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let prepared = statements.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    statements.set(sql, prepared);
  }
  return prepared;
}

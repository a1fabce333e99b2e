import type { Database } from 'better-sqlite3';
import { statement } from './statements';

/** Server-wide values that must survive restarts (machine identifier, cookie secret). */
export class SettingsStore {
  constructor(private readonly db: Database) {}

  /** The stored value, or `create()` stored now when the key is new. */
  getOrCreate(key: string, create: () => string): string {
    const row = statement(this.db, 'SELECT value FROM settings WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    if (row) return row.value;
    const value = create();
    statement(this.db, 'INSERT INTO settings (key, value) VALUES (?, ?)').run(key, value);
    return value;
  }
}

import type { Database } from 'better-sqlite3';
import { statement } from './statements';

export interface Account {
  id: number;
  username: string;
  passwordHash: string;
  uuid: string;
  createdAt: number;
}

interface AccountRow {
  id: number;
  username: string;
  password_hash: string;
  uuid: string;
  created_at_ms: number;
}

export class AccountStore {
  constructor(private readonly db: Database) {}

  /** Inserts an account; returns null when the username (case-insensitive) is taken. */
  create(username: string, passwordHash: string, uuid: string, now: number): Account | null {
    const result = statement(
      this.db,
      'INSERT INTO accounts (username, password_hash, uuid, created_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ).run(username, passwordHash, uuid, now);
    if (result.changes !== 1) return null;
    return this.findById(Number(result.lastInsertRowid));
  }

  findByUsername(username: string): Account | null {
    return toAccount(
      statement(this.db, 'SELECT * FROM accounts WHERE username = ?').get(username) as AccountRow,
    );
  }

  findById(id: number): Account | null {
    return toAccount(statement(this.db, 'SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow);
  }
}

function toAccount(row: AccountRow | undefined): Account | null {
  if (!row) return null;
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    uuid: row.uuid,
    createdAt: row.created_at_ms,
  };
}

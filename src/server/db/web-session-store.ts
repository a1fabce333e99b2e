import type { Database } from 'better-sqlite3';
import { statement } from './statements';

export interface WebSession {
  idHash: string;
  accountId: number;
  createdAt: number;
  expiresAt: number;
}

interface WebSessionRow {
  id_hash: string;
  account_id: number;
  created_at_ms: number;
  expires_at_ms: number;
}

/**
 * Signed-in browser sessions of the /link pages; the cookie value is stored only as its SHA-256, and the
 * session's CSRF value is derived from the cookie (pages/web-sessions.ts), so the table holds no secret.
 */
export class WebSessionStore {
  constructor(private readonly db: Database) {}

  create(session: WebSession): void {
    statement(
      this.db,
      'INSERT INTO web_sessions (id_hash, account_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)',
    ).run(session.idHash, session.accountId, session.createdAt, session.expiresAt);
  }

  findLive(idHash: string, now: number): WebSession | null {
    const row = statement(this.db, 'SELECT * FROM web_sessions WHERE id_hash = ? AND expires_at_ms > ?').get(
      idHash,
      now,
    ) as WebSessionRow | undefined;
    if (!row) return null;
    return {
      idHash: row.id_hash,
      accountId: row.account_id,
      createdAt: row.created_at_ms,
      expiresAt: row.expires_at_ms,
    };
  }

  delete(idHash: string): void {
    statement(this.db, 'DELETE FROM web_sessions WHERE id_hash = ?').run(idHash);
  }

  deleteExpired(now: number): void {
    statement(this.db, 'DELETE FROM web_sessions WHERE expires_at_ms <= ?').run(now);
  }
}

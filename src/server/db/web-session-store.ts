import type { Database } from 'better-sqlite3';

export interface WebSession {
  idHash: string;
  accountId: number;
  csrfSecret: string;
  createdAt: number;
  expiresAt: number;
}

interface WebSessionRow {
  id_hash: string;
  account_id: number;
  csrf_secret: string;
  created_at: number;
  expires_at: number;
}

/** Signed-in browser sessions of the /link pages; the cookie value is stored only as its SHA-256. */
export class WebSessionStore {
  constructor(private readonly db: Database) {}

  create(session: WebSession): void {
    this.db
      .prepare(
        'INSERT INTO web_sessions (id_hash, account_id, csrf_secret, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(session.idHash, session.accountId, session.csrfSecret, session.createdAt, session.expiresAt);
  }

  findLive(idHash: string, now: number): WebSession | null {
    const row = this.db
      .prepare('SELECT * FROM web_sessions WHERE id_hash = ? AND expires_at > ?')
      .get(idHash, now) as WebSessionRow | undefined;
    if (!row) return null;
    return {
      idHash: row.id_hash,
      accountId: row.account_id,
      csrfSecret: row.csrf_secret,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  delete(idHash: string): void {
    this.db.prepare('DELETE FROM web_sessions WHERE id_hash = ?').run(idHash);
  }

  deleteExpired(now: number): void {
    this.db.prepare('DELETE FROM web_sessions WHERE expires_at <= ?').run(now);
  }
}

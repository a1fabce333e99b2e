import type { Database } from 'better-sqlite3';

// Ordered schema steps; `PRAGMA user_version` records how many have run. Append, never edit a shipped step.
// Times are epoch milliseconds. No token is stored in the clear except pins.auth_token (see pin-store.ts).
const MIGRATIONS: string[] = [
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE devices (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    client_identifier TEXT NOT NULL,
    name TEXT NOT NULL,
    product TEXT NOT NULL,
    platform TEXT NOT NULL,
    platform_version TEXT NOT NULL,
    device TEXT NOT NULL,
    model TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    last_seen_ip TEXT,
    revoked_at INTEGER
  );
  CREATE INDEX devices_by_account ON devices(account_id, client_identifier);
  CREATE TABLE pins (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    client_identifier TEXT NOT NULL,
    device_name TEXT NOT NULL,
    product TEXT NOT NULL,
    version TEXT NOT NULL,
    platform TEXT NOT NULL,
    platform_version TEXT NOT NULL,
    device TEXT NOT NULL,
    model TEXT NOT NULL,
    requester_ip TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'linked', 'denied')),
    account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    device_id INTEGER REFERENCES devices(id) ON DELETE CASCADE,
    auth_token TEXT
  );
  CREATE INDEX pins_by_code ON pins(code, expires_at);
  CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    csrf_secret TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
];

export function migrate(db: Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let step = applied; step < MIGRATIONS.length; step++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[step]);
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}

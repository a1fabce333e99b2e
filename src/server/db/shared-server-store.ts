import type { Database } from 'better-sqlite3';
import type { PlexConnection } from '../../protocol/plex-account';
import { statement } from './statements';

/**
 * Another Plex-compatible server that this home server's owner lists for one of its accounts (Plex's
 * "shared server"). Its access token was issued by that server's own account service when its owner
 * approved this server's code; it is kept sealed (link/token-sealer.ts), never in the clear.
 */
export interface SharedServer {
  id: number;
  /** The account it is shared with. */
  accountId: number;
  /** The base URL it was added with. */
  address: string;
  machineIdentifier: string;
  name: string;
  /** Who this server is to the other server's account service (the pin's X-Plex-Client-Identifier). */
  clientIdentifier: string;
  /** While waiting for the other server's owner to approve: that server's pin. */
  pinId: number | null;
  pinCode: string | null;
  pinExpiresAt: number | null;
  /** Set once approved. */
  sealedToken: string | null;
  /** The account on the other server that approved (shown as "Shared by …"). */
  ownerId: number | null;
  ownerName: string | null;
  /** The other server's connections, as its own /api/v2/resources lists them. */
  connections: PlexConnection[];
  createdAt: number;
}

interface SharedServerRow {
  id: number;
  account_id: number;
  address: string;
  machine_identifier: string;
  name: string;
  client_identifier: string;
  pin_id: number | null;
  pin_code: string | null;
  pin_expires_at_ms: number | null;
  sealed_token: string | null;
  owner_id: number | null;
  owner_name: string | null;
  connections: string;
  created_at_ms: number;
}

export interface NewSharedServer {
  accountId: number;
  address: string;
  machineIdentifier: string;
  name: string;
  clientIdentifier: string;
  pinId: number;
  pinCode: string;
  pinExpiresAt: number;
  createdAt: number;
}

export interface ApprovedShare {
  sealedToken: string;
  ownerId: number | null;
  ownerName: string | null;
  connections: PlexConnection[];
}

export class SharedServerStore {
  constructor(private readonly db: Database) {}

  /** Adds a share waiting for approval; one per account and server, so an earlier one is replaced. */
  create(fields: NewSharedServer): SharedServer {
    const insert = this.db.transaction(() => {
      statement(this.db, 'DELETE FROM shared_servers WHERE account_id = ? AND machine_identifier = ?').run(
        fields.accountId,
        fields.machineIdentifier,
      );
      return statement(
        this.db,
        `INSERT INTO shared_servers (account_id, address, machine_identifier, name, client_identifier, pin_id,
           pin_code, pin_expires_at_ms, connections, created_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?)`,
      ).run(
        fields.accountId,
        fields.address,
        fields.machineIdentifier,
        fields.name,
        fields.clientIdentifier,
        fields.pinId,
        fields.pinCode,
        fields.pinExpiresAt,
        fields.createdAt,
      ).lastInsertRowid;
    });
    return this.findById(Number(insert())) as SharedServer;
  }

  findById(id: number): SharedServer | null {
    return toShared(
      statement(this.db, 'SELECT * FROM shared_servers WHERE id = ?').get(id) as SharedServerRow,
    );
  }

  listAll(): SharedServer[] {
    return (statement(this.db, 'SELECT * FROM shared_servers ORDER BY id').all() as SharedServerRow[]).map(
      (row) => toShared(row) as SharedServer,
    );
  }

  /** Approved shares of one account. */
  listApproved(accountId: number): SharedServer[] {
    const rows = statement(
      this.db,
      'SELECT * FROM shared_servers WHERE account_id = ? AND sealed_token IS NOT NULL ORDER BY id',
    ).all(accountId) as SharedServerRow[];
    return rows.map((row) => toShared(row) as SharedServer);
  }

  /** A fresh code after the last one expired unapproved. */
  setPin(id: number, pinId: number, pinCode: string, pinExpiresAt: number): void {
    statement(
      this.db,
      'UPDATE shared_servers SET pin_id = ?, pin_code = ?, pin_expires_at_ms = ? WHERE id = ?',
    ).run(pinId, pinCode, pinExpiresAt, id);
  }

  approve(id: number, approved: ApprovedShare): void {
    statement(
      this.db,
      `UPDATE shared_servers SET sealed_token = ?, owner_id = ?, owner_name = ?, connections = ?,
         pin_id = NULL, pin_code = NULL, pin_expires_at_ms = NULL WHERE id = ?`,
    ).run(
      approved.sealedToken,
      approved.ownerId,
      approved.ownerName,
      JSON.stringify(approved.connections),
      id,
    );
  }

  remove(id: number): boolean {
    return statement(this.db, 'DELETE FROM shared_servers WHERE id = ?').run(id).changes > 0;
  }
}

function toShared(row: SharedServerRow | undefined): SharedServer | null {
  if (!row) return null;
  let connections: PlexConnection[] = [];
  try {
    const parsed = JSON.parse(row.connections) as unknown;
    if (Array.isArray(parsed)) connections = parsed as PlexConnection[];
  } catch {
    // a damaged list: no connections (the TV then lists the server as unreachable)
  }
  return {
    id: row.id,
    accountId: row.account_id,
    address: row.address,
    machineIdentifier: row.machine_identifier,
    name: row.name,
    clientIdentifier: row.client_identifier,
    pinId: row.pin_id,
    pinCode: row.pin_code,
    pinExpiresAt: row.pin_expires_at_ms,
    sealedToken: row.sealed_token,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    connections,
    createdAt: row.created_at_ms,
  };
}

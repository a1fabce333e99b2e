import type { Database } from 'better-sqlite3';
import type { ClientIdentity } from '../../protocol/client-identity';
import { statement } from './statements';

/** What a client says about itself in its X-Plex-* values; shown on the confirm and devices pages. */
export type DeviceDescription = Omit<ClientIdentity, 'deviceName'> & {
  /** X-Plex-Device-Name, else the device or product (plex-request.ts). */
  name: string;
};

export interface Device {
  id: number;
  accountId: number;
  clientIdentifier: string;
  name: string;
  product: string;
  platform: string;
  platformVersion: string;
  device: string;
  model: string;
  /** When it was linked. */
  createdAt: number;
  lastSeenAt: number;
  lastSeenIp: string | null;
  revokedAt: number | null;
}

interface DeviceRow {
  id: number;
  account_id: number;
  client_identifier: string;
  name: string;
  product: string;
  platform: string;
  platform_version: string;
  device: string;
  model: string;
  created_at_ms: number;
  last_seen_at_ms: number;
  last_seen_ip: string | null;
  revoked_at_ms: number | null;
}

/** Linked devices; each holds one token, stored only as its SHA-256. */
export class DeviceStore {
  constructor(private readonly db: Database) {}

  /**
   * Adds a device for the account and revokes its earlier live device with the same client identifier,
   * so re-linking a TV leaves one working token. Run inside the caller's transaction when it has one.
   */
  create(
    accountId: number,
    description: DeviceDescription,
    tokenHash: string,
    ip: string,
    now: number,
  ): Device {
    statement(
      this.db,
      `UPDATE devices SET revoked_at_ms = ?
         WHERE account_id = ? AND client_identifier = ? AND revoked_at_ms IS NULL`,
    ).run(now, accountId, description.clientIdentifier);
    const result = statement(
      this.db,
      `INSERT INTO devices (account_id, client_identifier, name, product, platform, platform_version, device,
           model, token_hash, created_at_ms, last_seen_at_ms, last_seen_ip)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      accountId,
      description.clientIdentifier,
      description.name,
      description.product,
      description.platform,
      description.platformVersion,
      description.device,
      description.model,
      tokenHash,
      now,
      now,
      ip,
    );
    return this.findById(Number(result.lastInsertRowid)) as Device;
  }

  findById(id: number): Device | null {
    return toDevice(
      statement(this.db, 'SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined,
    );
  }

  /** The live (not revoked) device holding this token hash. */
  findLiveByTokenHash(tokenHash: string): Device | null {
    const row = statement(
      this.db,
      'SELECT * FROM devices WHERE token_hash = ? AND revoked_at_ms IS NULL',
    ).get(tokenHash) as DeviceRow | undefined;
    return toDevice(row);
  }

  /** The account's live devices, most recently linked first. */
  listLive(accountId: number): Device[] {
    const rows = statement(
      this.db,
      'SELECT * FROM devices WHERE account_id = ? AND revoked_at_ms IS NULL ORDER BY created_at_ms DESC, id DESC',
    ).all(accountId) as DeviceRow[];
    return rows.map((row) => toDevice(row) as Device);
  }

  /** Gives a live device a new token (its hash), so its earlier token stops working; false when revoked. */
  replaceTokenHash(deviceId: number, tokenHash: string): boolean {
    const result = statement(
      this.db,
      'UPDATE devices SET token_hash = ? WHERE id = ? AND revoked_at_ms IS NULL',
    ).run(tokenHash, deviceId);
    return result.changes === 1;
  }

  /** Revokes one of the account's live devices; false when it is not theirs or already revoked. */
  revoke(accountId: number, deviceId: number, now: number): boolean {
    const result = statement(
      this.db,
      'UPDATE devices SET revoked_at_ms = ? WHERE id = ? AND account_id = ? AND revoked_at_ms IS NULL',
    ).run(now, deviceId, accountId);
    return result.changes === 1;
  }

  touch(deviceId: number, ip: string | null, now: number): void {
    statement(
      this.db,
      'UPDATE devices SET last_seen_at_ms = ?, last_seen_ip = COALESCE(?, last_seen_ip) WHERE id = ?',
    ).run(now, ip, deviceId);
  }
}

function toDevice(row: DeviceRow | undefined): Device | null {
  if (!row) return null;
  return {
    id: row.id,
    accountId: row.account_id,
    clientIdentifier: row.client_identifier,
    name: row.name,
    product: row.product,
    platform: row.platform,
    platformVersion: row.platform_version,
    device: row.device,
    model: row.model,
    createdAt: row.created_at_ms,
    lastSeenAt: row.last_seen_at_ms,
    lastSeenIp: row.last_seen_ip,
    revokedAt: row.revoked_at_ms,
  };
}

import type { Database } from 'better-sqlite3';
import type { DeviceDescription } from './device-store';

export type PinState = 'pending' | 'linked' | 'denied';

export interface Pin {
  id: number;
  /** Normalised (uppercase, no separators). */
  code: string;
  device: DeviceDescription;
  requesterIp: string;
  createdAt: number;
  expiresAt: number;
  state: PinState;
  /** Who approved (linked) or denied it. */
  accountId: number | null;
  /**
   * The device created at approval. Its token is minted only when the TV's poll collects it, and only its
   * hash is stored (devices.token_hash): no raw token is ever written to the database.
   */
  deviceId: number | null;
}

interface PinRow {
  id: number;
  code: string;
  client_identifier: string;
  device_name: string;
  product: string;
  version: string;
  platform: string;
  platform_version: string;
  device: string;
  model: string;
  requester_ip: string;
  created_at: number;
  expires_at: number;
  state: PinState;
  account_id: number | null;
  device_id: number | null;
}

/** Expired pins are kept this long, so /link can still say "expired" rather than "unknown". */
const KEEP_EXPIRED_MS = 24 * 60 * 60_000;

export class PinStore {
  constructor(private readonly db: Database) {}

  create(pin: Omit<Pin, 'state' | 'accountId' | 'deviceId'>): Pin {
    this.db
      .prepare(
        `INSERT INTO pins (id, code, client_identifier, device_name, product, version, platform, platform_version,
           device, model, requester_ip, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        pin.id,
        pin.code,
        pin.device.clientIdentifier,
        pin.device.name,
        pin.device.product,
        pin.device.version,
        pin.device.platform,
        pin.device.platformVersion,
        pin.device.device,
        pin.device.model,
        pin.requesterIp,
        pin.createdAt,
        pin.expiresAt,
      );
    return this.findById(pin.id) as Pin;
  }

  idExists(id: number): boolean {
    return this.db.prepare('SELECT 1 FROM pins WHERE id = ?').get(id) !== undefined;
  }

  /** True when a pin that has not expired already uses this code. */
  isCodeLive(code: string, now: number): boolean {
    return (
      this.db.prepare('SELECT 1 FROM pins WHERE code = ? AND expires_at > ?').get(code, now) !== undefined
    );
  }

  findById(id: number): Pin | null {
    return toPin(this.db.prepare('SELECT * FROM pins WHERE id = ?').get(id) as PinRow | undefined);
  }

  /** The live pin with this code, else the most recent dead one (codes are unique only among live pins). */
  findByCode(code: string, now: number): Pin | null {
    const row = this.db
      .prepare('SELECT * FROM pins WHERE code = ? ORDER BY (expires_at > ?) DESC, created_at DESC LIMIT 1')
      .get(code, now) as PinRow | undefined;
    return toPin(row);
  }

  /**
   * Moves a live pending pin to `state` in one statement; false when another request got there first or
   * it expired. This is what makes a code single-use under concurrent approvals.
   */
  claim(pinId: number, state: 'linked' | 'denied', accountId: number, now: number): boolean {
    const result = this.db
      .prepare(
        `UPDATE pins SET state = ?, account_id = ?
         WHERE id = ? AND state = 'pending' AND expires_at > ?`,
      )
      .run(state, accountId, pinId, now);
    return result.changes === 1;
  }

  attachDevice(pinId: number, deviceId: number): void {
    this.db.prepare('UPDATE pins SET device_id = ? WHERE id = ?').run(deviceId, pinId);
  }

  /** Forgets pins long expired. */
  clearExpired(now: number): void {
    this.db.prepare('DELETE FROM pins WHERE expires_at <= ?').run(now - KEEP_EXPIRED_MS);
  }
}

function toPin(row: PinRow | undefined): Pin | null {
  if (!row) return null;
  return {
    id: row.id,
    code: row.code,
    device: {
      clientIdentifier: row.client_identifier,
      name: row.device_name,
      product: row.product,
      version: row.version,
      platform: row.platform,
      platformVersion: row.platform_version,
      device: row.device,
      model: row.model,
    },
    requesterIp: row.requester_ip,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    state: row.state,
    accountId: row.account_id,
    deviceId: row.device_id,
  };
}

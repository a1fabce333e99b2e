import type { Database } from 'better-sqlite3';
import type { DeviceDescription } from './device-store';
import { statement } from './statements';

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
  created_at_ms: number;
  expires_at_ms: number;
  state: PinState;
  account_id: number | null;
  device_id: number | null;
}

/** Expired pins are kept this long, so /link can still say "expired" rather than "unknown". */
const KEEP_EXPIRED_MS = 24 * 60 * 60_000;

export class PinStore {
  /**
   * Pins read by id, so a TV's polls (one a second or more, per TV) read memory instead of running a query each.
   * This store is the only writer of the pins table, and every write below drops what it changes; rows read
   * inside a transaction are not kept, since the transaction may yet roll back.
   */
  private readonly byId = new Map<number, Pin>();

  constructor(private readonly db: Database) {}

  /** Runs `fn` in one transaction (writes of other stores on this database included): all kept or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  create(pin: Omit<Pin, 'state' | 'accountId' | 'deviceId'>): Pin {
    statement(
      this.db,
      `INSERT INTO pins (id, code, client_identifier, device_name, product, version, platform, platform_version,
           device, model, requester_ip, created_at_ms, expires_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
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
    return statement(this.db, 'SELECT 1 FROM pins WHERE id = ?').get(id) !== undefined;
  }

  /** True when a pin that has not expired already uses this code. */
  isCodeLive(code: string, now: number): boolean {
    return (
      statement(this.db, 'SELECT 1 FROM pins WHERE code = ? AND expires_at_ms > ?').get(code, now) !==
      undefined
    );
  }

  findById(id: number): Pin | null {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const pin = toPin(statement(this.db, 'SELECT * FROM pins WHERE id = ?').get(id) as PinRow | undefined);
    if (pin && !this.db.inTransaction) this.byId.set(id, pin);
    return pin;
  }

  /** The live pin with this code, else the most recent dead one (codes are unique only among live pins). */
  findByCode(code: string, now: number): Pin | null {
    const row = statement(
      this.db,
      'SELECT * FROM pins WHERE code = ? ORDER BY (expires_at_ms > ?) DESC, created_at_ms DESC LIMIT 1',
    ).get(code, now) as PinRow | undefined;
    return toPin(row);
  }

  /**
   * Moves a live pending pin to `state` in one statement; false when another request got there first or
   * it expired. This is what makes a code single-use under concurrent approvals.
   */
  claim(pinId: number, state: 'linked' | 'denied', accountId: number, now: number): boolean {
    this.byId.delete(pinId);
    const result = statement(
      this.db,
      `UPDATE pins SET state = ?, account_id = ?
         WHERE id = ? AND state = 'pending' AND expires_at_ms > ?`,
    ).run(state, accountId, pinId, now);
    return result.changes === 1;
  }

  attachDevice(pinId: number, deviceId: number): void {
    this.byId.delete(pinId);
    statement(this.db, 'UPDATE pins SET device_id = ? WHERE id = ?').run(deviceId, pinId);
  }

  /** Forgets pins long expired (and, from memory, every expired pin: nobody polls those). */
  clearExpired(now: number): void {
    for (const [id, pin] of this.byId) if (pin.expiresAt <= now) this.byId.delete(id);
    statement(this.db, 'DELETE FROM pins WHERE expires_at_ms <= ?').run(now - KEEP_EXPIRED_MS);
  }
}

/** Frozen: the same object may be handed to several requests from the cache. */
function toPin(row: PinRow | undefined): Pin | null {
  if (!row) return null;
  return Object.freeze({
    id: row.id,
    code: row.code,
    device: Object.freeze({
      clientIdentifier: row.client_identifier,
      name: row.device_name,
      product: row.product,
      version: row.version,
      platform: row.platform,
      platformVersion: row.platform_version,
      device: row.device,
      model: row.model,
    }),
    requesterIp: row.requester_ip,
    createdAt: row.created_at_ms,
    expiresAt: row.expires_at_ms,
    state: row.state,
    accountId: row.account_id,
    deviceId: row.device_id,
  });
}

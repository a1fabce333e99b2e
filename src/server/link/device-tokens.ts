import type { Device, DeviceDescription, DeviceStore } from '../db/device-store';
import { newToken, sha256Hex } from './secrets';

export interface TokenOwner {
  accountId: number;
  deviceId: number;
}

/** last_seen_at_ms is written at most this often per device, so busy clients don't write on every request. */
const LAST_SEEN_EVERY_MS = 60_000;

/** Issues device tokens and answers "whose token is this?" for every authenticated route. */
export class DeviceTokens {
  constructor(
    private readonly devices: DeviceStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new device (replacing the account's earlier one with the same client identifier) and its token. */
  issue(accountId: number, description: DeviceDescription, ip: string): { token: string; device: Device } {
    const token = newToken();
    const device = this.devices.create(accountId, description, sha256Hex(token), ip, this.now());
    return { token, device };
  }

  /**
   * A new device whose token is minted later, by `reissue` when the device collects it. Until then it holds
   * a placeholder that no token hashes to (hex digests have no ':'), so it is listed but nothing opens it.
   */
  register(accountId: number, description: DeviceDescription, ip: string): Device {
    const placeholder = `uncollected:${newToken()}`;
    return this.devices.create(accountId, description, placeholder, ip, this.now());
  }

  /** A fresh token for a live device, replacing its earlier one; null when the device was revoked. */
  reissue(deviceId: number): string | null {
    const token = newToken();
    return this.devices.replaceTokenHash(deviceId, sha256Hex(token)) ? token : null;
  }

  /** The owner of a live token, or null for unknown and revoked tokens. */
  verify(token: string, seenFromIp?: string): TokenOwner | null {
    if (!token) return null;
    const device = this.devices.findLiveByTokenHash(sha256Hex(token));
    if (!device) return null;
    const now = this.now();
    if (now - device.lastSeenAt >= LAST_SEEN_EVERY_MS) this.devices.touch(device.id, seenFromIp ?? null, now);
    return { accountId: device.accountId, deviceId: device.id };
  }
}

import { randomInt } from 'node:crypto';
import { generateCode, isWellFormedCode, normalizeCode } from '../../protocol/activation-code';
import type { DeviceDescription } from '../db/device-store';
import type { Pin, PinStore } from '../db/pin-store';
import type { DeviceTokens } from './device-tokens';
import type { PinEvents } from './pin-events';
import { randomPinId } from './secrets';

/** What a typed code turned out to be. Only 'live' may be confirmed; every other kind is a wrong entry. */
export type CodeLookup =
  | { kind: 'live'; pin: Pin }
  | { kind: 'malformed' }
  | { kind: 'unknown' }
  | { kind: 'expired'; pin: Pin }
  | { kind: 'used'; pin: Pin }
  | { kind: 'denied'; pin: Pin };

export interface PinSettings {
  ttlSeconds: number;
  codeLength: number;
}

/** Tries before giving up on a code no live pin uses (only plausible with 4-letter codes and many TVs). */
const UNIQUE_CODE_ATTEMPTS = 20;

export class NoFreeCodeError extends Error {
  constructor() {
    super('No free activation code; try again shortly');
  }
}

/** The pin lifecycle: create, look up a typed code, link or deny exactly once. */
export class Pins {
  constructor(
    private readonly store: PinStore,
    private readonly tokens: DeviceTokens,
    private readonly events: PinEvents,
    readonly settings: PinSettings,
    private readonly now: () => number = Date.now,
  ) {}

  create(device: DeviceDescription, requesterIp: string): Pin {
    const createdAt = this.now();
    return this.store.transaction(() => {
      const code = this.freeCode(createdAt);
      let id = randomPinId();
      while (this.store.idExists(id)) id = randomPinId();
      return this.store.create({
        id,
        code,
        device,
        requesterIp,
        createdAt,
        expiresAt: createdAt + this.settings.ttlSeconds * 1000,
      });
    });
  }

  findById(id: number): Pin | null {
    return this.store.findById(id);
  }

  isLive(pin: Pin): boolean {
    return pin.expiresAt > this.now();
  }

  /** Reads a code as a person typed it (any case, spaces and dashes ignored). */
  lookup(typed: string): CodeLookup {
    const code = normalizeCode(typed);
    if (!isWellFormedCode(code, this.settings.codeLength)) return { kind: 'malformed' };
    const pin = this.store.findByCode(code, this.now());
    if (!pin) return { kind: 'unknown' };
    if (pin.state === 'linked') return { kind: 'used', pin };
    if (pin.state === 'denied') return { kind: 'denied', pin };
    if (!this.isLive(pin)) return { kind: 'expired', pin };
    return { kind: 'live', pin };
  }

  /**
   * Links the pin to the account: claims it atomically, creates the device (listed at once; its token is
   * minted when the TV collects it), wakes the long-polls. Returns false when the pin was no longer pending
   * and live (a concurrent approval won).
   */
  link(pin: Pin, accountId: number): boolean {
    const linked = this.store.transaction(() => {
      if (!this.store.claim(pin.id, 'linked', accountId, this.now())) return false;
      const device = this.tokens.register(accountId, pin.device, pin.requesterIp);
      this.store.attachDevice(pin.id, device.id);
      return true;
    });
    if (linked) this.events.notify(pin.id);
    return linked;
  }

  /**
   * The TV's token for a live linked pin, minted now; only its hash is stored. Each call mints a new one
   * and retires the one before (a lost answer is polled again), so one pin never leaves two live tokens.
   * Null when the pin is not live and linked, or its device was revoked before the TV collected it.
   */
  collectToken(pinId: number): string | null {
    return this.store.transaction(() => {
      const pin = this.store.findById(pinId);
      if (pin?.state !== 'linked' || pin.deviceId === null || !this.isLive(pin)) return null;
      return this.tokens.reissue(pin.deviceId);
    });
  }

  /** Denies the pin (the TV's next poll gets 404); false when it was no longer pending and live. */
  deny(pin: Pin, accountId: number): boolean {
    const denied = this.store.claim(pin.id, 'denied', accountId, this.now());
    if (denied) this.events.notify(pin.id);
    return denied;
  }

  clearExpired(): void {
    this.store.clearExpired(this.now());
  }

  private freeCode(now: number): string {
    for (let attempt = 0; attempt < UNIQUE_CODE_ATTEMPTS; attempt++) {
      const code = generateCode(this.settings.codeLength, (n) => randomInt(n));
      if (!this.store.isCodeLive(code, now)) return code;
    }
    throw new NoFreeCodeError();
  }
}

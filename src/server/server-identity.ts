import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, release } from 'node:os';
import type { SettingsStore } from './db/settings-store';

/** Who this home server is, the same for plex.tv-shaped resources and the PMS-shaped /identity. */
export interface ServerIdentity {
  /**
   * Stable across restarts; equals the resource's clientIdentifier
   * (docs/protocol.md#resources-and-connections).
   */
  machineIdentifier: string;
  friendlyName: string;
  product: string;
  version: string;
  platform: string;
  platformVersion: string;
  createdAt: number;
}

export const SERVER_PRODUCT = 'Marquee Home Server';

/** package.json's version, read once; src/server sits two folders below the package root. */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export function loadServerIdentity(settings: SettingsStore): ServerIdentity {
  return {
    machineIdentifier: settings.getOrCreate('machine_identifier', () => randomUUID()),
    friendlyName: `${SERVER_PRODUCT} (${hostname()})`,
    product: SERVER_PRODUCT,
    version: PACKAGE_VERSION,
    platform: process.platform === 'linux' ? 'Linux' : process.platform,
    platformVersion: release(),
    createdAt: Number(settings.getOrCreate('created_at', () => String(Date.now()))),
  };
}

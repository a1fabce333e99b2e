/**
 * What a client says about itself in its X-Plex-* values (docs/protocol.md#identification-headers): sent by the
 * TV (src/plex/headers.ts), read and stored by the home server (src/server/plex-request.ts, db/device-store.ts).
 */
export interface ClientIdentity {
  /** Generated once per install and kept. */
  clientIdentifier: string;
  product: string;
  version: string;
  platform: string;
  platformVersion: string;
  device: string;
  model: string;
  /** X-Plex-Device-Name: what the account's device list calls it. */
  deviceName: string;
}

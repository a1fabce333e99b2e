import type { ClientIdentity } from '../../protocol/client-identity';
// One interface over the three places Marquee runs: a desktop browser, a Samsung (Tizen) TV, an LG (webOS) TV.

export type PlatformName = 'browser' | 'tizen' | 'webos';

/** What a remote key means to the app, whatever code the platform sends for it. */
export type RemoteCommand =
  | 'Up'
  | 'Down'
  | 'Left'
  | 'Right'
  | 'Ok'
  | 'Back'
  | 'PlayPause'
  | 'Play'
  | 'Pause'
  | 'Stop'
  | 'Rewind'
  | 'FastForward'
  /** The remote's subtitle (caption) key: the track menu at the subtitles. */
  | 'Subtitles'
  /** The remote's audio-track key: the track menu at the audio tracks. */
  | 'Audio';

/** The device facts sent as X-Plex headers (product, version, platform, …). */
/** How this TV describes itself: the X-Plex identity but for the client identifier, which is kept apart. */
export type DeviceInfo = Omit<ClientIdentity, 'clientIdentifier'>;

export interface KeyValueStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export interface Platform {
  readonly name: PlatformName;
  /** e.g. "4.0" for Tizen 4, "4" for webOS 4; the browser's Chrome major otherwise; null when unknown. */
  readonly version: string | null;
  deviceInfo(): DeviceInfo;
  /** Generated once per install and kept in storage. */
  clientIdentifier(): string;
  storage: KeyValueStorage;
  /** Tizen: registers the media keys (only while the player is on screen). Elsewhere a no-op. */
  registerMediaKeys(): void;
  unregisterMediaKeys(): void;
  /** Leaves the app: Tizen application exit, webOS platformBack; in a browser it does nothing. */
  exit(): void;
  /** Whether Back on the root screen should ask "Exit Marquee?" before calling exit(). */
  readonly confirmsExit: boolean;
  /** Calls back with true/false when the app is shown/hidden (handles the webkit-prefixed event). Returns an unsubscribe. */
  onVisibilityChange(listener: (visible: boolean) => void): () => void;
  isVisible(): boolean;
  /**
   * The TV's own IPv4 address on its network, so home servers can be looked for on its /24. Null where it
   * cannot be told (a desktop browser; a TV whose native API is missing or fails).
   */
  localAddress(): Promise<string | null>;
}

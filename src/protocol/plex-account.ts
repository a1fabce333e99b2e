// Wire shapes of the plex.tv account API subset (docs/protocol.md).
// Shared by the client (src/plex) and the home server's link service (src/server/link).

/** `POST /api/v2/pins` (201) and `GET /api/v2/pins/{id}` (200). */
export interface PlexPin {
  id: number;
  code: string;
  product: string;
  trusted: boolean;
  /** The QR image's address. plex.tv's older answers have none; the client then reads it as ''. */
  qr: string;
  clientIdentifier: string;
  location: Record<string, unknown> | null;
  expiresIn: number;
  createdAt: string;
  expiresAt: string;
  /** null until a signed-in person links the code; then the token for this device. */
  authToken: string | null;
  newRegistration: boolean | null;
}

/** `GET /api/v2/user`, `POST /api/v2/users/signin` (the subset Marquee reads, plus Plex's common fields). */
export interface PlexUser {
  id: number;
  uuid: string;
  username: string;
  title: string;
  email: string;
  friendlyName: string;
  thumb: string;
  authToken: string;
  /** The account's playback preferences (the subset Marquee keeps). */
  profile?: PlexUserProfile;
}

/**
 * `profile` of `/api/v2/user`: the audio and subtitle languages (two-letter codes, null for none), and when
 * subtitles show (autoSelectSubtitle: 0 only when chosen, 1 with foreign audio, 2 always).
 */
export interface PlexUserProfile {
  autoSelectAudio: boolean;
  defaultAudioLanguage: string | null;
  defaultSubtitleLanguage: string | null;
  autoSelectSubtitle: 0 | 1 | 2;
}

/** One entry of `GET /api/v2/resources`. */
export interface PlexResource {
  name: string;
  product: string;
  productVersion: string;
  platform: string;
  platformVersion: string;
  device: string;
  clientIdentifier: string;
  createdAt: string;
  lastSeenAt: string;
  provides: string;
  ownerId: number | null;
  sourceTitle: string | null;
  /** May be absent or null in plex.tv's answers; the client then reads null. */
  publicAddress: string | null;
  /** The token for this server; null for devices that are not servers (a player, a phone). */
  accessToken: string | null;
  owned: boolean;
  home: boolean;
  synced: boolean;
  relay: boolean;
  presence: boolean;
  httpsRequired: boolean;
  publicAddressMatches: boolean;
  dnsRebindingProtection: boolean;
  natLoopbackSupported: boolean;
  /** plex.tv may leave the key out; the client then reads it as []. */
  connections: PlexConnection[];
}

export interface PlexConnection {
  protocol: 'http' | 'https';
  address: string;
  port: number;
  uri: string;
  local: boolean;
  relay: boolean;
  IPv6: boolean;
}

/** plex.tv's error body: `{"errors":[{"code":1020,"message":"Code not found or expired"}]}`. */
export interface PlexErrorBody {
  errors: { code: number; message: string; status?: number }[];
}

/**
 * Plex's error codes the link service uses (docs/protocol.md#polling-a-pin,
 * docs/protocol.md#user-sign-in-and-sign-out).
 */
export const PlexErrorCode = {
  clientIdentifierMissing: 1000,
  unauthenticated: 1001,
  pinNotFound: 1020,
} as const;

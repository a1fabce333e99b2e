// Wire shapes of the Plex Media Server subset (reference/plex-protocol.md §3).

/** `GET /identity`: the one route that needs no token. */
export interface PlexIdentity {
  MediaContainer: {
    size: number;
    claimed: boolean;
    machineIdentifier: string;
    version: string;
  };
}

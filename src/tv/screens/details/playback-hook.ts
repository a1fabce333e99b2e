import type { MediaItem } from '../../../plex/library-model';

// Where Play and Resume lead. Playback arrives with the next issue: it replaces `play` (e.g. pushing a
// player screen with the item and the start offset). Until then the details screen says so in a muted
// line, and pressing the buttons records the request for anyone listening (tests, a debug HUD).

export interface PlaybackRequest {
  ratingKey: string;
  /** Milliseconds to start from: 0 for Play, viewOffset for Resume. */
  offsetMs: number;
}

export const playbackHook = {
  last: null as PlaybackRequest | null,
  play(item: MediaItem, offsetMs: number): void {
    playbackHook.last = { ratingKey: item.id, offsetMs };
  },
};

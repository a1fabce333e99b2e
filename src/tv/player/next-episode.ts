import type { AbortSignalLike } from '../../plex/http';
import type { PlexMetadata } from '../../protocol/plex-media';

/** The episode after `episode` in its season, or null (a movie, the season's last episode, or no answer). */
export async function nextEpisodeKey(
  api: { children(ratingKey: string, signal?: AbortSignalLike): Promise<PlexMetadata[]> },
  episode: PlexMetadata,
): Promise<string | null> {
  if (episode.type !== 'episode' || !episode.parentRatingKey) return null;
  try {
    const episodes = (await api.children(episode.parentRatingKey)).filter(
      (child) => child.type === 'episode',
    );
    const at = episodes.findIndex((child) => child.ratingKey === episode.ratingKey);
    return at >= 0 && at + 1 < episodes.length ? episodes[at + 1].ratingKey : null;
  } catch {
    return null; // no next-episode countdown is better than no playback
  }
}

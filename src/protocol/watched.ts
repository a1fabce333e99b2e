/**
 * Past this fraction of its length a title counts as watched: the player scrobbles there and the server's
 * timeline marks it finished there, so the TV and the server agree on when a title leaves Continue Watching.
 */
export const WATCHED_FRACTION = 0.9;

/** True once `positionMs` is past the watched fraction of `durationMs` (never for an unknown length). */
export function isWatchedAt(positionMs: number, durationMs: number): boolean {
  return durationMs > 0 && positionMs >= durationMs * WATCHED_FRACTION;
}

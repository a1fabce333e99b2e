// Throttling (Plex's word): a conversion runs only a bounded distance ahead of the player, instead of writing
// the whole film to disk at full speed. ffmpeg is paused (SIGSTOP) once what it has made reaches
// `maxAheadSeconds` past the segment the player asked for last, and resumed (SIGCONT) when the player has
// caught up to within half of that, so a paused conversion is not woken for every segment. Pure.

export type ThrottleStep = 'pause' | 'resume' | null;

export function throttleStep(aheadSeconds: number, paused: boolean, maxAheadSeconds: number): ThrottleStep {
  if (!paused && aheadSeconds >= maxAheadSeconds) return 'pause';
  if (paused && aheadSeconds < maxAheadSeconds / 2) return 'resume';
  return null;
}

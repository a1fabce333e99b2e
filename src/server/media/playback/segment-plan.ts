// Where an HLS stream's segments begin and end, fixed before any of them is made, so the playlist can be complete
// (VOD) from the first request and a conversion restarted anywhere writes segments that match it exactly.
//
// Segment i covers [boundaries[i], boundaries[i + 1]) seconds of the file; the last boundary is the duration.
// Converted video is cut every `segmentSeconds` (ffmpeg forces a keyframe there). Copied video can only be cut at
// its own keyframes, so its boundaries are keyframes, each at least `segmentSeconds` after the one before.
// Pure: no I/O.

/** Boundaries every `segmentSeconds` up to `durationSeconds`: converted video. */
export function uniformBoundaries(durationSeconds: number, segmentSeconds: number): number[] {
  checkDuration(durationSeconds);
  const boundaries: number[] = [];
  for (let index = 0; index * segmentSeconds < durationSeconds - MIN_LAST_SECONDS; index += 1) {
    boundaries.push(round(index * segmentSeconds));
  }
  if (boundaries.length === 0) boundaries.push(0);
  boundaries.push(round(durationSeconds));
  return boundaries;
}

/**
 * Boundaries at keyframes (seconds from the file's start, sorted or not), each at least `segmentSeconds` after
 * the previous one: copied video. The first segment always begins at 0.
 */
export function keyframeBoundaries(
  keyframes: number[],
  durationSeconds: number,
  segmentSeconds: number,
): number[] {
  checkDuration(durationSeconds);
  const boundaries = [0];
  for (const time of [...keyframes].sort((a, b) => a - b)) {
    if (time >= durationSeconds - MIN_LAST_SECONDS) break;
    if (time - boundaries[boundaries.length - 1] >= segmentSeconds - EPSILON) boundaries.push(round(time));
  }
  boundaries.push(round(durationSeconds));
  return boundaries;
}

/** How many segments the boundaries make. */
export function segmentCount(boundaries: number[]): number {
  return boundaries.length - 1;
}

/** The segment holding `seconds` (clamped to the first and last). */
export function segmentAt(boundaries: number[], seconds: number): number {
  const last = segmentCount(boundaries) - 1;
  for (let index = 0; index < last; index += 1) {
    if (seconds < boundaries[index + 1] - EPSILON) return index;
  }
  return Math.max(0, last);
}

/** A segment's file name as ffmpeg writes it (`-f segment … seg%05d.ts`). */
export function segmentName(index: number): string {
  return `seg${String(index).padStart(5, '0')}.ts`;
}

/** The segment index of a name ffmpeg gives (seg00000.ts, …); null for anything else. */
export function segmentIndexOf(name: string): number | null {
  const match = /^seg(\d{5})\.ts$/.exec(name);
  return match ? Number(match[1]) : null;
}

/** The complete VOD media playlist: every segment listed, #EXT-X-ENDLIST, before any is made. */
export function vodPlaylist(boundaries: number[]): string {
  const count = segmentCount(boundaries);
  let longest = 0;
  const entries: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const length = boundaries[index + 1] - boundaries[index];
    longest = Math.max(longest, length);
    entries.push(`#EXTINF:${length.toFixed(3)},`, segmentName(index));
  }
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXT-X-TARGETDURATION:${Math.max(1, Math.ceil(longest))}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    ...entries,
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

/** A last segment shorter than this joins the one before. */
const MIN_LAST_SECONDS = 0.25;
const EPSILON = 0.001;

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function checkDuration(durationSeconds: number): void {
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
    throw new Error(`a stream needs a duration, not ${durationSeconds}`);
  }
}

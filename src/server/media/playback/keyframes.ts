import { ffprobePath, runProcess } from '../tools';

// Where copied video can be cut. A stream copy can only begin a segment at a keyframe, so the segments of a
// copied stream are planned on the file's keyframes (segment-plan.ts) before ffmpeg runs, and a conversion
// restarted at a segment seeks (`-ss` before `-i`) to exactly that keyframe. ffprobe reads the packets' flags
// only (no decoding), so even a film's list takes seconds at most.

const TIMEOUT_MS = 60_000;

/**
 * The times (seconds from the file's start, as `-ss` counts them) of the first video stream's keyframes,
 * ascending; [] when ffprobe fails or finds none.
 */
export async function keyframeTimes(input: string): Promise<number[]> {
  const result = await runProcess(
    ffprobePath(),
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'format=start_time:packet=pts_time,flags',
      '-print_format',
      'compact=nokey=1',
      input,
    ],
    { timeoutMs: TIMEOUT_MS },
  ).catch(() => null);
  if (result?.code !== 0) return [];
  return parseKeyframes(result.stdout);
}

/**
 * ffprobe's compact output: `packet|<pts_time>|<flags>` lines and one `format|<start_time>` line. Keyframe
 * times are made relative to the start time and sorted (packets come in decoding order).
 */
export function parseKeyframes(output: string): number[] {
  let start = 0;
  const times: number[] = [];
  for (const line of output.split('\n')) {
    const fields = line.trim().split('|');
    if (fields[0] === 'format') start = Number(fields[1]) || 0;
    if (fields[0] !== 'packet' || !fields[2]?.includes('K')) continue;
    const time = Number(fields[1]);
    if (fields[1] !== '' && Number.isFinite(time)) times.push(time);
  }
  return times
    .map((time) => Math.max(0, time - start))
    .sort((a, b) => a - b)
    .filter((time, index, all) => index === 0 || time !== all[index - 1]);
}

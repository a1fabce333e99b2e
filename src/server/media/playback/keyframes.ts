import { ffprobePath, runProcess } from '../tools';

// Where a stream copy can begin. Copied video can only start at a keyframe, and ffmpeg's input seek (`-ss`
// before `-i`) starts a copy at the keyframe at or before the offset, so the stream would begin up to a GOP
// (often several seconds) earlier than asked. Looking the keyframe up first lets the server start exactly there
// and say so (X-Marquee-Stream-Start), instead of leaving the client's clock off by an unknown amount.

/** How far back to look for a keyframe, in seconds; GOPs longer than this fall back to the offset itself. */
const WINDOW_S = 20;

/**
 * The time (seconds from the file's start, as `-ss` counts) of the last video keyframe at or before
 * `offsetSeconds`, or null when it can't be found (ffprobe failed, no keyframe in the window).
 */
export async function keyframeAtOrBefore(input: string, offsetSeconds: number): Promise<number | null> {
  if (offsetSeconds <= 0) return 0;
  const from = Math.max(0, offsetSeconds - WINDOW_S);
  const result = await runProcess(
    ffprobePath(),
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-read_intervals',
      `${from.toFixed(3)}%${(offsetSeconds + 0.5).toFixed(3)}`,
      '-show_entries',
      'format=start_time:packet=pts_time,flags',
      '-print_format',
      'json',
      input,
    ],
    { timeoutMs: 10_000 },
  ).catch(() => null);
  if (result?.code !== 0) return null;
  let parsed: { format?: { start_time?: string }; packets?: { pts_time?: string; flags?: string }[] };
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    return null;
  }
  const start = Number(parsed.format?.start_time ?? 0) || 0;
  let best: number | null = null;
  for (const packet of parsed.packets ?? []) {
    if (!packet.flags?.includes('K') || packet.pts_time === undefined) continue;
    const time = Number(packet.pts_time) - start;
    if (Number.isFinite(time) && time <= offsetSeconds + 0.001 && (best === null || time > best)) best = time;
  }
  return best === null ? null : Math.max(0, best);
}

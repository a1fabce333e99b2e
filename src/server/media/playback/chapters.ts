import { stat } from 'node:fs/promises';
import { ffprobePath, runProcess } from '../tools';

// A file's chapters (Matroska and MP4 chapters, as ffprobe reads them), for the decision answer's
// Metadata.Chapter (Plex's shape: index, startTimeOffset and endTimeOffset in ms, tag). Read once per file
// version and kept (the last MAX_KEPT files).

export interface Chapter {
  index: number;
  startTimeOffset: number;
  endTimeOffset: number;
  tag: string;
}

const MAX_KEPT = 200;
const kept = new Map<string, Chapter[]>();

export async function readChapters(file: string): Promise<Chapter[]> {
  const info = await stat(file).catch(() => null);
  if (!info) return [];
  const key = `${file}\n${info.mtimeMs}`;
  const known = kept.get(key);
  if (known) return known;
  const result = await runProcess(
    ffprobePath(),
    ['-v', 'error', '-print_format', 'json', '-show_chapters', file],
    { timeoutMs: 20_000 },
  ).catch(() => null);
  if (result?.code !== 0) return [];
  const chapters = parseChapters(result.stdout);
  kept.set(key, chapters);
  for (const old of kept.keys()) {
    if (kept.size <= MAX_KEPT) break;
    kept.delete(old);
  }
  return chapters;
}

export function parseChapters(json: string): Chapter[] {
  let parsed: { chapters?: { start_time?: string; end_time?: string; tags?: { title?: string } }[] };
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  return (parsed.chapters ?? [])
    .map((chapter, index) => ({
      index: index + 1,
      startTimeOffset: Math.round(Number(chapter.start_time) * 1000),
      endTimeOffset: Math.round(Number(chapter.end_time) * 1000),
      tag: chapter.tags?.title ?? `Chapter ${index + 1}`,
    }))
    .filter((chapter) => Number.isFinite(chapter.startTimeOffset) && Number.isFinite(chapter.endTimeOffset));
}

// WebVTT as the home server sends it (src/server/media/playback/subtitle-webvtt.ts), read into cues the player
// draws itself: TVs draw native text tracks inconsistently (size, position, some not at all). Pure.

export interface SubtitleCue {
  startMs: number;
  endMs: number;
  /** Lines of text, tags removed. */
  lines: string[];
}

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{3})/;

/** The cues of a WebVTT (or SRT) text, in start order; anything unreadable is skipped. */
export function parseWebVtt(text: string): SubtitleCue[] {
  const cues: SubtitleCue[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  for (const block of blocks) {
    const lines = block.split('\n');
    const timingAt = lines.findIndex((line) => TIMING.test(line));
    if (timingAt < 0) continue;
    const match = TIMING.exec(lines[timingAt]) as RegExpExecArray;
    const startMs = timestampMs(match[1]);
    const endMs = timestampMs(match[2]);
    const body = lines
      .slice(timingAt + 1)
      .map((line) => decodeEntities(line.replace(/<[^>]*>/g, '')).trim())
      .filter((line) => line !== '');
    if (body.length > 0 && endMs > startMs) cues.push({ startMs, endMs, lines: body });
  }
  return cues.sort((a, b) => a.startMs - b.startMs);
}

/** The cues showing at `positionMs` (several may overlap). */
export function activeCues(cues: SubtitleCue[], positionMs: number): SubtitleCue[] {
  const showing: SubtitleCue[] = [];
  for (const cue of cues) {
    if (cue.startMs > positionMs) break;
    if (positionMs < cue.endMs) showing.push(cue);
  }
  return showing;
}

function timestampMs(value: string): number {
  const parts = value.replace(',', '.').split(':').map(Number);
  const seconds = parts.pop() ?? 0;
  const minutes = parts.pop() ?? 0;
  const hours = parts.pop() ?? 0;
  return Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

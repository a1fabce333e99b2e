import { stat } from 'node:fs/promises';
import { ffmpegPath, runProcess } from '../tools';

// Text subtitles as WebVTT, which the TV app parses and draws itself: an embedded text stream (SRT, ASS,
// mov_text) or a subtitle file beside the video (.srt, .ass, .vtt), converted by ffmpeg once and kept in
// memory (the last MAX_CACHED, keyed by file, modification time and stream).

const MAX_CACHED = 32;
const TIMEOUT_MS = 120_000;

export class SubtitleConverter {
  private readonly cache = new Map<string, Promise<string | null>>();

  constructor(private readonly ffmpeg: string = ffmpegPath()) {}

  /**
   * The stream `index` of `file` (an embedded stream), or the whole of `file` (a sidecar, index null), as
   * WebVTT; null when ffmpeg cannot make WebVTT of it (not a text subtitle, unreadable).
   */
  async webvtt(file: string, index: number | null): Promise<string | null> {
    const info = await stat(file).catch(() => null);
    if (!info) return null;
    const key = `${file}\n${info.mtimeMs}\n${index ?? 'file'}`;
    let made = this.cache.get(key);
    if (!made) {
      made = this.convert(file, index);
      this.cache.set(key, made);
      for (const old of this.cache.keys()) {
        if (this.cache.size <= MAX_CACHED) break;
        this.cache.delete(old);
      }
    } else {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, made);
    }
    const text = await made;
    if (text === null) this.cache.delete(key); // a failure is not kept: the file may be fixed
    return text;
  }

  private async convert(file: string, index: number | null): Promise<string | null> {
    const map = index === null ? ['-map', '0:s:0'] : ['-map', `0:${index}`];
    const result = await runProcess(
      this.ffmpeg,
      ['-v', 'error', '-nostdin', '-i', file, ...map, '-c:s', 'webvtt', '-f', 'webvtt', '-'],
      { timeoutMs: TIMEOUT_MS },
    ).catch(() => null);
    if (result?.code !== 0 || !result.stdout.startsWith('WEBVTT')) return null;
    return result.stdout;
  }
}

import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { normalLanguage } from '../../../protocol/language';
import { NO_TRACK_PREFERENCE, SUBTITLE_MODES, type TrackPreference } from '../../db/track-preference-store';
import type { ProbedStream } from '../probe';

// A part's streams as the player chooses among them: the file's own (probed) and subtitle files beside it, each
// with the id the library gives it, and which audio and subtitle stream plays. Ids: part id × 1000 + the
// stream's index in the file (as metadata.ts numbers them); sidecar files part id × 1000 + 500 + their place in
// name order.
//
// Sidecar files follow Plex's naming (docs/protocol.md#universal-transcoder): `Title (Year).srt`,
// `Title (Year).en.srt`, `Title (Year).fr.forced.srt`, also `.vtt` and `.ass`/`.ssa`; the language and `forced`
// (or `sdh`, `cc`) are the dotted words between the video's name and the extension.
//
// The default choice, as Plex makes it: the audio the account chose for this part, else the audio in the
// account's preferred language (db/track-preference-store.ts), else the file's default audio, else its first.
// Subtitles: the account's choice (0 is "none", chosen), else forced subtitles in the audio's language, else the
// account's preference (subtitles in its language always, or when the audio is in another), else none.

export interface PartStream {
  id: number;
  streamType: 1 | 2 | 3;
  codec: string;
  /** The stream's index in the file; absent for a sidecar file. */
  index?: number;
  language?: string;
  title?: string;
  channels?: number;
  width?: number;
  height?: number;
  default?: boolean;
  forced?: boolean;
  /** A subtitle file beside the video: its absolute path. */
  sidecarPath?: string;
}

const SIDECAR_EXTENSIONS: Record<string, string> = {
  '.srt': 'srt',
  '.vtt': 'vtt',
  '.ass': 'ass',
  '.ssa': 'ass',
};
export const SIDECAR_BASE_ID = 500;
/** Text subtitle codecs ffmpeg converts to WebVTT; anything else (pgs, dvd_subtitle, …) is a picture. */
const TEXT_SUBTITLE_CODECS = ['srt', 'subrip', 'ass', 'ssa', 'mov_text', 'webvtt', 'vtt', 'text'];

export function isTextSubtitle(codec: string): boolean {
  return TEXT_SUBTITLE_CODECS.includes(codec.toLowerCase());
}

/** The file's streams with their library ids. */
export function embeddedStreams(partId: number, probed: ProbedStream[]): PartStream[] {
  return probed.map((stream) => {
    const out: PartStream = {
      id: partId * 1000 + stream.index,
      streamType: stream.streamType,
      codec: stream.codec,
      index: stream.index,
    };
    if (stream.language) out.language = stream.language;
    if (stream.title) out.title = stream.title;
    if (stream.channels) out.channels = stream.channels;
    if (stream.width) out.width = stream.width;
    if (stream.height) out.height = stream.height;
    if (stream.default) out.default = true;
    if (stream.forced) out.forced = true;
    return out;
  });
}

/** Subtitle files beside `videoPath` named after it (Plex naming), in name order. */
export async function sidecarSubtitles(partId: number, videoPath: string): Promise<PartStream[]> {
  const folder = dirname(videoPath);
  const stem = basename(videoPath, extname(videoPath));
  const names = (await readdir(folder).catch(() => [] as string[])).sort();
  const found: PartStream[] = [];
  for (const name of names) {
    const codec = SIDECAR_EXTENSIONS[extname(name).toLowerCase()];
    if (!codec || !name.startsWith(`${stem}.`)) continue;
    const words = name
      .slice(stem.length + 1, name.length - extname(name).length)
      .split('.')
      .filter((word) => word !== '')
      .map((word) => word.toLowerCase());
    const stream: PartStream = {
      id: partId * 1000 + SIDECAR_BASE_ID + found.length,
      streamType: 3,
      codec,
      sidecarPath: join(folder, name),
    };
    const language = words.find((word) => /^[a-z]{2,3}(-[a-z]{2})?$/.test(word) && !FLAGS.includes(word));
    if (language) stream.language = language;
    if (words.includes('forced')) stream.forced = true;
    if (words.includes('sdh') || words.includes('cc')) stream.title = 'SDH';
    found.push(stream);
    if (found.length >= 100) break;
  }
  return found;
}

const FLAGS = ['forced', 'sdh', 'cc', 'default'];

export interface StreamSelection {
  audio: PartStream | null;
  subtitle: PartStream | null;
}

/**
 * Which audio and subtitle stream plays. `chosen` ids come from the account's saved choice or the request;
 * unknown ids fall back to the defaults; a subtitle id of 0 is "none".
 */
export function selectStreams(
  streams: PartStream[],
  chosen: { audioStreamId?: number | null; subtitleStreamId?: number | null },
  preference: TrackPreference = NO_TRACK_PREFERENCE,
): StreamSelection {
  const audios = streams.filter((stream) => stream.streamType === 2);
  const subtitles = streams.filter((stream) => stream.streamType === 3);
  const inLanguage = (candidates: PartStream[], code: string | null) =>
    code === null
      ? []
      : candidates.filter(
          (stream) => stream.language && normalLanguage(stream.language) === normalLanguage(code),
        );
  const preferredAudios = preference.autoSelectAudio ? inLanguage(audios, preference.audioLanguage) : [];
  const audio =
    audios.find((stream) => stream.id === chosen.audioStreamId) ??
    preferredAudios.find((stream) => stream.default) ??
    preferredAudios[0] ??
    audios.find((stream) => stream.default) ??
    audios[0] ??
    null;
  if (chosen.subtitleStreamId === 0) return { audio, subtitle: null };
  const picked = subtitles.find((stream) => stream.id === chosen.subtitleStreamId);
  if (picked) return { audio, subtitle: picked };
  const language = audio?.language ? normalLanguage(audio.language) : null;
  const forced = subtitles.find(
    (stream) =>
      stream.forced &&
      (language === null || !stream.language || normalLanguage(stream.language) === language),
  );
  if (forced) return { audio, subtitle: forced };
  return { audio, subtitle: preferredSubtitle(subtitles, audio, preference, inLanguage) };
}

/** Subtitles the account's preference shows when none was chosen: full (not forced) ones first, SDH last. */
function preferredSubtitle(
  subtitles: PartStream[],
  audio: PartStream | null,
  preference: TrackPreference,
  inLanguage: (candidates: PartStream[], code: string | null) => PartStream[],
): PartStream | null {
  const { subtitleMode, subtitleLanguage } = preference;
  if (subtitleMode === SUBTITLE_MODES.manual || subtitleLanguage === null) return null;
  if (subtitleMode === SUBTITLE_MODES.foreignAudio) {
    // Only when the audio is known to be in another language.
    if (!audio?.language || normalLanguage(audio.language) === normalLanguage(subtitleLanguage)) return null;
  }
  const candidates = inLanguage(subtitles, subtitleLanguage);
  const rank = (stream: PartStream) => (stream.forced ? 2 : 0) + (stream.title === 'SDH' ? 1 : 0);
  return [...candidates].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
  it: 'Italian',
  ja: 'Japanese',
  pt: 'Portuguese',
  nl: 'Dutch',
  sv: 'Swedish',
  no: 'Norwegian',
  da: 'Danish',
  fi: 'Finnish',
  pl: 'Polish',
  ru: 'Russian',
  zh: 'Chinese',
  ko: 'Korean',
};

const CODEC_LABELS: Record<string, string> = {
  aac: 'AAC',
  ac3: 'AC3',
  eac3: 'EAC3',
  dts: 'DTS',
  mp3: 'MP3',
  opus: 'Opus',
  flac: 'FLAC',
  srt: 'SRT',
  ass: 'ASS',
  vtt: 'WebVTT',
  webvtt: 'WebVTT',
  mov_text: 'Text',
  hdmv_pgs_subtitle: 'PGS',
  dvd_subtitle: 'VobSub',
};

/** What a track menu shows: "English (AC3 5.1)", "French (AAC Stereo)", "English (SRT Forced)". */
export function streamLabel(stream: PartStream): string {
  const language = stream.language
    ? (LANGUAGE_NAMES[normalLanguage(stream.language)] ?? stream.language.toUpperCase())
    : 'Unknown';
  const codec = CODEC_LABELS[stream.codec] ?? stream.codec.toUpperCase();
  const details = [codec];
  if (stream.streamType === 2 && stream.channels) {
    details.push(
      stream.channels === 1 ? 'Mono' : stream.channels === 2 ? 'Stereo' : `${stream.channels - 1}.1`,
    );
  }
  if (stream.forced) details.push('Forced');
  if (stream.title === 'SDH') details.push('SDH');
  return `${language} (${details.join(' ')})`;
}

import type { Database } from 'better-sqlite3';
import { normalLanguage } from '../../protocol/language';
import { statement } from './statements';

// Each account's track preference, as Plex keeps it on the account's profile (`/api/v2/user` profile:
// autoSelectAudio, defaultAudioLanguage, defaultSubtitleLanguage, autoSelectSubtitle; docs/protocol.md#track-preference).
// The server's default track choice uses it when the account has not chosen tracks for a part
// (media/playback/part-streams.ts selectStreams).

/** When subtitles show without being chosen: Plex's autoSelectSubtitle. */
export const SUBTITLE_MODES = {
  /** Only when chosen (forced subtitles in the audio's language still show). */
  manual: 0,
  /** When the audio is not in the subtitle language. */
  foreignAudio: 1,
  always: 2,
} as const;
export type SubtitleMode = (typeof SUBTITLE_MODES)[keyof typeof SUBTITLE_MODES];

export interface TrackPreference {
  /** Pick the audio in `audioLanguage` when a file has it (Plex's autoSelectAudio). */
  autoSelectAudio: boolean;
  /** Two-letter code where one is known ("fr"); null for none. */
  audioLanguage: string | null;
  subtitleLanguage: string | null;
  subtitleMode: SubtitleMode;
}

export const NO_TRACK_PREFERENCE: TrackPreference = {
  autoSelectAudio: true,
  audioLanguage: null,
  subtitleLanguage: null,
  subtitleMode: SUBTITLE_MODES.manual,
};

interface PreferenceRow {
  auto_select_audio: number;
  audio_language: string | null;
  subtitle_language: string | null;
  subtitle_mode: number;
}

/** A language code as a form or client sends it: 2–3 letters, an optional region ("en", "fre", "pt-BR"). */
export function validLanguage(value: string): boolean {
  return /^[A-Za-z]{2,3}(-[A-Za-z]{2})?$/.test(value);
}

export function isSubtitleMode(value: number): value is SubtitleMode {
  return value === 0 || value === 1 || value === 2;
}

export class TrackPreferenceStore {
  constructor(private readonly db: Database) {}

  /** The account's preference; the defaults (no languages, subtitles only when chosen) when never set. */
  get(accountId: number): TrackPreference {
    const row = statement(
      this.db,
      `SELECT auto_select_audio, audio_language, subtitle_language, subtitle_mode FROM track_preferences
         WHERE account_id = ?`,
    ).get(accountId) as PreferenceRow | undefined;
    if (!row) return NO_TRACK_PREFERENCE;
    return {
      autoSelectAudio: row.auto_select_audio === 1,
      audioLanguage: row.audio_language,
      subtitleLanguage: row.subtitle_language,
      subtitleMode: isSubtitleMode(row.subtitle_mode) ? row.subtitle_mode : SUBTITLE_MODES.manual,
    };
  }

  /** Replaces the account's preference; languages are kept as two-letter codes where one is known. */
  set(accountId: number, preference: TrackPreference): void {
    const language = (code: string | null) => (code ? normalLanguage(code) : null);
    statement(
      this.db,
      `INSERT INTO track_preferences (account_id, auto_select_audio, audio_language, subtitle_language, subtitle_mode)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET auto_select_audio = excluded.auto_select_audio,
           audio_language = excluded.audio_language, subtitle_language = excluded.subtitle_language,
           subtitle_mode = excluded.subtitle_mode`,
    ).run(
      accountId,
      preference.autoSelectAudio ? 1 : 0,
      language(preference.audioLanguage),
      language(preference.subtitleLanguage),
      preference.subtitleMode,
    );
  }
}

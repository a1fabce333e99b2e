import type { Database } from 'better-sqlite3';
import { statement } from './statements';

// The audio and subtitle stream each account chose for each part, kept as PMS keeps them
// (`PUT /library/parts/{id}?audioStreamID=&subtitleStreamID=`, playback-routes.ts). Stream ids are the library's
// (metadata.ts: part id × 1000 + the stream's index). A subtitle id of 0 means "no subtitles", chosen; null
// means never chosen, so the defaults apply.

export interface StreamChoice {
  audioStreamId: number | null;
  subtitleStreamId: number | null;
}

interface ChoiceRow {
  audio_stream_id: number | null;
  subtitle_stream_id: number | null;
}

export class StreamChoiceStore {
  constructor(private readonly db: Database) {}

  get(accountId: number, partId: number): StreamChoice | null {
    const row = statement(
      this.db,
      'SELECT audio_stream_id, subtitle_stream_id FROM stream_choices WHERE account_id = ? AND part_id = ?',
    ).get(accountId, partId) as ChoiceRow | undefined;
    return row ? { audioStreamId: row.audio_stream_id, subtitleStreamId: row.subtitle_stream_id } : null;
  }

  /** Sets what is given; an undefined field keeps what was chosen before. */
  set(accountId: number, partId: number, choice: Partial<StreamChoice>): void {
    const before = this.get(accountId, partId) ?? { audioStreamId: null, subtitleStreamId: null };
    const audio = choice.audioStreamId === undefined ? before.audioStreamId : choice.audioStreamId;
    const subtitle =
      choice.subtitleStreamId === undefined ? before.subtitleStreamId : choice.subtitleStreamId;
    statement(
      this.db,
      `INSERT INTO stream_choices (account_id, part_id, audio_stream_id, subtitle_stream_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, part_id) DO UPDATE SET audio_stream_id = excluded.audio_stream_id,
           subtitle_stream_id = excluded.subtitle_stream_id`,
    ).run(accountId, partId, audio, subtitle);
  }
}

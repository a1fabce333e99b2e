import type { Database } from 'better-sqlite3';

// Ordered schema steps; `PRAGMA user_version` records how many have run. Append, never edit a shipped step.
// Instants, durations and offsets are milliseconds in columns named `…_ms`, in every table (the steps that
// renamed them say why); an early step's comment may still name a column by its old name or unit. No token,
// session id or CSRF value is stored in the clear (step 3 removed the last ones); tokens and session ids are kept
// as their SHA-256 only.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE devices (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    client_identifier TEXT NOT NULL,
    name TEXT NOT NULL,
    product TEXT NOT NULL,
    platform TEXT NOT NULL,
    platform_version TEXT NOT NULL,
    device TEXT NOT NULL,
    model TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    last_seen_ip TEXT,
    revoked_at INTEGER
  );
  CREATE INDEX devices_by_account ON devices(account_id, client_identifier);
  CREATE TABLE pins (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    client_identifier TEXT NOT NULL,
    device_name TEXT NOT NULL,
    product TEXT NOT NULL,
    version TEXT NOT NULL,
    platform TEXT NOT NULL,
    platform_version TEXT NOT NULL,
    device TEXT NOT NULL,
    model TEXT NOT NULL,
    requester_ip TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'linked', 'denied')),
    account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    device_id INTEGER REFERENCES devices(id) ON DELETE CASCADE,
    auth_token TEXT
  );
  CREATE INDEX pins_by_code ON pins(code, expires_at);
  CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    csrf_secret TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
  // The media library. Library times (added_at, updated_at, scanned_at, last_viewed_at) are epoch SECONDS, as
  // the Plex wire carries them; parts.mtime is epoch milliseconds. parts.file is relative to the media dir.
  // (A later step moved them all to milliseconds, named `…_ms`.)
  `
  CREATE TABLE library_sections (
    id INTEGER PRIMARY KEY,
    folder TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('movie', 'show')),
    uuid TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    scanned_at INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE library_items (
    id INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES library_sections(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('movie', 'show', 'season', 'episode')),
    parent_id INTEGER REFERENCES library_items(id) ON DELETE CASCADE,
    grandparent_id INTEGER REFERENCES library_items(id) ON DELETE CASCADE,
    identity TEXT NOT NULL,
    title TEXT NOT NULL,
    title_sort TEXT NOT NULL COLLATE NOCASE,
    year INTEGER,
    summary TEXT,
    item_index INTEGER,
    added_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    duration INTEGER,
    poster TEXT,
    art TEXT
  );
  CREATE UNIQUE INDEX library_items_by_identity ON library_items(section_id, identity);
  CREATE INDEX library_items_by_title ON library_items(section_id, type, title_sort, id);
  CREATE INDEX library_items_by_added ON library_items(section_id, type, added_at, id);
  CREATE INDEX library_items_by_year ON library_items(section_id, type, year, id);
  CREATE INDEX library_items_by_parent ON library_items(parent_id, item_index);
  CREATE INDEX library_items_by_grandparent ON library_items(grandparent_id);
  CREATE INDEX library_items_recent ON library_items(type, added_at);
  CREATE TABLE library_parts (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
    section_id INTEGER NOT NULL REFERENCES library_sections(id) ON DELETE CASCADE,
    file TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    container TEXT,
    duration INTEGER,
    bitrate INTEGER,
    width INTEGER,
    height INTEGER,
    video_codec TEXT,
    video_profile TEXT,
    frame_rate REAL,
    audio_codec TEXT,
    audio_profile TEXT,
    audio_channels INTEGER,
    streams TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX library_parts_by_item ON library_parts(item_id);
  CREATE INDEX library_parts_by_section ON library_parts(section_id);
  CREATE TABLE watch_state (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
    view_offset INTEGER NOT NULL DEFAULT 0,
    view_count INTEGER NOT NULL DEFAULT 0,
    last_viewed_at INTEGER,
    PRIMARY KEY (account_id, item_id)
  );
  CREATE INDEX watch_state_by_recent ON watch_state(account_id, last_viewed_at);
  CREATE INDEX watch_state_by_item ON watch_state(item_id);
  `,
  // No raw secret on disk: a linked pin's token is minted when the TV collects it and only its hash is kept
  // (devices.token_hash); a session's CSRF value is derived from its cookie (pages/web-sessions.ts).
  `
  UPDATE pins SET auth_token = NULL;
  ALTER TABLE pins DROP COLUMN auth_token;
  ALTER TABLE web_sessions DROP COLUMN csrf_secret;
  `,
  // Servers the owner shares with an account (db/shared-server-store.ts). The other server's token is kept
  // sealed (link/token-sealer.ts), never in the clear; connections is that server's own list, as JSON.
  `
  CREATE TABLE shared_servers (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    machine_identifier TEXT NOT NULL,
    name TEXT NOT NULL,
    client_identifier TEXT NOT NULL,
    pin_id INTEGER,
    pin_code TEXT,
    pin_expires_at INTEGER,
    sealed_token TEXT,
    owner_id INTEGER,
    owner_name TEXT,
    connections TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX shared_servers_by_account ON shared_servers(account_id, machine_identifier);
  `,
  // The audio and subtitle stream an account chose for a part (db/stream-choice-store.ts), as PMS keeps them
  // (PUT /library/parts/{id}). subtitle_stream_id 0 is "none chosen on purpose"; NULL is "never chosen".
  `
  CREATE TABLE stream_choices (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    part_id INTEGER NOT NULL REFERENCES library_parts(id) ON DELETE CASCADE,
    audio_stream_id INTEGER,
    subtitle_stream_id INTEGER,
    PRIMARY KEY (account_id, part_id)
  );
  `,
  // Each account's track preference (db/track-preference-store.ts), as Plex's account profile holds it: the
  // audio language, the subtitle language and when subtitles show (0 only when chosen, 1 with foreign audio,
  // 2 always). Languages are two-letter codes where one is known; NULL is "no preference".
  `
  CREATE TABLE track_preferences (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    auto_select_audio INTEGER NOT NULL DEFAULT 1,
    audio_language TEXT,
    subtitle_language TEXT,
    subtitle_mode INTEGER NOT NULL DEFAULT 0
  );
  `,
  // Each account's own rating of an item (db/user-rating-store.ts, PMS's userRating from /:/rate), 0–10.
  `
  CREATE TABLE user_ratings (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
    rating REAL NOT NULL,
    PRIMARY KEY (account_id, item_id)
  );
  `,
  // Tags read from .nfo files (db/tag-store.ts, docs/protocol.md#tags-from-nfo-files), kept as PMS keeps them:
  // one row per distinct tag (its id is the one `genre=` filters take) and a tagging per item, in order. A
  // tagging goes with its item; a tag no item uses any more goes with its last tagging (the trigger).
  // nfo_stamps: which .nfo files (path and mtime) an item was last read from, so a rescan rereads an edited one.
  `
  CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('genre', 'role', 'guid')),
    tag TEXT NOT NULL COLLATE NOCASE,
    UNIQUE (kind, tag)
  );
  CREATE TABLE taggings (
    item_id INTEGER NOT NULL REFERENCES library_items(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id),
    position INTEGER NOT NULL,
    role TEXT,
    thumb TEXT,
    PRIMARY KEY (item_id, tag_id)
  );
  CREATE INDEX taggings_by_tag ON taggings(tag_id, item_id);
  CREATE TRIGGER tags_unused AFTER DELETE ON taggings
  WHEN NOT EXISTS (SELECT 1 FROM taggings WHERE tag_id = OLD.tag_id)
  BEGIN
    DELETE FROM tags WHERE id = OLD.tag_id;
  END;
  CREATE TABLE nfo_stamps (
    item_id INTEGER PRIMARY KEY REFERENCES library_items(id) ON DELETE CASCADE,
    stamp TEXT NOT NULL
  );
  `,
  // Section listings sorted by duration, updatedAt or title (db/item-query.ts) read a page from an index
  // instead of sorting the whole section (titleSort, addedAt and year had theirs from step 2).
  `
  CREATE INDEX library_items_by_duration ON library_items(section_id, type, duration, id);
  CREATE INDEX library_items_by_updated ON library_items(section_id, type, updated_at, id);
  CREATE INDEX library_items_by_title_nocase ON library_items(section_id, type, title COLLATE NOCASE, id);
  `,
  // One time unit, named in the column: epoch milliseconds, `_ms`. Milliseconds because the server's clock
  // (Date.now()), file mtimes (the scanner compares them to the millisecond) and the durations and offsets the
  // wire carries are all milliseconds; seconds would lose what the scanner needs. The link tables held
  // milliseconds already, so their columns are renamed and their values kept
  // (docs/architecture.md#storage-and-time).
  `
  ALTER TABLE accounts RENAME COLUMN created_at TO created_at_ms;
  ALTER TABLE devices RENAME COLUMN created_at TO created_at_ms;
  ALTER TABLE devices RENAME COLUMN last_seen_at TO last_seen_at_ms;
  ALTER TABLE devices RENAME COLUMN revoked_at TO revoked_at_ms;
  ALTER TABLE pins RENAME COLUMN created_at TO created_at_ms;
  ALTER TABLE pins RENAME COLUMN expires_at TO expires_at_ms;
  ALTER TABLE web_sessions RENAME COLUMN created_at TO created_at_ms;
  ALTER TABLE web_sessions RENAME COLUMN expires_at TO expires_at_ms;
  ALTER TABLE shared_servers RENAME COLUMN pin_expires_at TO pin_expires_at_ms;
  ALTER TABLE shared_servers RENAME COLUMN created_at TO created_at_ms;
  `,
  // The library tables in the same unit: their instants were epoch seconds, so they are multiplied by 1000 and
  // renamed; library_parts.mtime held milliseconds already and is only renamed. A renamed column keeps its
  // indexes (library_items_by_added, _recent, _by_updated; watch_state_by_recent). The wire's addedAt, updatedAt
  // and lastViewedAt stay seconds, made where the answer is built (src/server/media/wire-time.ts).
  `
  UPDATE library_sections SET created_at = created_at * 1000, updated_at = updated_at * 1000,
    scanned_at = scanned_at * 1000;
  ALTER TABLE library_sections RENAME COLUMN created_at TO created_at_ms;
  ALTER TABLE library_sections RENAME COLUMN updated_at TO updated_at_ms;
  ALTER TABLE library_sections RENAME COLUMN scanned_at TO scanned_at_ms;
  UPDATE library_items SET added_at = added_at * 1000, updated_at = updated_at * 1000;
  ALTER TABLE library_items RENAME COLUMN added_at TO added_at_ms;
  ALTER TABLE library_items RENAME COLUMN updated_at TO updated_at_ms;
  UPDATE watch_state SET last_viewed_at = last_viewed_at * 1000 WHERE last_viewed_at IS NOT NULL;
  ALTER TABLE watch_state RENAME COLUMN last_viewed_at TO last_viewed_at_ms;
  ALTER TABLE library_parts RENAME COLUMN mtime TO mtime_ms;
  `,
  // Lengths of time named with their unit as well: items' and parts' durations (from the probe) and
  // watch_state's offset (from /:/timeline's time) held milliseconds already, the wire's unit for both, so they
  // are only renamed. library_items_by_duration follows its renamed column.
  `
  ALTER TABLE library_items RENAME COLUMN duration TO duration_ms;
  ALTER TABLE library_parts RENAME COLUMN duration TO duration_ms;
  ALTER TABLE watch_state RENAME COLUMN view_offset TO view_offset_ms;
  `,
];

/**
 * After these steps (1-based) an existing database is rebuilt with VACUUM: pages freed before secure_delete
 * was on may still hold the secrets the step removed.
 */
const VACUUM_AFTER_STEPS = new Set([3]);

export function migrate(db: Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let step = applied; step < MIGRATIONS.length; step++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[step]);
      db.pragma(`user_version = ${step + 1}`);
    })();
    if (applied > 0 && VACUUM_AFTER_STEPS.has(step + 1)) db.exec('VACUUM');
  }
}

import type { PlexHub, PlexMetadata } from '../protocol/plex-media';
import { looseNumber } from './loose';

// The small, typed model the library screens render, normalised from Plex's wire Metadata: numbers that may
// arrive as strings are parsed (docs/protocol.md#media-server-general-rules), missing fields become null, and
// each kind of item gets the title a viewer expects (an episode names its show).

export type MediaKind = 'movie' | 'show' | 'season' | 'episode' | 'other';

export interface MediaItem {
  /** Plex's ratingKey: the item's id, stable across answers. */
  id: string;
  kind: MediaKind;
  /** What a card shows first: the movie or show title; an episode's show. */
  title: string;
  /** A second line: year for movies and shows, "S1 · E3 · Pilot" for episodes, episode count for seasons. */
  subtitle: string;
  /** Used for sort and jump-to-letter: titleSort when the server sends it, else the title. */
  sortTitle: string;
  year: number | null;
  /** Poster image path (for photoUrl). Episodes use their show's poster on cards. */
  thumb: string | null;
  /** Backdrop image path. */
  art: string | null;
  summary: string;
  /** Milliseconds; null when unknown. */
  durationMs: number | null;
  /** Milliseconds into the item while in progress; 0 when not started. */
  viewOffsetMs: number;
  watched: boolean;
  /** Season or episode number. */
  index: number | null;
  /** Season number of an episode. */
  parentIndex: number | null;
  /** Episode title on its own (for episodes); else the title. */
  episodeTitle: string | null;
  /** Show title for seasons and episodes. */
  showTitle: string | null;
  contentRating: string | null;
  /** Seasons and shows: how many episodes. */
  leafCount: number | null;
}

const KINDS: readonly string[] = ['movie', 'show', 'season', 'episode'];

function text(value: string | undefined | null): string {
  return typeof value === 'string' ? value : '';
}

function orNull(value: string | undefined | null): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Wire Metadata → MediaItem. Never throws on missing fields. */
export function toMediaItem(raw: PlexMetadata): MediaItem {
  const kind: MediaKind = KINDS.indexOf(raw.type) >= 0 ? (raw.type as MediaKind) : 'other';
  const year = looseNumber(raw.year);
  const index = looseNumber(raw.index);
  const parentIndex = looseNumber(raw.parentIndex);
  const leafCount = looseNumber(raw.leafCount);
  const viewedLeafCount = looseNumber(raw.viewedLeafCount);
  const viewCount = looseNumber(raw.viewCount) ?? 0;
  const ownTitle = text(raw.title);
  const showTitle =
    kind === 'episode' ? orNull(raw.grandparentTitle) : kind === 'season' ? orNull(raw.parentTitle) : null;

  let title = ownTitle;
  let subtitle = year !== null ? String(year) : '';
  let thumb = orNull(raw.thumb);
  if (kind === 'episode') {
    title = showTitle ?? ownTitle;
    subtitle = [episodeCode(parentIndex, index), showTitle ? ownTitle : ''].filter(Boolean).join(' · ');
    thumb = orNull(raw.grandparentThumb) ?? orNull(raw.parentThumb) ?? thumb;
  } else if (kind === 'season') {
    subtitle = leafCount !== null ? `${leafCount} episode${leafCount === 1 ? '' : 's'}` : '';
    thumb = thumb ?? orNull(raw.parentThumb);
  }

  const watched =
    kind === 'show' || kind === 'season'
      ? leafCount !== null && leafCount > 0 && viewedLeafCount === leafCount
      : viewCount > 0;

  return {
    id: String(raw.ratingKey),
    kind,
    title: title || 'Untitled',
    subtitle,
    sortTitle: text(raw.titleSort) || ownTitle,
    year,
    thumb,
    art: orNull(raw.art) ?? orNull(raw.grandparentArt),
    summary: text(raw.summary),
    durationMs: looseNumber(raw.duration),
    viewOffsetMs: Math.max(0, looseNumber(raw.viewOffset) ?? 0),
    watched,
    index,
    parentIndex,
    episodeTitle: kind === 'episode' ? ownTitle || null : null,
    showTitle,
    contentRating: orNull(raw.contentRating),
    leafCount,
  };
}

/** "S1 · E3", "E3", "S1", or '' when neither number is known. */
export function episodeCode(season: number | null, episode: number | null): string {
  const parts: string[] = [];
  if (season !== null) parts.push(`S${season}`);
  if (episode !== null) parts.push(`E${episode}`);
  return parts.join(' · ');
}

/** The items of a hub, normalised; Directory-only hubs (genres, …) give none. */
export function hubItems(hub: PlexHub): MediaItem[] {
  return (hub.Metadata ?? [])
    .filter((raw) => raw && raw.ratingKey !== undefined && raw.ratingKey !== '')
    .map(toMediaItem);
}

/** 1:23:45 or 12:34 (a resume point, a position). */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}

/** "1 h 52 min", "45 min", "< 1 min" (a running time). */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return '< 1 min';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${minutes} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** The letters of jump-to-letter, in the order a titleSort listing runs: '#' (digits, symbols) first. */
export const JUMP_LETTERS: readonly string[] = '#ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/** The jump letter a sort title files under: A–Z ignoring case and accents, else '#'. */
export function jumpLetterOf(sortTitle: string): string {
  let first = sortTitle.trim().charAt(0);
  if (first && typeof first.normalize === 'function') first = first.normalize('NFD').charAt(0);
  const upper = first.toUpperCase();
  return upper >= 'A' && upper <= 'Z' && upper.length === 1 ? upper : '#';
}

/** Position of a jump letter in JUMP_LETTERS ('#' = 0, 'A' = 1, …). */
export function jumpLetterRank(letter: string): number {
  const rank = JUMP_LETTERS.indexOf(letter);
  return Math.max(rank, 0);
}

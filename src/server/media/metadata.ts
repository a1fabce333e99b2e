import { resolve } from 'node:path';
import { plexLanguage } from '../../protocol/language';
import type { PlexMedia, PlexMetadata, PlexPart, PlexStream, PlexTag } from '../../protocol/plex-media';
import type { ItemRow, LibraryStore, PartRow, SectionRow } from '../db/library-store';
import type { StreamChoice } from '../db/stream-choice-store';
import type { ItemTag } from '../db/tag-store';
import type { TrackPreference } from '../db/track-preference-store';
import type { WatchStateStore } from '../db/watch-state-store';
import { embeddedStreams, selectStreams } from './playback/part-streams';
import { type ProbedStream, videoResolution } from './probe';
import { wireSeconds } from './wire-time';

// Library rows → Plex Metadata (docs/protocol.md#library-browsing), for one account's view.

export interface MetadataContext {
  store: LibraryStore;
  watch: WatchStateStore;
  accountId: number;
  /** The accounts' own ratings (`/:/rate`, db/user-rating-store.ts), shown as userRating; none without it. */
  ratings?: { forItems(accountId: number, itemIds: number[]): Map<number, number> };
  /**
   * The media folder when the caller owns the server: Part.file is then the file's absolute path, as PMS shows
   * its owner. Absent for everyone else, who gets no Part.file (docs/protocol.md#part-file).
   */
  ownerMediaRoot?: string | null;
  /**
   * The account's track choices, so item details mark the audio and subtitle that play as the decision picks
   * them (playback/part-streams.ts selectStreams). Without it, the file's default audio is marked.
   */
  tracks?: TrackChoices;
  /** The request asked `includeGuids=1`: listed items carry their Guid list too, as PMS's do then. */
  includeGuids?: boolean;
}

/** Whether a request's query asks for Guid lists on listed items (`includeGuids=1`). */
export function asksForGuids(query: unknown): boolean {
  const value = (query as Record<string, unknown> | undefined)?.includeGuids;
  return value === '1' || (Array.isArray(value) && value.includes('1'));
}

export interface TrackChoices {
  choice(partId: number): StreamChoice | null;
  preference(): TrackPreference;
}

export interface MetadataOptions {
  /**
   * The item's full detail, as `/library/metadata/{id}` answers: Part.Stream[], every Genre and Role, and the
   * Guid list. Without it (listings) an item carries its first few genres and roles only, as PMS's do.
   */
  streams?: boolean;
}

/** How many genres and roles an item carries in a listing (the recorded PMS listings in test/fixtures). */
const LISTING_GENRES = 2;
const LISTING_ROLES = 3;

export function itemKey(item: ItemRow): string {
  return item.type === 'show' || item.type === 'season'
    ? `/library/metadata/${item.id}/children`
    : `/library/metadata/${item.id}`;
}

export function thumbPath(item: ItemRow): string {
  return `/library/metadata/${item.id}/thumb/${wireSeconds(item.updated_at_ms)}`;
}

export function artPath(item: ItemRow): string {
  return `/library/metadata/${item.id}/art/${wireSeconds(item.updated_at_ms)}`;
}

/**
 * Part.key: `/library/parts/{id}/{changestamp}/file.{ext}` (docs/protocol.md#direct-play); the changestamp is
 * the file's mtime in s.
 */
export function partKey(part: PartRow): string {
  const ext = part.file.slice(part.file.lastIndexOf('.') + 1).toLowerCase() || part.container || 'mp4';
  return `/library/parts/${part.id}/${wireSeconds(part.mtime_ms)}/file.${ext}`;
}

/** Metadata for rows in one go: parents, sections, parts, counts and watch state fetched in batches. */
export function toMetadata(
  context: MetadataContext,
  rows: ItemRow[],
  options: MetadataOptions = {},
): PlexMetadata[] {
  if (rows.length === 0) return [];
  const { store, watch, accountId } = context;
  const relatedIds = new Set<number>();
  for (const row of rows) {
    if (row.parent_id) relatedIds.add(row.parent_id);
    if (row.grandparent_id) relatedIds.add(row.grandparent_id);
  }
  const related = new Map(store.itemsByIds([...relatedIds]).map((row) => [row.id, row]));
  const sections = new Map<number, SectionRow | null>();
  for (const row of rows)
    if (!sections.has(row.section_id)) sections.set(row.section_id, store.section(row.section_id));
  const playable = rows.filter((row) => row.type === 'movie' || row.type === 'episode').map((row) => row.id);
  const containers = rows.filter((row) => row.type === 'show' || row.type === 'season').map((row) => row.id);
  const parts = store.partsOfItems(playable);
  const states = watch.forItems(accountId, playable);
  const counts = store.counts(containers);
  const viewed = watch.viewedLeafCounts(accountId, containers);
  const detail = options.streams ?? false;
  const tags = store.tags.ofItems(
    rows.map((row) => row.id),
    detail
      ? undefined
      : {
          genre: LISTING_GENRES,
          role: LISTING_ROLES,
          guid: context.includeGuids ? Number.MAX_SAFE_INTEGER : 0,
        },
  );
  const ratings =
    context.ratings?.forItems(
      accountId,
      rows.map((row) => row.id),
    ) ?? new Map<number, number>();

  return rows.map((row) => {
    const section = sections.get(row.section_id);
    const metadata: PlexMetadata = {
      ratingKey: String(row.id),
      key: itemKey(row),
      guid: `local://${row.id}`,
      type: row.type,
      title: row.title,
      titleSort: row.title_sort,
      summary: row.summary ?? '',
    };
    if (row.year !== null) metadata.year = row.year;
    if (row.item_index !== null) metadata.index = row.item_index;
    // A movie or episode with neither a file nor a poster has no image (imageFile finds none): PMS then leaves
    // thumb out, and a TV shows its placeholder instead of asking for an image that is not there.
    const imageless =
      (row.type === 'movie' || row.type === 'episode') && !row.poster && !parts.get(row.id)?.length;
    if (!imageless) metadata.thumb = thumbPath(row);
    metadata.art = artPath(row);
    if (row.duration_ms !== null) metadata.duration = row.duration_ms;
    metadata.addedAt = wireSeconds(row.added_at_ms);
    metadata.updatedAt = wireSeconds(row.updated_at_ms);
    const userRating = ratings.get(row.id);
    if (userRating !== undefined) metadata.userRating = userRating;
    if (section) {
      metadata.librarySectionID = section.id;
      metadata.librarySectionTitle = section.title;
      metadata.librarySectionKey = `/library/sections/${section.id}`;
    }

    const parent = row.parent_id ? related.get(row.parent_id) : undefined;
    const grandparent = row.grandparent_id ? related.get(row.grandparent_id) : undefined;
    if (parent) {
      metadata.parentRatingKey = String(parent.id);
      metadata.parentKey = `/library/metadata/${parent.id}`;
      metadata.parentTitle = parent.title;
      metadata.parentThumb = thumbPath(parent);
      if (row.type === 'episode' && parent.item_index !== null) metadata.parentIndex = parent.item_index;
    }
    if (grandparent) {
      metadata.grandparentRatingKey = String(grandparent.id);
      metadata.grandparentKey = `/library/metadata/${grandparent.id}`;
      metadata.grandparentTitle = grandparent.title;
      metadata.grandparentThumb = thumbPath(grandparent);
      metadata.grandparentArt = artPath(grandparent);
    }

    if (row.type === 'show' || row.type === 'season') {
      const count = counts.get(row.id) ?? { leafCount: 0, childCount: 0 };
      metadata.leafCount = count.leafCount;
      metadata.viewedLeafCount = viewed.get(row.id) ?? 0;
      if (row.type === 'show') metadata.childCount = count.childCount;
    } else {
      const state = states.get(row.id);
      if (state && state.viewOffsetMs > 0) metadata.viewOffset = state.viewOffsetMs;
      if (state && state.viewCount > 0) metadata.viewCount = state.viewCount;
      if (state?.lastViewedAtMs) metadata.lastViewedAt = wireSeconds(state.lastViewedAtMs);
      metadata.Media = (parts.get(row.id) ?? []).map((part) =>
        toMedia(part, options.streams ?? false, context.ownerMediaRoot ?? null, context.tracks),
      );
    }
    Object.assign(metadata, tagFields(tags.get(row.id) ?? [], detail, context.includeGuids ?? false));
    return metadata;
  });
}

/** Genre, Role and (with the full detail) Guid arrays, as PMS writes them; none when the item has none. */
function tagFields(
  tags: ItemTag[],
  detail: boolean,
  includeGuids: boolean,
): Pick<PlexMetadata, 'Genre' | 'Role' | 'Guid'> {
  const genres = tags.filter((tag) => tag.kind === 'genre');
  const roles = tags.filter((tag) => tag.kind === 'role');
  const guids = tags.filter((tag) => tag.kind === 'guid');
  const fields: Pick<PlexMetadata, 'Genre' | 'Role' | 'Guid'> = {};
  if (genres.length > 0) {
    fields.Genre = (detail ? genres : genres.slice(0, LISTING_GENRES)).map((genre) => ({
      id: genre.id,
      filter: `genre=${genre.id}`,
      tag: genre.tag,
    }));
  }
  if (roles.length > 0) {
    fields.Role = (detail ? roles : roles.slice(0, LISTING_ROLES)).map((role) => {
      const out: PlexTag = { id: role.id, filter: `actor=${role.id}`, tag: role.tag };
      if (role.role) out.role = role.role;
      if (role.thumb) out.thumb = role.thumb;
      return out;
    });
  }
  if ((detail || includeGuids) && guids.length > 0) fields.Guid = guids.map((guid) => ({ id: guid.tag }));
  return fields;
}

function toMedia(
  part: PartRow,
  withStreams: boolean,
  ownerMediaRoot: string | null,
  tracks?: TrackChoices,
): PlexMedia {
  const media = { id: part.id } as PlexMedia;
  if (part.duration_ms !== null) media.duration = part.duration_ms;
  if (part.bitrate !== null) media.bitrate = part.bitrate;
  if (part.width !== null) media.width = part.width;
  if (part.height !== null) media.height = part.height;
  if (part.width && part.height) media.aspectRatio = Math.round((part.width / part.height) * 100) / 100;
  if (part.audio_channels !== null) media.audioChannels = part.audio_channels;
  if (part.audio_codec) media.audioCodec = part.audio_codec;
  if (part.video_codec) media.videoCodec = part.video_codec;
  const resolution = videoResolution(part.width, part.height);
  if (resolution) media.videoResolution = resolution;
  if (part.container) media.container = part.container;
  if (part.frame_rate) media.videoFrameRate = frameRateName(part.frame_rate);
  if (part.video_profile) media.videoProfile = part.video_profile;
  if (part.audio_profile) media.audioProfile = part.audio_profile;
  const plexPart: PlexPart = { id: part.id, key: partKey(part) };
  if (ownerMediaRoot) plexPart.file = resolve(ownerMediaRoot, part.file);
  plexPart.size = part.size;
  if (part.duration_ms !== null) plexPart.duration = part.duration_ms;
  if (part.container) plexPart.container = part.container;
  if (withStreams) plexPart.Stream = toStreams(part, tracks);
  media.Part = [plexPart];
  return media;
}

/** Stream ids are the part id × 1000 + the stream's index in the file: stable while the file is unchanged. */
function toStreams(part: PartRow, tracks?: TrackChoices): PlexStream[] {
  let probed: ProbedStream[];
  try {
    probed = JSON.parse(part.streams) as ProbedStream[];
  } catch {
    return [];
  }
  // Marked as the decision picks them: the account's choice for this part, else its preference, else the file's.
  const selection = selectStreams(
    embeddedStreams(part.id, probed),
    tracks?.choice(part.id) ?? {},
    tracks?.preference(),
  );
  const selectedIds = new Set([selection.audio?.id, selection.subtitle?.id]);
  return probed.map((stream) => {
    const id = part.id * 1000 + stream.index;
    const out: PlexStream = {
      id,
      streamType: stream.streamType,
      codec: stream.codec,
      index: stream.index,
    };
    if (stream.default) out.default = true;
    if (selectedIds.has(id)) out.selected = true;
    if (stream.language) Object.assign(out, plexLanguage(stream.language));
    if (stream.title) out.title = stream.title;
    if (stream.channels) out.channels = stream.channels;
    if (stream.bitrate) out.bitrate = stream.bitrate;
    if (stream.width) out.width = stream.width;
    if (stream.height) out.height = stream.height;
    if (stream.frameRate) out.frameRate = stream.frameRate;
    if (stream.profile) out.profile = stream.profile;
    if (stream.samplingRate) out.samplingRate = stream.samplingRate;
    out.displayTitle = displayTitle(stream);
    return out;
  });
}

const CODEC_NAMES: Record<string, string> = {
  h264: 'H.264',
  hevc: 'HEVC',
  mpeg4: 'MPEG-4',
  vp9: 'VP9',
  av1: 'AV1',
  aac: 'AAC',
  ac3: 'AC3',
  eac3: 'EAC3',
  mp3: 'MP3',
  opus: 'Opus',
  srt: 'SRT',
};

function displayTitle(stream: ProbedStream): string {
  const codec = CODEC_NAMES[stream.codec] ?? stream.codec.toUpperCase();
  if (stream.streamType === 1) {
    const resolution = videoResolution(stream.width ?? null, stream.height ?? null);
    const label = resolution === '4k' ? '4K' : resolution === 'sd' || !resolution ? 'SD' : `${resolution}p`;
    return `${label} (${codec})`;
  }
  const language = stream.language ? plexLanguage(stream.language).language : 'Unknown';
  if (stream.streamType === 3) return `${language} (${codec})`;
  const channels =
    stream.channels === 1
      ? 'Mono'
      : stream.channels === 2
        ? 'Stereo'
        : stream.channels
          ? `${stream.channels - 1}.1`
          : '';
  return `${language} (${[codec, channels].filter(Boolean).join(' ')})`;
}

/** Plex's names for common rates ("24p", "PAL", "NTSC"); else "<n>p". */
function frameRateName(rate: number): string {
  if (Math.abs(rate - 25) < 0.01) return 'PAL';
  if (Math.abs(rate - 29.97) < 0.01) return 'NTSC';
  if (Math.abs(rate - 23.976) < 0.01 || Math.abs(rate - 24) < 0.01) return '24p';
  return `${Math.round(rate)}p`;
}

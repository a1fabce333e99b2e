// Wire shapes of the Plex Media Server subset (docs/protocol.md#library-browsing). Real servers send some
// numbers and booleans as strings (docs/protocol.md#media-server-general-rules), so readers must parse
// loosely; the home server sends them typed.

/** `GET /identity`: the one route that needs no token. */
export interface PlexIdentity {
  MediaContainer: {
    size: number;
    claimed: boolean;
    machineIdentifier: string;
    version: string;
    /** Not in a real PMS's /identity; Marquee's home server adds it so a LAN scan can name what it found. */
    friendlyName?: string;
  };
}

/** A number as PMS may send it: typed, or as a string in some responses. */
export type LooseNumber = number | string;

/** The envelope of every JSON answer. Paged answers carry offset and totalSize. */
export interface PlexContainer<Body> {
  MediaContainer: {
    size: number;
    offset?: number;
    totalSize?: number;
    title1?: string;
    title2?: string;
    librarySectionID?: LooseNumber;
    librarySectionTitle?: string;
    identifier?: string;
  } & Body;
}

/** One library section of `GET /library/sections` (docs/protocol.md#library-browsing). */
export interface PlexSection {
  key: string;
  type: 'movie' | 'show' | 'artist' | 'photo' | string;
  title: string;
  agent?: string;
  scanner?: string;
  language?: string;
  uuid?: string;
  thumb?: string;
  art?: string;
  refreshing?: boolean;
  updatedAt?: number;
  createdAt?: number;
  scannedAt?: number;
  Location?: { id: LooseNumber; path: string }[];
}

/** A tag of an item (Genre, Director, Role…): its name, and on a home server's items its id and filter key. */
export interface PlexTag {
  tag: string;
  id?: LooseNumber;
  /** The section filter that lists items with this tag, e.g. `genre=12`. */
  filter?: string;
  /** A Role's character. */
  role?: string;
  /** A Role's picture URL. */
  thumb?: string;
}

/**
 * A movie, show, season or episode (docs/protocol.md#library-browsing). Shows and seasons are Metadata in
 * JSON too.
 */
export interface PlexMetadata {
  ratingKey: string;
  key: string;
  guid?: string;
  type: 'movie' | 'show' | 'season' | 'episode' | string;
  title: string;
  titleSort?: string;
  summary?: string;
  tagline?: string;
  year?: LooseNumber;
  thumb?: string;
  art?: string;
  /** Milliseconds. */
  duration?: LooseNumber;
  /** Epoch seconds. */
  addedAt?: LooseNumber;
  updatedAt?: LooseNumber;
  originallyAvailableAt?: string;
  contentRating?: string;
  studio?: string;
  rating?: LooseNumber;
  /** The account's own rating, 0–10 (`/:/rate`). */
  userRating?: LooseNumber;
  /** Episode or season number. */
  index?: LooseNumber;
  /** Season number of an episode. */
  parentIndex?: LooseNumber;
  parentRatingKey?: string;
  grandparentRatingKey?: string;
  parentKey?: string;
  grandparentKey?: string;
  parentTitle?: string;
  grandparentTitle?: string;
  parentThumb?: string;
  grandparentThumb?: string;
  grandparentArt?: string;
  leafCount?: LooseNumber;
  viewedLeafCount?: LooseNumber;
  childCount?: LooseNumber;
  /** Milliseconds into the item while in progress. */
  viewOffset?: LooseNumber;
  viewCount?: LooseNumber;
  lastViewedAt?: LooseNumber;
  librarySectionID?: LooseNumber;
  librarySectionTitle?: string;
  librarySectionKey?: string;
  Media?: PlexMedia[];
  Genre?: PlexTag[];
  Director?: PlexTag[];
  Role?: PlexTag[];
  /** External ids (`imdb://tt…`, `tmdb://…`, `tvdb://…`); PMS sends them with an item's full detail. */
  Guid?: { id: string }[];
}

/** One version of an item (docs/protocol.md#library-browsing). */
export interface PlexMedia {
  id: LooseNumber;
  duration?: LooseNumber;
  bitrate?: LooseNumber;
  width?: LooseNumber;
  height?: LooseNumber;
  aspectRatio?: LooseNumber;
  audioChannels?: LooseNumber;
  audioCodec?: string;
  videoCodec?: string;
  videoResolution?: string;
  container?: string;
  videoFrameRate?: string;
  videoProfile?: string;
  audioProfile?: string;
  Part: PlexPart[];
}

/** One file of a version: the playable unit. `key` is `/library/parts/{id}/{changestamp}/file.{ext}`. */
export interface PlexPart {
  id: LooseNumber;
  key: string;
  duration?: LooseNumber;
  file?: string;
  size?: LooseNumber;
  container?: string;
  Stream?: PlexStream[];
}

/** streamType: 1 video, 2 audio, 3 subtitle. */
export interface PlexStream {
  id: LooseNumber;
  streamType: 1 | 2 | 3;
  codec: string;
  index?: LooseNumber;
  default?: boolean;
  selected?: boolean;
  /** PMS: the English name ("French"); languageCode is ISO 639-2/T ("fra"), languageTag BCP-47 ("fr"). */
  language?: string;
  languageCode?: string;
  languageTag?: string;
  channels?: LooseNumber;
  bitrate?: LooseNumber;
  width?: LooseNumber;
  height?: LooseNumber;
  frameRate?: LooseNumber;
  profile?: string;
  samplingRate?: LooseNumber;
  title?: string;
  displayTitle?: string;
}

/** A row of `/hubs` or `/hubs/search` (docs/protocol.md#library-browsing). */
export interface PlexHub {
  title: string;
  type: string;
  hubIdentifier: string;
  context?: string;
  key?: string;
  hubKey?: string;
  size: number;
  more: boolean;
  style?: string;
  Metadata?: PlexMetadata[];
}

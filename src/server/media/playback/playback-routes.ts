import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { profileFromQuery, qualityFromQuery, STREAM_START_DATA_ID } from '../../../protocol/playback';
import type { StreamChoice } from '../../db/stream-choice-store';
import type { TrackPreference } from '../../db/track-preference-store';
import { PlexError, type PlexErrorKind, plexValue, sendPlexError } from '../../plex-request';
import { COLON_PARAMS, type ColonParams, FLAG } from '../../request-schemas';
import { type Caller, callerOf } from '../../token-scope';
import { type ConversionReport, type NowPlaying, playerOf } from '../now-playing';
import type { ProbedStream } from '../probe';
import { contentTypeFor, sendFileWithRanges } from './byte-ranges';
import { readChapters } from './chapters';
import {
  embeddedStreams,
  isTextSubtitle,
  type PartStream,
  SIDECAR_BASE_ID,
  type StreamSelection,
  selectStreams,
  sidecarSubtitles,
  streamLabel,
} from './part-streams';
import { capBelowSource, type DecisionResult, decidePlayback, streamModes } from './playback-decision';
import { resolveMediaPath } from './safe-media-path';
import { SubtitleConverter } from './subtitle-webvtt';
import {
  isValidSessionId,
  SESSION_ID_PATTERN,
  type StartOptions,
  TooManySessionsError,
  TranscodeFailedError,
  type TranscodeSessions,
} from './transcode-sessions';

// Playback routes of the PMS subset (docs/protocol.md#direct-play, docs/protocol.md#universal-transcoder):
// direct play of a part's file with byte ranges, and the universal transcoder (decision, start.m3u8, the
// session's playlist and segments, ping, stop). Registered by the home server with a PlaybackDeps the media
// library provides.
//
// Tokens. Media elements and native HLS players send no headers, so every route takes the token from the
// X-Plex-Token header or query. A session is bound at decision time to the account whose token made the
// decision; start, the playlist and segments need a token of that same account. start.m3u8's master playlist
// carries the caller's token in its relative variant URL (`session/<id>/base/index.m3u8?X-Plex-Token=…`), and
// the media playlist carries it on each segment line, so a player that only follows URLs stays authorised.
// (Whether a real PMS needs this is open, docs/protocol.md#unverified item 3; a client that re-appends it
// does no harm.)

/** A part's file, for direct play. */
export interface PlaybackPart {
  /** Path inside mediaRoot, as the scanner stored it (forward slashes). */
  relativePath: string;
  /** The library's container name (mp4, mkv, mov, webm, mpegts, …); picks the Content-Type. */
  container: string;
  /** The MEDIA_DIR folder the part was scanned from. */
  mediaRoot: string;
}

/** An item's (first) media and part, for deciding and converting. */
export interface PlaybackMedia extends PlaybackPart {
  partId: number;
  /** Part.key as the library shows it (`/library/parts/{id}/{changestamp}/file.{ext}`). */
  partKey: string;
  videoCodec: string;
  /** null for a file without audio. */
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  /** The file's streams as probed (all audio and subtitle tracks); absent when the library has none. */
  streams?: ProbedStream[];
}

/** Each account's audio and subtitle choice per part (db/stream-choice-store.ts fits). */
export interface StreamChoices {
  get(accountId: number, partId: number): StreamChoice | null;
  set(accountId: number, partId: number, choice: Partial<StreamChoice>): void;
}

/** What the playback routes need from the rest of the server: narrow on purpose. */
export interface PlaybackDeps {
  findPart(partId: number): PlaybackPart | null;
  findMedia(ratingKey: number): PlaybackMedia | null;
  sessions: TranscodeSessions;
  choices: StreamChoices;
  /** Each account's track preference (db/track-preference-store.ts fits); none when absent. */
  preferences?: { get(accountId: number): TrackPreference };
  /** Converts text subtitles to WebVTT (default: a SubtitleConverter with the npm ffmpeg). */
  subtitles?: SubtitleConverter;
  /**
   * The item's Metadata for this account, as the library shows it (type, title, …): the decision's Metadata
   * carries it, as PMS's does. Without it the decision names only ratingKey and key.
   */
  describeItem?: (accountId: number, ratingKey: number) => Record<string, unknown> | null;
  /** Told of each conversion start.m3u8 begins or stop ends (for /status/sessions). */
  nowPlaying?: NowPlaying;
  log?: (line: string) => void;
}

/** Marquee's own error codes for the transcoder (beside plex-request.ts's 10xx). */
export const PlaybackError = {
  badRequest: { code: 1040, status: 400, message: 'The request is not valid' },
  noDecision: {
    code: 1041,
    status: 400,
    message:
      'No playback decision was made for this session; ask /video/:/transcode/universal/decision first',
  },
  tooManyTranscodes: {
    code: 1042,
    status: 503,
    message: 'Too many videos are being converted at once; stop one and try again',
  },
  transcodeFailed: { code: 1043, status: 500, message: 'The video could not be converted' },
} as const satisfies Record<string, PlexErrorKind>;

/**
 * `/video/:/…` with the colon as a parameter, so `%3A` (clients that encode path segments) matches as well as
 * `:`; anything else in its place is 404. The library's `/photo/:/transcode` does the same.
 */
const UNIVERSAL = '/video/:colon/transcode/universal';
const MAX_DECISIONS = 500;
const ITEM_PATH_PREFIX = '/library/metadata/';

// The schemas of these routes' params and queries (src/server/request-schemas.ts): Fastify checks them before a
// handler runs, and the media server's scope answers a request that does not fit with Plex's 400. The player's
// profile and quality (directPlayContainers, maxVideoBitrate, …) are read by src/protocol/playback.ts, which
// falls back to defaults for what it does not understand, so they are not declared here.

/** A stream id in a query (`audioStreamID=1002`): the part's id × 1000 + the stream's number; 0 is "none". */
const STREAM_ID = { type: 'string', pattern: '^\\d{1,15}$' } as const;

/** `/library/parts/{id}/{changestamp}/{file}`: the file of a part, for direct play. */
const PART_FILE_PARAMS = {
  type: 'object',
  properties: {
    partId: { type: 'string', pattern: '^\\d{1,15}$', title: 'The part id' },
    changestamp: { type: 'string' },
    filename: { type: 'string' },
  },
  required: ['partId', 'changestamp', 'filename'],
} as const;

/** `PUT /library/parts/{id}`: a part id small enough that its stream ids (id × 1000 + n) stay safe integers. */
const PART_PARAMS = {
  type: 'object',
  properties: { partId: { type: 'string', pattern: '^\\d{1,12}$', title: 'The part id' } },
  required: ['partId'],
} as const;

const STREAM_CHOICE_QUERY = {
  type: 'object',
  properties: {
    audioStreamID: { ...STREAM_ID, title: 'audioStreamID' },
    subtitleStreamID: { ...STREAM_ID, title: 'subtitleStreamID' },
  },
} as const;

interface StreamChoiceQuery {
  audioStreamID?: string;
  subtitleStreamID?: string;
}

const STREAM_PARAMS = {
  type: 'object',
  properties: { streamId: { type: 'string', pattern: '^\\d{1,15}$', title: 'The stream id' } },
  required: ['streamId'],
} as const;

/** A session id; empty counts as none (as the routes always read it). */
const SESSION = { type: 'string', pattern: `^$|${SESSION_ID_PATTERN}` } as const;

/** What the universal transcoder's routes read from the query themselves. */
const UNIVERSAL_QUERY = {
  type: 'object',
  properties: {
    session: { ...SESSION, title: 'session' },
    transcodeSessionId: { ...SESSION, title: 'transcodeSessionId' },
    path: { type: 'string', pattern: '^/library/metadata/\\d{1,15}$', title: 'path' },
    offset: { type: 'number', minimum: 0, title: 'offset' },
    directPlay: FLAG,
    directStream: FLAG,
    hasMDE: FLAG,
    audioStreamID: { ...STREAM_ID, title: 'audioStreamID' },
    subtitleStreamID: { ...STREAM_ID, title: 'subtitleStreamID' },
  },
} as const;

interface UniversalQuery {
  session?: string;
  transcodeSessionId?: string;
  /** `/library/metadata/{ratingKey}`. */
  path?: string;
  /** Seconds into the video. */
  offset?: number;
  directPlay?: '0' | '1';
  directStream?: '0' | '1';
  hasMDE?: '0' | '1';
  audioStreamID?: string;
  subtitleStreamID?: string;
  /** The player's profile and quality, as src/protocol/playback.ts reads them. */
  [name: string]: unknown;
}

/** `/video/:/transcode/universal/session/{id}/base/{file}`: a session's playlist or one of its segments. */
const SESSION_FILE_PARAMS = {
  type: 'object',
  properties: {
    ...COLON_PARAMS.properties,
    sessionId: { type: 'string', pattern: SESSION_ID_PATTERN, title: 'The session id' },
    segment: { type: 'string' },
  },
  required: ['colon', 'sessionId'],
} as const;

interface SessionFileParams extends ColonParams {
  sessionId: string;
  /** Absent on `…/base/index.m3u8`. */
  segment?: string;
}

type SegmentParams = Required<SessionFileParams>;

/** A session's files, below UNIVERSAL. */
const SESSION_BASE = '/session/:sessionId/base';

type UniversalRequest<Params extends ColonParams = ColonParams> = FastifyRequest<{
  Params: Params;
  Querystring: UniversalQuery;
}>;

const sessionOfAnotherAccount: PlexErrorKind = {
  ...PlaybackError.badRequest,
  message: 'this session belongs to another account',
};

interface DecisionRecord {
  accountId: number;
  ratingKey: number;
  media: PlaybackMedia;
  result: DecisionResult;
  /** What HLS will do (a direct-play decision still gets a remux or transcode if the client starts HLS). */
  hls: { video: 'copy' | 'h264'; audio: 'copy' | 'aac' | 'none' };
  maxWidth: number;
  /** The chosen quality's bitrate cap when converting video (kbps). */
  maxVideoKbps: number | undefined;
  streams: PartStream[];
  selection: StreamSelection;
  /** How start.m3u8 last started the conversion: a session ended by idleness is started again from it. */
  started?: StartOptions;
}

export function registerPlaybackRoutes(app: FastifyInstance, deps: PlaybackDeps): void {
  const log = deps.log ?? (() => {});
  const decisions = new Map<string, DecisionRecord>();

  /** The session the query names (valid by the schema), or null. */
  const sessionIdOf = (request: UniversalRequest): string | null =>
    request.query.session || request.query.transcodeSessionId || null;

  /** The decision bound to this session and account, or null. */
  const decisionOf = (sessionId: string | null, accountId: number): DecisionRecord | null => {
    if (!sessionId) return null;
    const record = decisions.get(sessionId);
    return record && record.accountId === accountId ? record : null;
  };

  const universal = <Params extends ColonParams>(
    path: string,
    params: object,
    handler: (request: UniversalRequest<Params>, reply: FastifyReply) => Promise<unknown>,
  ) =>
    app.get(
      `${UNIVERSAL}${path}`,
      // The schema lets only `:` (or `%3A`) through as the colon; anything else is 404 (COLON_PARAMS).
      { schema: { params, querystring: UNIVERSAL_QUERY } },
      handler,
    );

  // Direct play: the part's file, byte ranges, GET and HEAD (an explicit HEAD: Fastify's automatic one would
  // answer Content-Length: 0).
  app.route<{ Params: { partId: string } }>({
    method: ['GET', 'HEAD'],
    url: '/library/parts/:partId/:changestamp/:filename',
    schema: { params: PART_FILE_PARAMS },
    handler: async (request, reply) => {
      const { partId } = request.params;
      const part = deps.findPart(Number(partId));
      if (!part) return sendPlexError(reply, PlexError.notFound);
      const resolved = await resolveMediaPath(part.mediaRoot, part.relativePath);
      if (!resolved.ok) {
        if (resolved.reason !== 'not-found') log(`part ${partId}: refused ${resolved.reason} path`);
        return sendPlexError(reply, PlexError.notFound);
      }
      return sendFileWithRanges(
        request,
        reply,
        resolved.path,
        contentTypeFor(part.container || resolved.path),
      );
    },
  });

  /** A failed or refused conversion as the error to answer (logged); null for anything else. */
  const conversionError = (error: unknown, sessionId: string): PlexErrorKind | null => {
    if (error instanceof TooManySessionsError) return PlaybackError.tooManyTranscodes;
    if (!(error instanceof TranscodeFailedError)) return null;
    log(`transcode ${sessionId}: ${error.detail}`);
    return PlaybackError.transcodeFailed;
  };

  // The account's audio and subtitle choice for a part, kept as PMS keeps it: `PUT /library/parts/{id}` with
  // audioStreamID and/or subtitleStreamID (0: no subtitles). The next decision for that part plays them.
  app.put<{ Params: { partId: string }; Querystring: StreamChoiceQuery }>(
    '/library/parts/:partId',
    { schema: { params: PART_PARAMS, querystring: STREAM_CHOICE_QUERY } },
    async (request, reply) => {
      const caller = callerOf(request);
      const id = Number(request.params.partId);
      if (!deps.findPart(id)) return sendPlexError(reply, PlexError.notFound);
      const audio = streamIdOf(request.query.audioStreamID);
      const subtitle = streamIdOf(request.query.subtitleStreamID);
      // Ids are the part's own (part id × 1000 + …); subtitles may also be 0.
      const ofPart = (streamId: number) => Math.floor(streamId / 1000) === id;
      const badAudio = audio !== null && !ofPart(audio);
      const badSubtitle = subtitle !== null && subtitle !== 0 && !ofPart(subtitle);
      if (badAudio || badSubtitle || (audio === null && subtitle === null)) {
        return sendPlexError(
          reply,
          PlaybackError.badRequest,
          'audioStreamID and subtitleStreamID must be stream ids of this part (subtitleStreamID=0 for none)',
        );
      }
      deps.choices.set(caller.accountId, id, {
        ...(audio !== null ? { audioStreamId: audio } : {}),
        ...(subtitle !== null ? { subtitleStreamId: subtitle } : {}),
      });
      return reply.send({ MediaContainer: { size: 0 } });
    },
  );

  // Text subtitles as WebVTT (the decision's Stream.key): an embedded stream (id part × 1000 + index) or a file
  // beside the video (part × 1000 + 500 + n), converted once (subtitle-webvtt.ts).
  const subtitles = deps.subtitles ?? new SubtitleConverter();
  app.get<{ Params: { streamId: string } }>(
    '/library/streams/:streamId',
    { schema: { params: STREAM_PARAMS } },
    async (request, reply) => {
      const id = Number(request.params.streamId);
      // Part ids start at 1, so an id below 1000 names no part's stream.
      const part = id < 1000 ? null : deps.findPart(Math.floor(id / 1000));
      if (!part) return sendPlexError(reply, PlexError.notFound);
      const resolved = await resolveMediaPath(part.mediaRoot, part.relativePath);
      if (!resolved.ok) return sendPlexError(reply, PlexError.notFound);
      const index = id % 1000;
      let text: string | null;
      if (index >= SIDECAR_BASE_ID) {
        const sidecar = (await sidecarSubtitles(Math.floor(id / 1000), resolved.path)).find(
          (s) => s.id === id,
        );
        text = sidecar?.sidecarPath ? await subtitles.webvtt(sidecar.sidecarPath, null) : null;
      } else {
        text = await subtitles.webvtt(resolved.path, index);
      }
      if (text === null) return sendPlexError(reply, PlexError.notFound);
      return reply.type('text/vtt; charset=utf-8').send(text);
    },
  );

  /**
   * Decides how `ratingKey` plays for this request's profile and binds the decision to `sessionId` and the
   * caller's account. `forHls`: start.m3u8's implicit decision (no decision was asked first), so direct play
   * is out of the question. Answers the decision body, or the error to send.
   */
  const decide = async (
    request: UniversalRequest,
    caller: Caller,
    sessionId: string,
    ratingKey: number,
    forHls: boolean,
  ): Promise<{ record: DecisionRecord; body: DecisionBody } | PlexErrorKind> => {
    const { query } = request;
    const media = deps.findMedia(ratingKey);
    if (!media) return PlexError.notFound;
    const existing = decisions.get(sessionId);
    if (existing && existing.accountId !== caller.accountId) return sessionOfAnotherAccount;
    const profile = profileFromQuery(query);
    const options = {
      allowDirectPlay: !forHls && query.directPlay !== '0',
      allowDirectStream: query.directStream !== '0',
    };
    const resolved = await resolveMediaPath(media.mediaRoot, media.relativePath);
    const streams = [
      ...embeddedStreams(media.partId, media.streams ?? []),
      ...(resolved.ok ? await sidecarSubtitles(media.partId, resolved.path) : []),
    ];
    // The account's saved choice for this part; the request's own ids (as PMS takes them) win.
    const saved = deps.choices.get(caller.accountId, media.partId);
    const selection = selectStreams(
      streams,
      {
        audioStreamId: streamIdOf(query.audioStreamID) ?? saved?.audioStreamId,
        subtitleStreamId: streamIdOf(query.subtitleStreamID) ?? saved?.subtitleStreamId,
      },
      deps.preferences?.get(caller.accountId),
    );
    const fileAudio =
      streams.find((s) => s.streamType === 2 && s.default) ?? streams.find((s) => s.streamType === 2);
    const cap = qualityFromQuery(query);
    const mediaStreams = {
      ...media,
      cap,
      bitrateKbps:
        resolved.ok && media.durationMs ? Math.round((resolved.size * 8) / media.durationMs) : null,
      audioCodec: selection.audio?.codec ?? media.audioCodec,
      otherAudioTrack: selection.audio !== null && fileAudio !== undefined && selection.audio !== fileAudio,
      burnSubtitle: selection.subtitle !== null && !isTextSubtitle(selection.subtitle.codec),
    };
    const result = decidePlayback(mediaStreams, profile, options);
    const hls =
      streamModes(result.decision) ??
      (streamModes(
        decidePlayback(mediaStreams, profile, { ...options, allowDirectPlay: false }).decision,
      ) as {
        video: 'copy' | 'h264';
        audio: 'copy' | 'aac' | 'none';
      });
    const record: DecisionRecord = {
      accountId: caller.accountId,
      ratingKey,
      media,
      result,
      hls,
      maxWidth: Math.min(profile.maxWidth, cap?.width ?? profile.maxWidth),
      maxVideoKbps: cap && capBelowSource(mediaStreams) ? cap.maxVideoBitrate : undefined,
      streams,
      selection,
    };
    decisions.delete(sessionId);
    decisions.set(sessionId, record);
    // Forget the oldest decisions without a running session (clients that never started or stopped).
    for (const id of decisions.keys()) {
      if (decisions.size <= MAX_DECISIONS) break;
      if (!deps.sessions.has(id)) decisions.delete(id);
    }
    const item = deps.describeItem?.(caller.accountId, ratingKey) ?? null;
    const body = decisionBody(ratingKey, item, media, result, hls, sessionId, streams, selection);
    // PMS adds the media decision engine's verdict when the client says it has one (hasMDE=1).
    if (query.hasMDE === '1') {
      body.MediaContainer.mdeDecisionCode = result.generalDecisionCode;
      body.MediaContainer.mdeDecisionText = result.generalDecisionText;
    }
    const chapters = resolved.ok ? await readChapters(resolved.path) : [];
    if (chapters.length > 0) body.MediaContainer.Metadata[0].Chapter = chapters;
    return { record, body };
  };

  universal<ColonParams>('/decision', COLON_PARAMS, async (request, reply) => {
    const caller = callerOf(request);
    const sessionId = sessionIdOf(request);
    if (!sessionId) return sendPlexError(reply, PlaybackError.badRequest, 'session is missing or not valid');
    const ratingKey = ratingKeyOf(request.query.path);
    if (ratingKey === null) {
      return sendPlexError(reply, PlaybackError.badRequest, 'path must be /library/metadata/<ratingKey>');
    }
    const decided = await decide(request, caller, sessionId, ratingKey, false);
    if (!('record' in decided)) return sendPlexError(reply, decided);
    return reply.send(decided.body);
  });

  universal<ColonParams>('/start.m3u8', COLON_PARAMS, async (request, reply) => {
    const caller = callerOf(request);
    const pathKey = ratingKeyOf(request.query.path);
    // A client that only builds a stream URL (python-plexapi's getStreamURL) sends no session id: one is
    // derived from the account, the player and the item, so fetching the same URL again finds the same stream.
    const sessionId =
      sessionIdOf(request) ?? (pathKey === null ? null : implicitSessionId(request, caller, pathKey));
    let record = decisionOf(sessionId, caller.accountId);
    if (!sessionId) return sendPlexError(reply, PlaybackError.noDecision);
    if (!record) {
      // No decision for this session: decide now, by the same rules (docs/protocol.md#universal-transcoder).
      if (pathKey === null) return sendPlexError(reply, PlaybackError.noDecision);
      const decided = await decide(request, caller, sessionId, pathKey, true);
      if (!('record' in decided)) return sendPlexError(reply, decided);
      record = decided.record;
    }
    if (pathKey !== null && pathKey !== record.ratingKey) {
      return sendPlexError(
        reply,
        PlaybackError.badRequest,
        'path differs from the decision for this session',
      );
    }
    const offset = request.query.offset ?? 0;
    if (record.media.durationMs === null || record.media.durationMs <= 0) {
      return sendPlexError(
        reply,
        PlaybackError.badRequest,
        'the video’s length is unknown, so it cannot be streamed',
      );
    }
    const durationS = record.media.durationMs / 1000;
    if (offset >= durationS) {
      return sendPlexError(reply, PlaybackError.badRequest, 'offset must be seconds within the video');
    }
    const resolved = await resolveMediaPath(record.media.mediaRoot, record.media.relativePath);
    if (!resolved.ok) return sendPlexError(reply, PlexError.notFound);
    try {
      record.started = {
        input: resolved.path,
        offsetSeconds: offset,
        durationSeconds: durationS,
        video: record.hls.video,
        audio: record.hls.audio,
        audioStreamIndex: record.selection.audio?.index,
        burnSubtitleIndex: burnedSubtitleIndex(record),
        maxWidth: record.hls.video === 'h264' ? record.maxWidth : undefined,
        maxVideoKbps: record.hls.video === 'h264' ? record.maxVideoKbps : undefined,
      };
      await deps.sessions.start(sessionId, record.started);
      deps.nowPlaying?.reportConversion(conversionReport(request, caller, sessionId, record));
    } catch (error) {
      const known = conversionError(error, sessionId);
      if (known) return sendPlexError(reply, known);
      throw error;
    }
    const bandwidth = Math.max(100_000, Math.round((resolved.size * 8) / durationS));
    const size = outputSize(record.media, record.hls.video === 'h264' ? record.maxWidth : undefined);
    const resolution = size ? `,RESOLUTION=${size.width}x${size.height}` : '';
    // The media playlist covers the whole file (a VOD playlist), so the stream's time 0 is the file's: the
    // player seeks to the offset itself, and the conversion begins with the segment holding it. Said in a
    // header and in the playlist (hls.js shows EXT-X-SESSION-DATA as sessionData) for clients that read it.
    const streamStart = (0).toFixed(3);
    reply.header('X-Marquee-Stream-Start', streamStart);
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      `#EXT-X-SESSION-DATA:DATA-ID="${STREAM_START_DATA_ID}",VALUE="${streamStart}"`,
    ];
    lines.push(
      `#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=${bandwidth}${resolution}`,
      `session/${sessionId}/base/index.m3u8?X-Plex-Token=${encodeURIComponent(caller.token)}`,
      '',
    );
    return reply.type('application/vnd.apple.mpegurl').send(lines.join('\n'));
  });

  universal<SessionFileParams>(`${SESSION_BASE}/index.m3u8`, SESSION_FILE_PARAMS, async (request, reply) => {
    const caller = callerOf(request);
    const { sessionId } = request.params;
    const record = decisionOf(sessionId, caller.accountId);
    if (!record) return sendPlexError(reply, PlexError.notFound);
    let text: string | null;
    try {
      // null for no such session; TranscodeFailedError also for a session its failed ffmpeg ended.
      text = await deps.sessions.playlist(sessionId);
    } catch (error) {
      const known = conversionError(error, sessionId);
      if (known) return sendPlexError(reply, known);
      throw error;
    }
    if (text === null) return sendPlexError(reply, PlexError.notFound);
    return reply.type('application/vnd.apple.mpegurl').send(withToken(text, caller.token));
  });

  universal<SegmentParams>(`${SESSION_BASE}/:segment`, SESSION_FILE_PARAMS, async (request, reply) => {
    const caller = callerOf(request);
    const { sessionId, segment } = request.params;
    const record = decisionOf(sessionId, caller.accountId);
    if (!record) return sendPlexError(reply, PlexError.notFound);
    let file: string | null;
    try {
      file = await deps.sessions.segment(sessionId, segment);
      // A player paused past the idle time comes back to a session that was ended: start it again (the
      // segment asked for restarts it there), as the decision still stands.
      // (Not after a stop, which removes the decision, even one that came while this request waited.)
      const standing = decisions.get(sessionId) === record;
      if (file === null && standing && record.started && !deps.sessions.has(sessionId)) {
        log(`transcode ${sessionId}: started again for ${segment} after it was ended for idleness`);
        await deps.sessions.start(sessionId, { ...record.started, offsetSeconds: 0 });
        file = await deps.sessions.segment(sessionId, segment);
      }
    } catch (error) {
      // The conversion failed (or its session ended because its ffmpeg failed): say so, rather than a bare 404.
      const known = conversionError(error, sessionId);
      if (known) return sendPlexError(reply, known);
      throw error;
    }
    if (!file) return sendPlexError(reply, PlexError.notFound);
    try {
      return await sendFileWithRanges(request, reply, file, 'video/mp2t');
    } catch {
      // Removed between finding and sending (the session stopped): gone.
      return sendPlexError(reply, PlexError.notFound);
    }
  });

  universal<ColonParams>('/ping', COLON_PARAMS, async (request, reply) => {
    const caller = callerOf(request);
    const sessionId = sessionIdOf(request);
    if (!decisionOf(sessionId, caller.accountId) || !sessionId || !deps.sessions.touch(sessionId)) {
      return sendPlexError(reply, PlexError.notFound);
    }
    return reply.send({ MediaContainer: { size: 0 } });
  });

  universal<ColonParams>('/stop', COLON_PARAMS, async (request, reply) => {
    const caller = callerOf(request);
    const sessionId = sessionIdOf(request);
    if (!sessionId) return sendPlexError(reply, PlaybackError.badRequest, 'session is missing or not valid');
    // Stopping an unknown or already ended session is fine: the client's intent is met.
    if (decisionOf(sessionId, caller.accountId)) {
      decisions.delete(sessionId);
      deps.nowPlaying?.endConversion(sessionId);
      await deps.sessions.stop(sessionId);
    }
    return reply.send({ MediaContainer: { size: 0 } });
  });
}

/** The picture size of the HLS stream: the file's, or scaled down to maxWidth (even height) when converting. */
function outputSize(media: PlaybackMedia, maxWidth?: number): { width: number; height: number } | null {
  if (!media.width || !media.height) return null;
  if (!maxWidth || media.width <= maxWidth) return { width: media.width, height: media.height };
  return { width: maxWidth, height: Math.round((media.height * maxWidth) / media.width / 2) * 2 };
}

/** The file's index of the picture subtitle to burn into converted video, when one is chosen. */
function burnedSubtitleIndex(record: DecisionRecord): number | undefined {
  const subtitle = record.selection.subtitle;
  if (record.hls.video !== 'h264' || !subtitle || isTextSubtitle(subtitle.codec)) return undefined;
  return subtitle.index;
}

/**
 * The session of a start.m3u8 that names none: the player's X-Plex-Session-Identifier, else one derived from
 * the account, the player's identifier and the item (the same URL fetched again finds the same stream).
 */
function implicitSessionId(request: UniversalRequest, caller: Caller, ratingKey: number): string {
  const named = plexValue(request, 'X-Plex-Session-Identifier');
  if (named && isValidSessionId(named)) return named;
  const player = plexValue(request, 'X-Plex-Client-Identifier');
  const digest = createHash('sha256').update(`${caller.accountId}\n${player}\n${ratingKey}`).digest('hex');
  return `implicit-${digest.slice(0, 24)}`;
}

/** What /status/sessions shows of a conversion start.m3u8 began. */
function conversionReport(
  request: FastifyRequest,
  caller: Caller,
  sessionId: string,
  record: DecisionRecord,
): ConversionReport {
  const sourceAudioCodec = record.selection.audio?.codec ?? record.media.audioCodec;
  const size = outputSize(record.media, record.hls.video === 'h264' ? record.maxWidth : undefined);
  return {
    sessionId,
    accountId: caller.accountId,
    ratingKey: record.ratingKey,
    player: playerOf(request),
    sessionIdentifier: plexValue(request, 'X-Plex-Session-Identifier'),
    videoDecision: record.hls.video === 'copy' ? 'copy' : 'transcode',
    audioDecision: record.hls.audio === 'none' ? null : record.hls.audio === 'copy' ? 'copy' : 'transcode',
    sourceVideoCodec: record.media.videoCodec,
    sourceAudioCodec,
    videoCodec: record.hls.video === 'copy' ? record.media.videoCodec : 'h264',
    audioCodec: record.hls.audio === 'none' ? null : record.hls.audio === 'copy' ? sourceAudioCodec : 'aac',
    width: size?.width ?? null,
    height: size?.height ?? null,
    durationMs: record.media.durationMs ?? 0,
  };
}

/** The ratingKey of a `path` query (`/library/metadata/{ratingKey}` by the schema); null when absent. */
function ratingKeyOf(path: string | undefined): number | null {
  return path === undefined ? null : Number(path.slice(ITEM_PATH_PREFIX.length));
}

/** Adds the token to each segment line of a media playlist (relative names written by ffmpeg). */
function withToken(playlist: string, token: string): string {
  const suffix = `?X-Plex-Token=${encodeURIComponent(token)}`;
  return playlist
    .split('\n')
    .map((line) => (line !== '' && !line.startsWith('#') ? `${line.trim()}${suffix}` : line))
    .join('\n');
}

/** The decision answer: a MediaContainer with the item's Metadata (see decisionBody). */
interface DecisionBody {
  MediaContainer: Record<string, unknown> & { Metadata: Record<string, unknown>[] };
}

/**
 * The decision answer in PMS's shape (docs/protocol.md#universal-transcoder): codes and texts on the
 * MediaContainer, the item's Metadata (type, title, … as the library shows it), the chosen Media `selected`
 * with its `protocol`, the Part's `decision` (`directplay` or `transcode`: a remux into HLS is a transcode
 * whose streams are copied), and each stream's `decision` (copy/transcode/burn) and `location` (direct,
 * segments-video, segments-audio, sidecar).
 */
/** Part.file of part `partId` in an item's library Media, when the item shows it. */
function libraryPartFile(libraryMedia: unknown, partId: number): string | null {
  if (!Array.isArray(libraryMedia)) return null;
  for (const entry of libraryMedia as { Part?: { id: number; file?: string }[] }[]) {
    const part = entry.Part?.find((candidate) => candidate.id === partId);
    if (part?.file) return part.file;
  }
  return null;
}

function decisionBody(
  ratingKey: number,
  item: Record<string, unknown> | null,
  media: PlaybackMedia,
  codes: DecisionResult,
  hls: { video: 'copy' | 'h264'; audio: 'copy' | 'aac' | 'none' },
  sessionId: string,
  partStreams: PartStream[],
  selection: StreamSelection,
): DecisionBody {
  const decision = codes.decision;
  const direct = decision.kind === 'direct-play';
  const videoCopied = direct || hls.video === 'copy';
  const audioCopied = direct || hls.audio === 'copy';
  const audioCodec = selection.audio?.codec ?? media.audioCodec;
  const videoStream = partStreams.find((stream) => stream.streamType === 1);
  const streams: Record<string, unknown>[] = [
    {
      ...(videoStream ? describeStream(videoStream) : {}),
      streamType: 1,
      codec: videoCopied ? media.videoCodec : 'h264',
      width: media.width ?? undefined,
      height: media.height ?? undefined,
      decision: videoCopied ? 'copy' : 'transcode',
      location: direct ? 'direct' : 'segments-video',
      selected: true,
    },
  ];
  const playing = {
    codec: audioCopied ? audioCodec : 'aac',
    decision: audioCopied ? 'copy' : 'transcode',
    location: direct ? 'direct' : 'segments-audio',
    selected: true,
  };
  const audios = partStreams.filter((stream) => stream.streamType === 2);
  if (audios.length === 0 && media.audioCodec !== null) streams.push({ streamType: 2, ...playing });
  for (const audio of audios) {
    streams.push(
      audio === selection.audio
        ? { ...describeStream(audio), ...playing }
        : { ...describeStream(audio), selected: false },
    );
  }
  for (const subtitle of partStreams.filter((stream) => stream.streamType === 3)) {
    const text = isTextSubtitle(subtitle.codec);
    const entry: Record<string, unknown> = {
      ...describeStream(subtitle),
      selected: subtitle === selection.subtitle,
    };
    // Text subtitles are fetched as WebVTT and drawn by the app; pictures are burned into the video.
    if (text) entry.key = `/library/streams/${subtitle.id}`;
    if (subtitle === selection.subtitle) {
      entry.decision = text ? 'copy' : 'burn';
      entry.location = text ? 'sidecar' : 'segments-video';
      if (text) entry.format = 'webvtt';
    }
    streams.push(entry);
  }
  const container = direct ? media.container : 'mpegts';
  const partKey = direct ? media.partKey : `/video/:/transcode/universal/start.m3u8?session=${sessionId}`;
  // The item as the library shows it, its Media replaced by the one this decision plays. The Part keeps the
  // library's file (shown to the server's owner only), as PMS's decision does (docs/protocol.md#part-file).
  const { Media: libraryMedia, ...itemFields } = item ?? {};
  const file = libraryPartFile(libraryMedia, media.partId);
  const section = ['librarySectionID', 'librarySectionTitle', 'librarySectionUUID']
    .filter((name) => itemFields[name] !== undefined)
    .map((name) => [name, itemFields[name]]);
  return {
    MediaContainer: {
      size: 1,
      identifier: 'com.plexapp.plugins.library',
      ...Object.fromEntries(section),
      generalDecisionCode: codes.generalDecisionCode,
      generalDecisionText: codes.generalDecisionText,
      directPlayDecisionCode: codes.directPlayDecisionCode,
      directPlayDecisionText: codes.directPlayDecisionText,
      transcodeDecisionCode: codes.transcodeDecisionCode,
      transcodeDecisionText: codes.transcodeDecisionText,
      Metadata: [
        {
          ...itemFields,
          ratingKey: String(ratingKey),
          key: `/library/metadata/${ratingKey}`,
          duration: media.durationMs ?? undefined,
          Media: [
            {
              id: media.partId,
              selected: true,
              protocol: direct ? 'http' : 'hls',
              container,
              videoCodec: videoCopied ? media.videoCodec : 'h264',
              audioCodec: audioCodec === null ? undefined : audioCopied ? audioCodec : 'aac',
              width: media.width ?? undefined,
              height: media.height ?? undefined,
              duration: media.durationMs ?? undefined,
              Part: [
                {
                  id: media.partId,
                  key: partKey,
                  ...(file === null ? {} : { file }),
                  container,
                  duration: media.durationMs ?? undefined,
                  ...(direct ? {} : { protocol: 'hls' }),
                  decision: direct ? 'directplay' : 'transcode',
                  selected: true,
                  Stream: streams,
                },
              ],
            },
          ],
        },
      ],
    },
  };
}

/** A stream's own fields on the wire (Plex's Stream: id, codec, language, displayTitle, …). */
function describeStream(stream: PartStream): Record<string, unknown> {
  return {
    id: stream.id,
    streamType: stream.streamType,
    codec: stream.codec,
    index: stream.index,
    language: stream.language,
    languageCode: stream.language,
    title: stream.title,
    channels: stream.channels,
    default: stream.default,
    forced: stream.forced,
    displayTitle: streamLabel(stream),
  };
}

/** A stream id from a query (digits by the schema); null when absent. */
function streamIdOf(value: string | undefined): number | null {
  return value === undefined ? null : Number(value);
}

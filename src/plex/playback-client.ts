import type { PlaybackDecisionCodes, PlaybackProfile } from '../protocol/playback';
import { profileToQuery, type QualityCap, qualityQuery, streamStartFromPlaylist } from '../protocol/playback';
import { clientProfileQuery } from './client-profile';
import { PlexRequestError } from './errors';
import { type ClientIdentity, identityQuery, withQuery } from './headers';
import { errorForStatus, fetchTransport, parseJson, type Transport } from './http';
import { mediaContainerOf } from './media-container';

// Playing an item on a Plex Media Server (docs/protocol.md#direct-play to #timeline-and-watched-state): ask
// for a decision, then play the file directly or the HLS stream the server makes; report progress with
// /:/timeline.

export interface PlaybackClientOptions {
  baseUrl: string;
  /** The server's access token (the resource's accessToken). */
  token: string;
  identity: ClientIdentity;
  transport?: Transport;
  timeoutMs?: number;
}

/** What to put on the <video>: the file itself, or an HLS stream made for this session. */
export interface PlaybackPlan {
  kind: 'file' | 'hls';
  url: string;
  /** Where in the item the stream's time 0 is, in ms: 0 for a file, about the asked offset for HLS. */
  streamStartMs: number;
  sessionId: string;
  codes: PlaybackDecisionCodes;
  /** The part being played (for PUT /library/parts/{id}); null when the server named none. */
  partId: number | null;
  /** Every stream of the part as the decision lists them, the playing ones `selected`. */
  streams: DecisionStream[];
  /** The file's chapters (Plex's Metadata.Chapter), in order; [] when none. */
  chapters: { startMs: number; title: string }[];
}

/**
 * A decision, before anything is started: what plan() returns, less the URL and stream start an HLS stream
 * gets from start.m3u8. `start` (plan's second half) turns it into a plan.
 */
export interface PlaybackDecided extends Omit<PlaybackPlan, 'kind' | 'url' | 'streamStartMs'> {
  /** The server plays the part's file as it is (direct play). */
  direct: boolean;
  /** The file's URL for direct play ('' otherwise). */
  fileUrl: string;
  /** The decision's query, which start.m3u8 repeats. */
  params: string;
}

/** A stream as the decision answer lists it (Plex's Stream). */
export interface DecisionStream {
  id?: number;
  streamType?: number;
  displayTitle?: string;
  language?: string;
  codec?: string;
  selected?: boolean;
  /** Text subtitles: where to fetch them as WebVTT. */
  key?: string;
  /** `burn` for subtitles drawn into the picture. */
  decision?: string;
  forced?: boolean;
}

/** The part of the decision answer's MediaContainer a player reads (the codes, the chosen part). */
type DecisionContainer = PlaybackDecisionCodes & {
  Metadata?: {
    Chapter?: { startTimeOffset?: number; tag?: string }[];
    Media?: { Part?: { id?: number; key: string; decision?: string; Stream?: DecisionStream[] }[] }[];
  }[];
};

export type TimelineReportState = 'playing' | 'paused' | 'buffering' | 'stopped';

export class PlexPlaybackClient {
  private readonly baseUrl: string;

  constructor(private readonly options: PlaybackClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /**
   * Asks the server how to play `ratingKey` on a client with `profile` (always decision first: PMS refuses
   * start.m3u8 without one, docs/protocol.md#universal-transcoder), and builds the URL to play. `offsetMs`
   * starts an HLS stream further in.
   */
  async plan(
    ratingKey: string,
    sessionId: string,
    profile: PlaybackProfile,
    offsetMs = 0,
    quality: QualityCap | null = null,
  ): Promise<PlaybackPlan> {
    return this.start(await this.decide(ratingKey, sessionId, profile, quality), offsetMs);
  }

  /**
   * plan()'s first half: the decision only, nothing started, so a player can still change the tracks
   * (chooseStreams, then decide again) before a conversion begins.
   */
  async decide(
    ratingKey: string,
    sessionId: string,
    profile: PlaybackProfile,
    quality: QualityCap | null = null,
  ): Promise<PlaybackDecided> {
    const capped = quality ? qualityQuery(quality) : '';
    const params = `${this.transcodeParams(ratingKey, sessionId, profile)}${capped ? `&${capped}` : ''}`;
    const container = await this.getContainer<DecisionContainer>(
      `/video/:/transcode/universal/decision?${params}`,
    );
    const codes: PlaybackDecisionCodes = {
      generalDecisionCode: container.generalDecisionCode,
      generalDecisionText: container.generalDecisionText,
      directPlayDecisionCode: container.directPlayDecisionCode,
      directPlayDecisionText: container.directPlayDecisionText,
      transcodeDecisionCode: container.transcodeDecisionCode,
      transcodeDecisionText: container.transcodeDecisionText,
    };
    // 1xxx: playable; 2xxx and up: it cannot be played here (Plex Web treats them all as failures).
    if (!(codes.generalDecisionCode < 2000)) {
      throw new PlexRequestError('rejected', codes.generalDecisionText || 'The server cannot play this here');
    }
    const part = container.Metadata?.[0]?.Media?.[0]?.Part?.[0];
    if (!part) throw new PlexRequestError('bad-response', 'The decision named nothing to play');
    const partId = typeof part.id === 'number' ? part.id : null;
    const streams = Array.isArray(part.Stream) ? part.Stream : [];
    const chapters = (container.Metadata?.[0]?.Chapter ?? [])
      .filter((chapter) => typeof chapter.startTimeOffset === 'number')
      .map((chapter, index) => ({
        startMs: chapter.startTimeOffset as number,
        title: chapter.tag ?? `Chapter ${index + 1}`,
      }));
    const direct = part.decision === 'directplay';
    const fileUrl = direct ? this.withToken(this.baseUrl + part.key) : '';
    return { direct, fileUrl, params, sessionId, codes, partId, streams, chapters };
  }

  /** plan()'s second half: the file to play, or the HLS stream started at `offsetMs` (start.m3u8). */
  async start(decided: PlaybackDecided, offsetMs = 0): Promise<PlaybackPlan> {
    const { direct, fileUrl, params, ...rest } = decided;
    if (direct) return { kind: 'file', url: fileUrl, streamStartMs: 0, ...rest };
    const start = `${params}&offset=${(Math.max(0, offsetMs) / 1000).toFixed(3)}`;
    const url = this.withToken(
      withQuery(
        `${this.baseUrl}/video/:/transcode/universal/start.m3u8?${start}`,
        identityQuery(this.options.identity),
      ),
    );
    // Fetching the master playlist starts the conversion and says where the stream really begins (the player
    // then fetches the same URL, and the server keeps the conversion it started).
    const master = await this.fetchText(url);
    const streamStartMs = streamStartFromPlaylist(master) ?? Math.max(0, offsetMs);
    return { kind: 'hls', url, streamStartMs, ...rest };
  }

  /**
   * `/:/timeline`: where playback is, every 10 s and on each change; `time` never past `duration`
   * (docs/protocol.md#timeline-and-watched-state).
   */
  async timeline(
    ratingKey: string,
    sessionId: string,
    state: TimelineReportState,
    timeMs: number,
    durationMs: number,
  ) {
    const time = Math.max(0, Math.round(durationMs > 0 ? Math.min(timeMs, durationMs) : timeMs));
    const query = [
      `ratingKey=${encodeURIComponent(ratingKey)}`,
      `key=${encodeURIComponent(`/library/metadata/${ratingKey}`)}`,
      `state=${state}`,
      `time=${time}`,
      `duration=${Math.max(0, Math.round(durationMs))}`,
      `X-Plex-Session-Identifier=${encodeURIComponent(sessionId)}`,
    ].join('&');
    await this.get(`/:/timeline?${query}`);
  }

  /**
   * Keeps the account's audio and/or subtitle choice for a part on the server, as PMS does
   * (`PUT /library/parts/{id}`; subtitleStreamId 0 turns subtitles off). The next decision plays them.
   */
  async chooseStreams(partId: number, choice: { audioStreamId?: number; subtitleStreamId?: number }) {
    const query = [
      choice.audioStreamId === undefined ? '' : `audioStreamID=${choice.audioStreamId}`,
      choice.subtitleStreamId === undefined ? '' : `subtitleStreamID=${choice.subtitleStreamId}`,
      'allParts=1',
    ]
      .filter((param) => param !== '')
      .join('&');
    await this.send(`/library/parts/${partId}?${query}`, 'PUT');
  }

  /** A text subtitle stream's WebVTT (the decision's Stream.key). */
  async subtitleText(key: string): Promise<string> {
    return this.fetchText(
      this.withToken(withQuery(this.baseUrl + key, identityQuery(this.options.identity))),
    );
  }

  /** `/:/scrobble`: marks the item watched. */
  async scrobble(ratingKey: string): Promise<void> {
    await this.get(`/:/scrobble?identifier=com.plexapp.plugins.library&key=${encodeURIComponent(ratingKey)}`);
  }

  /**
   * Ends the server's transcode for this session (never leave ffmpeg running,
   * docs/protocol.md#universal-transcoder).
   */
  async stop(sessionId: string): Promise<void> {
    await this.get(`/video/:/transcode/universal/stop?session=${encodeURIComponent(sessionId)}`);
  }

  /**
   * The decision and start.m3u8 parameters. The profile goes twice: as Marquee's own parameters, which the
   * home server reads, and as Plex's client profile, which a real PMS reads (each ignores the other's).
   */
  private transcodeParams(ratingKey: string, sessionId: string, profile: PlaybackProfile): string {
    const profileQuery = profileToQuery(profile);
    return [
      `path=${encodeURIComponent(`/library/metadata/${ratingKey}`)}`,
      'mediaIndex=0',
      'partIndex=0',
      'protocol=hls',
      'directPlay=1',
      'directStream=1',
      `session=${encodeURIComponent(sessionId)}`,
      `X-Plex-Session-Identifier=${encodeURIComponent(sessionId)}`,
      ...Object.keys(profileQuery).map((name) => `${name}=${encodeURIComponent(profileQuery[name])}`),
      clientProfileQuery(profile),
    ].join('&');
  }

  /** <video> and hls.js cannot send headers, so media URLs carry the token (docs/protocol.md#tokens). */
  private withToken(url: string): string {
    return withQuery(url, `X-Plex-Token=${encodeURIComponent(this.options.token)}`);
  }

  private async fetchText(url: string): Promise<string> {
    const { transport = fetchTransport, timeoutMs = 10_000 } = this.options;
    const response = await transport({ method: 'GET', url, timeoutMs: timeoutMs * 3 });
    if (response.status < 200 || response.status > 299) throw errorForStatus(response, Date.now());
    return response.text;
  }

  /** A GET whose answer must be a MediaContainer (a body without one is a 'bad-response'). */
  private async getContainer<Container>(path: string): Promise<Container> {
    const response = await this.send(path);
    return mediaContainerOf<Container>(parseJson<unknown>(response), response);
  }

  /** A GET whose answer is not read (timeline, scrobble, stop: some servers answer them with no body). */
  private async get(path: string): Promise<void> {
    await this.send(path);
  }

  /**
   * The token and X-Plex identification go as query parameters, as Plex's own web client sends them: with
   * no custom header the request needs no CORS preflight. Errors never quote the URL with its token.
   */
  private async send(path: string, method: 'GET' | 'PUT' = 'GET') {
    const { identity, transport = fetchTransport, timeoutMs = 10_000 } = this.options;
    const response = await transport({
      method,
      url: this.withToken(withQuery(this.baseUrl + path, identityQuery(identity))),
      headers: { Accept: 'application/json' },
      timeoutMs,
    });
    if (response.status < 200 || response.status > 299) throw errorForStatus(response, Date.now());
    return response;
  }
}

import { isPlexRequestError } from '../../plex/errors';
import type { PlaybackPlan, PlexPlaybackClient } from '../../plex/playback-client';
import { type PlaybackProfile, QUALITY_CAPS, REMOTE_QUALITY_ID } from '../../protocol/playback';
import type { Clock } from '../clock';
import { NamedTimers } from '../named-timers';
import type { KeyValueStorage, RemoteCommand } from '../platform/platform';
import {
  initialPlayerModel,
  type PlayerCommand,
  type PlayerEvent,
  type PlayerModel,
  type PlayerOptions,
  type PlayerTimer,
  reducePlayer,
} from './player-machine';
import { parseWebVtt } from './subtitle-cues';
import { type LanguagePreference, languageChoice, menuOptions, type TrackOption } from './track-menu';
import { type AttachedSource, attachSource } from './video-source';

export interface PlayerControllerOptions {
  video: HTMLVideoElement;
  playback: Pick<
    PlexPlaybackClient,
    'decide' | 'start' | 'timeline' | 'scrobble' | 'stop' | 'chooseStreams' | 'subtitleText'
  >;
  ratingKey: string;
  /** The item's length from its metadata: an HLS stream being made knows only what is made so far. */
  durationMs: number;
  /** Where to start (a resume), in ms. */
  startMs: number;
  /** The server is reached over a connection that is not local: start at a capped quality. */
  remote?: boolean;
  /** Where the quality last chosen is kept (per local/remote connection), so the next title plays at it. */
  preferences?: KeyValueStorage;
  profile: PlaybackProfile;
  sessionId: string;
  clock: Clock;
  machine: PlayerOptions;
  onChange(model: PlayerModel): void;
  onLeave(): void;
  onPlayNext(): void;
}

/** How long leaving waits for the final timeline report, so the resume point is saved before details reloads. */
const LAST_REPORT_WAIT_MS = 1_500;

const AUDIO_LANGUAGE_KEY = 'marquee.audioLanguage';
const SUBTITLE_LANGUAGE_KEY = 'marquee.subtitleLanguage';

/** How often the position is read while subtitles show. */
const CUE_TICK_MS = 100;

/** Runs the player machine against a real <video> and the server's playback API. */
export class PlayerController {
  private model: PlayerModel = initialPlayerModel;
  private readonly timers: NamedTimers<PlayerTimer>;
  private source: AttachedSource | null = null;
  private plan: PlaybackPlan | null = null;
  /** Where the current stream starts in the item: an HLS stream started at an offset counts from 0. */
  private streamOffsetMs = 0;
  private stopped = false;
  private lastReport: Promise<void> = Promise.resolve();
  private readonly detachVideo: () => void;
  /** The kept languages were looked at for this title (done once, at its first decision). */
  private languagesApplied = false;
  /** The quality chosen (QUALITY_CAPS' id); a remote connection starts capped. */
  private qualityId: string;
  /** While subtitles are on: the position read more often than timeupdate's 4 Hz, so cues show on time. */
  private cueTicker: unknown = null;

  constructor(private readonly options: PlayerControllerOptions) {
    this.timers = new NamedTimers(options.clock);
    const kept = options.preferences?.get(this.qualityKey()) ?? null;
    this.qualityId = QUALITY_CAPS.some((cap) => cap.id === kept)
      ? (kept as string)
      : options.remote
        ? REMOTE_QUALITY_ID
        : 'original';
    this.detachVideo = this.listenToVideo();
  }

  get current(): PlayerModel {
    return this.model;
  }

  async start(): Promise<void> {
    await this.load(this.options.startMs);
  }

  /** A remote key while the player is up; false when the player leaves it to the screen (e.g. after a failure). */
  key(command: RemoteCommand, phase: 'down' | 'up', repeat: boolean): boolean {
    const failedOrEnded =
      this.model.status === 'failed' || (this.model.status === 'ended' && this.model.nextUpAt === null);
    if (failedOrEnded && command !== 'Back' && command !== 'Stop') return false;
    this.dispatch(phase === 'down' ? { type: 'keyDown', command, repeat } : { type: 'keyUp', command });
    return true;
  }

  hidden(): void {
    this.dispatch({ type: 'hidden' });
  }

  /** The screen went away: end everything without reporting twice. */
  dispose(): void {
    if (this.stopped) return;
    this.finish();
  }

  private async load(atMs: number): Promise<void> {
    const { playback, ratingKey, sessionId, profile, video } = this.options;
    this.source?.detach();
    this.source = null;
    try {
      const quality = QUALITY_CAPS.find((cap) => cap.id === this.qualityId) ?? null;
      let decided = await playback.decide(ratingKey, sessionId, profile, quality);
      if (this.stopped) return;
      // The viewer's languages (kept from the last choice) on a title whose defaults differ: choose them,
      // once, and decide again, before anything starts (so no conversion is started only to be replaced).
      const languages = this.languagesApplied
        ? null
        : languageChoice(decided.streams, this.languagePreference());
      this.languagesApplied = true;
      if (languages && decided.partId !== null) {
        await playback.chooseStreams(decided.partId, languages).catch(() => undefined);
        if (this.stopped) return;
        decided = await playback.decide(ratingKey, sessionId, profile, quality);
        if (this.stopped) return;
      }
      const plan = await playback.start(decided, atMs);
      if (this.stopped) return;
      this.plan = plan;
      this.streamOffsetMs = plan.streamStartMs;
      this.dispatch({ type: 'tracksLoaded', tracks: menuOptions(plan.streams, this.qualityId) });
      this.dispatch({ type: 'chaptersLoaded', chapters: plan.chapters });
      void this.loadSubtitles(plan.streams.find((stream) => stream.streamType === 3 && stream.selected)?.key);
      // Where in the stream to begin: a file or the home server's whole-film HLS playlist starts at the item's
      // 0, so the player goes to the resume point itself; a stream a server began at the offset needs none.
      const startSeconds = Math.max(0, (atMs - plan.streamStartMs) / 1000);
      this.source = await attachSource(
        video,
        plan.url,
        plan.kind,
        this.options.profile.nativeHls,
        startSeconds,
        (message) => this.fail(message),
      );
      if (this.stopped) return this.source.detach();
      this.playVideo();
    } catch (error) {
      this.fail(isPlexRequestError(error) ? error.message : 'This title could not be started.');
    }
  }

  private playVideo(): void {
    const played = this.options.video.play() as Promise<void> | undefined;
    // A refused autoplay leaves the video paused: the controls say so and OK starts it.
    if (played && typeof played.catch === 'function') played.catch(() => this.dispatch({ type: 'paused' }));
  }

  private fail(message: string): void {
    this.dispatch({ type: 'failed', message });
  }

  private dispatch(event: PlayerEvent): void {
    if (this.stopped) return;
    const { model, commands } = reducePlayer(
      this.model,
      event,
      this.options.clock.now(),
      this.options.machine,
    );
    const changed = model !== this.model;
    this.model = model;
    if (changed) this.options.onChange(model);
    for (const command of commands) this.run(command);
  }

  private run(command: PlayerCommand): void {
    const { video, playback, ratingKey, sessionId } = this.options;
    switch (command.type) {
      case 'play':
        this.playVideo();
        return;
      case 'pause':
        video.pause();
        return;
      case 'seek':
        this.seek(command.positionMs);
        return;
      case 'report':
        this.lastReport = playback
          .timeline(ratingKey, sessionId, command.state, command.positionMs, command.durationMs)
          .catch(() => undefined); // the next report carries the position again
        return;
      case 'scrobble':
        playback.scrobble(ratingKey).catch(() => undefined);
        return;
      case 'setTimer':
        this.timers.set(command.name, command.delayMs, (name) => this.dispatch({ type: 'timerFired', name }));
        return;
      case 'clearTimer':
        this.timers.clear(command.name);
        return;
      case 'leave':
        this.finish();
        // Details reads the resume point when it comes back: let the last report land first (briefly).
        this.afterLastReport(() => this.options.onLeave());
        return;
      case 'playNext':
        this.finish();
        this.options.onPlayNext();
        return;
      case 'chooseTrack':
        void this.chooseTrack(command.option);
        return;
    }
  }

  /**
   * Keeps the choice on the server (per part, as PMS does), then plays it: another audio track is a new
   * stream from where playback is; text subtitles are fetched and drawn; picture subtitles need the video
   * converted, so they are a new stream too.
   */
  private async chooseTrack(option: TrackOption): Promise<void> {
    const { playback } = this.options;
    if (option.kind === 'quality') {
      // Not kept on the server: a quality is this TV's and this connection's.
      this.qualityId = QUALITY_CAPS[option.id]?.id ?? 'original';
      this.options.preferences?.set(this.qualityKey(), this.qualityId);
      await this.load(this.model.positionMs);
      return;
    }
    const partId = this.plan?.partId ?? null;
    if (partId === null) return;
    this.keepLanguage(option);
    try {
      await playback.chooseStreams(
        partId,
        option.kind === 'audio' ? { audioStreamId: option.id } : { subtitleStreamId: option.id },
      );
    } catch (error) {
      this.fail(isPlexRequestError(error) ? error.message : 'The track could not be changed.');
      return;
    }
    if (this.stopped) return;
    if (option.kind === 'subtitle') {
      const stream = this.plan?.streams.find((candidate) => candidate.id === option.id);
      if (option.id === 0 || stream?.key) {
        await this.loadSubtitles(stream?.key);
        return;
      }
    }
    await this.load(this.model.positionMs);
  }

  /** Fetches and parses the chosen text subtitles; no key clears them. */
  private async loadSubtitles(key: string | undefined): Promise<void> {
    if (!key) {
      this.dispatch({ type: 'subtitlesLoaded', cues: [] });
      return;
    }
    try {
      const text = await this.options.playback.subtitleText(key);
      if (this.stopped) return;
      this.dispatch({ type: 'subtitlesLoaded', cues: parseWebVtt(text) });
      this.tickForCues();
    } catch {
      // Playback goes on without them: subtitles are not worth stopping the film for.
      this.dispatch({ type: 'subtitlesLoaded', cues: [] });
    }
  }

  /** Within what the stream holds: seek the <video>. Past it (an HLS stream still being made): restart there. */
  private seek(positionMs: number): void {
    const { video } = this.options;
    const local = (positionMs - this.streamOffsetMs) / 1000;
    const seekable = video.seekable.length > 0 ? video.seekable.end(video.seekable.length - 1) : 0;
    if (this.plan?.kind === 'file' || (local >= 0 && local <= seekable)) {
      video.currentTime = Math.max(0, local);
      return;
    }
    void this.load(positionMs);
  }

  private languagePreference(): LanguagePreference {
    const { preferences } = this.options;
    return {
      audio: preferences?.get(AUDIO_LANGUAGE_KEY) ?? null,
      subtitle: preferences?.get(SUBTITLE_LANGUAGE_KEY) ?? null,
    };
  }

  /** Remembers the language of an audio or subtitle pick ('off' for no subtitles) for the next titles. */
  private keepLanguage(option: TrackOption): void {
    const { preferences } = this.options;
    const stream = this.plan?.streams.find((candidate) => candidate.id === option.id);
    if (option.kind === 'subtitle' && option.id === 0) preferences?.set(SUBTITLE_LANGUAGE_KEY, 'off');
    else if (stream?.language) {
      preferences?.set(option.kind === 'audio' ? AUDIO_LANGUAGE_KEY : SUBTITLE_LANGUAGE_KEY, stream.language);
    }
  }

  private qualityKey(): string {
    return this.options.remote ? 'marquee.quality.remote' : 'marquee.quality.local';
  }

  private tickForCues(): void {
    const { clock, video } = this.options;
    if (this.cueTicker !== null) return;
    const tick = () => {
      this.cueTicker = null;
      if (this.stopped || this.model.subtitleCues.length === 0) return;
      if (!video.paused) {
        this.dispatch({ type: 'progressed', positionMs: this.streamOffsetMs + video.currentTime * 1000 });
      }
      this.cueTicker = clock.setTimeout(tick, CUE_TICK_MS);
    };
    this.cueTicker = clock.setTimeout(tick, CUE_TICK_MS);
  }

  private finish(): void {
    this.stopped = true;
    if (this.cueTicker !== null) this.options.clock.clearTimeout(this.cueTicker);
    this.cueTicker = null;
    this.timers.clearAll();
    this.detachVideo();
    this.source?.detach();
    this.source = null;
    // Never leave a conversion running on the server (docs/protocol.md#universal-transcoder).
    if (this.plan?.kind === 'hls') this.options.playback.stop(this.options.sessionId).catch(() => undefined);
  }

  private afterLastReport(then: () => void): void {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      then();
    };
    this.lastReport.then(once);
    this.options.clock.setTimeout(once, LAST_REPORT_WAIT_MS);
  }

  private listenToVideo(): () => void {
    const { video } = this.options;
    const position = () => this.streamOffsetMs + video.currentTime * 1000;
    const handlers: [string, () => void][] = [
      [
        'loadedmetadata',
        () => this.dispatch({ type: 'loaded', durationMs: this.options.durationMs || video.duration * 1000 }),
      ],
      ['timeupdate', () => this.dispatch({ type: 'progressed', positionMs: position() })],
      ['playing', () => this.dispatch({ type: 'playing' })],
      ['pause', () => this.dispatch({ type: 'paused' })],
      ['waiting', () => this.dispatch({ type: 'buffering' })],
      ['ended', () => this.dispatch({ type: 'ended' })],
      ['error', () => this.fail(mediaErrorText(video.error))],
    ];
    for (const [type, handler] of handlers) video.addEventListener(type, handler);
    return () => {
      for (const [type, handler] of handlers) video.removeEventListener(type, handler);
    };
  }
}

/** MediaError codes in words (HTML spec: 1 aborted, 2 network, 3 decode, 4 source not supported). */
function mediaErrorText(error: MediaError | null): string {
  switch (error?.code) {
    case 2:
      return 'The network connection was lost while playing.';
    case 3:
      return 'This video could not be decoded.';
    case 4:
      return "This format can't be played on this TV.";
    default:
      return 'Playback stopped unexpectedly.';
  }
}

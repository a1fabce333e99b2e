import { isWatchedAt } from '../../protocol/watched';
import type { RemoteCommand } from '../platform/platform';
import type { SubtitleCue } from './subtitle-cues';
import type { TrackOption } from './track-menu';

// Playback as one reducer: what the viewer sees (controls, scrubbing, the next-episode countdown) and what
// the server hears (timeline every 10 s and on each change, scrobble at 90 %). Pure: time comes in as `now`
// (monotonic ms), effects go out as commands for the player controller to run against <video> and the server.

export type PlaybackStatus = 'loading' | 'playing' | 'paused' | 'buffering' | 'ended' | 'failed';

/** The states `/:/timeline` knows (docs/protocol.md#timeline-and-watched-state). */
export type TimelineState = 'playing' | 'paused' | 'buffering' | 'stopped';

export interface PlayerModel {
  status: PlaybackStatus;
  positionMs: number;
  durationMs: number;
  /** Controls stay up until this time (monotonic ms); null when hidden. Always up while paused. */
  controlsUntil: number | null;
  /** Left/Right held down: where the picture will jump when the key is released. */
  scrub: { direction: -1 | 1; heldSince: number; targetMs: number } | null;
  failure: string | null;
  /** The last state reported to the server, to report each change once. */
  reportedState: TimelineState | null;
  scrobbled: boolean;
  /** Counting down to the next episode; Back cancels it. */
  nextUpAt: number | null;
  /** Audio and subtitle choices of what plays (from the decision), the current ones `selected`. */
  tracks: TrackOption[];
  /** The track menu (Up from the seek bar): which entry is focused; null when closed. */
  menu: { index: number } | null;
  /** The chosen text subtitles, drawn by the player. */
  subtitleCues: SubtitleCue[];
  /** The file's chapters, shown as ticks on the seek bar. */
  chapters: { startMs: number; title: string }[];
  /** Down from the seek bar: the chapter Left/Right move to and OK jumps to; null otherwise. */
  chapterCursor: number | null;
}

export interface PlayerOptions {
  /** An episode follows this one. */
  hasNext: boolean;
  /**
   * Samsung's rule: hidden during playback behaves as Return (docs/platforms.md#visibility). Elsewhere:
   * pause.
   */
  leaveWhenHidden: boolean;
}

export type PlayerEvent =
  | { type: 'loaded'; durationMs: number }
  | { type: 'progressed'; positionMs: number }
  | { type: 'playing' }
  | { type: 'paused' }
  | { type: 'buffering' }
  | { type: 'ended' }
  | { type: 'failed'; message: string }
  | { type: 'keyDown'; command: RemoteCommand; repeat: boolean }
  | { type: 'keyUp'; command: RemoteCommand }
  | { type: 'timerFired'; name: PlayerTimer }
  | { type: 'hidden' }
  | { type: 'tracksLoaded'; tracks: TrackOption[] }
  | { type: 'subtitlesLoaded'; cues: SubtitleCue[] }
  | { type: 'chaptersLoaded'; chapters: { startMs: number; title: string }[] };

export type PlayerTimer = 'controls' | 'report' | 'nextUp';

export type PlayerCommand =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'seek'; positionMs: number }
  | { type: 'report'; state: TimelineState; positionMs: number; durationMs: number }
  | { type: 'scrobble' }
  | { type: 'setTimer'; name: PlayerTimer; delayMs: number }
  | { type: 'clearTimer'; name: PlayerTimer }
  /** Leave the player (Back, Stop, the end): the controller ends the server session and goes back. */
  | { type: 'leave' }
  | { type: 'playNext' }
  /** The viewer picked another audio or subtitle track in the menu. */
  | { type: 'chooseTrack'; option: TrackOption };

export const CONTROLS_VISIBLE_MS = 5_000;
/**
 * Plex asks for a timeline report every 10 s on a LAN, and on each state change
 * (docs/protocol.md#timeline-and-watched-state).
 */
export const REPORT_INTERVAL_MS = 10_000;
export const SEEK_STEP_MS = 10_000;
/** Rewind / Fast-forward keys, which don't repeat on Samsung remotes, jump further than Left/Right. */
export const MEDIA_KEY_STEP_MS = 30_000;
export const NEXT_UP_COUNTDOWN_MS = 10_000;

export const initialPlayerModel: PlayerModel = {
  status: 'loading',
  positionMs: 0,
  durationMs: 0,
  controlsUntil: null,
  scrub: null,
  failure: null,
  reportedState: null,
  scrobbled: false,
  nextUpAt: null,
  tracks: [],
  menu: null,
  subtitleCues: [],
  chapters: [],
  chapterCursor: null,
};

export interface PlayerTransition {
  model: PlayerModel;
  commands: PlayerCommand[];
}

/** How far one repeat of a held Left/Right moves: faster the longer it is held. */
export function scrubStepMs(heldMs: number): number {
  if (heldMs < 1_500) return SEEK_STEP_MS;
  if (heldMs < 4_000) return 30_000;
  return 60_000;
}

/** The transition being built: helpers below update it in place; nothing outside the reducer sees it. */
interface Step {
  model: PlayerModel;
  commands: PlayerCommand[];
  now: number;
}

export function reducePlayer(
  model: PlayerModel,
  event: PlayerEvent,
  now: number,
  options: PlayerOptions,
): PlayerTransition {
  const step: Step = { model, commands: [], now };
  // A failed <video> may still fire pause or waiting: the failure stands.
  const videoEvent = event.type === 'playing' || event.type === 'paused' || event.type === 'buffering';
  if (model.status === 'failed' && (videoEvent || event.type === 'progressed' || event.type === 'ended')) {
    return { model, commands: [] };
  }
  switch (event.type) {
    case 'loaded':
      step.model = { ...step.model, durationMs: Math.max(0, event.durationMs) };
      showControls(step);
      break;

    case 'progressed':
      step.model = { ...step.model, positionMs: Math.max(0, event.positionMs) };
      if (isWatchedAt(step.model.positionMs, step.model.durationMs)) {
        scrobbleOnce(step);
      }
      break;

    case 'playing':
      changeState(step, 'playing', 'playing');
      break;

    case 'paused':
      if (step.model.status === 'ended') break; // <video> pauses itself at the end
      changeState(step, 'paused', 'paused');
      showControls(step);
      break;

    case 'buffering':
      changeState(step, 'buffering', 'buffering');
      break;

    case 'ended':
      step.model = {
        ...step.model,
        status: 'ended',
        positionMs: step.model.durationMs || step.model.positionMs,
      };
      scrobbleOnce(step);
      if (options.hasNext) {
        step.model = { ...step.model, nextUpAt: now + NEXT_UP_COUNTDOWN_MS };
        step.commands.push({ type: 'setTimer', name: 'nextUp', delayMs: NEXT_UP_COUNTDOWN_MS });
      } else {
        leave(step);
      }
      break;

    case 'failed':
      step.model = { ...step.model, status: 'failed', failure: event.message, scrub: null };
      report(step, 'stopped');
      step.commands.push({ type: 'clearTimer', name: 'report' });
      break;

    case 'hidden':
      if (step.model.status === 'ended' || step.model.status === 'failed') break;
      if (options.leaveWhenHidden) {
        leave(step);
      } else {
        step.commands.push({ type: 'pause' });
        changeState(step, 'paused', 'paused');
      }
      break;

    case 'timerFired':
      onTimer(step, event.name);
      break;

    case 'tracksLoaded':
      step.model = { ...step.model, tracks: event.tracks, menu: null };
      break;

    case 'subtitlesLoaded':
      step.model = { ...step.model, subtitleCues: event.cues };
      break;

    case 'chaptersLoaded':
      step.model = { ...step.model, chapters: event.chapters, chapterCursor: null };
      break;

    case 'keyDown':
      onKeyDown(step, event.command, event.repeat);
      break;

    case 'keyUp':
      if ((event.command === 'Left' || event.command === 'Right') && step.model.scrub) {
        seekTo(step, step.model.scrub.targetMs);
        step.model = { ...step.model, scrub: null };
        showControls(step);
      }
      break;
  }
  return { model: step.model, commands: step.commands };
}

function onTimer(step: Step, name: PlayerTimer): void {
  const { model, now } = step;
  switch (name) {
    case 'controls':
      // Paused or scrubbing: the controls stay up.
      if (
        model.status !== 'paused' &&
        !model.scrub &&
        model.controlsUntil !== null &&
        now >= model.controlsUntil
      ) {
        step.model = { ...model, controlsUntil: null };
      }
      return;
    case 'report':
      if (model.status === 'playing' || model.status === 'paused' || model.status === 'buffering') {
        report(step, model.reportedState ?? 'playing');
        step.commands.push({ type: 'setTimer', name: 'report', delayMs: REPORT_INTERVAL_MS });
      }
      return;
    case 'nextUp':
      if (model.nextUpAt !== null) {
        step.model = { ...model, nextUpAt: null };
        step.commands.push({ type: 'playNext' });
      }
      return;
  }
}

function onKeyDown(step: Step, command: RemoteCommand, repeat: boolean): void {
  const { model, now } = step;
  if (command === 'Back' && model.nextUpAt !== null) {
    step.model = { ...model, nextUpAt: null };
    step.commands.push({ type: 'clearTimer', name: 'nextUp' });
    return;
  }
  if (command === 'Stop' || (command === 'Back' && (model.status === 'failed' || model.status === 'ended'))) {
    leave(step);
    return;
  }
  if (model.status === 'failed' || model.status === 'ended') return;
  if ((model.menu || model.chapterCursor !== null) && command === 'Back') {
    step.model = { ...model, menu: null, chapterCursor: null };
    showControls(step);
    return;
  }
  if (command === 'Back') {
    leave(step);
    return;
  }

  showControls(step);
  if (command === 'Subtitles' || command === 'Audio') {
    openMenuAt(step, command === 'Subtitles' ? 'subtitle' : 'audio');
    return;
  }
  if (model.menu) {
    onMenuKey(step, command, model.menu.index);
    return;
  }
  if (model.chapterCursor !== null) {
    onChapterKey(step, command, model.chapterCursor);
    return;
  }
  switch (command) {
    case 'Down':
      // Down from the seek bar: the chapter ticks, on the chapter playing now.
      if (model.chapters.length > 0) step.model = { ...step.model, chapterCursor: chapterAt(model) };
      return;
    case 'Up':
      // Up from the seek bar: the track menu, on the current audio choice.
      if (model.tracks.length > 0) {
        step.model = {
          ...step.model,
          menu: {
            index: Math.max(
              0,
              model.tracks.findIndex((t) => t.selected),
            ),
          },
        };
      }
      return;
    case 'Ok':
    case 'PlayPause':
      step.commands.push({ type: model.status === 'paused' ? 'play' : 'pause' });
      return;
    case 'Play':
      step.commands.push({ type: 'play' });
      return;
    case 'Pause':
      step.commands.push({ type: 'pause' });
      return;
    case 'Left':
    case 'Right': {
      const direction = command === 'Left' ? -1 : 1;
      const scrub = step.model.scrub;
      if (!repeat) {
        seekTo(step, model.positionMs + SEEK_STEP_MS * direction);
        return;
      }
      // Held: move a target and jump on release, so the picture isn't reloaded on every repeat.
      const heldSince = scrub && scrub.direction === direction ? scrub.heldSince : now;
      const from = scrub && scrub.direction === direction ? scrub.targetMs : model.positionMs;
      const targetMs = clampToDuration(step.model, from + scrubStepMs(now - heldSince) * direction);
      step.model = { ...step.model, scrub: { direction, heldSince, targetMs } };
      return;
    }
    case 'Rewind':
    case 'FastForward':
      seekTo(step, model.positionMs + MEDIA_KEY_STEP_MS * (command === 'Rewind' ? -1 : 1));
      return;
    default:
      return;
  }
}

/**
 * The remote's Subtitle or Audio key: the track menu (opened, or moved) on that kind's current choice, else its
 * first entry; nothing when the title has no such tracks. The chapter ticks close.
 */
function openMenuAt(step: Step, kind: 'audio' | 'subtitle'): void {
  const { tracks } = step.model;
  const current = tracks.findIndex((track) => track.kind === kind && track.selected);
  const index = current >= 0 ? current : tracks.findIndex((track) => track.kind === kind);
  if (index < 0) return;
  step.model = { ...step.model, chapterCursor: null, menu: { index } };
}

/** Keys while the track menu is open: Up/Down move, OK picks (the menu closes), the rest close it. */
function onMenuKey(step: Step, command: RemoteCommand, index: number): void {
  const { tracks } = step.model;
  switch (command) {
    case 'Up':
    case 'Down': {
      const next = Math.min(tracks.length - 1, Math.max(0, index + (command === 'Up' ? -1 : 1)));
      step.model = { ...step.model, menu: { index: next } };
      return;
    }
    case 'Ok': {
      const option = tracks[index];
      step.model = { ...step.model, menu: null };
      if (!option || option.selected) return;
      step.model = {
        ...step.model,
        tracks: tracks.map((track) =>
          track.kind === option.kind ? { ...track, selected: track.id === option.id } : track,
        ),
      };
      step.commands.push({ type: 'chooseTrack', option });
      return;
    }
    case 'Left':
    case 'Right':
      step.model = { ...step.model, menu: null };
      return;
    default:
      return;
  }
}

/** The chapter playing at the current position (the last one starting at or before it). */
function chapterAt(model: PlayerModel): number {
  let index = 0;
  model.chapters.forEach((chapter, at) => {
    if (chapter.startMs <= model.positionMs) index = at;
  });
  return index;
}

/** Keys on the chapter ticks: Left/Right move between chapters, OK jumps to one, Up goes back to the bar. */
function onChapterKey(step: Step, command: RemoteCommand, cursor: number): void {
  const { chapters } = step.model;
  switch (command) {
    case 'Left':
    case 'Right': {
      const next = Math.min(chapters.length - 1, Math.max(0, cursor + (command === 'Left' ? -1 : 1)));
      step.model = { ...step.model, chapterCursor: next };
      return;
    }
    case 'Ok':
      step.model = { ...step.model, chapterCursor: null };
      seekTo(step, chapters[cursor]?.startMs ?? step.model.positionMs);
      return;
    case 'Up':
      step.model = { ...step.model, chapterCursor: null };
      return;
    default:
      return;
  }
}

function clampToDuration(model: PlayerModel, ms: number): number {
  return Math.max(0, model.durationMs > 0 ? Math.min(ms, model.durationMs) : ms);
}

function showControls(step: Step): void {
  step.model = { ...step.model, controlsUntil: step.now + CONTROLS_VISIBLE_MS };
  step.commands.push({ type: 'setTimer', name: 'controls', delayMs: CONTROLS_VISIBLE_MS });
}

function seekTo(step: Step, ms: number): void {
  const positionMs = clampToDuration(step.model, ms);
  step.model = { ...step.model, positionMs };
  step.commands.push({ type: 'seek', positionMs });
}

/** `time` never past `duration`: PMS answers 400 to that (docs/protocol.md#timeline-and-watched-state). */
function report(step: Step, state: TimelineState): void {
  const { model } = step;
  step.model = { ...model, reportedState: state };
  step.commands.push({
    type: 'report',
    state,
    positionMs: clampToDuration(model, model.positionMs),
    durationMs: model.durationMs,
  });
}

/** The playback state changed: tell the server once, then every 10 s. */
function changeState(step: Step, status: PlaybackStatus, state: TimelineState): void {
  step.model = { ...step.model, status };
  if (step.model.reportedState === state) return;
  report(step, state);
  step.commands.push({ type: 'setTimer', name: 'report', delayMs: REPORT_INTERVAL_MS });
}

function scrobbleOnce(step: Step): void {
  if (step.model.scrobbled) return;
  step.model = { ...step.model, scrobbled: true };
  step.commands.push({ type: 'scrobble' });
}

/** Back, Stop, or the end with nothing next: report where it stopped, then the controller leaves. */
function leave(step: Step): void {
  report(step, 'stopped');
  step.model = { ...step.model, scrub: null };
  step.commands.push(
    { type: 'clearTimer', name: 'report' },
    { type: 'clearTimer', name: 'nextUp' },
    { type: 'leave' },
  );
}

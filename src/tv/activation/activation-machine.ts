import type { PlexFailure } from '../../plex/errors';
import type { PlexPin } from '../../protocol/plex-account';
import { retryDelayMs } from './backoff';

// The activation flow as one reducer: requesting → waiting → linked → finished, plus error states.
// Pure: time comes in as `now` (monotonic ms), effects go out as commands the controller runs.

/** A code on screen. Its expiry is counted on the local monotonic clock, never the server's wall clock. */
export interface ShownPin {
  id: number;
  code: string;
  /** The pin's `qr` address; the link page's address is derived from it. */
  qrUrl: string;
  /** Monotonic ms at which the code stops working. */
  expiresAt: number;
  lifetimeMs: number;
}

/** Why the last request failed, and when the next try happens. */
export interface Problem {
  failure: PlexFailure;
  retryAt: number;
}

export type ActivationPhase =
  /** Asking the server for a code; nothing valid to show yet. */
  | { kind: 'requesting' }
  /** No code could be fetched (server down, busy); retrying by itself at problem.retryAt. */
  | { kind: 'unavailable'; problem: Problem; attempt: number }
  /** A code is on screen and we wait for someone to link it. `problem`: the last check failed, the code is still good. */
  | { kind: 'waiting'; pin: ShownPin; renewing: boolean; problem: Problem | null; attempt: number }
  /** The code was linked; fetching the account the token belongs to. */
  | { kind: 'confirming'; token: string; problem: Problem | null; attempt: number }
  /** "Linked to <account>", shown for a moment before home. */
  | { kind: 'linked'; token: string; accountName: string }
  | { kind: 'finished' };

export interface ActivationModel {
  phase: ActivationPhase;
  /** False while the app is hidden: no timers, no requests, and no new codes nobody can see. */
  visible: boolean;
}

export type TimerName = 'poll' | 'retry' | 'renew' | 'expire' | 'leave';

export type ActivationEvent =
  | { type: 'started' }
  | { type: 'pinCreated'; pin: PlexPin; requestedAt: number }
  | { type: 'pinRequestFailed'; failure: PlexFailure; retryAfterMs: number | null }
  | { type: 'pinPolled'; pin: PlexPin; requestedAt: number }
  | { type: 'pinPollFailed'; pinId: number; failure: PlexFailure; retryAfterMs: number | null }
  | { type: 'userLoaded'; accountName: string }
  | { type: 'userLoadFailed'; failure: PlexFailure; retryAfterMs: number | null }
  | { type: 'timerFired'; name: TimerName }
  | { type: 'visibilityChanged'; visible: boolean }
  | { type: 'newCodeRequested' };

export type ActivationCommand =
  | { type: 'createPin' }
  | { type: 'pollPin'; pinId: number; waitSeconds: number }
  | { type: 'loadUser'; token: string }
  | { type: 'setTimer'; name: TimerName; delayMs: number }
  | { type: 'clearTimers' }
  /** Drop every request in flight; their late answers must be ignored. */
  | { type: 'abortRequests' }
  /** Hand the linked session to the app, which keeps it and opens home. */
  | { type: 'finish'; token: string; accountName: string };

export interface ActivationContext {
  now: number;
  random: () => number;
}

/** plex.tv answers polls at once; the official cadence is one per second (docs/protocol.md#polling-a-pin). */
export const POLL_INTERVAL_MS = 1_000;
/** How long the home server may hold a poll (it allows 30 s; stay under proxies' idle limits). */
export const LONG_POLL_SECONDS = 25;
/** How long "Linked to <account>" stays before home. */
export const LINKED_MESSAGE_MS = 1_500;

export const initialActivationModel: ActivationModel = { phase: { kind: 'requesting' }, visible: true };

export interface Transition {
  model: ActivationModel;
  commands: ActivationCommand[];
}

export function reduceActivation(
  model: ActivationModel,
  event: ActivationEvent,
  context: ActivationContext,
): Transition {
  const { phase } = model;
  const { now } = context;
  const stay: Transition = { model, commands: [] };
  const to = (next: ActivationPhase, commands: ActivationCommand[] = []): Transition => ({
    model: { ...model, phase: next },
    commands,
  });
  const requestCode = (): Transition =>
    to({ kind: 'requesting' }, [{ type: 'clearTimers' }, { type: 'createPin' }]);

  switch (event.type) {
    case 'started':
      return requestCode();

    case 'newCodeRequested':
      if (phase.kind === 'linked' || phase.kind === 'finished' || phase.kind === 'confirming') return stay;
      return to({ kind: 'requesting' }, [
        { type: 'abortRequests' },
        { type: 'clearTimers' },
        { type: 'createPin' },
      ]);

    case 'pinCreated': {
      const accepts =
        phase.kind === 'requesting' ||
        phase.kind === 'unavailable' ||
        (phase.kind === 'waiting' && phase.renewing);
      if (!accepts) return stay;
      const lifetimeMs = Math.max(0, event.pin.expiresIn) * 1000;
      // Counted from when we asked, so a slow answer can only make us think the code dies sooner.
      const pin: ShownPin = {
        id: event.pin.id,
        code: event.pin.code,
        qrUrl: event.pin.qr,
        expiresAt: event.requestedAt + lifetimeMs,
        lifetimeMs,
      };
      const next: ActivationPhase = { kind: 'waiting', pin, renewing: false, problem: null, attempt: 0 };
      if (!model.visible) return to(next, [{ type: 'clearTimers' }]);
      return to(next, [
        { type: 'abortRequests' },
        { type: 'clearTimers' },
        ...codeTimers(pin, now),
        { type: 'pollPin', pinId: pin.id, waitSeconds: pollWaitSeconds(pin, now) },
      ]);
    }

    case 'pinRequestFailed': {
      if (phase.kind === 'waiting' && phase.renewing) {
        // The shown code is still good until it expires; try renewing again after a pause.
        const attempt = phase.attempt + 1;
        const delayMs = event.retryAfterMs ?? retryDelayMs(attempt - 1, context.random);
        return to(
          { ...phase, renewing: false, attempt, problem: { failure: event.failure, retryAt: now + delayMs } },
          [{ type: 'setTimer', name: 'renew', delayMs }],
        );
      }
      if (phase.kind !== 'requesting' && phase.kind !== 'unavailable') return stay;
      const attempt = phase.kind === 'unavailable' ? phase.attempt + 1 : 1;
      const delayMs = event.retryAfterMs ?? retryDelayMs(attempt - 1, context.random);
      return to(
        { kind: 'unavailable', attempt, problem: { failure: event.failure, retryAt: now + delayMs } },
        [{ type: 'setTimer', name: 'retry', delayMs }],
      );
    }

    case 'pinPolled': {
      if (phase.kind !== 'waiting' || phase.pin.id !== event.pin.id) return stay;
      if (event.pin.authToken) {
        return to({ kind: 'confirming', token: event.pin.authToken, problem: null, attempt: 0 }, [
          { type: 'clearTimers' },
          { type: 'abortRequests' },
          { type: 'loadUser', token: event.pin.authToken },
        ]);
      }
      // Still pending. A long-poll answers late and we ask again at once; plex.tv answers at once and we wait a second.
      const delayMs = Math.max(0, POLL_INTERVAL_MS - (now - event.requestedAt));
      return to({ ...phase, problem: null, attempt: 0 }, [nextPoll(phase.pin, now, delayMs)]);
    }

    case 'pinPollFailed': {
      if (phase.kind !== 'waiting' || phase.pin.id !== event.pinId || event.failure === 'aborted')
        return stay;
      if (event.failure === 'not-found') {
        // Expired, denied on the phone, or forgotten by the server: the code is dead, get a fresh one.
        if (phase.renewing) return to({ kind: 'requesting' }, [{ type: 'clearTimers' }]);
        return requestCode();
      }
      const attempt = phase.attempt + 1;
      const delayMs = event.retryAfterMs ?? retryDelayMs(attempt - 1, context.random);
      return to({ ...phase, attempt, problem: { failure: event.failure, retryAt: now + delayMs } }, [
        { type: 'setTimer', name: 'poll', delayMs },
      ]);
    }

    case 'userLoaded':
      if (phase.kind !== 'confirming') return stay;
      return to({ kind: 'linked', token: phase.token, accountName: event.accountName }, [
        { type: 'setTimer', name: 'leave', delayMs: LINKED_MESSAGE_MS },
      ]);

    case 'userLoadFailed': {
      if (phase.kind !== 'confirming' || event.failure === 'aborted') return stay;
      if (event.failure === 'unauthorized') return requestCode();
      const attempt = phase.attempt + 1;
      const delayMs = event.retryAfterMs ?? retryDelayMs(attempt - 1, context.random);
      return to({ ...phase, attempt, problem: { failure: event.failure, retryAt: now + delayMs } }, [
        { type: 'setTimer', name: 'retry', delayMs },
      ]);
    }

    case 'timerFired':
      return onTimer(model, event.name, context, to, requestCode);

    case 'visibilityChanged': {
      if (event.visible === model.visible) return stay;
      if (!event.visible) {
        return {
          model: { ...model, visible: false },
          commands: [{ type: 'clearTimers' }, { type: 'abortRequests' }],
        };
      }
      return resume({ ...model, visible: true }, context);
    }
  }
}

function onTimer(
  model: ActivationModel,
  name: TimerName,
  context: ActivationContext,
  to: (next: ActivationPhase, commands?: ActivationCommand[]) => Transition,
  requestCode: () => Transition,
): Transition {
  const { phase } = model;
  const { now } = context;
  const stay: Transition = { model, commands: [] };
  switch (name) {
    case 'poll': {
      if (phase.kind !== 'waiting') return stay;
      // After a failure, ask for an instant answer: a held long-poll would hide for 25 s that the server is back.
      const waitSeconds = phase.problem ? 0 : pollWaitSeconds(phase.pin, now);
      return { model, commands: [{ type: 'pollPin', pinId: phase.pin.id, waitSeconds }] };
    }
    case 'retry':
      if (phase.kind === 'requesting' || phase.kind === 'unavailable')
        return { model, commands: [{ type: 'createPin' }] };
      if (phase.kind === 'confirming') return { model, commands: [{ type: 'loadUser', token: phase.token }] };
      return stay;
    case 'renew':
      return phase.kind === 'waiting' && !phase.renewing
        ? to({ ...phase, renewing: true }, [{ type: 'createPin' }])
        : stay;
    case 'expire':
      if (phase.kind !== 'waiting') return stay;
      // Never show a dead code as valid. A renewal already in flight will land in 'requesting'.
      return phase.renewing ? to({ kind: 'requesting' }) : requestCode();
    case 'leave':
      return phase.kind === 'linked'
        ? to({ kind: 'finished' }, [{ type: 'finish', token: phase.token, accountName: phase.accountName }])
        : stay;
  }
}

/** Back from hidden: check the code's expiry and poll at once, as if nothing was missed. */
function resume(model: ActivationModel, context: ActivationContext): Transition {
  const { phase } = model;
  const { now } = context;
  const requestCode: Transition = {
    model: { ...model, phase: { kind: 'requesting' } },
    commands: [{ type: 'createPin' }],
  };
  switch (phase.kind) {
    case 'requesting':
    case 'unavailable':
      return requestCode;
    case 'waiting':
      if (now >= phase.pin.expiresAt) return requestCode;
      return {
        model: { ...model, phase: { ...phase, renewing: false, problem: null } },
        commands: [
          ...codeTimers(phase.pin, now),
          { type: 'pollPin', pinId: phase.pin.id, waitSeconds: pollWaitSeconds(phase.pin, now) },
        ],
      };
    case 'confirming':
      return { model, commands: [{ type: 'loadUser', token: phase.token }] };
    case 'linked':
      return { model, commands: [{ type: 'setTimer', name: 'leave', delayMs: 0 }] };
    case 'finished':
      return { model, commands: [] };
  }
}

/** Renew a little before expiry (a tenth of the lifetime, at most 10 s) so a fresh code is ready in time. */
export function renewLeadMs(pin: ShownPin): number {
  return Math.min(10_000, pin.lifetimeMs / 10);
}

function codeTimers(pin: ShownPin, now: number): ActivationCommand[] {
  return [
    { type: 'setTimer', name: 'renew', delayMs: Math.max(0, pin.expiresAt - renewLeadMs(pin) - now) },
    { type: 'setTimer', name: 'expire', delayMs: Math.max(0, pin.expiresAt - now) },
  ];
}

function nextPoll(pin: ShownPin, now: number, delayMs: number): ActivationCommand {
  return delayMs > 0
    ? { type: 'setTimer', name: 'poll', delayMs }
    : { type: 'pollPin', pinId: pin.id, waitSeconds: pollWaitSeconds(pin, now) };
}

/** Hold a poll no longer than the code lives. */
function pollWaitSeconds(pin: ShownPin, now: number): number {
  return Math.max(0, Math.min(LONG_POLL_SECONDS, Math.floor((pin.expiresAt - now) / 1000)));
}

import { Cancellation } from '../../plex/cancellation';
import { isPlexRequestError, type PlexFailure } from '../../plex/errors';
import type { AbortSignalLike } from '../../plex/http';
import type { PlexPin, PlexUser } from '../../protocol/plex-account';
import type { Clock } from '../clock';
import { NamedTimers } from '../named-timers';
import {
  type ActivationCommand,
  type ActivationEvent,
  type ActivationModel,
  initialActivationModel,
  reduceActivation,
  type TimerName,
} from './activation-machine';

/** The account API calls activation needs (PlexAccountClient has them). */
export interface ActivationApi {
  createPin(signal?: AbortSignalLike): Promise<PlexPin>;
  getPin(id: number, options: { waitSeconds?: number; signal?: AbortSignalLike }): Promise<PlexPin>;
  getUser(token: string, signal?: AbortSignalLike): Promise<PlexUser>;
}

export interface ActivationControllerOptions {
  api: ActivationApi;
  clock: Clock;
  random?: () => number;
  onChange: (model: ActivationModel) => void;
  /** Linked, and the linked message has been shown: keep the session and go home. */
  onFinished: (token: string, accountName: string) => void;
}

/** Runs the activation machine: owns its timers and requests, feeds their outcomes back as events. */
export class ActivationController {
  private model: ActivationModel = initialActivationModel;
  private readonly timers: NamedTimers<TimerName>;
  private requests: Cancellation[] = [];
  private stopped = false;

  constructor(private readonly options: ActivationControllerOptions) {
    this.timers = new NamedTimers(options.clock);
  }

  get current(): ActivationModel {
    return this.model;
  }

  start(visible: boolean): void {
    if (!visible) this.model = { ...this.model, visible: false };
    this.dispatch({ type: 'started' });
  }

  setVisible(visible: boolean): void {
    this.dispatch({ type: 'visibilityChanged', visible });
  }

  requestNewCode(): void {
    this.dispatch({ type: 'newCodeRequested' });
  }

  /** Leaves the screen: nothing may run afterwards. */
  stop(): void {
    this.stopped = true;
    this.timers.clearAll();
    this.abortRequests();
  }

  dispatch(event: ActivationEvent): void {
    if (this.stopped) return;
    const { model, commands } = reduceActivation(this.model, event, {
      now: this.options.clock.now(),
      random: this.options.random ?? Math.random,
    });
    const changed = model !== this.model;
    this.model = model;
    if (changed) this.options.onChange(model);
    for (const command of commands) this.run(command);
  }

  private run(command: ActivationCommand): void {
    const { api, clock } = this.options;
    switch (command.type) {
      case 'createPin': {
        const requestedAt = clock.now();
        this.request(
          (signal) => api.createPin(signal),
          (pin) => ({ type: 'pinCreated', pin, requestedAt }),
          (failure, retryAfterMs) => ({ type: 'pinRequestFailed', failure, retryAfterMs }),
        );
        return;
      }
      case 'pollPin': {
        const requestedAt = clock.now();
        const { pinId, waitSeconds } = command;
        this.request(
          (signal) => api.getPin(pinId, { waitSeconds, signal }),
          (pin) => ({ type: 'pinPolled', pin, requestedAt }),
          (failure, retryAfterMs) => ({ type: 'pinPollFailed', pinId, failure, retryAfterMs }),
        );
        return;
      }
      case 'loadUser':
        this.request(
          (signal) => api.getUser(command.token, signal),
          (user) => ({ type: 'userLoaded', accountName: user.title || user.username }),
          (failure, retryAfterMs) => ({ type: 'userLoadFailed', failure, retryAfterMs }),
        );
        return;
      case 'setTimer':
        this.timers.set(command.name, command.delayMs, (name) => this.dispatch({ type: 'timerFired', name }));
        return;
      case 'clearTimers':
        this.timers.clearAll();
        return;
      case 'abortRequests':
        this.abortRequests();
        return;
      case 'finish':
        this.options.onFinished(command.token, command.accountName);
        return;
    }
  }

  /** Starts a request whose outcome becomes an event, unless it was aborted first. */
  private request<T>(
    send: (signal: AbortSignalLike) => Promise<T>,
    succeeded: (value: T) => ActivationEvent,
    failed: (failure: PlexFailure, retryAfterMs: number | null) => ActivationEvent,
  ): void {
    const cancellation = new Cancellation();
    this.requests.push(cancellation);
    const settle = (event: ActivationEvent) => {
      this.requests = this.requests.filter((request) => request !== cancellation);
      if (!cancellation.signal.aborted) this.dispatch(event);
    };
    send(cancellation.signal).then(
      (value) => settle(succeeded(value)),
      (error: unknown) =>
        settle(
          isPlexRequestError(error)
            ? failed(error.failure, error.retryAfterMs)
            : failed('bad-response', null),
        ),
    );
  }

  private abortRequests(): void {
    const requests = this.requests;
    this.requests = [];
    for (const request of requests) request.cancel();
  }
}

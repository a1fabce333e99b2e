import { describe, expect, it } from 'vitest';
import type { RemoteCommand } from '../../src/tv/platform/platform';
import {
  initialPlayerModel,
  type PlayerCommand,
  type PlayerEvent,
  type PlayerModel,
  type PlayerOptions,
  reducePlayer,
} from '../../src/tv/player/player-machine';

/** Feeds events at given times and keeps every command, like the controller would. */
class Session {
  model: PlayerModel = initialPlayerModel;
  commands: PlayerCommand[] = [];
  now = 0;
  constructor(private readonly options: PlayerOptions = { hasNext: false, leaveWhenHidden: false }) {}

  send(event: PlayerEvent, at = this.now): PlayerCommand[] {
    this.now = at;
    const { model, commands } = reducePlayer(this.model, event, this.now, this.options);
    this.model = model;
    this.commands.push(...commands);
    return commands;
  }
  key(command: RemoteCommand, at = this.now, repeat = false) {
    return this.send({ type: 'keyDown', command, repeat }, at);
  }
  of<T extends PlayerCommand['type']>(type: T, list = this.commands) {
    return list.filter((command): command is Extract<PlayerCommand, { type: T }> => command.type === type);
  }
}

function playing(options?: PlayerOptions, durationMs = 600_000): Session {
  const session = new Session(options);
  session.send({ type: 'loaded', durationMs });
  session.send({ type: 'playing' });
  return session;
}

describe('player machine', () => {
  it('reports each state change once and every 10 s while it plays', () => {
    const session = playing();
    expect(session.of('report')).toEqual([
      { type: 'report', state: 'playing', positionMs: 0, durationMs: 600_000 },
    ]);
    expect(session.of('setTimer').map((timer) => timer.name)).toContain('report');

    session.send({ type: 'progressed', positionMs: 10_000 }, 10_000);
    const periodic = session.send({ type: 'timerFired', name: 'report' }, 10_000);
    expect(session.of('report', periodic)).toEqual([
      { type: 'report', state: 'playing', positionMs: 10_000, durationMs: 600_000 },
    ]);
    expect(periodic).toContainEqual({ type: 'setTimer', name: 'report', delayMs: 10_000 });

    session.send({ type: 'playing' }); // no change: nothing new to say
    expect(session.of('report')).toHaveLength(2);
    const paused = session.send({ type: 'paused' });
    expect(session.of('report', paused)[0].state).toBe('paused');
  });

  it('OK and Play/Pause toggle; Play and Pause are explicit', () => {
    const session = playing();
    expect(session.of('pause', session.key('Ok'))).toHaveLength(1);
    session.send({ type: 'paused' });
    expect(session.of('play', session.key('PlayPause'))).toHaveLength(1);
    expect(session.of('pause', session.key('Pause'))).toHaveLength(1);
    expect(session.of('play', session.key('Play'))).toHaveLength(1);
  });

  it('Left/Right seek 10 s, never before the start or past the end', () => {
    const session = playing(undefined, 60_000);
    session.send({ type: 'progressed', positionMs: 5_000 });
    expect(session.of('seek', session.key('Left'))).toEqual([{ type: 'seek', positionMs: 0 }]);
    session.send({ type: 'progressed', positionMs: 55_000 });
    expect(session.of('seek', session.key('Right'))).toEqual([{ type: 'seek', positionMs: 60_000 }]);
    session.send({ type: 'progressed', positionMs: 20_000 });
    expect(session.of('seek', session.key('FastForward'))).toEqual([{ type: 'seek', positionMs: 50_000 }]);
  });

  it('holding Right scrubs faster the longer it is held, and jumps once on release', () => {
    const session = playing();
    session.key('Right', 0); // first press: +10 s at once
    expect(session.model.positionMs).toBe(10_000);
    const held = [100, 200, 1_000, 1_600, 2_000, 4_100];
    for (const at of held) expect(session.of('seek', session.key('Right', at, true))).toEqual([]);
    // 10 s steps for 1.5 s, then 30 s, then 60 s per repeat.
    expect(session.model.scrub?.targetMs).toBe(10_000 + 3 * 10_000 + 2 * 30_000 + 60_000);
    expect(session.model.controlsUntil).not.toBeNull();

    const released = session.send({ type: 'keyUp', command: 'Right' }, 4_200);
    expect(session.of('seek', released)).toEqual([{ type: 'seek', positionMs: 160_000 }]);
    expect(session.model.scrub).toBeNull();
  });

  it('scrobbles once, at 90 %', () => {
    const session = playing(undefined, 100_000);
    session.send({ type: 'progressed', positionMs: 89_999 });
    expect(session.of('scrobble')).toHaveLength(0);
    session.send({ type: 'progressed', positionMs: 90_000 });
    session.send({ type: 'progressed', positionMs: 95_000 });
    session.send({ type: 'ended' });
    expect(session.of('scrobble')).toHaveLength(1);
  });

  it('Back saves the position (clamped to the duration) and leaves', () => {
    const session = playing(undefined, 100_000);
    session.send({ type: 'progressed', positionMs: 100_400 });
    const back = session.key('Back');
    expect(back.map((command) => command.type)).toEqual(['report', 'clearTimer', 'clearTimer', 'leave']);
    expect(session.of('report', back)[0]).toEqual({
      type: 'report',
      state: 'stopped',
      positionMs: 100_000,
      durationMs: 100_000,
    });
  });

  it('counts down to the next episode; Back cancels the countdown, a second Back leaves', () => {
    const session = playing({ hasNext: true, leaveWhenHidden: false });
    session.send({ type: 'ended' }, 1_000);
    expect(session.model.nextUpAt).toBe(11_000);
    expect(session.of('leave')).toHaveLength(0);
    session.key('Back', 2_000);
    expect(session.model.nextUpAt).toBeNull();
    session.send({ type: 'timerFired', name: 'nextUp' }, 11_000);
    expect(session.of('playNext')).toHaveLength(0);
    session.key('Back');
    expect(session.of('leave')).toHaveLength(1);
  });

  it('starts the next episode when the countdown ends', () => {
    const session = playing({ hasNext: true, leaveWhenHidden: false });
    session.send({ type: 'ended' }, 1_000);
    session.send({ type: 'timerFired', name: 'nextUp' }, 11_000);
    expect(session.of('playNext')).toHaveLength(1);
  });

  it('leaves at the end when nothing follows', () => {
    const session = playing();
    session.send({ type: 'ended' });
    expect(session.of('leave')).toHaveLength(1);
  });

  it('hidden: pauses and saves, or leaves where the platform says so (Samsung)', () => {
    const browser = playing();
    browser.send({ type: 'progressed', positionMs: 42_000 });
    const hidden = browser.send({ type: 'hidden' });
    expect(hidden.map((command) => command.type)).toEqual(['pause', 'report', 'setTimer']);
    expect(browser.of('report', hidden)[0]).toMatchObject({ state: 'paused', positionMs: 42_000 });

    const tizen = playing({ hasNext: false, leaveWhenHidden: true });
    expect(tizen.of('leave', tizen.send({ type: 'hidden' }))).toHaveLength(1);
  });

  it('hides the controls after 5 s of playing, but keeps them while paused', () => {
    const session = playing();
    session.key('Right', 1_000);
    session.send({ type: 'timerFired', name: 'controls' }, 5_999);
    expect(session.model.controlsUntil).not.toBeNull();
    session.send({ type: 'timerFired', name: 'controls' }, 6_000);
    expect(session.model.controlsUntil).toBeNull();

    session.key('Ok', 7_000);
    session.send({ type: 'paused' }, 7_000);
    session.send({ type: 'timerFired', name: 'controls' }, 20_000);
    expect(session.model.controlsUntil).not.toBeNull();
  });

  it('a failure stops reporting and ignores playback keys, but Back still leaves', () => {
    const session = playing();
    const failed = session.send({ type: 'failed', message: 'This format cannot be played' });
    expect(session.of('report', failed)[0].state).toBe('stopped');
    expect(failed).toContainEqual({ type: 'clearTimer', name: 'report' });
    expect(session.key('Ok')).toEqual([]);
    // The <video> pausing after its error changes nothing: the failure stays on screen.
    expect(session.send({ type: 'paused' })).toEqual([]);
    expect(session.model.status).toBe('failed');
    expect(session.of('leave', session.key('Back'))).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  type ArrowDirection,
  createArrowPacer,
  HELD_ACCELERATION_MS,
} from '../../src/tv/navigation/arrow-pacer';

// The arrow pacer with a fake clock and fake frames: one move per frame, presses never dropped, a held
// key's repeats coalesced, every-frame moves after about a second, nothing after release.

function pacerWithFakes() {
  let now = 0;
  let frames: (() => void)[] = [];
  const moves: ArrowDirection[] = [];
  const pacer = createArrowPacer({
    move: (direction) => moves.push(direction),
    now: () => now,
    requestFrame: (callback) => frames.push(callback),
  });
  return {
    pacer,
    moves,
    advance(ms: number) {
      now += ms;
    },
    frame() {
      const due = frames;
      frames = [];
      for (const callback of due) callback();
    },
    pendingFrames: () => frames.length,
  };
}

describe('arrow pacer', () => {
  it('every separate press moves at once, even several in one frame: none is dropped or delayed', () => {
    const t = pacerWithFakes();
    for (const direction of ['down', 'down', 'left'] as const) {
      t.pacer.keyDown(direction, false);
      t.pacer.keyUp(direction);
    }
    expect(t.moves).toEqual(['down', 'down', 'left']);
    t.frame();
    expect(t.moves).toEqual(['down', 'down', 'left']);
  });

  it('coalesces the repeats of a held key into one waiting move, and drops it on release', () => {
    const t = pacerWithFakes();
    t.pacer.keyDown('down', false);
    t.pacer.keyDown('down', true);
    t.pacer.keyDown('down', true);
    t.pacer.keyDown('down', true);
    expect(t.moves).toHaveLength(1);
    t.frame();
    expect(t.moves).toHaveLength(2);
    t.pacer.keyDown('down', true);
    t.pacer.keyDown('down', true);
    t.pacer.keyUp('down');
    t.frame();
    t.frame();
    expect(t.moves).toHaveLength(2);
  });

  it('held past the acceleration delay, moves every frame until release, then stops', () => {
    const t = pacerWithFakes();
    t.pacer.keyDown('down', false);
    t.frame();
    t.pacer.keyDown('down', true);
    t.frame();
    t.advance(HELD_ACCELERATION_MS);
    const before = t.moves.length;
    t.frame();
    t.frame();
    t.frame();
    expect(t.moves.length - before).toBe(3);
    t.pacer.keyDown('down', true); // repeats add nothing once every frame moves
    t.frame();
    expect(t.moves.length - before).toBe(4);
    t.pacer.keyUp('down');
    t.frame();
    t.frame();
    expect(t.moves.length - before).toBe(4);
    expect(t.pendingFrames()).toBe(0);
  });

  it('before the delay a held key without repeats does not move by itself', () => {
    const t = pacerWithFakes();
    t.pacer.keyDown('down', false);
    t.advance(HELD_ACCELERATION_MS / 2);
    t.frame();
    t.frame();
    expect(t.moves).toEqual(['down']);
  });

  it('a press whose keyup comes over a second late (a stalled TV) moves once: no repeat came, so it is not held', () => {
    const t = pacerWithFakes();
    t.pacer.keyDown('down', false);
    t.advance(HELD_ACCELERATION_MS * 2);
    t.frame();
    t.frame();
    t.pacer.keyUp('down');
    t.frame();
    expect(t.moves).toEqual(['down']);
  });
});

// Paces the D-pad's arrow keys. A remote repeats a held key every 40–60 ms, faster than a slow TV can
// move focus, so: a separate press always moves at once (none is dropped, none waits behind another);
// the repeats of a held key move at most once per frame and coalesce into at most one waiting move (no
// backlog builds up); after the key has been held about a second, and is repeating, focus moves once every
// frame (accelerating); on release nothing that was waiting for the held key runs, so focus stops where it is.
// A press whose keyup is late (a busy TV stalls for a second) sends no repeats, so it moves once only.

export type ArrowDirection = 'up' | 'down' | 'left' | 'right';

/** Held this long, a key moves focus every frame rather than once per repeat. */
export const HELD_ACCELERATION_MS = 1000;

export interface ArrowPacerDeps {
  move(direction: ArrowDirection): void;
  now(): number;
  requestFrame(callback: () => void): void;
}

export interface ArrowPacer {
  /** `repeat`: the event is the key's auto-repeat (KeyboardEvent.repeat). */
  keyDown(direction: ArrowDirection, repeat: boolean): void;
  keyUp(direction: ArrowDirection): void;
}

export function createArrowPacer(deps: ArrowPacerDeps): ArrowPacer {
  /** A move has run since the last frame started. */
  let movedThisFrame = false;
  let frameRequested = false;
  let held: { direction: ArrowDirection; since: number; repeatWaiting: boolean; repeating: boolean } | null =
    null;

  function nextFrame(): void {
    if (frameRequested) return;
    frameRequested = true;
    deps.requestFrame(onFrame);
  }

  function move(direction: ArrowDirection): void {
    movedThisFrame = true;
    nextFrame();
    deps.move(direction);
  }

  /** Held long enough to accelerate: only a key that auto-repeats is held (a late keyup is not). */
  function heldLongEnough(): boolean {
    return held?.repeating === true && deps.now() - held.since >= HELD_ACCELERATION_MS;
  }

  function onFrame(): void {
    frameRequested = false;
    movedThisFrame = false;
    if (held && (held.repeatWaiting || heldLongEnough())) {
      held.repeatWaiting = false;
      move(held.direction);
    }
    // Keep ticking while a key is held (to accelerate).
    if (held) nextFrame();
  }

  return {
    keyDown(direction, repeat) {
      if (repeat && held && held.direction === direction) {
        held.repeating = true;
        if (heldLongEnough()) return; // the frame loop moves every frame now
        if (!movedThisFrame) move(direction);
        else held.repeatWaiting = true;
        return;
      }
      held = { direction, since: deps.now(), repeatWaiting: false, repeating: false };
      move(direction);
    },
    keyUp(direction) {
      if (held && held.direction === direction) held = null;
    },
  };
}

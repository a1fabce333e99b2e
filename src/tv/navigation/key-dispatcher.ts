import type { Platform, RemoteCommand } from '../platform/platform';
import type { ArrowDirection, ArrowPacer } from './arrow-pacer';

// The one place remote keys are interpreted. Arrows go to the arrow pacer (arrow-pacer.ts: one move per
// frame, held keys without overshoot), which moves focus; OK inside a grid or row of cards opens the item
// that shows focus (index-regions.ts), elsewhere Norigin handles OK itself (its key map holds only 37–40 and
// 13, see spatial-navigation.ts). This handles Back (overlay → screen stack → exit) and
// passes media keys to whoever listens (the player, later).

export type MediaCommand = Exclude<RemoteCommand, 'Up' | 'Down' | 'Left' | 'Right' | 'Ok' | 'Back'>;
export type MediaCommandListener = (command: MediaCommand) => void;

/**
 * A screen that takes every remote key while it is up (the player: arrows seek, OK pauses, Back stops).
 * Gets key-downs and key-ups; returns true for a key it handled, which then reaches nobody else.
 */
export type KeyOwner = (command: RemoteCommand, phase: 'down' | 'up', repeat: boolean) => boolean;

/** The parts of a KeyboardEvent the dispatcher reads, so tests can pass plain objects. */
export interface KeyEventLike {
  keyCode: number;
  key?: string;
  repeat?: boolean;
  target: EventTarget | null;
  preventDefault(): void;
  stopPropagation?(): void;
}

export interface KeyDispatcherDeps {
  commandForKey(event: { keyCode: number; key?: string }): RemoteCommand | null;
  isTextEntryTarget(target: EventTarget | null): boolean;
  platform: Pick<Platform, 'confirmsExit' | 'exit'>;
  /** Closes the topmost overlay or dialog; false when none is open. */
  closeOverlay(): boolean;
  /** Pops the screen stack; false at the root. */
  back(): boolean;
  showExitDialog(): void;
  /** Takes the arrow keys (not in a text field, not claimed by an owner); without it Norigin gets them. */
  arrows?: ArrowPacer;
  /**
   * OK while focus is in an index region (a grid, a row of cards): opens the item that shows focus and
   * returns true; false leaves OK to Norigin.
   */
  enterInRegion?(): boolean;
}

export interface KeyDispatcher {
  /** Returns true when the key was consumed. */
  handleKeyDown(event: KeyEventLike): boolean;
  handleKeyUp(event: KeyEventLike): boolean;
  onMediaCommand(listener: MediaCommandListener): () => void;
  /** Gives every key to `owner` until the returned release is called (the newest claim wins). */
  claimKeys(owner: KeyOwner): () => void;
  /** Listens on `target` (window) in the capture phase; returns the detach function. */
  attach(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void;
}

const MEDIA_COMMANDS: RemoteCommand[] = ['PlayPause', 'Play', 'Pause', 'Stop', 'Rewind', 'FastForward'];

const ARROW_DIRECTIONS: Partial<Record<RemoteCommand, ArrowDirection>> = {
  Up: 'up',
  Down: 'down',
  Left: 'left',
  Right: 'right',
};

function isMediaCommand(command: RemoteCommand): command is MediaCommand {
  return MEDIA_COMMANDS.indexOf(command) >= 0;
}

export function createKeyDispatcher(deps: KeyDispatcherDeps): KeyDispatcher {
  let mediaListeners: MediaCommandListener[] = [];
  let owners: KeyOwner[] = [];

  /** Offers the key to the owner, if any; a handled key goes no further (not to Norigin either). */
  function offerToOwner(event: KeyEventLike, command: RemoteCommand | null, phase: 'down' | 'up'): boolean {
    const owner = owners[owners.length - 1];
    if (!owner || !command || deps.isTextEntryTarget(event.target)) return false;
    if (!owner(command, phase, !!event.repeat)) return false;
    event.preventDefault();
    event.stopPropagation?.();
    return true;
  }

  function handleBack(event: KeyEventLike): boolean {
    // Backspace deletes text in a field; any other Back key (Escape, 10009, 461) still goes back.
    if (isBackspace(event) && deps.isTextEntryTarget(event.target)) return false;
    // Browsers navigate on Backspace, webOS may map Back to history: the app owns Back.
    event.preventDefault();
    // Holding Back must not unwind the whole stack.
    if (event.repeat) return true;
    if (deps.closeOverlay()) return true;
    if (deps.back()) return true;
    if (deps.platform.confirmsExit) deps.showExitDialog();
    else deps.platform.exit();
    return true;
  }

  function handleKeyDown(event: KeyEventLike): boolean {
    const command = deps.commandForKey({ keyCode: event.keyCode, key: event.key });
    if (offerToOwner(event, command, 'down')) return true;
    if (command === 'Back') return handleBack(event);
    const direction = command ? ARROW_DIRECTIONS[command] : undefined;
    if (direction && deps.arrows && !deps.isTextEntryTarget(event.target)) {
      // Stopped here (capture phase on window), so Norigin's own listener never sees it.
      event.preventDefault();
      event.stopPropagation?.();
      deps.arrows.keyDown(direction, !!event.repeat);
      return true;
    }
    // A held OK's repeats stay Norigin's (throttled there), as before regions handled OK.
    const firstOk = command === 'Ok' && !event.repeat && !deps.isTextEntryTarget(event.target);
    if (firstOk && deps.enterInRegion?.()) {
      // Opened by the region; Norigin's listener must not open anything as well.
      event.preventDefault();
      event.stopPropagation?.();
      return true;
    }
    // OK is Norigin's (and arrows, without a pacer); anything else unknown passes through.
    if (!command || !isMediaCommand(command)) return false;
    // Space (play/pause in a browser) must still type in a text field.
    if (deps.isTextEntryTarget(event.target)) return false;
    if (mediaListeners.length === 0) return false;
    event.preventDefault();
    for (const listener of mediaListeners.slice()) listener(command);
    return true;
  }

  function handleKeyUp(event: KeyEventLike): boolean {
    const command = deps.commandForKey({ keyCode: event.keyCode, key: event.key });
    if (offerToOwner(event, command, 'up')) return true;
    const direction = command ? ARROW_DIRECTIONS[command] : undefined;
    if (direction && deps.arrows && !deps.isTextEntryTarget(event.target)) {
      // The pacer had the keydown, so nobody else needs the keyup (Norigin never saw the press).
      event.stopPropagation?.();
      deps.arrows.keyUp(direction);
      return true;
    }
    return false;
  }

  return {
    handleKeyDown,
    handleKeyUp,
    claimKeys(owner) {
      owners = [...owners, owner];
      return () => {
        owners = owners.filter((candidate) => candidate !== owner);
      };
    },
    onMediaCommand(listener) {
      mediaListeners = [...mediaListeners, listener];
      return () => {
        mediaListeners = mediaListeners.filter((candidate) => candidate !== listener);
      };
    },
    attach(target) {
      const onDown = (event: Event) => {
        handleKeyDown(event as KeyboardEvent);
      };
      const onUp = (event: Event) => {
        handleKeyUp(event as KeyboardEvent);
      };
      target.addEventListener('keydown', onDown, true);
      target.addEventListener('keyup', onUp, true);
      return () => {
        target.removeEventListener('keydown', onDown, true);
        target.removeEventListener('keyup', onUp, true);
      };
    },
  };
}

function isBackspace(event: KeyEventLike): boolean {
  return event.keyCode === 8 || event.key === 'Backspace';
}

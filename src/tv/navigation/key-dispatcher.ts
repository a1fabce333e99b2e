import type { Platform, RemoteCommand } from '../platform/platform';

// The one place remote keys are interpreted. Norigin handles arrows and OK itself (its key map holds only
// 37–40 and 13, see spatial-navigation.ts); this handles Back (overlay → screen stack → exit) and passes
// media keys to whoever listens (the player, later).

export type MediaCommand = Exclude<RemoteCommand, 'Up' | 'Down' | 'Left' | 'Right' | 'Ok' | 'Back'>;
export type MediaCommandListener = (command: MediaCommand) => void;

/** The parts of a KeyboardEvent the dispatcher reads, so tests can pass plain objects. */
export interface KeyEventLike {
  keyCode: number;
  key?: string;
  repeat?: boolean;
  target: EventTarget | null;
  preventDefault(): void;
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
}

export interface KeyDispatcher {
  /** Returns true when the key was consumed. */
  handleKeyDown(event: KeyEventLike): boolean;
  onMediaCommand(listener: MediaCommandListener): () => void;
  /** Listens on `target` (window) in the capture phase; returns the detach function. */
  attach(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void;
}

const MEDIA_COMMANDS: RemoteCommand[] = ['PlayPause', 'Play', 'Pause', 'Stop', 'Rewind', 'FastForward'];

function isMediaCommand(command: RemoteCommand): command is MediaCommand {
  return MEDIA_COMMANDS.indexOf(command) >= 0;
}

export function createKeyDispatcher(deps: KeyDispatcherDeps): KeyDispatcher {
  let mediaListeners: MediaCommandListener[] = [];

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
    if (command === 'Back') return handleBack(event);
    // Arrows and OK are Norigin's; anything else unknown passes through.
    if (!command || !isMediaCommand(command)) return false;
    // Space (play/pause in a browser) must still type in a text field.
    if (deps.isTextEntryTarget(event.target)) return false;
    if (mediaListeners.length === 0) return false;
    event.preventDefault();
    for (const listener of mediaListeners.slice()) listener(command);
    return true;
  }

  return {
    handleKeyDown,
    onMediaCommand(listener) {
      mediaListeners = [...mediaListeners, listener];
      return () => {
        mediaListeners = mediaListeners.filter((candidate) => candidate !== listener);
      };
    },
    attach(target) {
      const listener = (event: Event) => {
        handleKeyDown(event as KeyboardEvent);
      };
      target.addEventListener('keydown', listener, true);
      return () => target.removeEventListener('keydown', listener, true);
    },
  };
}

function isBackspace(event: KeyEventLike): boolean {
  return event.keyCode === 8 || event.key === 'Backspace';
}

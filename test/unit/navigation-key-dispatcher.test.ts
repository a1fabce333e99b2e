import { describe, expect, it, vi } from 'vitest';
import {
  createKeyDispatcher,
  type KeyDispatcherDeps,
  type KeyEventLike,
} from '../../src/tv/navigation/key-dispatcher';
import { commandForKey, isTextEntryTarget } from '../../src/tv/platform/key-map';

function setup(overrides: Partial<KeyDispatcherDeps> = {}, state = { overlay: false, depth: 1 }) {
  const calls: string[] = [];
  const deps: KeyDispatcherDeps = {
    commandForKey,
    isTextEntryTarget,
    platform: { confirmsExit: false, exit: () => calls.push('exit') },
    closeOverlay: () => {
      if (!state.overlay) return false;
      state.overlay = false;
      calls.push('closeOverlay');
      return true;
    },
    back: () => {
      if (state.depth <= 1) return false;
      state.depth--;
      calls.push('back');
      return true;
    },
    showExitDialog: () => {
      state.overlay = true;
      calls.push('showExitDialog');
    },
    ...overrides,
  };
  return { dispatcher: createKeyDispatcher(deps), calls, state };
}

function key(keyCode: number, extra: Partial<KeyEventLike> = {}) {
  return { keyCode, target: null, preventDefault: vi.fn(), ...extra };
}

const ESCAPE = 27;
const BACKSPACE = 8;
const TIZEN_BACK = 10009;
const WEBOS_BACK = 461;

describe('key dispatcher', () => {
  it('Back with screens to pop goes back one screen and prevents the browser default', () => {
    const { dispatcher, calls } = setup({}, { overlay: false, depth: 2 });
    const event = key(TIZEN_BACK);
    expect(dispatcher.handleKeyDown(event)).toBe(true);
    expect(calls).toEqual(['back']);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('Back at the root exits directly when the platform does not confirm exits', () => {
    const { dispatcher, calls } = setup();
    dispatcher.handleKeyDown(key(WEBOS_BACK));
    expect(calls).toEqual(['exit']);
  });

  it('Back at the root asks "Exit Marquee?" when the platform confirms exits; Back again closes it', () => {
    const { dispatcher, calls } = setup({
      platform: { confirmsExit: true, exit: () => calls.push('exit') },
    });
    dispatcher.handleKeyDown(key(TIZEN_BACK));
    expect(calls).toEqual(['showExitDialog']);
    dispatcher.handleKeyDown(key(TIZEN_BACK));
    expect(calls).toEqual(['showExitDialog', 'closeOverlay']);
  });

  it('Back with a dialog open closes the dialog and leaves the stack alone', () => {
    const { dispatcher, calls, state } = setup({}, { overlay: true, depth: 3 });
    dispatcher.handleKeyDown(key(ESCAPE));
    expect(calls).toEqual(['closeOverlay']);
    expect(state.depth).toBe(3);
  });

  it('ignores Backspace in a text field (it deletes text there) but not Escape', () => {
    const { dispatcher, calls } = setup({}, { overlay: false, depth: 2 });
    const input = { tagName: 'INPUT', type: 'text' } as unknown as EventTarget;
    const backspace = key(BACKSPACE, { key: 'Backspace', target: input });
    expect(dispatcher.handleKeyDown(backspace)).toBe(false);
    expect(backspace.preventDefault).not.toHaveBeenCalled();
    expect(calls).toEqual([]);

    dispatcher.handleKeyDown(key(ESCAPE, { target: input }));
    expect(calls).toEqual(['back']);
  });

  it('Backspace outside a text field is Back', () => {
    const { dispatcher, calls } = setup({}, { overlay: false, depth: 2 });
    const event = key(BACKSPACE, { target: { tagName: 'DIV' } as unknown as EventTarget });
    dispatcher.handleKeyDown(event);
    expect(calls).toEqual(['back']);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('a held Back (key repeat) does not unwind the whole stack', () => {
    const { dispatcher, calls } = setup({}, { overlay: false, depth: 3 });
    dispatcher.handleKeyDown(key(TIZEN_BACK));
    const repeat = key(TIZEN_BACK, { repeat: true });
    dispatcher.handleKeyDown(repeat);
    expect(calls).toEqual(['back']);
    expect(repeat.preventDefault).toHaveBeenCalled();
  });

  it('leaves arrows and OK to Norigin', () => {
    const { dispatcher, calls } = setup({}, { overlay: true, depth: 2 });
    for (const code of [37, 38, 39, 40, 13]) {
      const event = key(code);
      expect(dispatcher.handleKeyDown(event)).toBe(false);
      expect(event.preventDefault).not.toHaveBeenCalled();
    }
    expect(calls).toEqual([]);
  });

  it('publishes media commands to subscribers until they unsubscribe', () => {
    const { dispatcher } = setup();
    const heard: string[] = [];
    const unsubscribe = dispatcher.onMediaCommand((command) => heard.push(command));
    const playPause = key(10252);
    expect(dispatcher.handleKeyDown(playPause)).toBe(true);
    expect(playPause.preventDefault).toHaveBeenCalled();
    dispatcher.handleKeyDown(key(413));
    expect(heard).toEqual(['PlayPause', 'Stop']);

    unsubscribe();
    expect(dispatcher.handleKeyDown(key(415))).toBe(false);
    expect(heard).toEqual(['PlayPause', 'Stop']);
  });

  it('lets Space type in a text field instead of toggling playback', () => {
    const { dispatcher } = setup();
    const heard: string[] = [];
    dispatcher.onMediaCommand((command) => heard.push(command));
    const input = { tagName: 'INPUT', type: 'search' } as unknown as EventTarget;
    expect(dispatcher.handleKeyDown(key(32, { key: ' ', target: input }))).toBe(false);
    expect(heard).toEqual([]);
  });

  it('attaches capture-phase keydown and keyup listeners and detaches them', () => {
    const { dispatcher, calls } = setup({}, { overlay: false, depth: 2 });
    const listeners: { type: string; listener: (event: Event) => void; capture: unknown }[] = [];
    const target = {
      addEventListener: (type: string, listener: (event: Event) => void, capture: unknown) =>
        listeners.push({ type, listener, capture }),
      removeEventListener: (type: string, listener: (event: Event) => void) => {
        const index = listeners.findIndex((entry) => entry.type === type && entry.listener === listener);
        if (index >= 0) listeners.splice(index, 1);
      },
    } as unknown as Window;
    const detach = dispatcher.attach(target);
    expect(listeners.map((entry) => [entry.type, entry.capture])).toEqual([
      ['keydown', true],
      ['keyup', true],
    ]);
    listeners[0].listener(key(ESCAPE) as unknown as Event);
    expect(calls).toEqual(['back']);
    detach();
    expect(listeners).toHaveLength(0);
  });

  it('a key owner (the player) gets every key, down and up, before Back handling and Norigin', () => {
    const { dispatcher, calls } = setup({}, { overlay: false, depth: 2 });
    const heard: string[] = [];
    const release = dispatcher.claimKeys((command, phase, repeat) => {
      heard.push(`${command}:${phase}${repeat ? ':repeat' : ''}`);
      return command !== 'Up'; // a key the owner leaves alone goes on as usual
    });
    const right = key(39, { stopPropagation: vi.fn() });
    expect(dispatcher.handleKeyDown(right)).toBe(true);
    expect(right.preventDefault).toHaveBeenCalled();
    expect(right.stopPropagation).toHaveBeenCalled(); // Norigin, listening later on window, never sees it
    dispatcher.handleKeyDown(key(39, { repeat: true }));
    dispatcher.handleKeyUp(key(39));
    dispatcher.handleKeyDown(key(TIZEN_BACK));
    expect(calls).toEqual([]); // Back was the player's: no screen popped
    expect(dispatcher.handleKeyDown(key(38))).toBe(false);
    expect(heard).toEqual(['Right:down', 'Right:down:repeat', 'Right:up', 'Back:down', 'Up:down']);

    release();
    dispatcher.handleKeyDown(key(TIZEN_BACK));
    expect(calls).toEqual(['back']);
    expect(heard).toHaveLength(5);
  });
  it('arrows go to the arrow pacer (with their repeat flag) and stop there; keyup reaches it too', () => {
    const seen: string[] = [];
    const { dispatcher } = setup({
      arrows: {
        keyDown: (direction, repeat) => seen.push(`down:${direction}:${repeat}`),
        keyUp: (direction) => seen.push(`up:${direction}`),
      },
    });
    const press = { ...key(40), stopPropagation: vi.fn() };
    expect(dispatcher.handleKeyDown(press)).toBe(true);
    expect(press.preventDefault).toHaveBeenCalled();
    expect(press.stopPropagation).toHaveBeenCalled();
    dispatcher.handleKeyDown(key(37, { repeat: true }));
    const release = { ...key(37), stopPropagation: vi.fn() };
    expect(dispatcher.handleKeyUp(release)).toBe(true);
    expect(release.stopPropagation).toHaveBeenCalled();
    expect(seen).toEqual(['down:down:false', 'down:left:true', 'up:left']);
  });

  it('arrows in a text field, or claimed by a key owner, never reach the arrow pacer', () => {
    const seen: string[] = [];
    const { dispatcher } = setup({
      arrows: { keyDown: (direction) => seen.push(direction), keyUp: () => {} },
    });
    const input = { tagName: 'INPUT', type: 'text' } as unknown as EventTarget;
    expect(dispatcher.handleKeyDown(key(39, { target: input }))).toBe(false);
    const release = dispatcher.claimKeys(() => true);
    expect(dispatcher.handleKeyDown(key(39))).toBe(true);
    release();
    expect(seen).toEqual([]);
  });

  it("OK inside an index region opens there and stops; elsewhere, or in a text field, it is Norigin's", () => {
    let inRegion = true;
    const opened: string[] = [];
    const { dispatcher } = setup({
      enterInRegion: () => {
        if (!inRegion) return false;
        opened.push('region');
        return true;
      },
    });
    const press = { ...key(13), stopPropagation: vi.fn() };
    expect(dispatcher.handleKeyDown(press)).toBe(true);
    expect(press.preventDefault).toHaveBeenCalled();
    expect(press.stopPropagation).toHaveBeenCalled();
    const input = { tagName: 'INPUT', type: 'text' } as unknown as EventTarget;
    expect(dispatcher.handleKeyDown(key(13, { target: input }))).toBe(false);
    inRegion = false;
    const elsewhere = key(13);
    expect(dispatcher.handleKeyDown(elsewhere)).toBe(false);
    expect(elsewhere.preventDefault).not.toHaveBeenCalled();
    expect(opened).toEqual(['region']);
  });
});

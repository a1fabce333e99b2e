import { createStore } from 'zustand/vanilla';
import { type FocusApi, restoreFocus } from './focus-api';

// The app's own screen stack (docs/platforms.md#back-and-exit: don't rely on history.back()), with focus
// memory: Norigin forgets focus when a screen unmounts, so the stack remembers it for the screens it covers.

/** Every screen the app can show. Later issues add more members. */
export type Screen =
  /** First run: Sign in with Plex, or use a Marquee home server. */
  | { name: 'welcome' }
  /** Home servers found on the LAN, Scan again, Enter an address. */
  | { name: 'find-servers' }
  /** Typing a server's address with the on-screen keyboard. */
  | { name: 'server-address' }
  | { name: 'activation' }
  | { name: 'home' }
  /** Which server this TV uses, and changing it. */
  | { name: 'settings' }
  /** The account's servers, their status, and which one home browses. */
  | { name: 'servers' }
  /** One library section as a poster grid. */
  | { name: 'section'; sectionKey: string; title: string }
  /** One title (movie, show, season, episode) by its ratingKey. */
  | { name: 'details'; ratingKey: string }
  | { name: 'search' }
  /** Playing a movie or episode, from offsetMs (0, or a resume point). */
  | { name: 'player'; ratingKey: string; offsetMs: number };

export interface NavigationState {
  /** Bottom to top; never empty. */
  stack: Screen[];
  /** focusMemory[i]: the focus key stack[i] had when a screen was pushed over it. */
  focusMemory: (string | null)[];
  /** Set by back(): the key the newly uncovered screen should get when it mounts. */
  pendingFocus: string | null;
  push(screen: Screen): void;
  replace(screen: Screen): void;
  /** The stack becomes [screen]; all focus memory is dropped. */
  reset(screen: Screen): void;
  /** Pops the top screen; false when already at the root (the caller decides about exiting). */
  back(): boolean;
  /** Called by each screen once its focusables are mounted: restores remembered focus, else `initialFocusKey`. */
  screenMounted(initialFocusKey: string): void;
}

export type NavigationStore = ReturnType<typeof createNavigationStore>;

export function createNavigationStore(focus: FocusApi, initial: Screen = { name: 'activation' }) {
  return createStore<NavigationState>((set, get) => ({
    stack: [initial],
    focusMemory: [null],
    pendingFocus: null,
    push(screen) {
      const { stack, focusMemory } = get();
      const memory = focusMemory.slice();
      memory[stack.length - 1] = focus.getCurrentFocusKey() || null;
      set({ stack: [...stack, screen], focusMemory: [...memory, null], pendingFocus: null });
    },
    replace(screen) {
      const { stack, focusMemory } = get();
      set({
        stack: [...stack.slice(0, -1), screen],
        focusMemory: [...focusMemory.slice(0, -1), null],
        pendingFocus: null,
      });
    },
    reset(screen) {
      set({ stack: [screen], focusMemory: [null], pendingFocus: null });
    },
    back() {
      const { stack, focusMemory } = get();
      if (stack.length <= 1) return false;
      const below = stack.length - 2;
      set({
        stack: stack.slice(0, -1),
        focusMemory: [...focusMemory.slice(0, below), null],
        pendingFocus: focusMemory[below],
      });
      return true;
    },
    screenMounted(initialFocusKey) {
      const remembered = get().pendingFocus;
      if (remembered) set({ pendingFocus: null });
      restoreFocus(focus, remembered, initialFocusKey);
    },
  }));
}

/** The screen on top of the stack. */
export function topScreen(state: Pick<NavigationState, 'stack'>): Screen {
  return state.stack[state.stack.length - 1];
}

import { createStore } from 'zustand/vanilla';
import { type FocusApi, restoreFocus } from '../navigation/focus-api';

// "Exit Marquee?" on Back at the root screen (Samsung policy, docs/platforms.md#back-and-exit). The dialog
// takes focus when it opens and gives it back to whatever had it when it closes.

export const EXIT_DIALOG_CANCEL_KEY = 'exit-dialog-cancel';
export const EXIT_DIALOG_EXIT_KEY = 'exit-dialog-exit';

export interface ExitDialogState {
  open: boolean;
  /** Focus key to return to on close. */
  returnFocusKey: string | null;
  show(): void;
  close(): void;
  /** Closes the dialog if it is open; false when it was not (for the Back key). */
  closeIfOpen(): boolean;
  /** "Exit": leaves the app where the platform can; in a browser nothing happens, so the dialog just closes. */
  confirmExit(): void;
}

export type ExitDialogStore = ReturnType<typeof createExitDialogStore>;

export function createExitDialogStore(focus: FocusApi, exitApp: () => void) {
  return createStore<ExitDialogState>((set, get) => ({
    open: false,
    returnFocusKey: null,
    show() {
      if (get().open) return;
      set({ open: true, returnFocusKey: focus.getCurrentFocusKey() || null });
      // The Cancel button also focuses itself on mount; asking now means a preset key if it is not there yet.
      void focus.setFocus(EXIT_DIALOG_CANCEL_KEY);
    },
    close() {
      const { open, returnFocusKey } = get();
      if (!open) return;
      set({ open: false, returnFocusKey: null });
      // The screen under the dialog is still mounted, so its key can be focused right away.
      restoreFocus(focus, returnFocusKey, null);
    },
    closeIfOpen() {
      if (!get().open) return false;
      get().close();
      return true;
    },
    confirmExit() {
      exitApp();
      get().close();
    },
  }));
}

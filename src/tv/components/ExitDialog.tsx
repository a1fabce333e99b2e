import { FocusContext, useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import { useStore } from 'zustand';
import { exitDialog } from '../navigation/app-navigation';
import { EXIT_DIALOG_CANCEL_KEY, EXIT_DIALOG_EXIT_KEY } from '../stores/exit-dialog-store';
import { FocusableButton } from './FocusableButton';

/** "Exit Marquee?" over the root screen. Arrows stay inside it; Back or Cancel closes it. */
export function ExitDialog() {
  const open = useStore(exitDialog, (state) => state.open);
  if (!open) return null;
  return <ExitDialogBox />;
}

function ExitDialogBox() {
  const { ref, focusKey } = useFocusable({
    focusKey: 'exit-dialog',
    isFocusBoundary: true,
    preferredChildFocusKey: EXIT_DIALOG_CANCEL_KEY,
  });
  const { confirmExit, close } = exitDialog.getState();
  return (
    // The backdrop also swallows pointer hovers, so the Magic Remote can't focus the screen behind.
    <div className="overlay-backdrop">
      <FocusContext.Provider value={focusKey}>
        <div ref={ref} className="dialog" role="dialog" aria-modal="true" data-testid="exit-dialog">
          <h2 className="dialog__title">Exit Marquee?</h2>
          <div className="button-row">
            <FocusableButton
              focusKey={EXIT_DIALOG_EXIT_KEY}
              label="Exit"
              onPress={confirmExit}
              testId="exit-confirm"
            />
            <FocusableButton
              focusKey={EXIT_DIALOG_CANCEL_KEY}
              label="Cancel"
              onPress={close}
              testId="exit-cancel"
              autoFocus
            />
          </div>
        </div>
      </FocusContext.Provider>
    </div>
  );
}

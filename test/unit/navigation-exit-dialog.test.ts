import { describe, expect, it } from 'vitest';
import { createExitDialogStore, EXIT_DIALOG_CANCEL_KEY } from '../../src/tv/stores/exit-dialog-store';
import { fakeFocus } from './navigation-fakes';

describe('exit dialog store', () => {
  it('opens focused on Cancel and gives focus back on close', () => {
    const { api, state } = fakeFocus(['home-refresh', EXIT_DIALOG_CANCEL_KEY], 'home-refresh');
    let exits = 0;
    const dialog = createExitDialogStore(api, () => exits++);

    dialog.getState().show();
    expect(dialog.getState().open).toBe(true);
    expect(state.current).toBe(EXIT_DIALOG_CANCEL_KEY);

    dialog.getState().close();
    expect(dialog.getState().open).toBe(false);
    expect(state.current).toBe('home-refresh');
    expect(exits).toBe(0);
  });

  it('Exit calls the platform exit, then closes (in a browser nothing else happens)', () => {
    const { api, state } = fakeFocus(['home-refresh'], 'home-refresh');
    let exits = 0;
    const dialog = createExitDialogStore(api, () => exits++);
    dialog.getState().show();
    dialog.getState().confirmExit();
    expect(exits).toBe(1);
    expect(dialog.getState().open).toBe(false);
    expect(state.current).toBe('home-refresh');
  });

  it('closeIfOpen reports whether there was anything to close (for Back)', () => {
    const { api } = fakeFocus(['home-refresh'], 'home-refresh');
    const dialog = createExitDialogStore(api, () => undefined);
    expect(dialog.getState().closeIfOpen()).toBe(false);
    dialog.getState().show();
    expect(dialog.getState().closeIfOpen()).toBe(true);
    expect(dialog.getState().open).toBe(false);
  });
});

import { commandForKey, isTextEntryTarget } from '../platform';
import type { Platform } from '../platform/platform';
import { createExitDialogStore } from '../stores/exit-dialog-store';
import { createArrowPacer } from './arrow-pacer';
import { enterInIndexRegion, moveInIndexRegion } from './index-regions';
import {
  createKeyDispatcher,
  type KeyDispatcher,
  type KeyOwner,
  type MediaCommandListener,
} from './key-dispatcher';
import { createNavigationStore } from './navigation-store';
import {
  holderFocusKey,
  initSpatialNavigation,
  moveBetweenRegions,
  noriginFocus,
} from './spatial-navigation';

// The app's navigation singletons, bound to Norigin and the window. Tests build their own pieces with
// fake focus functions and fake events instead.

let platform: Platform | null = null;
let dispatcher: KeyDispatcher | null = null;

export const navigation = createNavigationStore(noriginFocus);

export const exitDialog = createExitDialogStore(noriginFocus, () => platform?.exit());

/**
 * Called once at boot: the key dispatcher for arrows (paced; index arithmetic inside a grid or row,
 * Norigin between regions), OK inside a grid or row, Back and media keys; Norigin for OK elsewhere.
 */
export function startNavigation(bootPlatform: Platform): void {
  platform = bootPlatform;
  initSpatialNavigation();
  dispatcher = createKeyDispatcher({
    commandForKey,
    isTextEntryTarget,
    platform: bootPlatform,
    closeOverlay: () => exitDialog.getState().closeIfOpen(),
    back: () => navigation.getState().back(),
    showExitDialog: () => exitDialog.getState().show(),
    arrows: createArrowPacer({
      // Norigin's own key (inside a grid or row, the region's holder): the region is found once, from a key
      // it knows by sight, without first mapping it to the shown card's key and parsing that back.
      move(direction) {
        if (!moveInIndexRegion(holderFocusKey(), direction)) moveBetweenRegions(direction);
      },
      now: () => performance.now(),
      requestFrame: (callback) => requestAnimationFrame(callback),
    }),
    enterInRegion: () => enterInIndexRegion(holderFocusKey()),
  });
  dispatcher.attach(window);
}

/** Media keys (play/pause, stop, seek) for the screen that wants them; returns the unsubscribe. */
export function onMediaCommand(listener: MediaCommandListener): () => void {
  if (!dispatcher) throw new Error('startNavigation() has not run yet');
  return dispatcher.onMediaCommand(listener);
}

/** Every remote key for `owner` (the player) until the returned release is called. */
export function claimKeys(owner: KeyOwner): () => void {
  if (!dispatcher) throw new Error('startNavigation() has not run yet');
  return dispatcher.claimKeys(owner);
}

/** True while a dialog owns focus, so a screen must not pull focus out from under it. */
export function overlayOpen(): boolean {
  return exitDialog.getState().open;
}

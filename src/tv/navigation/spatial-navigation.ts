// The FocusApi module: the only one that imports Norigin's focus functions (biome.json noRestrictedImports);
// components and stores focus through noriginFocus below.
import {
  BaseWebAdapter,
  doesFocusableExist,
  type FocusableComponent,
  getCurrentFocusKey,
  init,
  navigateByDirection,
  setFocus,
  setKeyMap,
} from '@noriginmedia/norigin-spatial-navigation';
import type { FocusApi } from './focus-api';
import {
  focusedItemKey,
  focusShownInIndexRegion,
  isIndexRegionContainer,
  isShownInIndexRegion,
} from './index-regions';

/**
 * Layout: Norigin's offset-based adapter (the default, BaseWebAdapter). The stage is one element scaled with
 * a CSS transform; offsets ignore that transform, so every focusable is measured in unscaled 1920×1080 stage
 * pixels. Spatial navigation only compares focusables with each other, all inside the same stage, so the
 * shared scale factor cancels out. The offset adapter is also cheaper than getBoundingClientRect (no forced
 * reflow, docs/platforms.md#focus-and-virtualised-lists), and Chromium 53's ClientRect has no x/y, which
 * GetBoundingClientRectAdapter reads. Not handled: transforms *inside* the stage (e.g. rows scrolled with
 * translateX) — those rows must scroll with scrollLeft or re-measure themselves.
 *
 * Items of an index region (a grid's or a row's cards, index-regions.ts) are never measured: moves among
 * them are index arithmetic, and Norigin never compares them (their container has no measured children),
 * so mounting a card or focusing one reads no layout.
 *
 * The adapter sets data-focused="true" on focus but only removes it when shouldFocusDOMNode is on; we
 * don't move DOM focus (no :focus styling on TVs), so blur removes the marker here, keeping exactly one
 * element marked for tests and styles.
 */
class StageLayoutAdapter extends BaseWebAdapter {
  constructor(...args: ConstructorParameters<typeof BaseWebAdapter>) {
    super(...args);
    const measureWithOffsets = this.measureLayout;
    this.measureLayout = (component: FocusableComponent) => {
      if (isIndexRegionContainer(component.parentFocusKey)) {
        return Promise.resolve({ ...UNMEASURED, ...component.layout, node: component.node });
      }
      return measureWithOffsets(component);
    };
  }

  focusNode = (component: FocusableComponent) => {
    // An index region's holder: its focused card shows the focus (FocusHolder.tsx).
    if (component.node?.getAttribute?.('data-focus-holder') === 'true') return;
    component.node?.setAttribute?.('data-focused', 'true');
  };

  blurNode = (component: FocusableComponent) => {
    component.node?.removeAttribute?.('data-focused');
  };
}

const UNMEASURED = { x: 0, y: 0, width: 0, height: 0, left: 0, top: 0, right: 0, bottom: 0 };

/** Only arrows and OK drive Norigin: Back (8/27/10009/461) and media keys go to the key dispatcher. */
const NAVIGATION_KEY_MAP = { left: [37], up: [38], right: [39], down: [40], enter: [13] };

export function initSpatialNavigation(): void {
  init({
    throttle: 100,
    throttleKeypresses: true,
    layoutAdapter: StageLayoutAdapter,
    shouldFocusDOMNode: false,
  });
  setKeyMap(NAVIGATION_KEY_MAP);
}

/**
 * The focus calls the stores use, bound to Norigin's singleton. Inside a grid or row the current key is the
 * item that shows focus (index-regions.ts), which exists for them, so the stack remembers that card while
 * Norigin's focus is on the region's holder (one key for the region, FocusHolder.tsx).
 */
export const noriginFocus: FocusApi = {
  getCurrentFocusKey: () => focusedItemKey(getCurrentFocusKey()),
  setFocus: (focusKey) => {
    if (doesFocusableExist(focusKey) || !focusShownInIndexRegion(focusKey)) return setFocus(focusKey);
  },
  doesFocusableExist: (focusKey) => doesFocusableExist(focusKey) || isShownInIndexRegion(focusKey),
};

/**
 * Norigin's own focus key, not mapped to the card an index region shows: inside a grid or row it is the
 * region's holder. Only the regions themselves need it (to see whether Norigin's focus is on their holder);
 * everything else reads noriginFocus.getCurrentFocusKey().
 */
export function holderFocusKey(): string {
  return getCurrentFocusKey();
}

/** A move that is not inside an index region: Norigin's spatial search (between regions). */
export function moveBetweenRegions(direction: 'up' | 'down' | 'left' | 'right'): void {
  void navigateByDirection(direction, {});
}

import { useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import { useCallback } from 'react';
import { useLatest } from './useLatest';

export interface FocusHolderProps {
  /** The holder's focus key: one per region for as long as it is mounted (holderFocusKeyOf). */
  focusKey: string;
  width: number;
  height: number;
  onEnter(): void;
  onFocus?(): void;
  onBlur?(): void;
}

/** The focus key of the holder of the index region whose Norigin container is `containerKey`. */
export function holderFocusKeyOf(containerKey: string): string {
  return `${containerKey}:holder`;
}

/**
 * The one Norigin focusable of an index region (a grid or a row of cards), under one focus key for the
 * region's life: a move inside the region changes which index the region shows focused and nothing here, so
 * Norigin's focus stays on the holder and nothing is mounted, removed or re-focused after a burst of keys.
 * The region maps the holder's key to the shown item's key (index-regions.ts focusedItemKey), so Back,
 * remembered focus and the stores see the item. An empty box in the list; it never takes pointer events and
 * never carries data-focused (the card does).
 */
export function FocusHolder({ focusKey, width, height, onEnter, onFocus, onBlur }: FocusHolderProps) {
  const latest = useLatest({ onEnter, onFocus, onBlur });
  const enter = useCallback(() => latest.current.onEnter(), []);
  const focused = useCallback(() => latest.current.onFocus?.(), []);
  const blurred = useCallback(() => latest.current.onBlur?.(), []);
  const { ref } = useFocusable({ focusKey, onEnterPress: enter, onFocus: focused, onBlur: blurred });
  return (
    <div
      ref={ref}
      className="focus-holder"
      data-focus-holder="true"
      aria-hidden="true"
      style={{ left: 0, top: 0, width, height }}
    />
  );
}

import { useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import { useCallback, useRef } from 'react';

export interface FocusHolderProps {
  /** The focused item's focus key (render with key={focusKey}: a new item is a new focusable). */
  focusKey: string;
  /** Where the focused item sits inside its list, px. */
  left: number;
  top: number;
  width: number;
  height: number;
  onEnter(): void;
  onFocus?(): void;
  onBlur?(): void;
}

/**
 * The one Norigin focusable of an index region (a grid or a row of cards): registered under the focused
 * item's focus key, so Back, remembered focus and region moves see the item's key, while the region's
 * cards stay plain components that show focus from the region's focused index. An empty box over the
 * focused card; it never takes pointer events and never carries data-focused (the card does).
 */
export function FocusHolder({
  focusKey,
  left,
  top,
  width,
  height,
  onEnter,
  onFocus,
  onBlur,
}: FocusHolderProps) {
  const latest = useRef({ onEnter, onFocus, onBlur });
  latest.current = { onEnter, onFocus, onBlur };
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
      style={{ left, top, width, height }}
    />
  );
}

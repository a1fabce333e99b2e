import { type DependencyList, useEffect, useRef } from 'react';
import { noriginFocus as focus } from '../navigation/spatial-navigation';

/**
 * When `deps` change and the focused element went away with them (e.g. an error banner's Retry once the
 * error clears), focus `fallbackKey` at once instead of waiting for Norigin's delayed auto-restore.
 * Skips the mount, where the screen's initial focus applies.
 */
export function useFocusFallback(fallbackKey: string, deps: DependencyList): void {
  const mounted = useRef(false);
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    const current = focus.getCurrentFocusKey();
    if (!current || !focus.doesFocusableExist(current)) void focus.setFocus(fallbackKey);
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what to watch
  }, deps);
}

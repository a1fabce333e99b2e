import { useEffect } from 'react';
import { navigation } from '../navigation/app-navigation';

/**
 * Every screen calls this once: on mount it focuses the key remembered for this screen (coming back via
 * Back), else `focusKey`. Effects run children-first, so the screen's focusables are registered by then.
 */
export function useInitialFocus(focusKey: string): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: mount-only on purpose
  useEffect(() => {
    navigation.getState().screenMounted(focusKey);
  }, []);
}

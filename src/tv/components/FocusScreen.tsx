import { FocusContext, useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import type { ReactNode } from 'react';
import { useInitialFocus } from './useInitialFocus';

export interface FocusScreenProps {
  /** The screen's container key; its focusables are children of it. */
  focusKey: string;
  /** Focused on mount (unless Back restores something else) and whenever focus falls back to the screen. */
  initialFocusKey: string;
  testId?: string;
  className?: string;
  children: ReactNode;
}

/**
 * The root of every screen: a Norigin container that sets the screen's initial focus on mount. If the
 * focused element disappears, Norigin restores focus to this container, which hands it to
 * `initialFocusKey`, so the screen is never left unfocused.
 */
export function FocusScreen({ focusKey, initialFocusKey, testId, className, children }: FocusScreenProps) {
  const { ref } = useFocusable({
    focusKey,
    preferredChildFocusKey: initialFocusKey,
    saveLastFocusedChild: false,
  });
  useInitialFocus(initialFocusKey);
  return (
    <FocusContext.Provider value={focusKey}>
      <div ref={ref} className={`screen${className ? ` ${className}` : ''}`} data-testid={testId}>
        {children}
      </div>
    </FocusContext.Provider>
  );
}

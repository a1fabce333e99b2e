import { useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import { useCallback, useEffect, useRef } from 'react';

export interface FocusableButtonProps {
  focusKey: string;
  label: string;
  onPress(): void;
  testId?: string;
  /** Takes focus when it mounts (dialogs, error banners). Screens use useInitialFocus instead. */
  autoFocus?: boolean;
  className?: string;
}

/**
 * A remote-friendly button: OK (via Norigin) and a mouse click both press it; hovering focuses it, which LG's
 * Magic Remote pointer needs (docs/platforms.md#magic-remote-pointer). A div rather than a <button>, so the
 * browser's own Enter/Space activation can't press it a second time.
 */
export function FocusableButton({
  focusKey,
  label,
  onPress,
  testId,
  autoFocus,
  className,
}: FocusableButtonProps) {
  // A stable handler, so Norigin is not re-registered each render.
  const pressRef = useRef(onPress);
  pressRef.current = onPress;
  const press = useCallback(() => pressRef.current(), []);
  const { ref, focused, focusSelf } = useFocusable({ focusKey, onEnterPress: press });

  // Only on mount: later prop changes must not steal focus.
  // biome-ignore lint/correctness/useExhaustiveDependencies: mount-only on purpose
  useEffect(() => {
    if (autoFocus) focusSelf();
  }, []);

  return (
    // Keys reach it through Norigin (window listener), not DOM focus, hence no tabIndex or key handlers.
    // biome-ignore lint/a11y/useSemanticElements: a <button> would also activate on native Enter/Space
    // biome-ignore lint/a11y/useFocusableInteractive: focus is Norigin's, see above
    // biome-ignore lint/a11y/useKeyWithClickEvents: OK arrives via Norigin's onEnterPress
    <div
      ref={ref}
      role="button"
      className={`button${focused ? ' is-focused' : ''}${className ? ` ${className}` : ''}`}
      data-focused={focused ? 'true' : undefined}
      data-testid={testId}
      data-focus-key={focusKey}
      onClick={press}
      onMouseEnter={() => {
        if (!focused) focusSelf();
      }}
    >
      {label}
    </div>
  );
}

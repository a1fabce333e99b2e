import { useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import { type ReactNode, useCallback, useRef } from 'react';

export interface FocusableRowProps {
  focusKey: string;
  onPress(): void;
  testId?: string;
  className?: string;
  /** Extra data-* attributes, e.g. { address: 'http://…' } → data-address. */
  data?: Record<string, string>;
  children: ReactNode;
}

/** A wide list entry (a server, a setting) that the D-pad focuses and OK presses, like FocusableButton. */
export function FocusableRow({ focusKey, onPress, testId, className, data, children }: FocusableRowProps) {
  const pressRef = useRef(onPress);
  pressRef.current = onPress;
  const press = useCallback(() => pressRef.current(), []);
  const { ref, focused, focusSelf } = useFocusable({ focusKey, onEnterPress: press });
  const attributes: Record<string, string> = {};
  if (data) for (const name of Object.keys(data)) attributes[`data-${name}`] = data[name];
  return (
    // biome-ignore lint/a11y/useSemanticElements: see FocusableButton (no native Enter/Space activation)
    // biome-ignore lint/a11y/useFocusableInteractive: focus is Norigin's
    // biome-ignore lint/a11y/useKeyWithClickEvents: OK arrives via Norigin's onEnterPress
    <div
      ref={ref}
      role="button"
      className={`list-row${focused ? ' is-focused' : ''}${className ? ` ${className}` : ''}`}
      data-focused={focused ? 'true' : undefined}
      data-testid={testId}
      data-focus-key={focusKey}
      {...attributes}
      onClick={press}
      onMouseEnter={() => {
        if (!focused) focusSelf();
      }}
    >
      {children}
    </div>
  );
}

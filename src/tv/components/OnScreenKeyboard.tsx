import { FocusContext, useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import { memo, useCallback } from 'react';
import { useLatest } from './useLatest';

// A D-pad keyboard: by default A–Z and 0–9 in a 6 × 6 block, then Space, Delete and Clear (search); an
// address pad passes its own characters and actions. Each key is a Norigin focusable inside one
// FocusContext, so arrows move key by key and OK types.

const LETTERS_AND_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890';
export const KEYBOARD_COLUMNS = 6;

export type KeyboardKey =
  | { kind: 'char'; char: string }
  | { kind: 'space' }
  | { kind: 'delete' }
  | { kind: 'clear' };

export const KEY_FOCUS_PREFIX = 'key:';

export function keyFocusKey(key: KeyboardKey): string {
  return KEY_FOCUS_PREFIX + (key.kind === 'char' ? key.char : key.kind);
}

export type KeyboardAction = 'space' | 'delete' | 'clear';

export interface OnScreenKeyboardProps {
  onKey(key: KeyboardKey): void;
  /** The character keys, in reading order. */
  characters?: string;
  columns?: number;
  /** The wide keys on the last row. */
  actions?: KeyboardAction[];
  className?: string;
}

export function OnScreenKeyboard({
  onKey,
  characters = LETTERS_AND_DIGITS,
  columns = KEYBOARD_COLUMNS,
  actions = ['space', 'delete', 'clear'],
  className,
}: OnScreenKeyboardProps) {
  const { ref, focusKey } = useFocusable({
    focusKey: 'keyboard',
    preferredChildFocusKey: `${KEY_FOCUS_PREFIX}${characters.charAt(0)}`,
  });
  const latest = useLatest(onKey);
  const press = useCallback((key: KeyboardKey) => latest.current(key), []);
  const chars = characters.split('');
  const rows: KeyboardKey[][] = [];
  for (let i = 0; i < chars.length; i += columns) {
    rows.push(chars.slice(i, i + columns).map((char) => ({ kind: 'char', char })));
  }
  const actionKeys = actions.map((kind): KeyboardKey => ({ kind }));
  return (
    <FocusContext.Provider value={focusKey}>
      <div ref={ref} className={`keyboard${className ? ` ${className}` : ''}`} data-testid="keyboard">
        {rows.map((row) => (
          <div key={row.map(keyFocusKey).join()} className="keyboard__row">
            {row.map((key) => (
              <Key key={keyFocusKey(key)} keyboardKey={key} onPress={press} />
            ))}
          </div>
        ))}
        <div className="keyboard__row">
          {actionKeys.map((key) => (
            <Key key={keyFocusKey(key)} keyboardKey={key} onPress={press} wide />
          ))}
        </div>
      </div>
    </FocusContext.Provider>
  );
}

const LABELS: Record<string, string> = { space: 'Space', delete: '⌫ Delete', clear: 'Clear' };

const Key = memo(function Key({
  keyboardKey,
  onPress,
  wide,
}: {
  keyboardKey: KeyboardKey;
  onPress(key: KeyboardKey): void;
  wide?: boolean;
}) {
  const press = () => onPress(keyboardKey);
  const { ref, focused, focusSelf } = useFocusable({
    focusKey: keyFocusKey(keyboardKey),
    onEnterPress: press,
  });
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: OK arrives via Norigin's onEnterPress
    // biome-ignore lint/a11y/noStaticElementInteractions: focus is Norigin's, not the DOM's
    <div
      ref={ref}
      className={`key${wide ? ' key--wide' : ''}${focused ? ' is-focused' : ''}`}
      data-focused={focused ? 'true' : undefined}
      data-testid="keyboard-key"
      data-key={keyboardKey.kind === 'char' ? keyboardKey.char : keyboardKey.kind}
      onClick={press}
      onMouseEnter={() => {
        if (!focused) focusSelf();
      }}
    >
      {keyboardKey.kind === 'char' ? keyboardKey.char : LABELS[keyboardKey.kind]}
    </div>
  );
});

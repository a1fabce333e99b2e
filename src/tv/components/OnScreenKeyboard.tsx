import { FocusContext, useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import { memo, useCallback, useRef } from 'react';

// A D-pad keyboard: A–Z and 0–9 in a 6 × 6 block, then Space, Delete and Clear. Each key is a Norigin
// focusable inside one FocusContext, so arrows move key by key and OK types.

const CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890'.split('');
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

export interface OnScreenKeyboardProps {
  onKey(key: KeyboardKey): void;
}

export function OnScreenKeyboard({ onKey }: OnScreenKeyboardProps) {
  const { ref, focusKey } = useFocusable({
    focusKey: 'keyboard',
    preferredChildFocusKey: `${KEY_FOCUS_PREFIX}A`,
  });
  const latest = useRef(onKey);
  latest.current = onKey;
  const press = useCallback((key: KeyboardKey) => latest.current(key), []);
  const rows: KeyboardKey[][] = [];
  for (let i = 0; i < CHARACTERS.length; i += KEYBOARD_COLUMNS) {
    rows.push(CHARACTERS.slice(i, i + KEYBOARD_COLUMNS).map((char) => ({ kind: 'char', char })));
  }
  const actions: KeyboardKey[] = [{ kind: 'space' }, { kind: 'delete' }, { kind: 'clear' }];
  return (
    <FocusContext.Provider value={focusKey}>
      <div ref={ref} className="keyboard" data-testid="keyboard">
        {rows.map((row) => (
          <div key={row.map(keyFocusKey).join()} className="keyboard__row">
            {row.map((key) => (
              <Key key={keyFocusKey(key)} keyboardKey={key} onPress={press} />
            ))}
          </div>
        ))}
        <div className="keyboard__row">
          {actions.map((key) => (
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

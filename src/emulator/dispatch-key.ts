import type { KeyStroke } from './key-presets';

// Sends a remote key into the framed TV app as real KeyboardEvents: keydown, then keyup, on the focused
// element (else body), bubbling, so window/document listeners see them as they would a real key.
//
// Chromium's KeyboardEvent constructor ignores `keyCode`/`which` in its init dictionary (they are legacy,
// read-only getters on the prototype), so each event gets own getters for them. An own property shadows
// the prototype getter, so listeners in the app read the code sent (checked in headless Chromium).

/** Sends keydown then keyup, as a remote button press. Returns whether the app cancelled the keydown. */
export function dispatchKeyStroke(doc: Document, stroke: KeyStroke): boolean {
  const handled = dispatchKey(doc, 'keydown', stroke);
  // A real keyboard sends keyup even when keydown was cancelled.
  dispatchKey(doc, 'keyup', stroke);
  return handled;
}

/**
 * Sends one event (a held keyboard shortcut sends repeated keydowns, then one keyup). Returns whether the
 * app cancelled it with preventDefault, i.e. said it handled the key.
 */
export function dispatchKey(
  doc: Document,
  type: 'keydown' | 'keyup',
  stroke: KeyStroke,
  repeat = false,
): boolean {
  const target = focusedElement(doc);
  if (!target) return false;
  // Use the frame's own constructor so `instanceof KeyboardEvent` holds inside the app.
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  const Keyboard = view ? view.KeyboardEvent : KeyboardEvent;
  const event = new Keyboard(type, {
    key: stroke.key,
    code: stroke.code,
    repeat,
    bubbles: true,
    cancelable: true,
    composed: true,
  });
  defineLegacyCode(event, 'keyCode', stroke.keyCode);
  defineLegacyCode(event, 'which', stroke.keyCode);
  return !target.dispatchEvent(event);
}

function focusedElement(doc: Document): Element | null {
  const active = doc.activeElement;
  if (active && active !== doc.documentElement) return active;
  return doc.body;
}

function defineLegacyCode(event: KeyboardEvent, name: 'keyCode' | 'which', value: number): void {
  Object.defineProperty(event, name, { get: () => value, configurable: true });
}

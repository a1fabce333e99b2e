import type { RemoteCommand } from './platform';

// keydown → RemoteCommand, the same table on every platform (docs/platforms.md#remote-keys). It dispatches on
// keyCode first because 2017 Tizen sets send no event.key (same section); the key name is the fallback for
// keys whose keyCode is missing or varies (desktop media keys).

const BY_KEY_CODE: { [keyCode: number]: RemoteCommand } = {
  37: 'Left',
  38: 'Up',
  39: 'Right',
  40: 'Down',
  13: 'Ok',
  27: 'Back', // Escape
  8: 'Back', // Backspace (not while typing: see commandForKeyboardEvent)
  10009: 'Back', // Tizen Return
  461: 'Back', // webOS Back
  32: 'PlayPause', // Space
  10252: 'PlayPause', // Tizen MediaPlayPause
  415: 'Play',
  19: 'Pause',
  413: 'Stop',
  412: 'Rewind',
  417: 'FastForward',
  // Subtitle and audio-track keys, from community key tables (not yet seen on a physical TV; the names are
  // Samsung's key names in tizen.tvinputdevice, registered by tizen.ts).
  10221: 'Subtitles', // Tizen Caption
  10195: 'Audio', // Tizen MTS (the audio-track key on Samsung remotes)
  460: 'Subtitles', // webOS subtitle/caption key (unverified; LG documents no audio-track key)
};

// A Map, not an object literal, so inherited names ("toString") are never keys.
const BY_KEY = new Map<string, RemoteCommand>([
  ['ArrowLeft', 'Left'],
  ['ArrowUp', 'Up'],
  ['ArrowRight', 'Right'],
  ['ArrowDown', 'Down'],
  ['Enter', 'Ok'],
  ['Escape', 'Back'],
  ['Backspace', 'Back'],
  ['XF86Back', 'Back'],
  [' ', 'PlayPause'],
  ['MediaPlayPause', 'PlayPause'],
  ['XF86PlayBack', 'PlayPause'],
  ['MediaPlay', 'Play'],
  ['XF86AudioPlay', 'Play'],
  ['MediaPause', 'Pause'],
  ['MediaStop', 'Stop'],
  ['MediaRewind', 'Rewind'],
  ['MediaFastForward', 'FastForward'],
  // The UI Events key values for these keys (a keyboard or a browser that sends them).
  ['Subtitle', 'Subtitles'],
  ['MediaAudioTrack', 'Audio'],
]);

export interface KeyLike {
  keyCode: number;
  key?: string;
}

/** The command a keydown means, or null for keys the app does not handle (let those through). */
export function commandForKey(event: KeyLike): RemoteCommand | null {
  const byCode = BY_KEY_CODE[event.keyCode];
  if (byCode) return byCode;
  return (event.key && BY_KEY.get(event.key)) || null;
}

interface TargetLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

// <input> types that take typed text; the others (checkbox, range, button…) do not need Backspace/Space.
const TEXT_INPUT_TYPES = ['', 'text', 'search', 'email', 'password', 'url', 'tel', 'number'];

/** Whether the event target is a field the user types into, where Backspace and Space edit the text. */
export function isTextEntryTarget(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const element = target as TargetLike;
  if (element.isContentEditable) return true;
  const tag = typeof element.tagName === 'string' ? element.tagName.toUpperCase() : '';
  if (tag === 'TEXTAREA') return true;
  if (tag !== 'INPUT') return false;
  const type = typeof element.type === 'string' ? element.type.toLowerCase() : '';
  return TEXT_INPUT_TYPES.indexOf(type) >= 0;
}

/**
 * commandForKey plus the typing rule: in a text field Backspace deletes and Space types a space, so they
 * are no commands there. Escape, arrows, Enter and the TV keys still are.
 */
export function commandForKeyboardEvent(event: KeyLike & { target?: unknown }): RemoteCommand | null {
  if (isTextEntryTarget(event.target)) {
    if (event.keyCode === 8 || event.key === 'Backspace') return null;
    if (event.keyCode === 32 || event.key === ' ') return null;
  }
  return commandForKey(event);
}

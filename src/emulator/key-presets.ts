// The key events each platform's remote sends, button by button (docs/platforms.md#remote-keys). The emulator
// sends exactly these into the framed TV app; test/unit/emulator-presets.test.ts checks each one against
// the app's own key map, so "the same key events a real remote sends" is a tested claim.
//
// `key` is only set where a source documents it (XF86Back, XF86PlayBack on Tizen; the standard names in a
// browser). Elsewhere it is 'Unidentified', so an app that ignored keyCode would visibly break here, as
// it would on a 2017 Tizen set that sends no event.key at all.

import type { RemoteCommand } from '../tv/platform/platform';

export type PresetId = 'browser' | 'tizen' | 'webos';

/** The remote's buttons: every app command but the separate Play and Pause keys, which a real
 * remote's one Play/Pause button stands in for, and the subtitle and audio-track keys, which not every remote
 * has (LG's has no audio-track key; src/tv/platform/key-map.ts). */
export type RemoteButton = Exclude<RemoteCommand, 'Play' | 'Pause' | 'Subtitles' | 'Audio'>;

export const REMOTE_BUTTONS: RemoteButton[] = [
  'Up',
  'Down',
  'Left',
  'Right',
  'Ok',
  'Back',
  'PlayPause',
  'Stop',
  'Rewind',
  'FastForward',
];

export interface KeyStroke {
  keyCode: number;
  key: string;
  /** KeyboardEvent.code; '' where the key is not on a keyboard. */
  code: string;
}

export interface PlatformPreset {
  id: PresetId;
  label: string;
  /** One stroke per press; a button with several sends them in turn (webOS Play, then Pause). */
  buttons: Record<RemoteButton, KeyStroke[]>;
}

const stroke = (keyCode: number, key: string, code = ''): KeyStroke => ({ keyCode, key, code });

// Arrows and OK are the same everywhere (37–40, 13).
const ARROWS_AND_OK = {
  Up: [stroke(38, 'ArrowUp', 'ArrowUp')],
  Down: [stroke(40, 'ArrowDown', 'ArrowDown')],
  Left: [stroke(37, 'ArrowLeft', 'ArrowLeft')],
  Right: [stroke(39, 'ArrowRight', 'ArrowRight')],
  Ok: [stroke(13, 'Enter', 'Enter')],
};

export const PRESETS: Record<PresetId, PlatformPreset> = {
  browser: {
    id: 'browser',
    label: 'Browser (keyboard)',
    buttons: {
      ...ARROWS_AND_OK,
      Back: [stroke(27, 'Escape', 'Escape')],
      PlayPause: [stroke(32, ' ', 'Space')],
      // Chromium's media keys: Stop has a keyCode (VK_MEDIA_STOP), Rewind/FastForward only a key name.
      Stop: [stroke(178, 'MediaStop', 'MediaStop')],
      Rewind: [stroke(0, 'MediaRewind')],
      FastForward: [stroke(0, 'MediaFastForward')],
    },
  },
  tizen: {
    id: 'tizen',
    label: 'Samsung Tizen',
    buttons: {
      ...ARROWS_AND_OK,
      Back: [stroke(10009, 'XF86Back')],
      PlayPause: [stroke(10252, 'XF86PlayBack')],
      Stop: [stroke(413, 'Unidentified')],
      Rewind: [stroke(412, 'Unidentified')],
      FastForward: [stroke(417, 'Unidentified')],
    },
  },
  webos: {
    id: 'webos',
    label: 'LG webOS',
    buttons: {
      ...ARROWS_AND_OK,
      Back: [stroke(461, 'Unidentified')],
      // LG's conventional remote has separate Play (415) and Pause (19) keys, no toggle key.
      PlayPause: [stroke(415, 'Unidentified'), stroke(19, 'Unidentified')],
      Stop: [stroke(413, 'Unidentified')],
      Rewind: [stroke(412, 'Unidentified')],
      FastForward: [stroke(417, 'Unidentified')],
    },
  },
};

export const PRESET_IDS: PresetId[] = ['browser', 'tizen', 'webos'];

export function isPresetId(value: unknown): value is PresetId {
  return value === 'browser' || value === 'tizen' || value === 'webos';
}

/** The stroke a button sends on its n-th press (0-based), cycling through its strokes. */
export function strokeForPress(preset: PlatformPreset, button: RemoteButton, pressIndex: number): KeyStroke {
  const strokes = preset.buttons[button];
  return strokes[pressIndex % strokes.length];
}

// Keyboard shortcuts on the emulator page itself (outside the frame), by KeyboardEvent.key.
const SHORTCUTS: { [key: string]: RemoteButton } = {
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Enter: 'Ok',
  Escape: 'Back',
  Backspace: 'Back',
  ' ': 'PlayPause',
  k: 'PlayPause',
  s: 'Stop',
  r: 'Rewind',
  ',': 'Rewind',
  f: 'FastForward',
  '.': 'FastForward',
};

export function buttonForShortcut(key: string): RemoteButton | null {
  return Object.hasOwn(SHORTCUTS, key) ? SHORTCUTS[key] : null;
}

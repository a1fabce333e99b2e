import { describe, expect, it } from 'vitest';
import {
  buttonForShortcut,
  isPresetId,
  PRESET_IDS,
  PRESETS,
  type PresetId,
  REMOTE_BUTTONS,
  type RemoteButton,
  strokeForPress,
} from '../../src/emulator/key-presets';
import { commandForKey } from '../../src/tv/platform/key-map';
import type { RemoteCommand } from '../../src/tv/platform/platform';

// Every emulator button, on every platform preset, must mean to the app what the remote button means.

const SAME_EVERYWHERE: Record<Exclude<RemoteButton, 'PlayPause'>, RemoteCommand> = {
  Up: 'Up',
  Down: 'Down',
  Left: 'Left',
  Right: 'Right',
  Ok: 'Ok',
  Back: 'Back',
  Stop: 'Stop',
  Rewind: 'Rewind',
  FastForward: 'FastForward',
};

// Browser and Tizen have a play/pause toggle key; LG's remote has separate Play and Pause keys,
// so the emulator's Play/Pause button sends them in turn.
const PLAY_PAUSE: Record<PresetId, RemoteCommand[]> = {
  browser: ['PlayPause'],
  tizen: ['PlayPause'],
  webos: ['Play', 'Pause'],
};

describe('emulator presets against the app key map', () => {
  for (const id of PRESET_IDS) {
    const preset = PRESETS[id];

    it(`${id}: has every button, each with at least one stroke`, () => {
      expect(preset.id).toBe(id);
      expect(Object.keys(preset.buttons).sort()).toEqual([...REMOTE_BUTTONS].sort());
      for (const button of REMOTE_BUTTONS) expect(preset.buttons[button].length).toBeGreaterThan(0);
    });

    for (const button of Object.keys(SAME_EVERYWHERE) as (keyof typeof SAME_EVERYWHERE)[]) {
      it(`${id}: ${button} means ${SAME_EVERYWHERE[button]}`, () => {
        for (const stroke of preset.buttons[button]) {
          expect(commandForKey(stroke)).toBe(SAME_EVERYWHERE[button]);
        }
      });
    }

    it(`${id}: Play/Pause sends ${PLAY_PAUSE[id].join(' then ')}`, () => {
      const commands = preset.buttons.PlayPause.map((stroke) => commandForKey(stroke));
      expect(commands).toEqual(PLAY_PAUSE[id]);
    });
  }
});

describe('emulator presets use each platform’s real codes', () => {
  const code = (id: PresetId, button: RemoteButton) => PRESETS[id].buttons[button].map((s) => s.keyCode);

  it('browser: keyboard keys', () => {
    expect(
      ['Up', 'Down', 'Left', 'Right', 'Ok', 'Back', 'PlayPause'].map((b) =>
        code('browser', b as RemoteButton),
      ),
    ).toEqual([[38], [40], [37], [39], [13], [27], [32]]);
  });

  it('tizen: Return 10009, MediaPlayPause 10252, Rewind 412, FastForward 417, Stop 413', () => {
    expect(code('tizen', 'Back')).toEqual([10009]);
    expect(code('tizen', 'PlayPause')).toEqual([10252]);
    expect(code('tizen', 'Rewind')).toEqual([412]);
    expect(code('tizen', 'FastForward')).toEqual([417]);
    expect(code('tizen', 'Stop')).toEqual([413]);
  });

  it('webos: Back 461, Play 415 / Pause 19, Rewind 412, FastForward 417, Stop 413', () => {
    expect(code('webos', 'Back')).toEqual([461]);
    expect(code('webos', 'PlayPause')).toEqual([415, 19]);
    expect(code('webos', 'Rewind')).toEqual([412]);
    expect(code('webos', 'FastForward')).toEqual([417]);
    expect(code('webos', 'Stop')).toEqual([413]);
  });

  it('TV presets send no event.key the app could rely on instead of keyCode, except documented names', () => {
    expect(PRESETS.tizen.buttons.Back[0].key).toBe('XF86Back');
    expect(PRESETS.tizen.buttons.PlayPause[0].key).toBe('XF86PlayBack');
    for (const id of ['tizen', 'webos'] as const) {
      for (const button of ['Stop', 'Rewind', 'FastForward'] as const) {
        expect(PRESETS[id].buttons[button][0].key).toBe('Unidentified');
      }
    }
  });
});

describe('strokeForPress', () => {
  it('cycles through a button’s strokes, press by press', () => {
    const presses = [0, 1, 2, 3].map((i) => strokeForPress(PRESETS.webos, 'PlayPause', i).keyCode);
    expect(presses).toEqual([415, 19, 415, 19]);
    expect(strokeForPress(PRESETS.tizen, 'PlayPause', 5).keyCode).toBe(10252);
  });
});

describe('emulator keyboard shortcuts', () => {
  it('maps page keys to remote buttons', () => {
    expect(buttonForShortcut('ArrowUp')).toBe('Up');
    expect(buttonForShortcut('Enter')).toBe('Ok');
    expect(buttonForShortcut('Escape')).toBe('Back');
    expect(buttonForShortcut('Backspace')).toBe('Back');
    expect(buttonForShortcut(' ')).toBe('PlayPause');
    expect(buttonForShortcut('s')).toBe('Stop');
    expect(buttonForShortcut('r')).toBe('Rewind');
    expect(buttonForShortcut('f')).toBe('FastForward');
    expect(buttonForShortcut('x')).toBeNull();
    expect(buttonForShortcut('toString')).toBeNull();
  });

  it('recognises preset ids', () => {
    expect(PRESET_IDS.every(isPresetId)).toBe(true);
    expect(isPresetId('android')).toBe(false);
    expect(isPresetId(null)).toBe(false);
  });
});

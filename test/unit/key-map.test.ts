import { describe, expect, it } from 'vitest';
import { commandForKey, commandForKeyboardEvent, isTextEntryTarget } from '../../src/tv/platform/key-map';
import type { RemoteCommand } from '../../src/tv/platform/platform';

describe('commandForKey by keyCode (no event.key, as on 2017 Tizen)', () => {
  const cases: [number, RemoteCommand, string][] = [
    [37, 'Left', 'ArrowLeft'],
    [38, 'Up', 'ArrowUp'],
    [39, 'Right', 'ArrowRight'],
    [40, 'Down', 'ArrowDown'],
    [13, 'Ok', 'Enter'],
    [27, 'Back', 'Escape'],
    [8, 'Back', 'Backspace'],
    [10009, 'Back', 'Tizen Return'],
    [461, 'Back', 'webOS Back'],
    [32, 'PlayPause', 'Space'],
    [10252, 'PlayPause', 'Tizen MediaPlayPause'],
    [415, 'Play', 'MediaPlay'],
    [19, 'Pause', 'MediaPause'],
    [413, 'Stop', 'MediaStop'],
    [412, 'Rewind', 'MediaRewind'],
    [417, 'FastForward', 'MediaFastForward'],
  ];
  for (const [keyCode, command, label] of cases) {
    it(`${keyCode} (${label}) is ${command}`, () => {
      expect(commandForKey({ keyCode })).toBe(command);
    });
  }
});

describe('commandForKey by key name (keyCode 0 or unknown)', () => {
  const cases: [string, RemoteCommand][] = [
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
  ];
  for (const [key, command] of cases) {
    it(`"${key}" is ${command}`, () => {
      expect(commandForKey({ keyCode: 0, key })).toBe(command);
    });
  }

  it('a desktop media key with its own keyCode (179) still maps by name', () => {
    expect(commandForKey({ keyCode: 179, key: 'MediaPlayPause' })).toBe('PlayPause');
  });
});

describe('commandForKey: keyCode wins, unknown keys are null', () => {
  it('uses keyCode even when key says something else', () => {
    expect(commandForKey({ keyCode: 10009, key: 'XF86Back' })).toBe('Back');
    expect(commandForKey({ keyCode: 38, key: 'Unidentified' })).toBe('Up');
  });

  it('returns null for keys the app does not handle', () => {
    expect(commandForKey({ keyCode: 65, key: 'a' })).toBeNull();
    expect(commandForKey({ keyCode: 0 })).toBeNull();
    expect(commandForKey({ keyCode: 0, key: 'Unidentified' })).toBeNull();
    // Inherited Object properties are not key names.
    expect(commandForKey({ keyCode: 0, key: 'toString' })).toBeNull();
    expect(commandForKey({ keyCode: 0, key: 'constructor' })).toBeNull();
  });
});

describe('isTextEntryTarget', () => {
  it('is true for text fields and editable content', () => {
    expect(isTextEntryTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTextEntryTarget({ tagName: 'INPUT', type: '' })).toBe(true);
    expect(isTextEntryTarget({ tagName: 'input', type: 'password' })).toBe(true);
    expect(isTextEntryTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTextEntryTarget({ tagName: 'INPUT', type: 'url' })).toBe(true);
    expect(isTextEntryTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextEntryTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('is false for everything else', () => {
    expect(isTextEntryTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextEntryTarget({ tagName: 'INPUT', type: 'button' })).toBe(false);
    expect(isTextEntryTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextEntryTarget({ tagName: 'BODY', isContentEditable: false })).toBe(false);
    expect(isTextEntryTarget(null)).toBe(false);
    expect(isTextEntryTarget(undefined)).toBe(false);
    expect(isTextEntryTarget('INPUT')).toBe(false);
  });
});

describe('commandForKeyboardEvent', () => {
  const field = { tagName: 'INPUT', type: 'text' };
  const body = { tagName: 'BODY' };

  it('lets Backspace and Space type into a text field', () => {
    expect(commandForKeyboardEvent({ keyCode: 8, key: 'Backspace', target: field })).toBeNull();
    expect(commandForKeyboardEvent({ keyCode: 32, key: ' ', target: field })).toBeNull();
  });

  it('keeps Escape, arrows, Enter and the TV Back keys working in a text field', () => {
    expect(commandForKeyboardEvent({ keyCode: 27, key: 'Escape', target: field })).toBe('Back');
    expect(commandForKeyboardEvent({ keyCode: 10009, target: field })).toBe('Back');
    expect(commandForKeyboardEvent({ keyCode: 461, target: field })).toBe('Back');
    expect(commandForKeyboardEvent({ keyCode: 40, key: 'ArrowDown', target: field })).toBe('Down');
    expect(commandForKeyboardEvent({ keyCode: 13, key: 'Enter', target: field })).toBe('Ok');
  });

  it('maps Backspace and Space as usual outside text fields', () => {
    expect(commandForKeyboardEvent({ keyCode: 8, key: 'Backspace', target: body })).toBe('Back');
    expect(commandForKeyboardEvent({ keyCode: 32, key: ' ', target: body })).toBe('PlayPause');
    expect(commandForKeyboardEvent({ keyCode: 8 })).toBe('Back');
  });
});

describe('subtitle and audio-track keys', () => {
  it('Tizen Caption (10221) and MTS (10195), webOS 460, and the UI Events key names', () => {
    expect(commandForKey({ keyCode: 10221 })).toBe('Subtitles');
    expect(commandForKey({ keyCode: 10195 })).toBe('Audio');
    expect(commandForKey({ keyCode: 460 })).toBe('Subtitles');
    expect(commandForKey({ keyCode: 0, key: 'Subtitle' })).toBe('Subtitles');
    expect(commandForKey({ keyCode: 0, key: 'MediaAudioTrack' })).toBe('Audio');
  });
});

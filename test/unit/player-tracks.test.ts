import { describe, expect, it } from 'vitest';
import {
  initialPlayerModel,
  type PlayerCommand,
  type PlayerModel,
  reducePlayer,
} from '../../src/tv/player/player-machine';
import { activeCues, parseWebVtt } from '../../src/tv/player/subtitle-cues';
import { languageChoice, trackOptions } from '../../src/tv/player/track-menu';

// The player's track menu (Up from the seek bar, the current choice marked) and the subtitles it draws.

const streams = [
  { id: 11000, streamType: 1, codec: 'h264', selected: true },
  { id: 11001, streamType: 2, displayTitle: 'English (AC3 5.1)', selected: true },
  { id: 11002, streamType: 2, displayTitle: 'French (AAC Stereo)', selected: false },
  { id: 11003, streamType: 3, displayTitle: 'English (SRT)', selected: false, key: '/library/streams/11003' },
];

describe('track menu', () => {
  const options = { hasNext: false, leaveWhenHidden: false };
  const run = (model: PlayerModel, command: string): { model: PlayerModel; commands: PlayerCommand[] } =>
    reducePlayer(model, { type: 'keyDown', command: command as 'Up', repeat: false }, 0, options);

  it('lists audio, then subtitles with Off, the current ones selected', () => {
    expect(trackOptions(streams)).toEqual([
      { kind: 'audio', id: 11001, label: 'English (AC3 5.1)', selected: true },
      { kind: 'audio', id: 11002, label: 'French (AAC Stereo)', selected: false },
      { kind: 'subtitle', id: 0, label: 'Off', selected: true },
      { kind: 'subtitle', id: 11003, label: 'English (SRT)', selected: false },
    ]);
  });

  it('Up opens it on the current audio; Down and OK pick French; Back closes without leaving', () => {
    let model: PlayerModel = { ...initialPlayerModel, status: 'playing', tracks: trackOptions(streams) };
    model = run(model, 'Up').model;
    expect(model.menu).toEqual({ index: 0 });
    model = run(model, 'Down').model;
    const picked = run(model, 'Ok');
    expect(picked.model.menu).toBeNull();
    expect(picked.commands).toContainEqual({
      type: 'chooseTrack',
      option: { kind: 'audio', id: 11002, label: 'French (AAC Stereo)', selected: false },
    });
    expect(picked.model.tracks.filter((t) => t.selected).map((t) => t.id)).toEqual([11002, 0]);
    // Picking what is already chosen does nothing; Back in the menu closes it, the player stays.
    const again = run(run(picked.model, 'Up').model, 'Ok');
    expect(again.commands.some((c) => c.type === 'chooseTrack')).toBe(false);
    const closed = run(run(picked.model, 'Up').model, 'Back');
    expect(closed.model.menu).toBeNull();
    expect(closed.commands.some((c) => c.type === 'leave')).toBe(false);
    // Without tracks, Up opens nothing.
    expect(run({ ...initialPlayerModel, status: 'playing' }, 'Up').model.menu).toBeNull();
  });

  it('the remote’s Subtitle and Audio keys open it at the subtitles and the audio, on the current choice', () => {
    const model: PlayerModel = { ...initialPlayerModel, status: 'playing', tracks: trackOptions(streams) };
    // Subtitles: "Off" is the current choice (index 2); Audio: English (index 0).
    const subtitles = run(model, 'Subtitles').model;
    expect(subtitles.menu).toEqual({ index: 2 });
    expect(run(subtitles, 'Audio').model.menu).toEqual({ index: 0 });
    // With English subtitles chosen, the key lands on them; Down then OK turns to the next entry as usual.
    const chosen = {
      ...model,
      tracks: model.tracks.map((t) => (t.kind === 'subtitle' ? { ...t, selected: t.id === 11003 } : t)),
    };
    expect(run(chosen, 'Subtitles').model.menu).toEqual({ index: 3 });
    // From the chapter ticks too; never when the title has no such tracks.
    expect(run({ ...model, chapterCursor: 1 }, 'Subtitles').model).toMatchObject({
      menu: { index: 2 },
      chapterCursor: null,
    });
    const audioOnly = { ...model, tracks: trackOptions(streams.filter((stream) => stream.streamType !== 3)) };
    expect(run(audioOnly, 'Subtitles').model.menu).toBeNull();
    expect(run(audioOnly, 'Audio').model.menu).toEqual({ index: 0 });
  });
});

describe('subtitle cues', () => {
  it('reads WebVTT (and SRT commas), drops tags, finds the cues at a position', () => {
    const cues = parseWebVtt(
      'WEBVTT\n\n00:01.000 --> 00:03.000\n<i>Hello</i> &amp; more\n\n2\n00:00:04,000 --> 00:00:06,500 align:start\nSecond\nline\n\nbad --> x\n',
    );
    expect(cues).toEqual([
      { startMs: 1000, endMs: 3000, lines: ['Hello & more'] },
      { startMs: 4000, endMs: 6500, lines: ['Second', 'line'] },
    ]);
    expect(activeCues(cues, 999)).toEqual([]);
    expect(activeCues(cues, 1000).map((cue) => cue.lines[0])).toEqual(['Hello & more']);
    expect(activeCues(cues, 3000)).toEqual([]);
    expect(activeCues(cues, 6499).map((cue) => cue.lines[0])).toEqual(['Second']);
  });
});

describe('chapters', () => {
  const options = { hasNext: false, leaveWhenHidden: false };
  const key = (model: PlayerModel, command: string) =>
    reducePlayer(model, { type: 'keyDown', command: command as 'Down', repeat: false }, 0, options);

  it('Down from the seek bar picks the chapter playing; Left/Right move; OK jumps to its start', () => {
    const chapters = [
      { startMs: 0, title: 'Opening' },
      { startMs: 3000, title: 'Middle' },
      { startMs: 6000, title: 'End' },
    ];
    let model: PlayerModel = { ...initialPlayerModel, status: 'playing', durationMs: 9000, positionMs: 3500 };
    model = reducePlayer(model, { type: 'chaptersLoaded', chapters }, 0, options).model;
    model = key(model, 'Down').model;
    expect(model.chapterCursor).toBe(1);
    model = key(model, 'Right').model;
    model = key(model, 'Right').model; // stays on the last
    expect(model.chapterCursor).toBe(2);
    model = key(model, 'Left').model;
    model = key(model, 'Left').model;
    const jumped = key(model, 'Ok');
    expect(jumped.model.chapterCursor).toBeNull();
    expect(jumped.commands).toContainEqual({ type: 'seek', positionMs: 0 });
    // Up leaves the ticks; Back leaves them without leaving the player.
    expect(key(key(model, 'Up').model, 'Up').model.chapterCursor).toBeNull();
    const back = key(model, 'Back');
    expect(back.model.chapterCursor).toBeNull();
    expect(back.commands.some((command) => command.type === 'leave')).toBe(false);
  });
});

describe('languages kept for the next title', () => {
  const episode = [
    { id: 21001, streamType: 2, language: 'eng', selected: true },
    { id: 21002, streamType: 2, language: 'fre', selected: false },
    { id: 21003, streamType: 3, language: 'eng', selected: false },
    { id: 21004, streamType: 3, language: 'fre', forced: true, selected: false },
    { id: 21500, streamType: 3, language: 'fr', selected: false },
  ];

  it('chooses the kept audio and subtitle languages (ISO 639-1 and -2 alike), or nothing when they fit', () => {
    expect(languageChoice(episode, { audio: 'fre', subtitle: 'fr' })).toEqual({
      audioStreamId: 21002,
      subtitleStreamId: 21500, // not the forced one
    });
    expect(languageChoice(episode, { audio: 'en', subtitle: null })).toBeNull();
    expect(languageChoice(episode, { audio: null, subtitle: 'eng' })).toEqual({ subtitleStreamId: 21003 });
    // Off turns chosen subtitles off, never forced ones; a language the title lacks changes nothing.
    const withSubtitles = episode.map((stream) =>
      stream.id === 21003 ? { ...stream, selected: true } : stream,
    );
    expect(languageChoice(withSubtitles, { audio: null, subtitle: 'off' })).toEqual({ subtitleStreamId: 0 });
    const forcedShown = episode.map((stream) =>
      stream.id === 21004 ? { ...stream, selected: true } : stream,
    );
    expect(languageChoice(forcedShown, { audio: null, subtitle: 'off' })).toBeNull();
    expect(languageChoice(episode, { audio: 'ja', subtitle: 'de' })).toBeNull();
  });
});

import type { DecisionStream } from '../../plex/playback-client';
import { sameLanguage } from '../../protocol/language';
import { QUALITY_CAPS } from '../../protocol/playback';

// The track menu's entries (audio, then subtitles with "Off"), from the decision's streams. Pure.

export interface TrackOption {
  kind: 'audio' | 'subtitle' | 'quality';
  /** The server's stream id; 0 for "subtitles off"; for quality, the place in QUALITY_CAPS. */
  id: number;
  label: string;
  selected: boolean;
}

/** The track options, then the quality caps with `qualityId` marked. */
export function menuOptions(streams: DecisionStream[], qualityId: string): TrackOption[] {
  return [
    ...trackOptions(streams),
    ...QUALITY_CAPS.map(
      (cap, index): TrackOption => ({
        kind: 'quality',
        id: index,
        label: cap.label,
        selected: cap.id === qualityId,
      }),
    ),
  ];
}

export function trackOptions(streams: DecisionStream[]): TrackOption[] {
  const audio = streams.filter((stream) => stream.streamType === 2 && typeof stream.id === 'number');
  const subtitles = streams.filter((stream) => stream.streamType === 3 && typeof stream.id === 'number');
  const options: TrackOption[] = audio.map((stream) => ({
    kind: 'audio',
    id: stream.id as number,
    label: labelOf(stream),
    selected: stream.selected === true,
  }));
  if (subtitles.length === 0) return options;
  options.push({
    kind: 'subtitle',
    id: 0,
    label: 'Off',
    selected: !subtitles.some((stream) => stream.selected),
  });
  for (const stream of subtitles) {
    options.push({
      kind: 'subtitle',
      id: stream.id as number,
      label: labelOf(stream),
      selected: stream.selected === true,
    });
  }
  return options;
}

function labelOf(stream: DecisionStream): string {
  return stream.displayTitle ?? `${stream.language ?? 'Unknown'} (${(stream.codec ?? '').toUpperCase()})`;
}

/** The languages the viewer last chose (kept on the TV), so the next title or episode plays them too. */
export interface LanguagePreference {
  /** An audio language; null when never chosen. */
  audio: string | null;
  /** A subtitle language, 'off', or null when never chosen. */
  subtitle: string | null;
}

/**
 * What to choose so the viewer's languages play: another audio track in the preferred language, subtitles in
 * the preferred one (or off). null when what the server picked already fits (or nothing fits better).
 */
export function languageChoice(
  streams: DecisionStream[],
  preference: LanguagePreference,
): { audioStreamId?: number; subtitleStreamId?: number } | null {
  const choice: { audioStreamId?: number; subtitleStreamId?: number } = {};
  const audio = streams.filter((stream) => stream.streamType === 2);
  const playing = audio.find((stream) => stream.selected);
  if (preference.audio && !sameLanguage(playing?.language, preference.audio)) {
    const wanted = audio.find((stream) => sameLanguage(stream.language, preference.audio ?? undefined));
    if (typeof wanted?.id === 'number') choice.audioStreamId = wanted.id;
  }
  const subtitles = streams.filter((stream) => stream.streamType === 3);
  const shown = subtitles.find((stream) => stream.selected);
  if (preference.subtitle === 'off') {
    if (shown && !shown.forced) choice.subtitleStreamId = 0;
  } else if (preference.subtitle && !sameLanguage(shown?.language, preference.subtitle)) {
    const wanted = subtitles.find(
      (stream) => !stream.forced && sameLanguage(stream.language, preference.subtitle ?? undefined),
    );
    if (typeof wanted?.id === 'number') choice.subtitleStreamId = wanted.id;
  }
  return choice.audioStreamId === undefined && choice.subtitleStreamId === undefined ? null : choice;
}

import type { DecisionStream } from '../../plex/playback-client';
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

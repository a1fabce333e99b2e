import type { PlaybackDecision, PlaybackDecisionCodes, PlaybackProfile } from '../../../protocol/playback';
import {
  audioCopyableToHls,
  fitsResolution,
  supportsAudioCodec,
  supportsContainer,
  supportsVideoCodec,
  videoCopyableToHls,
} from './capabilities';

// Direct play, remux or transcode, from the file's streams and the client's profile. Pure.
//
// - Direct play: the container, the video codec, the audio codec (if any) and the resolution are all in the
//   profile. The client plays /library/parts/… as is.
// - Remux: not playable as a file, but both streams are (e.g. MKV with H.264/AAC for a browser): copied into HLS.
// - Transcode: whatever stream the client can't decode is converted (video to H.264, audio to AAC), the other
//   copied. Converting only what is needed keeps one of two cores free for a second viewer.

export interface MediaStreams {
  container: string;
  videoCodec: string;
  /** null for a file without audio. */
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  /**
   * The audio chosen is not the one a <video> plays from the file (its default or first audio track): the
   * streams must be rebuilt with the chosen one.
   */
  otherAudioTrack?: boolean;
  /** A picture subtitle (PGS, VobSub) is chosen: it is burned into the picture, so the video is converted. */
  burnSubtitle?: boolean;
  /** The file's overall bitrate in kbps, when known: a quality cap below it converts the video. */
  bitrateKbps?: number | null;
  /** The quality the viewer chose (maxVideoBitrate, videoResolution); absent for the original. */
  cap?: { maxVideoBitrate: number; width: number; height: number } | null;
}

/** Whether a chosen quality is below the file's: its bitrate or its picture is larger than the cap. */
export function capBelowSource(media: MediaStreams): boolean {
  const { cap } = media;
  if (!cap) return false;
  if (media.bitrateKbps && media.bitrateKbps > cap.maxVideoBitrate) return true;
  return (media.width ?? 0) > cap.width || (media.height ?? 0) > cap.height;
}

export interface DecisionOptions {
  /** `directPlay=0`: the client asks for HLS even if it could play the file. */
  allowDirectPlay?: boolean;
  /** `directStream=0`: the client asks for everything to be converted. */
  allowDirectStream?: boolean;
}

export interface DecisionResult extends PlaybackDecisionCodes {
  decision: PlaybackDecision;
}

export const DECISION_TEXT = {
  directPlayOk: 'Direct play OK.',
  conversionOk: 'Direct play not available; Conversion OK.',
  directPlayDisabled: 'App cannot direct play this item. Direct play is disabled.',
} as const;

/** Why direct play is impossible, in words for the decision text; null when it is possible. */
function directPlayBlocker(media: MediaStreams, profile: PlaybackProfile): string | null {
  if (!supportsContainer(profile, media.container))
    return `the container ${media.container} is not supported`;
  if (!supportsVideoCodec(profile, media.videoCodec))
    return `the video codec ${media.videoCodec} is not supported`;
  if (media.audioCodec !== null && !supportsAudioCodec(profile, media.audioCodec)) {
    return `the audio codec ${media.audioCodec} is not supported`;
  }
  if (!fitsResolution(profile, media.width, media.height)) {
    return `the resolution ${media.width}x${media.height} is larger than ${profile.maxWidth}x${profile.maxHeight}`;
  }
  if (media.otherAudioTrack) return 'the chosen audio track is not the file’s first';
  if (media.burnSubtitle) return 'the chosen subtitles are pictures, burned into the video';
  if (capBelowSource(media))
    return `the quality chosen (${media.cap?.maxVideoBitrate} kbps) is below the file’s`;
  return null;
}

export function decidePlayback(
  media: MediaStreams,
  profile: PlaybackProfile,
  options: DecisionOptions = {},
): DecisionResult {
  const allowDirectPlay = options.allowDirectPlay ?? true;
  const allowDirectStream = options.allowDirectStream ?? true;
  const blocker = directPlayBlocker(media, profile);
  if (blocker === null && allowDirectPlay) {
    return {
      decision: { kind: 'direct-play' },
      generalDecisionCode: 1000,
      generalDecisionText: DECISION_TEXT.directPlayOk,
      directPlayDecisionCode: 1000,
      directPlayDecisionText: DECISION_TEXT.directPlayOk,
      transcodeDecisionCode: 1000,
      transcodeDecisionText: DECISION_TEXT.directPlayOk,
    };
  }

  const copyVideo =
    allowDirectStream &&
    !media.burnSubtitle &&
    !capBelowSource(media) &&
    supportsVideoCodec(profile, media.videoCodec) &&
    videoCopyableToHls(profile, media.videoCodec) &&
    fitsResolution(profile, media.width, media.height);
  const copyAudio =
    media.audioCodec === null ||
    (allowDirectStream &&
      supportsAudioCodec(profile, media.audioCodec) &&
      audioCopyableToHls(media.audioCodec));
  const decision: PlaybackDecision =
    copyVideo && copyAudio
      ? { kind: 'remux' }
      : {
          kind: 'transcode',
          video: copyVideo ? 'copy' : 'h264',
          audio: media.audioCodec === null ? 'none' : copyAudio ? 'copy' : 'aac',
        };
  const directPlayText = allowDirectPlay
    ? `App cannot direct play this item: ${blocker}.`
    : DECISION_TEXT.directPlayDisabled;
  return {
    decision,
    generalDecisionCode: 1001,
    generalDecisionText: DECISION_TEXT.conversionOk,
    directPlayDecisionCode: 3000,
    directPlayDecisionText: directPlayText,
    transcodeDecisionCode: 1001,
    transcodeDecisionText: DECISION_TEXT.conversionOk,
  };
}

/** The ffmpeg stream modes a decision asks for (remux = copy both). null for direct play. */
export function streamModes(
  decision: PlaybackDecision,
): { video: 'copy' | 'h264'; audio: 'copy' | 'aac' | 'none' } | null {
  if (decision.kind === 'direct-play') return null;
  if (decision.kind === 'remux') return { video: 'copy', audio: 'copy' };
  return { video: decision.video, audio: decision.audio };
}

// The TV app always lays out at 1920×1080 and is scaled, as a whole, to the space it has, keeping 16:9 and
// centring it (letterbox or pillarbox bars around it). Used by the app's Stage and by the emulator's frame.

export const STAGE_WIDTH = 1920;
export const STAGE_HEIGHT = 1080;

export interface StageFit {
  scale: number;
  /** Size on screen, in CSS pixels. */
  width: number;
  height: number;
  /** Offset of the stage inside the available box. */
  left: number;
  top: number;
}

export function fitStage(availableWidth: number, availableHeight: number): StageFit {
  const width = Math.max(0, availableWidth);
  const height = Math.max(0, availableHeight);
  const scale = Math.min(width / STAGE_WIDTH, height / STAGE_HEIGHT);
  const shownWidth = STAGE_WIDTH * scale;
  const shownHeight = STAGE_HEIGHT * scale;
  return {
    scale,
    width: shownWidth,
    height: shownHeight,
    left: (width - shownWidth) / 2,
    top: (height - shownHeight) / 2,
  };
}

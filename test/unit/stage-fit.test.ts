import { describe, expect, it } from 'vitest';
import { fitStage } from '../../src/tv/stage-fit';

describe('fitStage', () => {
  it('fills a 16:9 box exactly', () => {
    expect(fitStage(960, 540)).toEqual({ scale: 0.5, width: 960, height: 540, left: 0, top: 0 });
  });

  it('letterboxes a box taller than 16:9 (bars above and below)', () => {
    expect(fitStage(1020, 800)).toEqual({
      scale: 1020 / 1920,
      width: 1020,
      height: 573.75,
      left: 0,
      top: 113.125,
    });
  });

  it('pillarboxes a box wider than 16:9 (bars left and right)', () => {
    expect(fitStage(2000, 540)).toEqual({ scale: 0.5, width: 960, height: 540, left: 520, top: 0 });
  });

  it('scales up on a large screen and copes with an empty box', () => {
    expect(fitStage(3840, 2160).scale).toBe(2);
    expect(fitStage(0, 0)).toEqual({ scale: 0, width: 0, height: 0, left: 0, top: 0 });
  });
});

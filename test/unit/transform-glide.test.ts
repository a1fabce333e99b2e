import { describe, expect, it } from 'vitest';
import { TransformGlide } from '../../src/tv/components/transform-glide';

/** An element with a style and, unless `animates` is false, an animate() that records its glides. */
function fakeElement(animates = true) {
  const glides: { keyframes: unknown; cancelled: boolean }[] = [];
  const element = {
    style: { transform: '' },
    animate: animates
      ? (keyframes: unknown) => {
          const glide = { keyframes, cancelled: false };
          glides.push(glide);
          return { cancel: () => (glide.cancelled = true) };
        }
      : undefined,
  };
  return { element: element as unknown as HTMLElement, glides };
}

describe('TransformGlide', () => {
  it('writes the first transform without a glide (the list mounts where it is)', () => {
    const { element, glides } = fakeElement();
    new TransformGlide(180).moveTo(element, 'translateY(-400px)');
    expect(element.style.transform).toBe('translateY(-400px)');
    expect(glides).toEqual([]);
  });

  it('glides from the last transform to the next, and not at all to the same one', () => {
    const { element, glides } = fakeElement();
    const scroll = new TransformGlide(180);
    scroll.moveTo(element, 'translateY(0px)');
    scroll.moveTo(element, 'translateY(-400px)');
    scroll.moveTo(element, 'translateY(-400px)');
    expect(element.style.transform).toBe('translateY(-400px)');
    expect(glides.map((glide) => glide.keyframes)).toEqual([
      [{ transform: 'translateY(0px)' }, { transform: 'translateY(-400px)' }],
    ]);
  });

  it('drops a glide still playing for the next one, and ends it on stop', () => {
    const { element, glides } = fakeElement();
    const scroll = new TransformGlide(180);
    scroll.moveTo(element, 'translateY(0px)');
    scroll.moveTo(element, 'translateY(-400px)');
    scroll.moveTo(element, 'translateY(-800px)');
    expect(glides.map((glide) => glide.cancelled)).toEqual([true, false]);
    expect(glides[1].keyframes).toEqual([
      { transform: 'translateY(-400px)' },
      { transform: 'translateY(-800px)' },
    ]);
    scroll.stop();
    expect(glides[1].cancelled).toBe(true);
  });

  it('only writes the transform where the Web Animations API is missing', () => {
    const { element } = fakeElement(false);
    const scroll = new TransformGlide(180);
    scroll.moveTo(element, 'translateY(0px)');
    scroll.moveTo(element, 'translateY(-400px)');
    scroll.stop();
    expect(element.style.transform).toBe('translateY(-400px)');
  });
});

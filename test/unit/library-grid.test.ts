import { describe, expect, it } from 'vitest';
import {
  cellPosition,
  type GridGeometry,
  gridWindow,
  mountedLines,
  pagesToFetch,
  scrollLineFor,
} from '../../src/tv/stores/library-grid';

// 7 columns of 380 px rows in an 860 px window: two full rows and a peek of a third.
const geometry: GridGeometry = { columns: 7, rowHeight: 380, viewportHeight: 860, overscanRows: 1 };

describe('scroll position from the focused line', () => {
  it('keeps the focused line one in from the top, clamped at both ends', () => {
    expect(scrollLineFor(0, 100, 2)).toBe(0);
    expect(scrollLineFor(1, 100, 2)).toBe(0);
    expect(scrollLineFor(2, 100, 2)).toBe(1);
    expect(scrollLineFor(50, 100, 2)).toBe(49);
    expect(scrollLineFor(99, 100, 2)).toBe(98);
    expect(scrollLineFor(3, 3, 7)).toBe(0); // everything fits: never scrolls
  });

  it('mounts the lines in view plus an overhang each side', () => {
    expect(mountedLines(0, 100, 3, 1)).toEqual({ start: 0, end: 4 });
    expect(mountedLines(10, 100, 3, 1)).toEqual({ start: 9, end: 14 });
    expect(mountedLines(98, 100, 3, 1)).toEqual({ start: 97, end: 100 });
    expect(mountedLines(0, 0, 3, 1)).toEqual({ start: 0, end: 0 });
  });
});

describe('gridWindow', () => {
  it('at the top: rows 0–3 mounted (3 in view, one below), no offset', () => {
    expect(gridWindow(0, 10_000, geometry)).toEqual({
      scrollRow: 0,
      offsetY: -0,
      mounted: { start: 0, end: 28 },
      rowCount: 1429,
    });
  });

  it('far down: the focused row second from the top, one row mounted above and below the view', () => {
    const window = gridWindow(40 * 7 + 3, 10_000, geometry); // row 40, column 3
    expect(window.scrollRow).toBe(39);
    expect(window.offsetY).toBe(-39 * 380);
    expect(window.mounted).toEqual({ start: 38 * 7, end: 43 * 7 });
    expect(window.mounted.end - window.mounted.start).toBe(35); // a few dozen focusables, never thousands
  });

  it('at the end: clamped to the last rows, the last partial row mounted', () => {
    const window = gridWindow(9_999, 10_000, geometry);
    expect(window.scrollRow).toBe(1427);
    expect(window.mounted).toEqual({ start: 1426 * 7, end: 10_000 });
  });

  it('clamps a focus index beyond the list and handles an empty one', () => {
    expect(gridWindow(50, 10, geometry).mounted).toEqual({ start: 0, end: 10 });
    expect(gridWindow(0, 0, geometry)).toEqual({
      scrollRow: 0,
      offsetY: -0,
      mounted: { start: 0, end: 0 },
      rowCount: 0,
    });
  });

  it('places cells by index', () => {
    expect(cellPosition(0, 7, 232, 380)).toEqual({ left: 0, top: 0 });
    expect(cellPosition(15, 7, 232, 380)).toEqual({ left: 232, top: 760 });
  });
});

describe('pagesToFetch', () => {
  const none = () => false;

  it('fetches the pages on screen first, then the nearest ahead of and behind them', () => {
    expect(pagesToFetch({ start: 266, end: 301 }, 10_000, 100, 100, none)).toEqual([2, 3, 4, 1]);
  });

  it('skips pages loaded or loading, and stops at the ends of the list', () => {
    expect(pagesToFetch({ start: 0, end: 28 }, 10_000, 100, 100, (page) => page === 0)).toEqual([1]);
    expect(pagesToFetch({ start: 9_982, end: 10_000 }, 10_000, 100, 100, none)).toEqual([99, 98]);
    expect(pagesToFetch({ start: 0, end: 28 }, 28, 100, 100, none)).toEqual([0]);
  });

  it('fetches nothing for an empty list or range', () => {
    expect(pagesToFetch({ start: 0, end: 0 }, 10, 100, 100, none)).toEqual([]);
    expect(pagesToFetch({ start: 0, end: 10 }, 0, 100, 100, none)).toEqual([]);
  });
});

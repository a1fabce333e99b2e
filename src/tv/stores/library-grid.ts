// The arithmetic behind virtualised rows and grids (docs/platforms.md#focus-and-virtualised-lists: fixed-size
// cards, only visible items ± an overhang mounted and registered with Norigin). Pure functions: the scroll
// position follows from the focused index alone, so a screen that re-mounts on Back scrolls straight to the
// remembered item.

/** A half-open range of item indexes [start, end). */
export interface IndexRange {
  start: number;
  end: number;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/**
 * The first line (row of a grid, column of a row) scrolled into view when `focused` has focus: the
 * focused line sits one line in (so the one before it stays visible), clamped so the list never scrolls
 * past its ends. `visibleLines` counts the lines that fit completely.
 */
export function scrollLineFor(focused: number, lineCount: number, visibleLines: number, lead = 1): number {
  const last = Math.max(0, lineCount - Math.max(1, visibleLines));
  return clamp(focused - lead, 0, last);
}

/**
 * Lines to mount for a scroll position: those in view (partly visible ones too, `viewLines` = viewport
 * ÷ line size rounded up) plus `overscan` on each side, clamped to the list.
 */
export function mountedLines(
  scrollLine: number,
  lineCount: number,
  viewLines: number,
  overscan = 1,
): IndexRange {
  if (lineCount <= 0) return { start: 0, end: 0 };
  return {
    start: clamp(scrollLine - overscan, 0, lineCount),
    end: clamp(scrollLine + viewLines + overscan, 0, lineCount),
  };
}

export interface GridGeometry {
  columns: number;
  /** Row pitch in px (card + caption + spacing). */
  rowHeight: number;
  /** Height of the grid's window in px. */
  viewportHeight: number;
  /** Rows mounted beyond the visible ones, each side. */
  overscanRows: number;
}

export interface GridWindow {
  /** The row at the top of the viewport. */
  scrollRow: number;
  /** translateY of the grid's content, px (≤ 0). */
  offsetY: number;
  /** Item indexes mounted (and registered as focusables). */
  mounted: IndexRange;
  rowCount: number;
}

/** Everything a virtualised grid needs to render for a focused index. */
export function gridWindow(focusedIndex: number, total: number, geometry: GridGeometry): GridWindow {
  const { columns, rowHeight, viewportHeight, overscanRows } = geometry;
  const rowCount = Math.ceil(Math.max(0, total) / columns);
  const fullRows = Math.max(1, Math.floor(viewportHeight / rowHeight));
  const viewRows = Math.ceil(viewportHeight / rowHeight);
  const focusedRow = Math.floor(clamp(focusedIndex, 0, Math.max(0, total - 1)) / columns);
  const scrollRow = scrollLineFor(focusedRow, rowCount, fullRows);
  const rows = mountedLines(scrollRow, rowCount, viewRows, overscanRows);
  return {
    scrollRow,
    offsetY: -scrollRow * rowHeight,
    mounted: { start: rows.start * columns, end: Math.min(total, rows.end * columns) },
    rowCount,
  };
}

/** Item index → its cell's position inside the grid's content, px. */
export function cellPosition(
  index: number,
  columns: number,
  columnWidth: number,
  rowHeight: number,
): { left: number; top: number } {
  return { left: (index % columns) * columnWidth, top: Math.floor(index / columns) * rowHeight };
}

/**
 * Which pages to fetch so `range` is loaded, then `ahead` items either side of it: pages covering the
 * range first (they are on screen), then the nearest pages beyond it. Pages `have` answers true for
 * (loaded or loading) are skipped.
 */
export function pagesToFetch(
  range: IndexRange,
  total: number,
  pageSize: number,
  ahead: number,
  have: (page: number) => boolean,
): number[] {
  if (total <= 0 || range.end <= range.start) return [];
  const lastPage = Math.floor((total - 1) / pageSize);
  const pageOf = (index: number) => clamp(Math.floor(index / pageSize), 0, lastPage);
  const pages: number[] = [];
  const add = (page: number) => {
    if (pages.indexOf(page) < 0 && !have(page)) pages.push(page);
  };
  const first = pageOf(range.start);
  const last = pageOf(range.end - 1);
  for (let page = first; page <= last; page++) add(page);
  const before = pageOf(range.start - ahead);
  const after = pageOf(range.end - 1 + ahead);
  for (let step = 1; first - step >= before || last + step <= after; step++) {
    if (last + step <= after) add(last + step);
    if (first - step >= before) add(first - step);
  }
  return pages;
}

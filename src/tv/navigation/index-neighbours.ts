import type { ArrowDirection } from './arrow-pacer';

// Where an arrow goes inside an index region (index-regions.ts), by index arithmetic on its data. Apart from
// the registry, so that only the grids and rows that use it (lazy screens) load it, not the first screen.

/** Where an arrow goes in a grid of `columns` holding `total` items; null when it leaves the grid. */
export function gridNeighbour(
  index: number,
  direction: ArrowDirection,
  columns: number,
  total: number,
): number | null {
  const column = index % columns;
  switch (direction) {
    case 'left':
      return column > 0 ? index - 1 : null;
    case 'right':
      return column < columns - 1 && index + 1 < total ? index + 1 : null;
    case 'up':
      return index - columns >= 0 ? index - columns : null;
    case 'down': {
      if (index + columns < total) return index + columns;
      // A shorter last row: Down from above it lands on its last item.
      const lastRow = Math.floor((total - 1) / columns);
      return Math.floor(index / columns) < lastRow ? total - 1 : null;
    }
  }
}

/** Where an arrow goes in a row of `total` items; null when it leaves the row (Up, Down, the ends). */
export function rowNeighbour(index: number, direction: ArrowDirection, total: number): number | null {
  if (direction === 'left') return index > 0 ? index - 1 : null;
  if (direction === 'right') return index + 1 < total ? index + 1 : null;
  return null;
}

/**
 * Where Up or Down goes in a list of rows stacked top to bottom (`rowKeys`, by their focus keys): the row
 * above or below `fromKey`; null for Left, Right, a move off either end, or a key not in the list.
 */
export function rowListNeighbour(
  rowKeys: readonly string[],
  fromKey: string,
  direction: ArrowDirection,
): string | null {
  const at = rowKeys.indexOf(fromKey);
  if (at < 0) return null;
  if (direction === 'down') return rowKeys[at + 1] ?? null;
  if (direction === 'up') return at > 0 ? rowKeys[at - 1] : null;
  return null;
}

import {
  FocusContext,
  getCurrentFocusKey,
  setFocus,
  useFocusable,
} from '@noriginmedia/norigin-spatial-navigation';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { MediaItem } from '../../plex/library-model';
import { gridNeighbour, INDEX_REGION_FOCUS, registerIndexRegion } from '../navigation/index-regions';
import { cardFocusKey, parseSlotFocusKey, slotFocusKey } from '../stores/library-focus';
import { cellPosition, type GridGeometry, gridWindow, type IndexRange } from '../stores/library-grid';
import type { CardSize } from './MediaCard';
import { MediaCard } from './MediaCard';

export interface PosterGridProps {
  gridId: string;
  total: number;
  itemAt(index: number): MediaItem | null;
  geometry: GridGeometry;
  card: CardSize;
  /** Column pitch, px. */
  columnWidth: number;
  /** Index focused when the grid first mounts (Back restores the item there). */
  initialIndex: number;
  imageUrl(item: MediaItem): string | null;
  onOpen(item: MediaItem, index: number): void;
  /** Item indexes now mounted: the store fetches them and beyond. */
  onRangeChange(range: IndexRange): void;
  /** Bumped by the owner whenever items arrive (pages are cached outside). */
  version: unknown;
}

export interface PosterGridHandle {
  /** Scrolls `index` into view, mounts it, then focuses it. */
  focusIndex(index: number): void;
}

/** The focus key of the cell at `index`: the item's card, or a slot while its page is loading. */
function keyAt(gridId: string, index: number, item: MediaItem | null): string {
  return item ? cardFocusKey(gridId, item.id) : slotFocusKey(gridId, index);
}

/**
 * A virtualised poster grid (tv-platforms.md §7): fixed-size cells, only the rows in view ± one mounted
 * and registered with Norigin, scrolled with a translateY that follows from the focused index alone, so a
 * grid re-mounted on Back is at the remembered item's row before focus is set. Arrow keys inside the grid
 * are index arithmetic (an index region, navigation/index-regions.ts): the grid renders the new window
 * synchronously, then focuses the card; Norigin only handles moves that leave the grid.
 */
export const PosterGrid = forwardRef<PosterGridHandle, PosterGridProps>(function PosterGrid(
  {
    gridId,
    total,
    itemAt,
    geometry,
    card,
    columnWidth,
    initialIndex,
    imageUrl,
    onOpen,
    onRangeChange,
    version,
  },
  handle,
) {
  const [focusedIndex, setFocusedIndex] = useState(initialIndex);
  /** An index to focus once it is mounted (jump to letter). */
  const [pendingIndex, setPendingIndex] = useState<number | null>(null);
  const window = gridWindow(focusedIndex, total, geometry);
  const focusedItem = itemAt(Math.min(focusedIndex, Math.max(0, total - 1)));
  const { ref, focusKey } = useFocusable({
    focusKey: `grid:${gridId}`,
    saveLastFocusedChild: false,
    preferredChildFocusKey: total > 0 ? keyAt(gridId, focusedIndex, focusedItem) : undefined,
    ...INDEX_REGION_FOCUS,
  });

  const latest = useRef({ onRangeChange, onOpen, gridId, total, itemAt, columns: geometry.columns });
  latest.current = { onRangeChange, onOpen, gridId, total, itemAt, columns: geometry.columns };
  /** The focused index as of the last move, ahead of React's state. */
  const focusedRef = useRef(focusedIndex);

  useEffect(
    () =>
      registerIndexRegion({
        containerKey: focusKey,
        focusedKey() {
          const { gridId: id, itemAt: at, total: count } = latest.current;
          const index = focusedRef.current;
          return index < count ? keyAt(id, index, at(index)) : null;
        },
        move(direction) {
          const { gridId: id, itemAt: at, total: count, columns } = latest.current;
          const target = gridNeighbour(focusedRef.current, direction, columns, count);
          if (target === null) return false;
          focusedRef.current = target;
          // Mount the target's rows now (a synchronous render), so its card can take focus at once.
          flushSync(() => setFocusedIndex(target));
          void setFocus(keyAt(id, target, at(target)));
          return true;
        },
      }),
    [focusKey],
  );
  const { start, end } = window.mounted;
  useEffect(() => {
    latest.current.onRangeChange({ start, end });
  }, [start, end]);

  useImperativeHandle(handle, () => ({
    focusIndex(index: number) {
      focusedRef.current = index;
      setFocusedIndex(index);
      setPendingIndex(index);
    },
  }));

  // After a jump the target is mounted (this effect runs after that render): focus it.
  useEffect(() => {
    if (pendingIndex === null) return;
    setPendingIndex(null);
    void setFocus(keyAt(gridId, pendingIndex, itemAt(pendingIndex)));
  }, [pendingIndex, gridId, itemAt]);

  // A focused slot whose page arrived becomes a card: move focus onto the card.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-checked whenever items arrive
  useEffect(() => {
    const slot = parseSlotFocusKey(getCurrentFocusKey());
    if (!slot || slot.rowId !== gridId) return;
    const item = itemAt(slot.index);
    if (item) void setFocus(cardFocusKey(gridId, item.id));
  }, [version]);

  const onFocusIndex = useCallback((index: number) => {
    focusedRef.current = index;
    setFocusedIndex(index);
  }, []);
  const open = useCallback((item: MediaItem, index: number) => latest.current.onOpen(item, index), []);

  const cells = [];
  for (let i = start; i < end; i++) {
    const item = itemAt(i);
    const { left, top } = cellPosition(i, geometry.columns, columnWidth, geometry.rowHeight);
    cells.push(
      <MediaCard
        key={item ? `c${item.id}` : `s${i}`}
        focusKey={keyAt(gridId, i, item)}
        item={item}
        index={i}
        size={card}
        left={left}
        top={top}
        imageUrl={item ? imageUrl(item) : null}
        onFocusIndex={onFocusIndex}
        onOpen={open}
      />,
    );
  }

  return (
    <FocusContext.Provider value={focusKey}>
      <div
        ref={ref}
        className="poster-grid"
        data-testid="poster-grid"
        data-mounted={end - start}
        style={{ height: geometry.viewportHeight, width: geometry.columns * columnWidth }}
      >
        <div
          className="poster-grid__content"
          style={{
            height: window.rowCount * geometry.rowHeight,
            transform: `translateY(${window.offsetY}px)`,
          }}
        >
          {cells}
        </div>
      </div>
    </FocusContext.Provider>
  );
});

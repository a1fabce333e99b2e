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
import { cardFocusKey, parseCardFocusKey, parseSlotFocusKey, slotFocusKey } from '../stores/library-focus';
import { cellPosition, type GridGeometry, gridWindow, type IndexRange } from '../stores/library-grid';
import { FocusHolder } from './FocusHolder';
import type { CardSize } from './MediaCard';
import { CAPTION_HEIGHT, MediaCard } from './MediaCard';

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

/** True for the focus keys of this grid's cards and slots. */
function ownsKey(gridId: string, key: string | null | undefined): boolean {
  return (parseCardFocusKey(key)?.rowId ?? parseSlotFocusKey(key)?.rowId) === gridId;
}

/**
 * A virtualised poster grid (docs/platforms.md#focus-and-virtualised-lists): fixed-size cells, only the rows
 * in view ± one mounted, scrolled with a translateY (on its own layer) that follows from the focused index
 * alone, so a grid re-mounted on Back is at the remembered item's row before focus is set. The grid is an
 * index region (navigation/index-regions.ts): arrows inside it are index arithmetic, rendered synchronously,
 * and the only Norigin focusable inside is a FocusHolder under the focused cell's key; Norigin handles only
 * moves that leave the grid.
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
  const index = Math.min(focusedIndex, Math.max(0, total - 1));
  /** An index to focus once it is mounted (jump to letter). */
  const [pendingIndex, setPendingIndex] = useState<number | null>(null);
  const window = gridWindow(index, total, geometry);
  const focusedKey = total > 0 ? keyAt(gridId, index, itemAt(index)) : undefined;
  const { ref, focusKey, hasFocusedChild } = useFocusable({
    focusKey: `grid:${gridId}`,
    saveLastFocusedChild: false,
    preferredChildFocusKey: focusedKey,
    trackChildren: true,
    ...INDEX_REGION_FOCUS,
  });

  const latest = useRef({ onRangeChange, onOpen, gridId, total, itemAt, columns: geometry.columns });
  latest.current = { onRangeChange, onOpen, gridId, total, itemAt, columns: geometry.columns };
  /** The focused index as of the last move, ahead of React's state. */
  const focusedRef = useRef(index);
  focusedRef.current = Math.min(focusedRef.current, Math.max(0, total - 1));
  const { start, end } = window.mounted;
  useEffect(() => {
    // After the move's frame: fetching pages is not part of moving focus.
    const timer = setTimeout(() => latest.current.onRangeChange({ start, end }), 0);
    return () => clearTimeout(timer);
  }, [start, end]);

  /** Focuses `target` now: renders its window synchronously (mounting its holder), then sets focus. */
  const content = useRef<HTMLDivElement>(null);
  /** Takes the marker off the card at `at`, which a quick move may have set outside React's render. */
  const unmark = useCallback((at: number) => {
    content.current?.querySelector(`[data-index="${at}"]`)?.removeAttribute('data-focused');
  }, []);

  const focusNow = useCallback(
    (target: number) => {
      const { gridId: id, itemAt: at } = latest.current;
      unmark(focusedRef.current);
      focusedRef.current = target;
      flushSync(() => setFocusedIndex(target));
      void setFocus(keyAt(id, target, at(target)));
    },
    [unmark],
  );

  /**
   * An arrow move: when the target card is mounted (rows in view ± one are), its data-focused marker moves
   * at once, as a bare-DOM grid would, and React renders the new window when it can (several quick moves
   * make one render); Norigin's focus follows in the effect below. Otherwise the window renders now.
   */
  const moveTo = useCallback(
    (target: number) => {
      const from = focusedRef.current;
      const card = content.current?.querySelector(`[data-index="${target}"]`);
      if (!card) {
        focusNow(target);
        return;
      }
      focusedRef.current = target;
      unmark(from);
      card.setAttribute('data-focused', 'true');
      setFocusedIndex(target);
    },
    [focusNow, unmark],
  );

  // After a move rendered: Norigin's focus onto the new holder, if focus is still in this grid.
  useEffect(() => {
    const current = getCurrentFocusKey();
    if (focusedKey && current !== focusedKey && ownsKey(gridId, current)) void setFocus(focusedKey);
  }, [focusedKey, gridId]);

  useEffect(
    () =>
      registerIndexRegion({
        containerKey: focusKey,
        owns: (key) => ownsKey(latest.current.gridId, key),
        move(direction) {
          const { total: count, columns } = latest.current;
          const target = gridNeighbour(focusedRef.current, direction, columns, count);
          if (target === null) {
            // Leaving the grid: let React's render catch up with quick moves first, so the card it marks
            // focused is the one focus leaves from.
            const at = focusedRef.current;
            flushSync(() => setFocusedIndex(at));
            return false;
          }
          moveTo(target);
          return true;
        },
      }),
    [focusKey, moveTo],
  );

  useImperativeHandle(handle, () => ({
    focusIndex(at: number) {
      focusedRef.current = at;
      setFocusedIndex(at);
      setPendingIndex(at);
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

  const open = useCallback((item: MediaItem, at: number) => latest.current.onOpen(item, at), []);
  const openFocused = useCallback(() => {
    const at = focusedRef.current;
    const item = latest.current.itemAt(at);
    if (item) latest.current.onOpen(item, at);
  }, []);

  // Poster URLs are built once per item (not for every mounted cell on every move).
  const urls = useRef({ imageUrl, byId: new Map<string, string | null>() });
  if (urls.current.imageUrl !== imageUrl) urls.current = { imageUrl, byId: new Map() };
  const urlOf = (item: MediaItem): string | null => {
    const known = urls.current.byId.get(item.id);
    if (known !== undefined) return known;
    const url = imageUrl(item);
    urls.current.byId.set(item.id, url);
    return url;
  };

  // One element per grid row, so a move that scrolls adds and removes whole rows (one DOM insertion or
  // removal each), not card by card.
  const rows = [];
  for (let rowStart = start; rowStart < end; rowStart += geometry.columns) {
    const row = Math.floor(rowStart / geometry.columns);
    const cells = [];
    for (let i = rowStart; i < Math.min(end, rowStart + geometry.columns); i++) {
      const item = itemAt(i);
      const { left } = cellPosition(i, geometry.columns, columnWidth, geometry.rowHeight);
      cells.push(
        <MediaCard
          key={item ? `c${item.id}` : `s${i}`}
          item={item}
          index={i}
          size={card}
          left={left}
          top={0}
          imageUrl={item ? urlOf(item) : null}
          focused={hasFocusedChild && i === index}
          onPoint={focusNow}
          onOpen={open}
        />,
      );
    }
    rows.push(
      <div key={row} className="poster-grid__row" style={{ top: row * geometry.rowHeight }}>
        {cells}
      </div>,
    );
  }
  const holderAt = cellPosition(index, geometry.columns, columnWidth, geometry.rowHeight);

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
          ref={content}
          className="poster-grid__content"
          style={{
            height: window.rowCount * geometry.rowHeight,
            transform: `translateY(${window.offsetY}px)`,
          }}
        >
          {rows}
          {focusedKey ? (
            <FocusHolder
              key={focusedKey}
              focusKey={focusedKey}
              left={holderAt.left}
              top={holderAt.top}
              width={card.width}
              height={card.height + CAPTION_HEIGHT}
              onEnter={openFocused}
            />
          ) : null}
        </div>
      </div>
    </FocusContext.Provider>
  );
});

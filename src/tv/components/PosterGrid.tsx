import { FocusContext, useFocusable } from '@noriginmedia/norigin-spatial-navigation';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef } from 'react';
import type { MediaItem } from '../../plex/library-model';
import { gridNeighbour } from '../navigation/index-neighbours';
import { INDEX_REGION_FOCUS, registerIndexRegion } from '../navigation/index-regions';
import { noriginFocus as focus, holderFocusKey } from '../navigation/spatial-navigation';
import { cardFocusKey, parseCardFocusKey, parseSlotFocusKey, slotFocusKey } from '../stores/library-focus';
import { type GridGeometry, gridWindow, type IndexRange } from '../stores/library-grid';
import { CAPTION_HEIGHT, CardLayer, type CardSize } from './card-layer';
import { FocusHolder, holderFocusKeyOf } from './FocusHolder';
import { useLatest } from './useLatest';

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
 * index region (navigation/index-regions.ts): an arrow inside it is index arithmetic that moves the card
 * layer (card-layer.ts) at once, as a bare-DOM grid would, with no React render and no Norigin call. The
 * grid's one Norigin focusable, a FocusHolder, keeps one focus key while the grid is mounted, so nothing has
 * to catch up after the keys: OK, the remembered focus and the current key go by the card shown
 * (index-regions.ts), and a move that leaves the grid leaves from the holder.
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
  const holderKey = holderFocusKeyOf(`grid:${gridId}`);
  const { ref, focusKey, hasFocusedChild } = useFocusable({
    focusKey: `grid:${gridId}`,
    saveLastFocusedChild: false,
    preferredChildFocusKey: total > 0 ? holderKey : undefined,
    trackChildren: true,
    ...INDEX_REGION_FOCUS,
  });

  // Poster URLs are built once per item (not for every card on every move).
  const urls = useRef({ imageUrl, byId: new Map<string, string | null>() });
  if (urls.current.imageUrl !== imageUrl) urls.current = { imageUrl, byId: new Map() };
  const urlOf = useCallback((item: MediaItem): string | null => {
    const { byId, imageUrl: build } = urls.current;
    const known = byId.get(item.id);
    if (known !== undefined) return known;
    const url = build(item);
    byId.set(item.id, url);
    return url;
  }, []);

  const latest = useLatest({
    onRangeChange,
    onOpen,
    gridId,
    holderKey,
    total,
    itemAt,
    geometry,
    hasFocusedChild,
    version,
  });
  /** The index shown focused: moved by every key at once, with no React render. */
  const focusedRef = useRef(initialIndex);
  focusedRef.current = Math.min(focusedRef.current, Math.max(0, total - 1));

  // The cards: plain DOM in the content element (card-layer.ts).
  const content = useRef<HTMLDivElement>(null);
  const layer = useRef<CardLayer | null>(null);
  /** The item range last handed to onRangeChange. */
  const rangeAsked = useRef<IndexRange>({ start: -1, end: -1 });
  const rangeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  /** Puts the DOM in step with the shown index: the cards in the window, the marker, the scroll. */
  const paint = useCallback(() => {
    const cards = layer.current;
    if (!cards) return;
    const {
      total: count,
      itemAt: at,
      geometry: grid,
      hasFocusedChild: shown,
      version: items,
    } = latest.current;
    const focused = focusedRef.current;
    const window = gridWindow(focused, count, grid);
    const { start, end } = window.mounted;
    cards.show(
      { start: Math.floor(start / grid.columns), end: Math.ceil(end / grid.columns) },
      { total: count, itemAt: at, imageUrl: urlOf, version: items },
    );
    cards.focus(shown ? focused : null);
    cards.scrollTo(`translateY(${window.offsetY}px)`);
    if (start !== rangeAsked.current.start || end !== rangeAsked.current.end) {
      rangeAsked.current = { start, end };
      // After the move's frame: fetching pages is not part of moving focus.
      if (rangeTimer.current) clearTimeout(rangeTimer.current);
      rangeTimer.current = setTimeout(() => latest.current.onRangeChange({ start, end }), 0);
    }
  }, [urlOf]);

  useEffect(
    () => () => {
      if (rangeTimer.current) clearTimeout(rangeTimer.current);
    },
    [],
  );

  /** An arrow move: the cards move; Norigin's focus stays on the holder. */
  const moveTo = useCallback(
    (target: number) => {
      focusedRef.current = target;
      paint();
    },
    [paint],
  );

  /**
   * Shows `target` focused and puts Norigin's focus on the holder, unless it is there already (the pointer, a
   * jump, focus restored to the shown card); Norigin's focus arriving from outside re-renders the grid
   * (hasFocusedChild), which marks the card.
   */
  const focusNow = useCallback(
    (target: number) => {
      focusedRef.current = target;
      paint();
      const key = latest.current.holderKey;
      if (holderFocusKey() !== key) void focus.setFocus(key);
    },
    [paint],
  );

  const openAt = useCallback((at: number) => {
    const item = latest.current.itemAt(at);
    if (item) latest.current.onOpen(item, at);
  }, []);
  const openFocused = useCallback(() => openAt(focusedRef.current), [openAt]);

  const columns = geometry.columns;
  const rowHeight = geometry.rowHeight;
  const { width: cardWidth, height: cardHeight } = card;
  useLayoutEffect(() => {
    const cards = new CardLayer(
      content.current as HTMLDivElement,
      {
        card: { width: cardWidth, height: cardHeight },
        lineSize: columns,
        lineOffset: (line) => ({ x: 0, y: line * rowHeight }),
        slotLeft: (slot) => slot * columnWidth,
      },
      { point: focusNow, open: openAt },
    );
    layer.current = cards;
    return () => {
      cards.destroy();
      layer.current = null;
    };
  }, [cardWidth, cardHeight, columns, columnWidth, rowHeight, focusNow, openAt]);

  // After every render (items arrived, focus entered or left the grid, a jump), before the browser paints.
  useLayoutEffect(paint);

  useEffect(
    () =>
      registerIndexRegion({
        containerKey: focusKey,
        owns: (key) => key === latest.current.holderKey || ownsKey(latest.current.gridId, key),
        focusedKey() {
          const { gridId: id, itemAt: at, total: count } = latest.current;
          return count > 0 ? keyAt(id, focusedRef.current, at(focusedRef.current)) : null;
        },
        move(direction) {
          const { total: count, geometry: grid } = latest.current;
          const target = gridNeighbour(focusedRef.current, direction, grid.columns, count);
          // Leaving: Norigin moves from the holder.
          if (target === null) return false;
          moveTo(target);
          return true;
        },
        enter: openFocused,
        catchUp: () => focusNow(focusedRef.current),
      }),
    [focusKey, moveTo, openFocused, focusNow],
  );

  useImperativeHandle(handle, () => ({
    focusIndex(at: number) {
      focusNow(at);
    },
  }));

  const rowCount = Math.ceil(Math.max(0, total) / geometry.columns);

  return (
    <FocusContext.Provider value={focusKey}>
      <div
        ref={ref}
        className="poster-grid"
        data-testid="poster-grid"
        style={{ height: geometry.viewportHeight, width: geometry.columns * columnWidth }}
      >
        {/* Its transform is the card layer's (paint), so a burst of keys scrolls without a render. */}
        <div ref={content} className="poster-grid__content" style={{ height: rowCount * geometry.rowHeight }}>
          {total > 0 ? (
            <FocusHolder
              key={holderKey}
              focusKey={holderKey}
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

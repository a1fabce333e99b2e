import {
  FocusContext,
  getCurrentFocusKey,
  setFocus,
  useFocusable,
} from '@noriginmedia/norigin-spatial-navigation';
import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { flushSync } from 'react-dom';
import type { MediaItem } from '../../plex/library-model';
import { gridNeighbour, INDEX_REGION_FOCUS, registerIndexRegion } from '../navigation/index-regions';
import { cardFocusKey, parseCardFocusKey, parseSlotFocusKey, slotFocusKey } from '../stores/library-focus';
import { cellPosition, type GridGeometry, gridWindow, type IndexRange } from '../stores/library-grid';
import { CAPTION_HEIGHT, CardLayer, type CardSize } from './card-layer';
import { FocusHolder } from './FocusHolder';

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

  const latest = useRef({ onRangeChange, onOpen, gridId, total, itemAt, geometry, hasFocusedChild });
  latest.current = { onRangeChange, onOpen, gridId, total, itemAt, geometry, hasFocusedChild };
  /** The key focusNow asked Norigin for (the effect below need not ask again). */
  const focusAsked = useRef<string | null>(null);
  /** The focused index as of the last move (React's state follows it in the same task). */
  const focusedRef = useRef(index);
  focusedRef.current = Math.min(focusedRef.current, Math.max(0, total - 1));
  const { start, end } = window.mounted;
  useEffect(() => {
    // After the move's frame: fetching pages is not part of moving focus.
    const timer = setTimeout(() => latest.current.onRangeChange({ start, end }), 0);
    return () => clearTimeout(timer);
  }, [start, end]);

  /** Focuses `target` now: renders its holder synchronously (the cards follow in the layout effect), then
   * moves Norigin's focus onto it, so Norigin is on the card that shows focus before the next key. */
  const focusNow = useCallback((target: number) => {
    const { gridId: id, itemAt: at } = latest.current;
    const key = keyAt(id, target, at(target));
    focusedRef.current = target;
    focusAsked.current = key;
    flushSync(() => setFocusedIndex(target));
    void setFocus(key);
  }, []);

  const openAt = useCallback((at: number) => {
    const item = latest.current.itemAt(at);
    if (item) latest.current.onOpen(item, at);
  }, []);
  const openFocused = useCallback(() => openAt(focusedRef.current), [openAt]);

  // The cards: plain DOM in the content element (card-layer.ts), put in step with the focused index after
  // every render, before the browser paints.
  const content = useRef<HTMLDivElement>(null);
  const layer = useRef<CardLayer | null>(null);
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

  // biome-ignore lint/correctness/useExhaustiveDependencies: the card size makes a new layer, to be filled
  useLayoutEffect(() => {
    const cards = layer.current;
    if (!cards) return;
    cards.show(
      { start: Math.floor(start / columns), end: Math.ceil(end / columns) },
      { total, itemAt, imageUrl: urlOf, version },
    );
    cards.focus(hasFocusedChild ? index : null);
  }, [start, end, columns, total, itemAt, urlOf, index, hasFocusedChild, version, cardWidth, cardHeight]);

  // A move from outside the grid's own keys (a jump, the pointer) or a slot becoming a card: Norigin's
  // focus onto the new holder, if focus is still in this grid.
  useEffect(() => {
    if (!focusedKey || focusedKey === focusAsked.current) return;
    const current = getCurrentFocusKey();
    if (current !== focusedKey && ownsKey(gridId, current)) void setFocus(focusedKey);
  }, [focusedKey, gridId]);

  useEffect(
    () =>
      registerIndexRegion({
        containerKey: focusKey,
        owns: (key) => ownsKey(latest.current.gridId, key),
        focusedKey() {
          const { gridId: id, itemAt: at, total: count } = latest.current;
          return count > 0 ? keyAt(id, focusedRef.current, at(focusedRef.current)) : null;
        },
        move(direction) {
          const { total: count, geometry: grid } = latest.current;
          const target = gridNeighbour(focusedRef.current, direction, grid.columns, count);
          if (target === null) return false;
          focusNow(target);
          return true;
        },
        enter: openFocused,
      }),
    [focusKey, focusNow, openFocused],
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

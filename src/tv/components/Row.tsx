import {
  type FocusableComponent,
  FocusContext,
  useFocusable,
} from '@noriginmedia/norigin-spatial-navigation';
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { MediaItem } from '../../plex/library-model';
import { rowNeighbour } from '../navigation/index-neighbours';
import { INDEX_REGION_FOCUS, registerIndexRegion } from '../navigation/index-regions';
import { noriginFocus as focus, holderFocusKey } from '../navigation/spatial-navigation';
import { cardFocusKey, parseCardFocusKey } from '../stores/library-focus';
import { mountedLines, scrollLineFor } from '../stores/library-grid';
import { CAPTION_HEIGHT, CardLayer, type CardSize } from './card-layer';
import { FocusHolder, holderFocusKeyOf } from './FocusHolder';
import { useLatest } from './useLatest';

export interface RowLayout {
  card: CardSize;
  /** Card width + spacing, px. */
  pitch: number;
  /** Width the row shows, px. */
  viewWidth: number;
}

export interface RowProps {
  rowId: string;
  title: string;
  items: MediaItem[];
  layout: RowLayout;
  /** Index focused when the row first mounts (e.g. the card Back returns to). */
  initialIndex?: number;
  imageUrl(item: MediaItem): string | null;
  onOpen(item: MediaItem, index: number, rowId: string): void;
  /** Focus entered the row (a card or its header). */
  onRowFocus?(rowId: string): void;
  /** A card got focus. */
  onItemFocus?(item: MediaItem, index: number): void;
  /** Focusables beside the title (e.g. "All"), inside the row's focus context. */
  header?: ReactNode;
  selectedId?: string | null;
}

/** Height of a row's title line (header + its margin), px. */
export const ROW_HEADER_HEIGHT = 78;

/** The Norigin focus key of the row `rowId` (a row list picks among its rows by these, RowList.tsx). */
export function rowFocusKeyOf(rowId: string): string {
  return `row:${rowId}`;
}

/** A row's full height; lists must place rows at least this far apart. */
export function rowHeightFor(layout: RowLayout): number {
  return ROW_HEADER_HEIGHT + layout.card.height + CAPTION_HEIGHT;
}

/**
 * Norigin's only choice inside a row (Left/Right among cards are index moves): Up from the cards' holder goes
 * to the header's first focusable, Down from the header to the holder; anything else leaves the row.
 */
function betweenHeaderAndCards(
  direction: string,
  focusKey: string,
  siblings: FocusableComponent[],
  holderKey: string,
): FocusableComponent | null {
  const fromCards = focusKey === holderKey;
  if (fromCards && direction === 'up') {
    return siblings.find((sibling) => sibling.focusKey !== holderKey) ?? null;
  }
  if (!fromCards && direction === 'down') {
    return siblings.find((sibling) => sibling.focusKey === holderKey) ?? null;
  }
  return null;
}

/**
 * A horizontal row of cards: its own Norigin FocusContext (docs/platforms.md#focus-and-virtualised-lists),
 * scrolled with a translateX that follows from the focused index (no smooth-scroll APIs), and only the cards
 * in view ± one mounted. Entering the row from above or below lands on the card it last had focused. Left and
 * Right inside the row are index arithmetic (an index region, navigation/index-regions.ts) that move the card
 * layer only; Norigin's focus stays on the row's one FocusHolder (one key while the row is mounted) and only
 * moves between rows. Focus entering or leaving the row, or its cards, writes the title's class and the card
 * marker straight into the DOM (Norigin's onFocus/onBlur): a move between rows renders no Row.
 */
export function Row({
  rowId,
  title,
  items,
  layout,
  initialIndex = 0,
  imageUrl,
  onOpen,
  onRowFocus,
  onItemFocus,
  header,
  selectedId,
}: RowProps) {
  const holderKey = holderFocusKeyOf(rowFocusKeyOf(rowId));
  const { ref, focusKey } = useFocusable({
    focusKey: rowFocusKeyOf(rowId),
    saveLastFocusedChild: false,
    preferredChildFocusKey: items.length > 0 ? holderKey : undefined,
    ...INDEX_REGION_FOCUS,
    onFocus: useCallback(() => latest.current.rowFocusChanged(true), []),
    onBlur: useCallback(() => latest.current.rowFocusChanged(false), []),
    nextFocusResolver: useCallback(
      (direction: string, from: string, siblings: FocusableComponent[]) =>
        betweenHeaderAndCards(direction, from, siblings, latest.current.holderKey),
      [],
    ),
  });

  /** Focus entered or left the row (Norigin's onFocus/onBlur of its container): no React state. */
  const rowFocusChanged = (focused: boolean) => {
    const node = ref.current as HTMLElement | null;
    if (node) node.className = focused ? 'row has-focus' : 'row';
    if (focused) latest.current.onRowFocus?.(latest.current.rowId);
  };
  const itemAt = useCallback((at: number) => items[at] ?? null, [items]);
  const latest = useLatest({
    onRowFocus,
    onItemFocus,
    items,
    onOpen,
    rowId,
    holderKey,
    layout,
    itemAt,
    imageUrl,
    rowFocusChanged,
  });
  /** cardFocused: the row's focused card has focus (not the header, not another row). */
  const shown = useRef({ cardFocused: false, selectedId });
  shown.current.selectedId = selectedId;
  /** The index shown focused: moved by every key at once, with no React render. */
  const focusedRef = useRef(Math.max(0, Math.min(initialIndex, items.length - 1)));
  focusedRef.current = Math.min(focusedRef.current, Math.max(0, items.length - 1));

  // The cards: plain DOM in the track (card-layer.ts), one card per line.
  const track = useRef<HTMLDivElement>(null);
  const layer = useRef<CardLayer | null>(null);

  /** Puts the DOM in step with the shown index: the cards in view ± one, the marker, the scroll. */
  const paint = useCallback(() => {
    const cards = layer.current;
    if (!cards) return;
    const { items: all, layout: row, itemAt: at, imageUrl: urlOf } = latest.current;
    const focused = focusedRef.current;
    const fullColumns = Math.max(1, Math.floor(row.viewWidth / row.pitch));
    const viewColumns = Math.ceil(row.viewWidth / row.pitch);
    const scroll = scrollLineFor(focused, all.length, fullColumns);
    cards.show(mountedLines(scroll, all.length, viewColumns, 1), {
      total: all.length,
      itemAt: at,
      imageUrl: urlOf,
      selectedId: shown.current.selectedId,
    });
    cards.focus(shown.current.cardFocused ? focused : null);
    cards.scrollTo(`translateX(${-scroll * row.pitch}px)`);
  }, []);

  /** An arrow move: the cards move (and the owner hears of it); Norigin's focus stays on the holder. */
  const moveTo = useCallback(
    (target: number) => {
      focusedRef.current = target;
      paint();
      const item = latest.current.items[target];
      if (item) latest.current.onItemFocus?.(item, target);
    },
    [paint],
  );

  /**
   * Shows `target` focused and puts Norigin's focus on the holder (the pointer, focus restored to the shown
   * card); when it is there already, this is a move. Focus arriving marks the card (holderFocused).
   */
  const focusNow = useCallback(
    (target: number) => {
      const key = latest.current.holderKey;
      if (holderFocusKey() === key) {
        moveTo(target);
        return;
      }
      focusedRef.current = target;
      void focus.setFocus(key);
    },
    [moveTo],
  );

  const openAt = useCallback((at: number) => {
    const { items: all, onOpen: handler, rowId: id } = latest.current;
    if (all[at]) handler(all[at], at, id);
  }, []);
  const openFocused = useCallback(() => openAt(focusedRef.current), [openAt]);

  useEffect(
    () =>
      registerIndexRegion({
        containerKey: focusKey,
        owns: (key) =>
          key === latest.current.holderKey || parseCardFocusKey(key)?.rowId === latest.current.rowId,
        focusedKey() {
          const item = latest.current.items[focusedRef.current];
          return item ? cardFocusKey(latest.current.rowId, item.id) : null;
        },
        move(direction) {
          const target = rowNeighbour(focusedRef.current, direction, latest.current.items.length);
          // Leaving: Norigin moves from the holder.
          if (target === null) return false;
          moveTo(target);
          return true;
        },
        enter: openFocused,
        catchUp: () => focusNow(focusedRef.current),
      }),
    [focusKey, moveTo, focusNow, openFocused],
  );

  const holderFocused = useCallback(() => {
    shown.current.cardFocused = true;
    paint();
    const at = focusedRef.current;
    const item = latest.current.items[at];
    if (item) latest.current.onItemFocus?.(item, at);
  }, [paint]);
  const holderBlurred = useCallback(() => {
    shown.current.cardFocused = false;
    paint();
  }, [paint]);

  const { width, height } = layout.card;
  const pitch = layout.pitch;
  useLayoutEffect(() => {
    const cards = new CardLayer(
      track.current as HTMLDivElement,
      {
        card: { width, height },
        lineSize: 1,
        lineOffset: (line) => ({ x: line * pitch, y: 0 }),
        slotLeft: () => 0,
      },
      { point: focusNow, open: openAt },
    );
    layer.current = cards;
    return () => {
      cards.destroy();
      layer.current = null;
    };
  }, [width, height, pitch, focusNow, openAt]);
  // After every render (items changed), before the browser paints.
  useLayoutEffect(paint);

  return (
    <FocusContext.Provider value={focusKey}>
      <div ref={ref} className="row" data-testid="row" data-row={rowId}>
        <div className="row__header">
          <h2 className="row__title">{title}</h2>
          {header}
        </div>
        <div
          className="row__viewport"
          style={{ width: layout.viewWidth, height: layout.card.height + CAPTION_HEIGHT }}
        >
          {/* Its transform is the card layer's (paint), so a burst of keys scrolls without a render. */}
          <div ref={track} className="row__track">
            {items.length > 0 ? (
              <FocusHolder
                key={holderKey}
                focusKey={holderKey}
                width={layout.card.width}
                height={layout.card.height + CAPTION_HEIGHT}
                onEnter={openFocused}
                onFocus={holderFocused}
                onBlur={holderBlurred}
              />
            ) : null}
          </div>
        </div>
      </div>
    </FocusContext.Provider>
  );
}

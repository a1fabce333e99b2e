import {
  type FocusableComponent,
  FocusContext,
  useFocusable,
} from '@noriginmedia/norigin-spatial-navigation';
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MediaItem } from '../../plex/library-model';
import type { ArrowDirection } from '../navigation/arrow-pacer';
import { rowListNeighbour } from '../navigation/index-neighbours';
import { registerRegionOfRegions } from '../navigation/index-regions';
import { scrollLineFor } from '../stores/library-grid';
import { Row, type RowLayout, rowFocusKeyOf } from './Row';
import { rememberedCard } from './rememberedFocus';
import { TransformGlide } from './transform-glide';
import { useLatest } from './useLatest';

export interface RowSpec {
  id: string;
  title: string;
  items: MediaItem[];
  header?: ReactNode;
  selectedId?: string | null;
}

export interface RowListProps {
  rows: RowSpec[];
  layout: RowLayout;
  /** Row pitch (title + card + caption + spacing), px. */
  rowHeight: number;
  /** Height of the window the rows scroll in, px. */
  viewHeight: number;
  imageUrl(item: MediaItem): string | null;
  onOpen(item: MediaItem, index: number, rowId: string): void;
  onItemFocus?(item: MediaItem, index: number, rowId: string): void;
}

/** How long the rows take to glide to a new scroll position, ms. */
const SCROLL_GLIDE_MS = 200;

/**
 * Rows stacked vertically: a Norigin container whose children are the rows, placed from data. Up and Down
 * between rows go to the row above or below by the rows' order (rowListNeighbour), and Norigin never
 * measures a row (registerRegionOfRegions), so a move between rows reads no layout; only a move that leaves
 * the list (e.g. Up from its first row) is Norigin's spatial search, from the list's box. The focused row is
 * scrolled to the top of the window with a translateY written straight to the track when a row takes focus
 * (no React render), glided by a Web Animation (a CSS transition would send transition events through
 * React's root). On Back, the row and card of the remembered focus key are mounted and scrolled to before
 * focus is restored.
 */
export function RowList({
  rows,
  layout,
  rowHeight,
  viewHeight,
  imageUrl,
  onOpen,
  onItemFocus,
}: RowListProps) {
  const [remembered] = useState(rememberedCard);
  /** The row that has (or last had) focus: the one scrolled to. */
  const focusedRowId = useRef<string | null>(remembered?.rowId ?? null);
  const latest = useLatest({ rows, rowHeight, viewHeight });

  const { ref, focusKey } = useFocusable({
    measureChildrenLayout: false,
    preferredChildFocusKey: rowFocusKeyOf(focusedRowId.current ?? rows[0]?.id ?? ''),
    nextFocusResolver: useCallback((direction: string, from: string, siblings: FocusableComponent[]) => {
      const rowKeys = latest.current.rows.map((row) => rowFocusKeyOf(row.id));
      const target = rowListNeighbour(rowKeys, from, direction as ArrowDirection);
      return target === null ? null : (siblings.find((sibling) => sibling.focusKey === target) ?? null);
    }, []),
  });
  useEffect(() => registerRegionOfRegions(focusKey), [focusKey]);

  const track = useRef<HTMLDivElement>(null);
  const [scroll] = useState(() => new TransformGlide(SCROLL_GLIDE_MS));

  /** Scrolls the track to the focused row; glided from the last position (not on the first: it mounts there). */
  const scrollToFocusedRow = useCallback(() => {
    const element = track.current;
    if (!element) return;
    const { rows: all, rowHeight: pitch, viewHeight: height } = latest.current;
    const focusedRow = Math.max(
      0,
      all.findIndex((row) => row.id === focusedRowId.current),
    );
    const fullRows = Math.max(1, Math.floor(height / pitch));
    scroll.moveTo(element, `translateY(${-scrollLineFor(focusedRow, all.length, fullRows, 0) * pitch}px)`);
  }, [scroll]);
  useEffect(() => () => scroll.stop(), [scroll]);
  // After every render (the rows may have changed), before the browser paints.
  useLayoutEffect(scrollToFocusedRow);

  const onRowFocus = useCallback(
    (rowId: string) => {
      focusedRowId.current = rowId;
      scrollToFocusedRow();
    },
    [scrollToFocusedRow],
  );

  return (
    <FocusContext.Provider value={focusKey}>
      <div ref={ref} className="row-list" style={{ height: viewHeight }}>
        <div ref={track} className="row-list__track">
          {rows.map((row) => {
            const initialIndex =
              remembered && remembered.rowId === row.id
                ? Math.max(
                    0,
                    row.items.findIndex((item) => item.id === remembered.itemId),
                  )
                : 0;
            return (
              <div key={row.id} className="row-list__row" style={{ height: rowHeight }}>
                <Row
                  rowId={row.id}
                  title={row.title}
                  items={row.items}
                  layout={layout}
                  initialIndex={initialIndex}
                  imageUrl={imageUrl}
                  onOpen={onOpen}
                  onRowFocus={onRowFocus}
                  onItemFocus={onItemFocus ? (item, index) => onItemFocus(item, index, row.id) : undefined}
                  header={row.header}
                  selectedId={row.selectedId}
                />
              </div>
            );
          })}
        </div>
      </div>
    </FocusContext.Provider>
  );
}

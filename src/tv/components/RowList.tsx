import { type ReactNode, useCallback, useState } from 'react';
import type { MediaItem } from '../../plex/library-model';
import { scrollLineFor } from '../stores/library-grid';
import { Row, type RowLayout } from './Row';
import { rememberedCard } from './rememberedFocus';

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

/**
 * Rows stacked vertically; the focused row is scrolled to the top of the window with a translateY (no
 * smooth-scroll APIs). On Back, the row and card of the remembered focus key are mounted and scrolled
 * to before focus is restored.
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
  const [focusedRowId, setFocusedRowId] = useState<string | null>(() => remembered?.rowId ?? null);
  const onRowFocus = useCallback((rowId: string) => setFocusedRowId(rowId), []);

  const focusedRow = Math.max(
    0,
    rows.findIndex((row) => row.id === focusedRowId),
  );
  const fullRows = Math.max(1, Math.floor(viewHeight / rowHeight));
  const scroll = scrollLineFor(focusedRow, rows.length, fullRows, 0);

  return (
    <div className="row-list" style={{ height: viewHeight }}>
      <div className="row-list__track" style={{ transform: `translateY(${-scroll * rowHeight}px)` }}>
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
  );
}

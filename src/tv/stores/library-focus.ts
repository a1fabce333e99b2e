// Focus keys of library cards, derived from item ids (docs/platforms.md#focus-and-virtualised-lists), so
// focus survives re-mounts:
// Back restores the exact item, and setFocus can target an item once its row or grid has scrolled to it.

const CARD = 'card:';
const SLOT = 'slot:';

/** `card:<rowId>:<ratingKey>`. Row ids never contain ':' (see rowIdFor); item ids may. */
export function cardFocusKey(rowId: string, itemId: string): string {
  return `${CARD}${rowId}:${itemId}`;
}

/** A not-yet-loaded grid position: `slot:<rowId>:<index>`. */
export function slotFocusKey(rowId: string, index: number): string {
  return `${SLOT}${rowId}:${index}`;
}

export interface ParsedCardKey {
  rowId: string;
  itemId: string;
}

export function parseCardFocusKey(key: string | null | undefined): ParsedCardKey | null {
  if (key?.indexOf(CARD) !== 0) return null;
  const rest = key.slice(CARD.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return null;
  return { rowId: rest.slice(0, colon), itemId: rest.slice(colon + 1) };
}

export function parseSlotFocusKey(key: string | null | undefined): { rowId: string; index: number } | null {
  if (key?.indexOf(SLOT) !== 0) return null;
  const rest = key.slice(SLOT.length);
  const colon = rest.lastIndexOf(':');
  const index = Number(rest.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(index) || index < 0) return null;
  return { rowId: rest.slice(0, colon), index };
}

/** A row id safe inside a focus key: anything but letters, digits, '-' and '_' becomes '_'. */
export function rowIdFor(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

import type { ArrowDirection } from './arrow-pacer';

// Regions whose focus moves are index arithmetic on their data (a poster grid, a row of cards): an arrow
// key inside one moves to the neighbouring index without any layout search. Only a move that leaves the
// region goes to spatial navigation, which then decides between regions (row ↔ row, grid ↔ letter rail,
// header ↔ content).

export interface IndexRegion {
  /** The region's Norigin container: its items are that container's children. */
  containerKey: string;
  /**
   * True for the region's holder's focus key and its items' keys: when the app's focus is one, the region
   * has focus.
   */
  owns(focusKey: string): boolean;
  /** The focus key of the item the region shows focused, as of its last move. */
  focusedKey(): string | null;
  /** Moves focus inside the region; false when the move leaves it. */
  move(direction: ArrowDirection): boolean;
  /** OK on the region's focused item. */
  enter(): void;
  /**
   * Focus is asked for the item the region shows: Norigin's focus goes to the region's holder (its one
   * focusable, src/tv/components/FocusHolder.tsx), unless it is there already.
   */
  catchUp(): void;
}

const regions = new Set<IndexRegion>();
const containerKeys = new Map<string, number>();
/**
 * The region found for a focus key (null: none), until a region comes or goes: an arrow press asks for the
 * holder's key's region each time, and each region's owns() would parse the key again.
 */
const regionByKey = new Map<string, IndexRegion | null>();

/**
 * What a region's container passes to useFocusable: Norigin neither measures its items nor searches among
 * them (a move Norigin gets from an item is one that leaves the region, so it goes to the region's
 * siblings at once).
 */
export const INDEX_REGION_FOCUS = {
  measureChildrenLayout: false,
  nextFocusResolver: () => null,
} as const;

/** Registers `region` while it is mounted; returns the unregister. */
export function registerIndexRegion(region: IndexRegion): () => void {
  regions.add(region);
  regionByKey.clear();
  const releaseContainer = holdContainerKey(region.containerKey);
  return () => {
    regions.delete(region);
    regionByKey.clear();
    releaseContainer();
  };
}

/**
 * Registers a container whose children are regions placed from data (a row list's rows, RowList.tsx), while
 * it is mounted: Norigin never measures those children, and the container's nextFocusResolver picks among
 * them (e.g. rowListNeighbour). Returns the unregister.
 */
export function registerRegionOfRegions(containerKey: string): () => void {
  return holdContainerKey(containerKey);
}

/** Counts `containerKey` as a container whose children are never measured until the returned release. */
function holdContainerKey(containerKey: string): () => void {
  containerKeys.set(containerKey, (containerKeys.get(containerKey) ?? 0) + 1);
  return () => {
    const left = (containerKeys.get(containerKey) ?? 1) - 1;
    if (left > 0) containerKeys.set(containerKey, left);
    else containerKeys.delete(containerKey);
  };
}

/**
 * True for the children of a region or of a region of regions (by their parent's focus key): their layout is
 * never measured.
 */
export function isIndexRegionContainer(focusKey: string | undefined): boolean {
  return focusKey !== undefined && containerKeys.has(focusKey);
}

/** Moves inside the region holding `focusKey`; false when none holds it or the move leaves it. */
export function moveInIndexRegion(focusKey: string, direction: ArrowDirection): boolean {
  return regionOf(focusKey)?.move(direction) ?? false;
}

/** True when a region shows `focusKey` focused (Norigin's focus is then on the region's holder, or can go there). */
export function isShownInIndexRegion(focusKey: string): boolean {
  return regionOf(focusKey)?.focusedKey() === focusKey;
}

/**
 * Focuses `focusKey` when a region shows it (Norigin has no focusable under an item's key: the region's holder
 * takes focus). False when no region shows it.
 */
export function focusShownInIndexRegion(focusKey: string): boolean {
  const region = regionOf(focusKey);
  if (!region || region.focusedKey() !== focusKey) return false;
  region.catchUp();
  return true;
}

/** The region holding `focusKey`, if any. */
function regionOf(focusKey: string): IndexRegion | null {
  const known = regionByKey.get(focusKey);
  if (known !== undefined) return known;
  let found: IndexRegion | null = null;
  for (const region of regions) {
    if (region.owns(focusKey)) {
      found = region;
      break;
    }
  }
  regionByKey.set(focusKey, found);
  return found;
}

/**
 * The focused item's key: inside a region, the item the region shows focused (Norigin's own focus follows a
 * move a few microtasks later), so what Back remembers is the card that showed focus.
 */
export function focusedItemKey(focusKey: string): string {
  return regionOf(focusKey)?.focusedKey() ?? focusKey;
}

/**
 * OK inside a region opens the item that shows focus, whatever Norigin's focus is on at that instant;
 * false when no region holds `focusKey` (Norigin handles OK then).
 */
export function enterInIndexRegion(focusKey: string): boolean {
  const region = regionOf(focusKey);
  if (!region) return false;
  region.enter();
  return true;
}

import { describe, expect, it } from 'vitest';
import { gridNeighbour, rowListNeighbour, rowNeighbour } from '../../src/tv/navigation/index-neighbours';
import {
  enterInIndexRegion,
  focusedItemKey,
  focusShownInIndexRegion,
  isIndexRegionContainer,
  isShownInIndexRegion,
  moveInIndexRegion,
  registerIndexRegion,
  registerRegionOfRegions,
} from '../../src/tv/navigation/index-regions';

describe('grid moves by index', () => {
  // 7 columns, 17 items: rows 0–6, 7–13, 14–16.
  it('moves within the grid and answers null where the move leaves it', () => {
    expect(gridNeighbour(8, 'down', 7, 17)).toBe(15);
    expect(gridNeighbour(8, 'up', 7, 17)).toBe(1);
    expect(gridNeighbour(3, 'up', 7, 17)).toBeNull();
    expect(gridNeighbour(7, 'left', 7, 17)).toBeNull();
    expect(gridNeighbour(8, 'left', 7, 17)).toBe(7);
    expect(gridNeighbour(13, 'right', 7, 17)).toBeNull();
    expect(gridNeighbour(16, 'right', 7, 17)).toBeNull();
    expect(gridNeighbour(15, 'right', 7, 17)).toBe(16);
    expect(gridNeighbour(15, 'down', 7, 17)).toBeNull();
  });

  it('Down onto a shorter last row lands on its last item', () => {
    expect(gridNeighbour(12, 'down', 7, 17)).toBe(16);
  });
});

describe('row moves by index', () => {
  it('Left and Right move along the row; the ends, Up and Down leave it', () => {
    expect(rowNeighbour(0, 'right', 3)).toBe(1);
    expect(rowNeighbour(2, 'right', 3)).toBeNull();
    expect(rowNeighbour(0, 'left', 3)).toBeNull();
    expect(rowNeighbour(1, 'up', 3)).toBeNull();
    expect(rowNeighbour(1, 'down', 3)).toBeNull();
  });
});

describe('moves between the rows of a row list, by their order', () => {
  const rows = ['row:recent', 'row:section-1', 'row:section-2'];

  it('Down and Up go to the row below and above; the ends, Left, Right and unknown rows leave the list', () => {
    expect(rowListNeighbour(rows, 'row:recent', 'down')).toBe('row:section-1');
    expect(rowListNeighbour(rows, 'row:section-1', 'down')).toBe('row:section-2');
    expect(rowListNeighbour(rows, 'row:section-1', 'up')).toBe('row:recent');
    expect(rowListNeighbour(rows, 'row:recent', 'up')).toBeNull();
    expect(rowListNeighbour(rows, 'row:section-2', 'down')).toBeNull();
    expect(rowListNeighbour(rows, 'row:section-1', 'left')).toBeNull();
    expect(rowListNeighbour(rows, 'row:section-1', 'right')).toBeNull();
    expect(rowListNeighbour(rows, 'row:gone', 'down')).toBeNull();
    expect(rowListNeighbour([], 'row:recent', 'down')).toBeNull();
  });

  it("a row list's rows are unmeasured until the last registration of its key is undone", () => {
    const unregisterList = registerRegionOfRegions('list:a');
    expect(isIndexRegionContainer('list:a')).toBe(true);
    const unregisterAgain = registerRegionOfRegions('list:a');
    unregisterList();
    expect(isIndexRegionContainer('list:a')).toBe(true);
    unregisterAgain();
    expect(isIndexRegionContainer('list:a')).toBe(false);
  });
});

describe('index regions', () => {
  it('the region holding the focus key takes the move; unregistered, nobody does', () => {
    const moves: string[] = [];
    const unregister = registerIndexRegion({
      containerKey: 'grid:a',
      owns: (key) => key.startsWith('card:a:'),
      focusedKey: () => 'card:a:1',
      move: (direction) => {
        moves.push(direction);
        return direction !== 'up';
      },
      enter: () => {},
      catchUp: () => {},
    });
    expect(isIndexRegionContainer('grid:a')).toBe(true);
    expect(moveInIndexRegion('card:b:1', 'down')).toBe(false);
    expect(moveInIndexRegion('card:a:1', 'down')).toBe(true);
    expect(moveInIndexRegion('card:a:1', 'up')).toBe(false);
    expect(moves).toEqual(['down', 'up']);
    unregister();
    expect(isIndexRegionContainer('grid:a')).toBe(false);
    expect(moveInIndexRegion('card:a:1', 'down')).toBe(false);
  });

  it("an arrow asks each region's owns() once per key, until a region comes or goes", () => {
    const asked: string[] = [];
    const region = (containerKey: string, holder: string) => ({
      containerKey,
      owns: (key: string) => {
        asked.push(`${containerKey} ${key}`);
        return key === holder;
      },
      focusedKey: () => null,
      move: () => true,
      enter: () => {},
      catchUp: () => {},
    });
    const unregisterA = registerIndexRegion(region('row:a', 'row:a:holder'));
    const unregisterB = registerIndexRegion(region('row:b', 'row:b:holder'));
    for (let press = 0; press < 5; press++) expect(moveInIndexRegion('row:b:holder', 'right')).toBe(true);
    expect(asked).toEqual(['row:a row:b:holder', 'row:b row:b:holder']);
    // A key no region holds is remembered too, until a region that holds it registers.
    expect(moveInIndexRegion('row:c:holder', 'right')).toBe(false);
    expect(moveInIndexRegion('row:c:holder', 'right')).toBe(false);
    const unregisterC = registerIndexRegion(region('row:c', 'row:c:holder'));
    expect(moveInIndexRegion('row:c:holder', 'right')).toBe(true);
    unregisterC();
    expect(moveInIndexRegion('row:c:holder', 'right')).toBe(false);
    unregisterA();
    unregisterB();
  });

  it('OK and the focused key go to the item the region shows focused, ahead of the key Norigin holds', () => {
    // The region has moved to item 3; Norigin still holds item 2's key (its setFocus is a microtask behind).
    const opened: string[] = [];
    let shown = 'card:a:3';
    const unregister = registerIndexRegion({
      containerKey: 'grid:a',
      owns: (key) => key.startsWith('card:a:'),
      focusedKey: () => shown,
      move: () => true,
      enter: () => opened.push(shown),
      catchUp: () => opened.push(`catch up ${shown}`),
    });
    expect(focusedItemKey('card:a:2')).toBe('card:a:3');
    expect(enterInIndexRegion('card:a:2')).toBe(true);
    expect(opened).toEqual(['card:a:3']);
    shown = 'card:a:4';
    expect(focusedItemKey('card:a:3')).toBe('card:a:4');
    // Outside any region, Norigin's key stands and OK is Norigin's.
    expect(focusedItemKey('letter:A')).toBe('letter:A');
    // Focusing the shown card while the holder is under another key: the region catches up.
    expect(isShownInIndexRegion('card:a:4')).toBe(true);
    expect(isShownInIndexRegion('card:a:3')).toBe(false);
    expect(focusShownInIndexRegion('card:a:3')).toBe(false);
    expect(focusShownInIndexRegion('card:a:4')).toBe(true);
    expect(opened).toEqual(['card:a:3', 'catch up card:a:4']);
    expect(enterInIndexRegion('letter:A')).toBe(false);
    unregister();
    expect(focusedItemKey('card:a:2')).toBe('card:a:2');
    expect(enterInIndexRegion('card:a:2')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  cardFocusKey,
  parseCardFocusKey,
  parseSlotFocusKey,
  rowIdFor,
  slotFocusKey,
} from '../../src/tv/stores/library-focus';

describe('card focus keys', () => {
  it('round-trip a row id and an item id', () => {
    const key = cardFocusKey('section-1', '4711');
    expect(key).toBe('card:section-1:4711');
    expect(parseCardFocusKey(key)).toEqual({ rowId: 'section-1', itemId: '4711' });
  });

  it('keeps item ids with colons whole', () => {
    expect(parseCardFocusKey(cardFocusKey('grid', 'a:b'))).toEqual({ rowId: 'grid', itemId: 'a:b' });
  });

  it('rejects keys that are not card keys', () => {
    for (const key of ['home-refresh', 'card:', 'card:row', 'card::1', 'card:row:', null, undefined, '']) {
      expect(parseCardFocusKey(key)).toBeNull();
    }
  });

  it('slots round-trip too', () => {
    expect(parseSlotFocusKey(slotFocusKey('grid', 420))).toEqual({ rowId: 'grid', index: 420 });
    expect(parseSlotFocusKey('slot:grid:x')).toBeNull();
    expect(parseSlotFocusKey(cardFocusKey('grid', '1'))).toBeNull();
  });

  it('makes row ids safe for keys', () => {
    expect(rowIdFor('section-1')).toBe('section-1');
    expect(rowIdFor('search:movie hub')).toBe('search_movie_hub');
    expect(parseCardFocusKey(cardFocusKey(rowIdFor('a:b'), '9'))).toEqual({ rowId: 'a_b', itemId: '9' });
  });
});

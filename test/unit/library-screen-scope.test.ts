import { describe, expect, it } from 'vitest';
import { screenScoped } from '../../src/tv/components/useScreenStore';
import type { Screen } from '../../src/tv/navigation/navigation-store';

// Stores scoped to a stack entry: the same entry (covered, then uncovered by Back) gets the same store;
// a new entry of the same kind (pushed again, or after a reset) gets a fresh one.

describe('screen-scoped stores', () => {
  it('live as long as their stack entry', () => {
    const section: Screen = { name: 'section', sectionKey: '1', title: 'Movies' };
    let created = 0;
    const create = () => ({ id: ++created });
    const first = screenScoped(section, 'grid', create);
    expect(screenScoped(section, 'grid', create)).toBe(first); // back from details: same pages, same rows
    expect(screenScoped({ ...section }, 'grid', create)).not.toBe(first); // opened again: fresh
    expect(screenScoped(section, 'other', create)).not.toBe(first);
    expect(created).toBe(3);
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { PlexHub } from '../../src/protocol/plex-media';
import { createSearchStore, SEARCH_DEBOUNCE_MS } from '../../src/tv/stores/library-search';
import { FakeClock, settle } from '../support/fake-clock';
import { fakeLibrary, movie, unauthorized, unreachable } from './library-fakes';

const hubsFor = (query: string): PlexHub[] => [
  {
    title: 'Movies',
    type: 'movie',
    hubIdentifier: 'movie',
    size: 1,
    more: false,
    Metadata: [movie(1, `${query} movie`)],
  },
  { title: 'Genres', type: 'genre', hubIdentifier: 'genre', size: 0, more: false },
];

function search() {
  const clock = new FakeClock();
  const library = fakeLibrary({ searchHubs: hubsFor });
  const onUnauthorized = vi.fn();
  const store = createSearchStore({ api: library.api, clock, onUnauthorized });
  return { clock, library, store, onUnauthorized };
}

describe('search as you type', () => {
  it('waits for a quiet moment: one request for a burst of keys', async () => {
    const { clock, library, store } = search();
    store.getState().type('A');
    await clock.advance(100);
    store.getState().type('L');
    await clock.advance(100);
    store.getState().type('I');
    expect(store.getState().status).toBe('waiting');
    await clock.advance(SEARCH_DEBOUNCE_MS - 1);
    expect(library.calls.search).toEqual([]);
    await clock.advance(1);
    expect(library.calls.search).toEqual(['ALI']);
    expect(store.getState().status).toBe('ready');
    expect(store.getState().groups.map((group) => group.title)).toEqual(['Movies']); // no Directory-only hubs
    expect(store.getState().groups[0].items[0].title).toBe('ALI movie');
    expect(store.getState().answered).toBe('ALI');
  });

  it('drops an answer that arrives after a newer query was asked', async () => {
    const { clock, library, store } = search();
    const gate = library.holdSearch();
    store.getState().setQuery('AL');
    await clock.advance(SEARCH_DEBOUNCE_MS);
    store.getState().type('I');
    await clock.advance(SEARCH_DEBOUNCE_MS);
    expect(library.calls.search).toEqual(['AL', 'ALI']);
    gate.release('ALI');
    await settle();
    gate.release('AL'); // the stale answer comes last
    await settle();
    expect(store.getState().answered).toBe('ALI');
    expect(store.getState().groups[0].items[0].title).toBe('ALI movie');
  });

  it('backspace, clear and an emptied query go idle without asking', async () => {
    const { clock, library, store } = search();
    store.getState().type('A');
    store.getState().backspace();
    await clock.advance(SEARCH_DEBOUNCE_MS * 2);
    expect(store.getState()).toMatchObject({ query: '', status: 'idle' });
    store.getState().type('B');
    store.getState().type(' ');
    await clock.advance(SEARCH_DEBOUNCE_MS);
    expect(library.calls.search).toEqual(['B']); // trimmed
    store.getState().clear();
    expect(store.getState()).toMatchObject({ query: '', status: 'idle', groups: [] });
  });

  it('shows a failure with Retry, and signs out on a 401', async () => {
    const { clock, library, store, onUnauthorized } = search();
    library.failNext('search', unreachable());
    store.getState().type('X');
    await clock.advance(SEARCH_DEBOUNCE_MS);
    expect(store.getState().status).toBe('error');
    store.getState().retry();
    await settle();
    expect(store.getState().status).toBe('ready');
    library.failNext('search', unauthorized());
    store.getState().type('Y');
    await clock.advance(SEARCH_DEBOUNCE_MS);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('stop() cancels a pending search', async () => {
    const { clock, library, store } = search();
    store.getState().type('Z');
    store.getState().stop();
    await clock.advance(SEARCH_DEBOUNCE_MS * 2);
    expect(library.calls.search).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });
});

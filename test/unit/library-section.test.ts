import { describe, expect, it, vi } from 'vitest';
import { jumpLetterOf } from '../../src/plex/library-model';
import { createSectionStore } from '../../src/tv/stores/library-section';
import { settle } from '../support/fake-clock';
import { fakeLibrary, sortedTitles, unauthorized, unreachable } from './library-fakes';

function section(titles: string[], onUnauthorized = vi.fn()) {
  const library = fakeLibrary({ titles });
  const store = createSectionStore({
    api: library.api,
    sectionKey: '1',
    onUnauthorized,
    pageSize: 100,
    ahead: 100,
  });
  return { library, store, onUnauthorized };
}

describe('section paging', () => {
  it('loads the first page, learns the total, and fetches one page ahead', async () => {
    const { library, store } = section(sortedTitles(10_000));
    store.getState().start();
    await settle();
    expect(store.getState().total).toBe(10_000);
    expect(store.getState().status).toBe('ready');
    expect(library.calls.sectionItems.map((call) => call.start)).toEqual([0, 100]);
    expect(store.getState().itemAt(0)?.sortTitle).toBe('1000 Days');
    expect(store.getState().itemAt(150)).not.toBeNull();
    expect(store.getState().itemAt(250)).toBeNull();
  });

  it('fetches ahead of the focus as the grid moves, each page once', async () => {
    const { library, store } = section(sortedTitles(10_000));
    store.getState().start();
    await settle();
    store.getState().ensure({ start: 266, end: 301 });
    store.getState().ensure({ start: 266, end: 301 }); // again before answers: no duplicate requests
    await settle();
    expect(library.calls.sectionItems.map((call) => call.start)).toEqual([0, 100, 200, 300, 400]);
    expect(store.getState().itemAt(450)?.id).toBe('451');
    expect(store.getState().indexOfId('451')).toBe(450);
    expect(store.getState().indexOfId('9999')).toBe(-1);
  });

  it('shows a failure, and Retry fetches what failed', async () => {
    const { library, store } = section(sortedTitles(1_000));
    library.failNext('sectionItems', unreachable());
    store.getState().start();
    await settle();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error?.title).toBe("Can't reach the server");
    store.getState().retry();
    await settle();
    expect(store.getState().status).toBe('ready');
    expect(store.getState().total).toBe(1_000);
  });

  it('hands a 401 to onUnauthorized (the app signs out)', async () => {
    const { library, store, onUnauthorized } = section(sortedTitles(100));
    library.failNext('sectionItems', unauthorized());
    store.getState().start();
    await settle();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(store.getState().error).toBeNull();
  });

  it('keeps its pages across stop/start (back from details) and asks for nothing new', async () => {
    const { library, store } = section(sortedTitles(1_000));
    store.getState().start();
    await settle();
    store.getState().stop();
    const before = library.calls.sectionItems.length;
    store.getState().start();
    await settle();
    expect(library.calls.sectionItems.length).toBe(before);
    expect(store.getState().itemAt(0)).not.toBeNull();
  });

  it('starts over with another sort', async () => {
    const { library, store } = section(sortedTitles(300));
    store.getState().start();
    await settle();
    store.getState().setSort('addedAt:desc');
    await settle();
    expect(library.calls.sectionItems.at(-1)?.sort).toBe('addedAt:desc');
    expect(store.getState().sort).toBe('addedAt:desc');
  });
});

describe('jump to letter', () => {
  const titles = sortedTitles(10_000);
  const firstOf = (letter: string) =>
    titles.findIndex((title) => jumpLetterOf(title) >= letter && jumpLetterOf(title) !== '#');

  it('finds the first item of every letter present, fetching a handful of pages', async () => {
    const { library, store } = section(titles);
    store.getState().start();
    await settle();
    for (const letter of ['A', 'B', 'M', 'Z']) {
      const index = await store.getState().indexOfLetter(letter);
      expect(index).toBe(firstOf(letter));
      expect(jumpLetterOf(titles[index])).toBe(letter);
      expect(jumpLetterOf(titles[index - 1])).not.toBe(letter);
    }
    expect(library.calls.sectionItems.length).toBeLessThan(40); // binary search, not a scan of 100 pages
  });

  it('jumps to # at the top, to the next letter for a missing one, and to the end past the last', async () => {
    const { store } = section(titles);
    store.getState().start();
    await settle();
    expect(await store.getState().indexOfLetter('#')).toBe(0);
    expect(jumpLetterOf(titles[await store.getState().indexOfLetter('Q')])).toBe('R');
    const { store: small } = section(['Alpha', 'Beta', 'Gamma']);
    small.getState().start();
    await settle();
    expect(await small.getState().indexOfLetter('Z')).toBe(2);
    expect(await small.getState().indexOfLetter('C')).toBe(2);
  });
});

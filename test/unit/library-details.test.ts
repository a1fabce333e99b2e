import { describe, expect, it, vi } from 'vitest';
import type { PlexMetadata } from '../../src/protocol/plex-media';
import { createDetailsStore } from '../../src/tv/stores/library-details';
import { settle } from '../support/fake-clock';
import { fakeLibrary, movie, unreachable } from './library-fakes';

const show: PlexMetadata = {
  ratingKey: '22',
  key: '/library/metadata/22/children',
  type: 'show',
  title: 'The 100',
};
const season = (id: number, index: number, watched: boolean): PlexMetadata => ({
  ratingKey: String(id),
  key: `/library/metadata/${id}/children`,
  type: 'season',
  title: `Season ${index}`,
  index,
  leafCount: 2,
  viewedLeafCount: watched ? 2 : 0,
});
const episode = (id: number, index: number): PlexMetadata => ({
  ratingKey: String(id),
  key: `/library/metadata/${id}`,
  type: 'episode',
  title: `Episode ${index}`,
  index,
  parentIndex: 1,
  grandparentTitle: 'The 100',
});

function details(ratingKey: string) {
  const library = fakeLibrary({
    metadata: {
      '22': show,
      '55': movie(55, 'Big Buck Bunny', { viewOffset: '754000' }),
      '89': season(89, 1, true),
    },
    children: {
      '22': [season(89, 1, true), season(95, 2, false)],
      '89': [episode(90, 1), episode(91, 2)],
      '95': [episode(96, 1)],
    },
  });
  const onUnauthorized = vi.fn();
  return { library, store: createDetailsStore({ api: library.api, ratingKey, onUnauthorized }) };
}

describe('details', () => {
  it('loads a movie, with its resume point', async () => {
    const { store, library } = details('55');
    store.getState().start();
    await settle();
    expect(store.getState()).toMatchObject({
      status: 'ready',
      seasons: null,
      item: { title: 'Big Buck Bunny', viewOffsetMs: 754_000 },
    });
    expect(library.calls.children).toEqual([]);
  });

  it('loads a show’s seasons and the first unwatched season’s episodes; another season on request', async () => {
    const { store } = details('22');
    store.getState().start();
    await settle();
    expect(store.getState().seasons?.map((s) => s.id)).toEqual(['89', '95']);
    expect(store.getState().seasonId).toBe('95');
    expect(store.getState().episodes?.map((e) => e.id)).toEqual(['96']);
    store.getState().selectSeason('89');
    expect(store.getState().episodes).toBeNull(); // loading
    await settle();
    expect(store.getState().episodes?.map((e) => e.subtitle)).toEqual([
      'S1 · E1 · Episode 1',
      'S1 · E2 · Episode 2',
    ]);
  });

  it('drops episodes of a season chosen before the latest', async () => {
    const { store } = details('22');
    store.getState().start();
    await settle();
    store.getState().selectSeason('89');
    store.getState().selectSeason('95');
    await settle();
    expect(store.getState().seasonId).toBe('95');
    expect(store.getState().episodes?.map((e) => e.id)).toEqual(['96']);
  });

  it('lists a season’s episodes when a season itself is opened', async () => {
    const { store } = details('89');
    store.getState().start();
    await settle();
    expect(store.getState().episodes?.map((e) => e.id)).toEqual(['90', '91']);
  });

  it('names a failure and a missing item; Retry loads again', async () => {
    const { store, library } = details('55');
    library.failNext('metadata', unreachable());
    store.getState().start();
    await settle();
    expect(store.getState()).toMatchObject({ status: 'error', error: { title: "Can't reach the server" } });
    store.getState().retry();
    await settle();
    expect(store.getState().status).toBe('ready');
    const missing = details('404');
    missing.store.getState().start();
    await settle();
    expect(missing.store.getState()).toMatchObject({ status: 'error', error: { title: 'Not found' } });
  });
});

import { describe, expect, it } from 'vitest';
import {
  episodeCode,
  formatClock,
  formatDuration,
  hubItems,
  jumpLetterOf,
  toMediaItem,
} from '../../src/plex/library-model';
import type { PlexMetadata } from '../../src/protocol/plex-media';

describe('toMediaItem', () => {
  it('parses numbers PMS sends as strings', () => {
    const item = toMediaItem({
      ratingKey: '55',
      key: '/library/metadata/55',
      type: 'movie',
      title: 'Big Buck Bunny',
      year: '2008',
      duration: '5062000',
      viewOffset: '754000',
      viewCount: '1',
    });
    expect(item).toMatchObject({
      id: '55',
      kind: 'movie',
      title: 'Big Buck Bunny',
      subtitle: '2008',
      year: 2008,
      durationMs: 5_062_000,
      viewOffsetMs: 754_000,
      watched: true,
    });
  });

  it('fills missing fields with nulls and empty text, never throws', () => {
    const item = toMediaItem({ ratingKey: '7', key: '/library/metadata/7', type: 'clip' } as PlexMetadata);
    expect(item).toMatchObject({
      id: '7',
      kind: 'other',
      title: 'Untitled',
      subtitle: '',
      sortTitle: '',
      year: null,
      thumb: null,
      art: null,
      summary: '',
      durationMs: null,
      viewOffsetMs: 0,
      watched: false,
    });
    expect(toMediaItem({ ratingKey: '8', key: '', type: 'movie', title: 'X', year: 'n/a' }).year).toBeNull();
  });

  it('titles an episode by its show, with season, episode and its own title beneath, and the show poster', () => {
    const item = toMediaItem({
      ratingKey: '90',
      key: '/library/metadata/90',
      type: 'episode',
      title: 'Pilot',
      grandparentTitle: 'The 100',
      parentIndex: '1',
      index: 3,
      thumb: '/library/metadata/90/thumb/1',
      grandparentThumb: '/library/metadata/22/thumb/1',
      grandparentArt: '/library/metadata/22/art/1',
    });
    expect(item).toMatchObject({
      kind: 'episode',
      title: 'The 100',
      subtitle: 'S1 · E3 · Pilot',
      episodeTitle: 'Pilot',
      showTitle: 'The 100',
      thumb: '/library/metadata/22/thumb/1',
      art: '/library/metadata/22/art/1',
    });
  });

  it('counts a season’s episodes and treats a show as watched when every episode is', () => {
    const season = toMediaItem({
      ratingKey: '89',
      key: '',
      type: 'season',
      title: 'Season 1',
      parentTitle: 'The 100',
      leafCount: '9',
      viewedLeafCount: '9',
    });
    expect(season).toMatchObject({
      title: 'Season 1',
      subtitle: '9 episodes',
      watched: true,
      showTitle: 'The 100',
    });
    const show = toMediaItem({
      ratingKey: '22',
      key: '',
      type: 'show',
      title: 'The 100',
      leafCount: 18,
      viewedLeafCount: 3,
    });
    expect(show.watched).toBe(false);
    expect(show.kind).toBe('show');
  });

  it('uses titleSort for sorting when sent, else the title', () => {
    expect(
      toMediaItem({ ratingKey: '1', key: '', type: 'show', title: 'The 100', titleSort: '100' }).sortTitle,
    ).toBe('100');
    expect(toMediaItem({ ratingKey: '1', key: '', type: 'movie', title: 'Alien' }).sortTitle).toBe('Alien');
  });

  it('takes a hub’s Metadata, skipping broken entries', () => {
    const items = hubItems({
      title: 'Recently Added',
      type: 'mixed',
      hubIdentifier: 'home.recentlyAdded',
      size: 2,
      more: false,
      Metadata: [
        { ratingKey: 1 as unknown as string, key: '', type: 'movie', title: 'A' },
        null as unknown as PlexMetadata,
      ],
    });
    expect(items.map((item) => item.id)).toEqual(['1']);
    expect(
      hubItems({ title: 'Genres', type: 'genre', hubIdentifier: 'genre', size: 0, more: false }),
    ).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats a resume point and a running time', () => {
    expect(formatClock(754_000)).toBe('12:34');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatClock(-5)).toBe('0:00');
    expect(formatDuration(6_720_000)).toBe('1 h 52 min');
    expect(formatDuration(2_700_000)).toBe('45 min');
    expect(formatDuration(7_200_000)).toBe('2 h');
    expect(formatDuration(10_000)).toBe('< 1 min');
    expect(episodeCode(null, 4)).toBe('E4');
    expect(episodeCode(null, null)).toBe('');
  });

  it('files titles under a jump letter, ignoring case and accents; the rest under #', () => {
    expect(jumpLetterOf('alien')).toBe('A');
    expect(jumpLetterOf('Él')).toBe('E');
    expect(jumpLetterOf('2001')).toBe('#');
    expect(jumpLetterOf('')).toBe('#');
    expect(jumpLetterOf('  Zed')).toBe('Z');
  });
});

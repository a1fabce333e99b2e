import { describe, expect, it } from 'vitest';
import { ownImagePath } from '../../src/server/media/library-routes';
import {
  isVideoFile,
  parseEpisode,
  parseMovie,
  seasonOfFolder,
  titleSortOf,
} from '../../src/server/media/media-names';
import { parseNfo } from '../../src/server/media/nfo';

describe('media names', () => {
  it('reads movies from Plex names, in a folder or loose', () => {
    expect(parseMovie('Big Lake (2019)/Big Lake (2019).mp4')).toEqual({ title: 'Big Lake', year: 2019 });
    expect(parseMovie('Big Lake (2019).mkv')).toEqual({ title: 'Big Lake', year: 2019 });
    expect(parseMovie('Big Lake (2019)/movie.mp4')).toEqual({ title: 'Big Lake', year: 2019 });
    expect(parseMovie('The.Matrix.1999.1080p.mkv')).toEqual({ title: 'The Matrix', year: 1999 });
    expect(parseMovie('Untitled.mp4')).toEqual({ title: 'Untitled', year: null });
    expect(parseMovie('2001 A Space Odyssey (1968).mp4')).toEqual({
      title: '2001 A Space Odyssey',
      year: 1968,
    });
  });

  it('reads episodes liberally', () => {
    expect(parseEpisode('Show/Season 01/Show - S01E02 - Episode Title.mp4')).toEqual({
      show: 'Show',
      season: 1,
      episode: 2,
      title: 'Episode Title',
    });
    expect(parseEpisode('Show/Show.s02e10.720p.mkv')).toMatchObject({ show: 'Show', season: 2, episode: 10 });
    expect(parseEpisode('Show/Specials/Show - S00E01.mp4')).toMatchObject({
      season: 0,
      episode: 1,
      title: null,
    });
    expect(parseEpisode('Loose Show S01E03 Far Away.mp4')).toEqual({
      show: 'Loose Show',
      season: 1,
      episode: 3,
      title: 'Far Away',
    });
    expect(parseEpisode('Show/Season 3/05 - Name.mp4')).toMatchObject({
      show: 'Show',
      season: 3,
      episode: 5,
      title: 'Name',
    });
    expect(parseEpisode('Show/Show 2x07.mp4')).toMatchObject({ season: 2, episode: 7 });
    expect(parseEpisode('Show/extras/making of.mp4')).toBeNull();
  });

  it('knows season folders, video files and sort titles', () => {
    expect(seasonOfFolder('Season 01')).toBe(1);
    expect(seasonOfFolder('Specials')).toBe(0);
    expect(seasonOfFolder('S2')).toBe(2);
    expect(seasonOfFolder('Extras')).toBeNull();
    expect(['a.mp4', 'a.M4V', 'a.mkv', 'a.mov', 'a.avi', 'a.ts', 'a.webm'].every(isVideoFile)).toBe(true);
    expect(['a.srt', 'a.nfo', '.hidden.mp4', 'a.jpg'].some(isVideoFile)).toBe(false);
    expect(titleSortOf('The Quiet Harbour')).toBe('Quiet Harbour');
    expect(titleSortOf('A Night')).toBe('Night');
    expect(titleSortOf('An Orchard')).toBe('Orchard');
    expect(titleSortOf('Anchorman')).toBe('Anchorman');
    expect(titleSortOf('The')).toBe('The');
  });

  it('reads .nfo title, year and plot', () => {
    expect(
      parseNfo(
        '<movie><title>X &amp; Y</title><year>2001</year><plot><![CDATA[It <b>is</b>.]]></plot></movie>',
      ),
    ).toEqual({
      title: 'X & Y',
      year: 2001,
      summary: 'It <b>is</b>.',
    });
    expect(parseNfo('garbage')).toEqual({});
  });

  it('accepts only this server’s image paths as photo sources', () => {
    expect(ownImagePath('/library/metadata/12/thumb/1700000000')).toEqual({ id: 12, kind: 'thumb' });
    expect(ownImagePath('/library/metadata/12/art?X-Plex-Token=abc')).toEqual({ id: 12, kind: 'art' });
    expect(ownImagePath('http://x/library/metadata/12/thumb/1')).toBeNull();
    expect(ownImagePath('/library/metadata/12/thumb/1/../../x')).toBeNull();
  });
});

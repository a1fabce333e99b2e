import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, parseMediaSections } from '../../src/server/config';

describe('media settings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'marquee-media-config-'));
    await writeFile(join(dir, 'a-file'), '');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('without MEDIA_DIR: the demo library, Movies and TV Shows sections', () => {
    const config = configFromEnv({});
    expect(config.mediaDir).toBeNull();
    expect(config.demoLibrary).toBe(true);
    expect(config.mediaSections).toEqual([
      { folder: 'Movies', title: 'Movies', type: 'movie' },
      { folder: 'TV Shows', title: 'TV Shows', type: 'show' },
    ]);
  });

  it('MEDIA_DIR names an existing folder (made absolute); no demo then', () => {
    const config = configFromEnv({ MEDIA_DIR: dir });
    expect(config.mediaDir).toBe(dir);
    expect(config.demoLibrary).toBe(false);
    expect(() => configFromEnv({ MEDIA_DIR: join(dir, 'missing') })).toThrow(/MEDIA_DIR/);
    expect(() => configFromEnv({ MEDIA_DIR: join(dir, 'a-file') })).toThrow(/MEDIA_DIR/);
  });

  it('MEDIA_SECTIONS: "Folder:type" pairs', () => {
    expect(
      configFromEnv({ MEDIA_SECTIONS: 'Films:movie, Series:show,Kids Movies:MOVIE' }).mediaSections,
    ).toEqual([
      { folder: 'Films', title: 'Films', type: 'movie' },
      { folder: 'Series', title: 'Series', type: 'show' },
      { folder: 'Kids Movies', title: 'Kids Movies', type: 'movie' },
    ]);
    expect(parseMediaSections('Anime: Vol 2:show')).toEqual([
      { folder: 'Anime: Vol 2', title: 'Anime: Vol 2', type: 'show' },
    ]);
    for (const bad of [
      'Movies',
      'Movies:music',
      ':movie',
      '../x:movie',
      'a/b:movie',
      'A:movie,A:show',
      ' , ',
    ]) {
      expect(() => configFromEnv({ MEDIA_SECTIONS: bad }), bad).toThrow(/MEDIA_SECTIONS/);
    }
  });
});

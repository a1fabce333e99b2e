import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { parseXml, type XmlElement } from '../support/plex-xml';
import { linkTv } from './helpers';

// The home server's XML against XML recorded from real Plex Media Servers (test/fixtures/pms-xml/README.md),
// route by route: the same element names and nesting, and for every attribute both send, the same kind of value
// (a whole number stays a whole number, a boolean is 0/1 as PMS writes it). Values are never compared.

const FIXTURES = new URL('../fixtures/pms-xml/', import.meta.url);

type ValueKind = 'integer' | 'decimal' | 'text';

interface Shape {
  attributes: Map<string, ValueKind>;
  children: Map<string, Shape>;
}

function kindOf(value: string): ValueKind {
  if (/^-?\d+$/.test(value)) return 'integer';
  if (/^-?\d+\.\d+$/.test(value)) return 'decimal';
  return 'text';
}

const WIDTH: Record<ValueKind, number> = { integer: 0, decimal: 1, text: 2 };

/** The shape of all `elements` together: every attribute and child any of them has, at its widest kind. */
function shapeOf(elements: XmlElement[]): Shape {
  const attributes = new Map<string, ValueKind>();
  const childGroups = new Map<string, XmlElement[]>();
  for (const element of elements) {
    for (const [name, value] of Object.entries(element.attributes)) {
      const kind = kindOf(value);
      const known = attributes.get(name);
      if (!known || WIDTH[kind] > WIDTH[known]) attributes.set(name, kind);
    }
    for (const child of element.children) {
      const group = childGroups.get(child.name) ?? [];
      group.push(child);
      childGroups.set(child.name, group);
    }
  }
  const children = new Map<string, Shape>();
  for (const [name, group] of childGroups) children.set(name, shapeOf(group));
  return { attributes, children };
}

/** A recorded decimal may be written as a whole number; recorded text may be anything. */
function fits(recorded: ValueKind, ours: ValueKind): boolean {
  if (recorded === 'text') return true;
  if (recorded === 'decimal') return ours !== 'text';
  return ours === 'integer';
}

interface Comparison {
  /** Attribute kinds that differ, as `path@attribute: recorded ≠ ours`. */
  mismatches: string[];
  /** Attributes both send, as `path@attribute`. */
  shared: string[];
  /** Element paths both have. */
  sharedElements: string[];
}

function compare(ours: Shape, recorded: Shape, path: string, result: Comparison): Comparison {
  result.sharedElements.push(path);
  for (const [name, kind] of ours.attributes) {
    const recordedKind = recorded.attributes.get(name);
    if (!recordedKind) continue;
    result.shared.push(`${path}@${name}`);
    if (!fits(recordedKind, kind)) result.mismatches.push(`${path}@${name}: ${recordedKind} ≠ ${kind}`);
  }
  for (const [name, child] of ours.children) {
    const recordedChild = recorded.children.get(name);
    if (recordedChild) compare(child, recordedChild, `${path}/${name}`, result);
  }
  return result;
}

function compareRoots(ours: XmlElement, recorded: XmlElement): Comparison {
  expect(ours.name).toBe(recorded.name);
  return compare(shapeOf([ours]), shapeOf([recorded]), ours.name, {
    mismatches: [],
    shared: [],
    sharedElements: [],
  });
}

function recordedXml(name: string): XmlElement {
  return parseXml(readFileSync(new URL(name, FIXTURES), 'utf8'));
}

const childNames = (element: XmlElement) => [...new Set(element.children.map((child) => child.name))].sort();

describe('XML shapes against recorded Plex Media Server answers', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;
  const keys = { movies: '', shows: '', movie: '', show: '' };

  const ourXml = async (path: string): Promise<XmlElement> => {
    const response = await fetch(`${server.url}${path}`, { headers: { 'X-Plex-Token': token } });
    expect(response.status, path).toBe(200);
    return parseXml(await response.text());
  };
  const ourJson = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      headers: { Accept: 'application/json', 'X-Plex-Token': token },
    });
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    media = await createMediaFixture('marquee-pms-xml-');
    await media.add('Movies/Big Lake (2019)/Big Lake (2019).mp4', 'mp4-2s');
    // Tags from .nfo files, so the answers carry Genre, Role and Guid elements to compare.
    await media.addText(
      'Movies/Big Lake (2019)/Big Lake (2019).nfo',
      '<movie><title>Big Lake</title><genre>Drama</genre><genre>Mystery</genre>' +
        '<actor><name>Ada Stone</name><role>Maggie</role><thumb>http://127.0.0.1:9/ada.jpg</thumb></actor>' +
        '<uniqueid type="imdb">tt0111161</uniqueid><uniqueid type="tmdb">4242</uniqueid></movie>',
    );
    await media.addText(
      'TV Shows/Lighthouse/tvshow.nfo',
      '<tvshow><title>Lighthouse</title><genre>Drama</genre><actor><name>Ben Marsh</name><role>Keeper</role>' +
        '</actor><uniqueid type="tvdb">81189</uniqueid></tvshow>',
    );
    await media.add('Movies/Copper Sky (2021)/Copper Sky (2021).mkv', 'mkv-ac3-1s');
    await media.add('TV Shows/Lighthouse/Season 01/Lighthouse - S01E01 - First Light.mp4');
    server = await startMediaServer(media.dir);
    ({ token } = await linkTv(server.url));
    type Listing = {
      MediaContainer: { Directory?: { key: string; type: string }[]; Metadata?: { ratingKey: string }[] };
    };
    const sections = (await ourJson<Listing>('/library/sections')).MediaContainer.Directory ?? [];
    keys.movies = sections.find((section) => section.type === 'movie')?.key ?? '';
    keys.shows = sections.find((section) => section.type === 'show')?.key ?? '';
    keys.movie = (await ourJson<Listing>(`/library/sections/${keys.movies}/all`)).MediaContainer.Metadata?.[0]
      .ratingKey as string;
    keys.show = (await ourJson<Listing>(`/library/sections/${keys.shows}/all`)).MediaContainer.Metadata?.[0]
      .ratingKey as string;
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('GET /: every attribute the home server sends is one PMS sends, of the same kind', async () => {
    const ours = await ourXml('/');
    const recorded = recordedXml('root.xml');
    const result = compareRoots(ours, recorded);
    expect(result.mismatches).toEqual([]);
    // No invented names: all of ours are PMS's (the recorded root is a full one).
    expect(Object.keys(ours.attributes).filter((name) => !(name in recorded.attributes))).toEqual([]);
    expect(result.shared.length).toBeGreaterThanOrEqual(15);
    expect(result.sharedElements).toContain('MediaContainer/Directory');
    expect(childNames(ours)).toEqual(childNames(recorded));
  });

  it('GET /library/sections: Directory per section with its Location', async () => {
    const result = compareRoots(await ourXml('/library/sections'), recordedXml('library_sections.xml'));
    expect(result.mismatches).toEqual([]);
    expect(result.sharedElements).toContain('MediaContainer/Directory/Location');
    expect(result.shared.length).toBeGreaterThanOrEqual(15);
  });

  it('GET /library/sections/{movies}/all: movies are Video elements', async () => {
    const ours = await ourXml(`/library/sections/${keys.movies}/all`);
    const recorded = recordedXml('library_movies_all.xml');
    const result = compareRoots(ours, recorded);
    expect(result.mismatches).toEqual([]);
    expect(childNames(ours)).toEqual(childNames(recorded));
    expect(result.shared.length).toBeGreaterThanOrEqual(20);
    expect(result.shared).toEqual(
      expect.arrayContaining([
        'MediaContainer/Video/Genre@id',
        'MediaContainer/Video/Genre@filter',
        'MediaContainer/Video/Genre@tag',
        'MediaContainer/Video/Role@id',
        'MediaContainer/Video/Role@filter',
        'MediaContainer/Video/Role@tag',
        'MediaContainer/Video/Role@role',
        'MediaContainer/Video/Role@thumb',
      ]),
    );
  });

  it('GET /library/sections/{shows}/all: shows are Directory elements', async () => {
    const ours = await ourXml(`/library/sections/${keys.shows}/all`);
    const recorded = recordedXml('library_tvshows_all.xml');
    const result = compareRoots(ours, recorded);
    expect(result.mismatches).toEqual([]);
    expect(childNames(ours)).toEqual(childNames(recorded));
    expect(result.shared.length).toBeGreaterThanOrEqual(20);
    expect(result.shared).toEqual(
      expect.arrayContaining(['MediaContainer/Directory/Genre@tag', 'MediaContainer/Directory/Role@tag']),
    );
  });

  it('GET /library/metadata/{show}: a show is a Directory', async () => {
    const ours = await ourXml(`/library/metadata/${keys.show}`);
    const recorded = recordedXml('show_metadata.xml');
    const result = compareRoots(ours, recorded);
    expect(result.mismatches).toEqual([]);
    expect(childNames(ours)).toEqual(childNames(recorded));
    expect(result.shared.length).toBeGreaterThanOrEqual(15);
    expect(result.shared).toEqual(
      expect.arrayContaining([
        'MediaContainer/Directory/Genre@id',
        'MediaContainer/Directory/Genre@tag',
        'MediaContainer/Directory/Role@id',
        'MediaContainer/Directory/Role@tag',
        'MediaContainer/Directory/Role@role',
      ]),
    );
  });

  it('GET /library/metadata/{movie}: Video → Media → Part → Stream, nested as PMS nests them', async () => {
    const ours = await ourXml(`/library/metadata/${keys.movie}`);
    const recorded = recordedXml('session_base.xml');
    const result = compareRoots(ours, recorded);
    expect(result.mismatches).toEqual([]);
    expect(result.sharedElements).toContain('MediaContainer/Video/Media/Part/Stream');
    expect(result.shared).toEqual(
      expect.arrayContaining([
        'MediaContainer/Video/Genre@tag',
        'MediaContainer/Video/Role@role',
        'MediaContainer/Video/Guid@id',
      ]),
    );
    expect(
      result.shared.filter((name) => name.startsWith('MediaContainer/Video/Media/Part/Stream@')).length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('GET /:/prefs: settings are Setting elements', async () => {
    const result = compareRoots(await ourXml('/:/prefs'), recordedXml('prefs.xml'));
    expect(result.mismatches).toEqual([]);
    expect(result.shared).toEqual(
      expect.arrayContaining([
        'MediaContainer/Setting@id',
        'MediaContainer/Setting@value',
        'MediaContainer/Setting@hidden',
      ]),
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { HttpRequest, Transport } from '../../src/plex/http';
import { looseBoolean, looseNumber } from '../../src/plex/loose';
import { PlexServerClient } from '../../src/plex/server-client';

const identity = {
  clientIdentifier: 'tv-1',
  product: 'Marquee',
  version: '0.1.0',
  platform: 'webOS',
  platformVersion: '4',
  device: 'LG TV',
  model: '',
  deviceName: 'LG TV',
};

function serverAnswering(body: unknown) {
  const requests: HttpRequest[] = [];
  const transport: Transport = async (request) => {
    requests.push(request);
    return { status: 200, text: JSON.stringify(body), header: () => null };
  };
  const client = new PlexServerClient({
    baseUrl: 'http://pms:32400',
    token: 'server-token',
    identity,
    transport,
  });
  return { client, requests };
}

describe('PlexServerClient', () => {
  it('pages a section with X-Plex-Container-* as query parameters and reads a real-shaped answer', async () => {
    // Shape of a real paged answer (docs/protocol.md#media-server-general-rules), with numbers sent as
    // strings as some PMS do.
    const { client, requests } = serverAnswering({
      MediaContainer: {
        size: 2,
        totalSize: '358',
        offset: '100',
        Metadata: [
          { ratingKey: '55', key: '/library/metadata/55', type: 'movie', title: 'Big Buck Bunny' },
          { ratingKey: '56', key: '/library/metadata/56', type: 'movie', title: 'Sintel' },
        ],
      },
    });
    const page = await client.sectionItems('1', { start: 100, size: 100, sort: 'addedAt:desc' });
    expect(requests[0].url).toMatch(
      /^http:\/\/pms:32400\/library\/sections\/1\/all\?sort=addedAt%3Adesc&X-Plex-Container-Start=100&X-Plex-Container-Size=100&X-Plex-Client-Identifier=tv-1/,
    );
    expect(requests[0].headers).toEqual({ Accept: 'application/json' });
    expect(requests[0].url).toMatch(/&X-Plex-Token=server-token$/);
    expect(page.offset).toBe(100);
    expect(page.totalSize).toBe(358);
    expect(page.items.map((item) => item.title)).toEqual(['Big Buck Bunny', 'Sintel']);
  });

  it('reads sections, hubs, an item and its children, tolerating missing arrays', async () => {
    expect(await serverAnswering({ MediaContainer: { size: 0 } }).client.sections()).toEqual([]);
    const hubs = await serverAnswering({
      MediaContainer: {
        size: 1,
        Hub: [
          {
            title: 'Recently Added',
            type: 'movie',
            hubIdentifier: 'home.recentlyAdded',
            size: 0,
            more: false,
          },
        ],
      },
    }).client.hubs();
    expect(hubs[0].hubIdentifier).toBe('home.recentlyAdded');
    expect(await serverAnswering({ MediaContainer: { size: 0 } }).client.metadata('9')).toBeNull();
    const { client, requests } = serverAnswering({ MediaContainer: { size: 0 } });
    await client.children('22');
    expect(requests[0].url).toContain('/library/metadata/22/children?excludeAllLeaves=1&');
  });

  it('builds image URLs sized for the card, with the token (an <img> cannot send headers)', () => {
    const { client } = serverAnswering({});
    expect(client.photoUrl('/library/metadata/55/thumb/1579514152', 240, 360)).toBe(
      'http://pms:32400/photo/:/transcode?url=%2Flibrary%2Fmetadata%2F55%2Fthumb%2F1579514152&width=240&height=360&minSize=1&upscale=1&X-Plex-Token=server-token',
    );
  });

  it('parses loose numbers and booleans', () => {
    expect(looseNumber('42')).toBe(42);
    expect(looseNumber(7)).toBe(7);
    expect(looseNumber('x')).toBeNull();
    expect(looseNumber(undefined)).toBeNull();
    expect(looseBoolean('1')).toBe(true);
    expect(looseBoolean(false)).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexMetadata } from '../../src/protocol/plex-media';
import { METADATA_ID_LIMIT } from '../../src/server/media/library-routes';
import { startTestServer, type TestServer } from '../support/home-server';
import { withServerDatabase } from '../support/server-database';
import { seedSyntheticSection } from '../support/synthetic-library';
import { getWithToken, linkTv, newTv, RELAXED_LIMITS } from './helpers';

// `/library/metadata/{a,b,…}` (python-plexapi's fetchItems) reads a few hundred ids in one request, in the
// order given; a list past METADATA_ID_LIMIT is Plex's 400 saying so, not the router's 414.

const ITEMS = METADATA_ID_LIMIT + 20;

describe('comma-separated metadata ids', () => {
  let server: TestServer;
  let token: string;
  let ids: number[];

  beforeAll(async () => {
    server = await startTestServer({ limits: RELAXED_LIMITS, tvAppDir: null, emulatorDir: null });
    ids = withServerDatabase(server, (db) => {
      const section = seedSyntheticSection(db, { title: 'Many', count: ITEMS, addedFrom: 1_600_000_000 });
      return (
        db.prepare('SELECT id FROM library_items WHERE section_id = ? ORDER BY id').all(section) as {
          id: number;
        }[]
      ).map((row) => row.id);
    });
    token = (await linkTv(server.url, newTv())).token;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const metadata = (list: number[]) => getWithToken(server.url, `/library/metadata/${list.join(',')}`, token);

  it('answers a list of a few hundred ids, in the order asked', async () => {
    const asked = ids.slice(0, 300).reverse();
    expect(asked.join(',').length).toBeGreaterThan(1000);
    const response = await metadata(asked);
    expect(response.status).toBe(200);
    const items = ((await response.json()) as { MediaContainer: { size: number; Metadata: PlexMetadata[] } })
      .MediaContainer;
    expect(items.size).toBe(300);
    expect(items.Metadata.map((item) => Number(item.ratingKey))).toEqual(asked);
  });

  it(`answers exactly ${METADATA_ID_LIMIT} ids, and a longer list with Plex's 400 naming the limit`, async () => {
    expect((await metadata(ids.slice(0, METADATA_ID_LIMIT))).status).toBe(200);
    const tooMany = await metadata(ids.slice(0, METADATA_ID_LIMIT + 1));
    expect(tooMany.status).toBe(400);
    const body = (await tooMany.json()) as { errors: { code: number; message: string }[] };
    expect(body.errors[0].message).toContain(`At most ${METADATA_ID_LIMIT} ids`);
  });
});

import { rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexMetadata } from '../../src/protocol/plex-media';
import { startMediaServer, type TestServer } from '../support/home-server';
import { createMediaFixture, eventually, type MediaFixture } from '../support/media-fixtures';
import { withServerDatabase } from '../support/server-database';
import { getWithToken, linkTv } from './helpers';

// The library follows the disk while running: fs.watch with a debounce, and refresh on demand.

describe('library changes while running', () => {
  let media: MediaFixture;
  let server: TestServer;
  let token: string;

  const titles = async (section: number) => {
    const response = await getWithToken(server.url, `/library/sections/${section}/all`, token);
    return ((await response.json()).MediaContainer.Metadata as PlexMetadata[]).map((m) => m.title);
  };
  const seasons = async () => {
    const shows = (await (await getWithToken(server.url, '/library/sections/2/all', token)).json())
      .MediaContainer.Metadata as PlexMetadata[];
    if (shows.length === 0) return [];
    const children = await getWithToken(
      server.url,
      `/library/metadata/${shows[0].ratingKey}/children`,
      token,
    );
    return ((await children.json()).MediaContainer.Metadata as PlexMetadata[]).map((m) => m.title);
  };

  beforeAll(async () => {
    media = await createMediaFixture();
    await media.add('Movies/Alpha (2001)/Alpha (2001).mp4');
    await media.add('Movies/Bravo (2002)/Bravo (2002).mp4');
    await media.add('TV Shows/Show/Season 01/Show - S01E01 - One.mp4');
    await media.add('TV Shows/Show/Season 02/Show - S02E01 - Two.mp4');
    server = await startMediaServer(media.dir, { mediaWatchDebounceMs: 150 });
    token = (await linkTv(server.url)).token;
  });
  afterAll(async () => {
    await server?.close();
    await media?.remove();
  });

  it('picks up a file added and one deleted, by watching the folder', async () => {
    expect(await titles(1)).toEqual(['Alpha', 'Bravo']);
    await media.add('Movies/Charlie (2003)/Charlie (2003).mp4');
    await rm(join(media.dir, 'Movies/Alpha (2001)'), { recursive: true });
    await eventually(async () => JSON.stringify(await titles(1)) === JSON.stringify(['Bravo', 'Charlie']));
  });

  it('drops an emptied season (and show) when its last episode goes', async () => {
    expect(await seasons()).toEqual(['Season 1', 'Season 2']);
    await rm(join(media.dir, 'TV Shows/Show/Season 02/Show - S02E01 - Two.mp4'));
    await eventually(async () => JSON.stringify(await seasons()) === JSON.stringify(['Season 1']));
    await rm(join(media.dir, 'TV Shows/Show'), { recursive: true });
    await eventually(async () => (await seasons()).length === 0);
    await server.server.media.idle();
    expect(
      withServerDatabase(server, (db) =>
        db.prepare(`SELECT COUNT(*) AS n FROM library_items WHERE type IN ('show', 'season')`).get(),
      ),
    ).toEqual({ n: 0 });
  });

  it('PUT (and GET) /library/sections/{k}/refresh answer at once and rescan in the background', async () => {
    // A rename is a delete plus an add; with the watcher too slow to matter here, refresh must find it.
    await server.server.media.idle();
    await rename(join(media.dir, 'Movies/Bravo (2002)'), join(media.dir, 'Movies/Delta (2004)'));
    await rename(
      join(media.dir, 'Movies/Delta (2004)/Bravo (2002).mp4'),
      join(media.dir, 'Movies/Delta (2004)/Delta (2004).mp4'),
    );
    const put = await fetch(`${server.url}/library/sections/1/refresh`, {
      method: 'PUT',
      headers: { 'X-Plex-Token': token },
    });
    expect(put.status).toBe(200);
    expect((await getWithToken(server.url, '/library/sections/1/refresh', token)).status).toBe(200);
    await server.server.media.idle();
    expect(await titles(1)).toEqual(['Charlie', 'Delta']);
  });

  it('skips a corrupt file once: logged once, not probed again until it changes', async () => {
    const scanner = server.server.media.scanner;
    if (!scanner) throw new Error('no scanner');
    await server.server.media.idle();
    const corrupt = await media.addCorrupt('Movies/Broken (1999)/Broken (1999).mp4');
    await server.server.media.idle();
    await scanner.scan();
    const logged = () =>
      server.logLines.filter((line) => line.includes('skipping Movies/Broken (1999)')).length;
    expect(logged()).toBe(1);
    expect(await scanner.scan()).toMatchObject({ probed: 0, skipped: 0 });
    await rm(corrupt);
    await media.add('Movies/Broken (1999)/Broken (1999).mp4');
    await server.server.media.idle();
    await scanner.scan();
    expect(await titles(1)).toContain('Broken');
  });

  it('does not probe unchanged files again; a touched file is probed again', async () => {
    const scanner = server.server.media.scanner;
    if (!scanner) throw new Error('no scanner');
    await server.server.media.idle();
    const unchanged = await scanner.scan();
    expect(unchanged).toMatchObject({ files: 3, probed: 0, added: 0, updated: 0, removed: 0 });
    const charlie = 'Movies/Charlie (2003)/Charlie (2003).mp4';
    const later = new Date(Date.now() + 60_000);
    await utimes(join(media.dir, charlie), later, later);
    // The watcher may rescan first (a scan it queued can be running now), so the probe is checked by its effect:
    // the part row takes the new mtime only when the file is probed and stored again.
    const touched = await scanner.scan();
    await server.server.media.idle();
    expect(touched).toMatchObject({ added: 0, removed: 0 });
    const row = server.server.media.store.partByFile(charlie);
    expect(row?.mtime_ms).toBe(Math.floor((await stat(join(media.dir, charlie))).mtimeMs));
  });
});

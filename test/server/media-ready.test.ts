import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_MEDIA_DIR } from '../../src/server/home-server';
import { readinessLine } from '../../src/server/media/media-library';
import { startTestServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';

// `media.ready` says whether the library really is ready (the CLI prints "Media library ready" only then), and
// when not, what failed and what to do: real failures on a real server, no mocks.

describe('media library readiness', () => {
  let media: MediaFixture | null = null;
  let server: TestServer | null = null;
  let dataDir: string | null = null;

  afterEach(async () => {
    await server?.close();
    await media?.remove();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    server = null;
    media = null;
    dataDir = null;
  });

  const start = (mediaDir: string) =>
    startTestServer({ tvAppDir: null, emulatorDir: null, mediaDir, mediaWatchDebounceMs: 0 });

  it('is ready once the first scan went through', async () => {
    media = await createMediaFixture();
    await media.add('Movies/Alpha (2001)/Alpha (2001).mp4');
    server = await start(media.dir);
    const readiness = await server.server.media.ready;
    expect(readiness).toEqual({ ok: true });
    expect(readinessLine(readiness, server.server.media.describe())).toBe(
      'Media library ready: Movies: 1 movie; TV Shows: 0 shows, 0 episodes',
    );
  });

  it('is not ready when a section folder cannot be scanned (a file, not a folder), and says so', async () => {
    media = await createMediaFixture();
    await media.addText('Movies', 'not a folder');
    await media.add('TV Shows/Show/Season 01/Show - S01E01 - One.mp4');
    server = await start(media.dir);
    const readiness = await server.server.media.ready;
    const folder = join(media.dir, 'Movies');
    expect(readiness).toMatchObject({ ok: false });
    if (readiness.ok) return;
    expect(readiness.reason).toBe(`scanning ${folder} failed: it is not a folder`);
    expect(readiness.fix).toContain(folder);
    const line = readinessLine(readiness, server.server.media.describe());
    expect(line).toMatch(/^Media library not ready: scanning /);
    expect(line).toContain(readiness.fix);
    expect(line).not.toContain('Media library ready');
    // The other section was scanned all the same.
    expect(server.server.media.describe()).toContain('TV Shows: 1 show, 1 episode');
  });

  it('a scan that cannot read a section folder or MEDIA_DIR fails and keeps what was listed', async () => {
    media = await createMediaFixture();
    await media.add('Movies/Alpha (2001)/Alpha (2001).mp4');
    server = await start(media.dir);
    expect(await server.server.media.ready).toEqual({ ok: true });
    const scanner = server.server.media.scanner as NonNullable<typeof server.server.media.scanner>;

    await rename(join(media.dir, 'Movies'), join(media.dir, 'Movies away'));
    await writeFile(join(media.dir, 'Movies'), 'not a folder');
    expect((await scanner.scan()).failures).toEqual([
      { folder: join(media.dir, 'Movies'), error: 'it is not a folder' },
    ]);
    expect(server.server.media.describe()).toContain('Movies: 1 movie');

    const away = `${media.dir} away`;
    await rename(media.dir, away);
    try {
      expect((await scanner.scan()).failures).toEqual([
        { folder: media.dir, error: 'it is missing or not a folder' },
      ]);
      expect(server.server.media.describe()).toContain('Movies: 1 movie');
    } finally {
      await rename(away, media.dir);
    }
  });

  it('is not ready when generating the demo library failed, and says so', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'marquee-ready-'));
    // The demo library's folder is taken by a file: generating it fails for real.
    await writeFile(join(dataDir, DEMO_MEDIA_DIR), 'in the way');
    server = await startTestServer({
      dataDir,
      tvAppDir: null,
      emulatorDir: null,
      mediaDir: null,
      demoLibrary: true,
      mediaWatchDebounceMs: 0,
    });
    const readiness = await server.server.media.ready;
    expect(readiness).toMatchObject({ ok: false });
    if (readiness.ok) return;
    expect(readiness.reason).toMatch(/^generating the demo library failed: /);
    expect(readiness.fix).toContain('MEDIA_DIR');
    expect(readinessLine(readiness, '')).toMatch(/^Media library not ready: generating the demo library/);
  });
});

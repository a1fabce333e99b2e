import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountStore } from '../../src/server/db/account-store';
import { openDatabase } from '../../src/server/db/database';
import { LibraryStore } from '../../src/server/db/library-store';
import { WatchStateStore } from '../../src/server/db/watch-state-store';
import { registerProgressRoutes } from '../../src/server/media/progress-routes';
import { answerSchemaErrorsAsPlex } from '../../src/server/request-schemas';
import { decorateCaller, requireToken } from '../../src/server/token-scope';
import { seedSyntheticSection } from '../support/synthetic-library';

// /:/timeline, /:/scrobble, /:/unscrobble over real HTTP on a bare Fastify app with the real stores.

let dir: string;
let db: Database;
let app: FastifyInstance;
let base: string;
let movieId: number;
let watchState: WatchStateStore;
const tokens: Record<string, number> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marquee-progress-'));
  db = openDatabase(dir);
  const accounts = new AccountStore(db);
  tokens.ada = accounts.create('ada', 'x', 'u-ada', 0)?.id ?? 0;
  tokens.bob = accounts.create('bob', 'x', 'u-bob', 0)?.id ?? 0;
  const sectionId = seedSyntheticSection(db, { title: 'Films', count: 3 });
  const store = new LibraryStore(db);
  movieId = store.pageItems(sectionId, 'movie', 'titleSort', 0, 1)[0].id;
  db.prepare('UPDATE library_items SET duration_ms = 100000 WHERE id = ?').run(movieId);
  watchState = new WatchStateStore(db);
  app = Fastify();
  decorateCaller(app);
  await app.register(async (scope) => {
    // As the media server's scope (src/server/media/media-server.ts): the token, and Plex's 400 for a request
    // its route's schema refuses.
    answerSchemaErrorsAsPlex(scope);
    requireToken(scope, (token) => (tokens[token] ? { accountId: tokens[token], deviceId: 1 } : null));
    registerProgressRoutes(scope, { store, watchState });
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(path: string, token = 'ada', method = 'GET') {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'X-Plex-Token': token, Accept: 'application/json' },
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as { MediaContainer?: Record<string, unknown> } | null,
  };
}

const state = (account: string) => watchState.forItems(tokens[account], [movieId]).get(movieId);

describe('progress routes', () => {
  it('timeline sets the caller’s viewOffset only, and answers in Plex’s shape', async () => {
    const answer = await call(`/:/timeline?ratingKey=${movieId}&state=paused&time=42000&duration=100000`);
    expect(answer.status).toBe(200);
    expect(answer.body?.MediaContainer).toMatchObject({
      playbackState: 'paused',
      viewOffset: 42000,
      viewCount: 0,
    });
    expect(state('ada')?.viewOffsetMs).toBe(42000);
    expect(state('bob')).toBeUndefined();
  });

  it('accepts POST and a percent-encoded colon too', async () => {
    expect(
      (await call(`/%3A/timeline?ratingKey=${movieId}&state=playing&time=43000&duration=100000`)).status,
    ).toBe(200);
    expect(
      (await call(`/:/timeline?ratingKey=${movieId}&state=playing&time=44000`, 'ada', 'POST')).status,
    ).toBe(200);
    expect(state('ada')?.viewOffsetMs).toBe(44000);
  });

  it('refuses time past the duration (400), bad states, unknown items (404) and missing tokens (401)', async () => {
    expect(
      (await call(`/:/timeline?ratingKey=${movieId}&state=playing&time=100001&duration=100000`)).status,
    ).toBe(400);
    expect((await call(`/:/timeline?ratingKey=${movieId}&state=dancing&time=1`)).status).toBe(400);
    expect((await call(`/:/timeline?ratingKey=${movieId}&state=playing&time=-5`)).status).toBe(400);
    expect((await call('/:/timeline?ratingKey=999999&state=playing&time=1')).status).toBe(404);
    expect((await call(`/:/timeline?ratingKey=${movieId}&state=playing&time=1`, 'nobody')).status).toBe(401);
  });

  it('past 90 % the title counts as finished and leaves Continue Watching; scrobble counts it once', async () => {
    await call(`/:/timeline?ratingKey=${movieId}&state=playing&time=95000&duration=100000`);
    expect(state('ada')).toMatchObject({ viewOffsetMs: 0, viewCount: 0 });
    expect((await call(`/:/scrobble?identifier=com.plexapp.plugins.library&key=${movieId}`)).status).toBe(
      200,
    );
    expect(state('ada')).toMatchObject({ viewOffsetMs: 0, viewCount: 1 });
    await call(`/:/scrobble?identifier=com.plexapp.plugins.library&key=${movieId}`, 'ada', 'PUT');
    expect(state('ada')?.viewCount).toBe(2);
    await call(`/:/unscrobble?identifier=com.plexapp.plugins.library&key=${movieId}`);
    expect(state('ada')).toBeUndefined(); // unwatched: no views and no progress left
  });
});

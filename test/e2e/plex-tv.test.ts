import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTv } from '../server/helpers';
import { chromiumFixture } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/home-server';
import { createMediaFixture, type MediaFixture } from '../support/media-fixtures';
import { type PlexTvStandIn, startPlexTvStandIn } from '../support/plextv-stand-in';
import { KEY_GAP_MS, TV_APP_FILE_URL, textOf } from '../support/tv';

// Sign in with Plex, against a local stand-in for plex.tv (?plextv=) that replays recorded plex.tv answers:
// the code screen, the pin linked "at plex.tv/link", the user, and the account's resources, whose server
// points at a real home server with a library. Home then browses that server's rows.

const chromium = chromiumFixture();
let home: TestServer;
let media: MediaFixture;
let plexTv: PlexTvStandIn;

beforeAll(async () => {
  media = await createMediaFixture();
  await media.add('Movies/Northern Lights (2012).mp4');
  home = await startTestServer({ mediaDir: media.dir, mediaWatchDebounceMs: 0 });
  await home.server.media.idle();
  const identity = (await (
    await fetch(`${home.url}/identity`, { headers: { Accept: 'application/json' } })
  ).json()) as { MediaContainer: { machineIdentifier: string } };
  // The token plex.tv would hand out for the server: one the home server issued to a device.
  const { token } = await linkTv(home.url);
  plexTv = await startPlexTvStandIn({
    url: home.url,
    machineIdentifier: identity.MediaContainer.machineIdentifier,
    token,
  });
});

afterAll(async () => {
  await chromium.close(); // before the servers, as the TV page still talks to them
  await plexTv?.close();
  await home?.close();
  await media?.remove();
});

describe('Sign in with Plex', () => {
  it('welcome → the code from plex.tv → linked there → home shows the account’s server and its rows', async () => {
    const tv = await chromium.context.newPage();
    const errors: string[] = [];
    tv.on('pageerror', (error) => errors.push(error.message));
    await tv.goto(`${TV_APP_FILE_URL}?plextv=${encodeURIComponent(plexTv.url)}`);
    await tv.waitForSelector('[data-testid="welcome-plex"][data-focused="true"]', { timeout: 20_000 });
    await tv.keyboard.press('Enter');
    await tv.waitForTimeout(KEY_GAP_MS);

    // The recorded pin: its 4-letter code, no qr (so the QR carries the bare link page).
    await tv.waitForSelector('[data-testid="activation-code"]', { timeout: 20_000 });
    expect(await textOf(tv, 'activation-code')).toBe('CODE');
    expect(await tv.textContent('[data-testid="activation"]')).toContain(
      `${plexTv.url.replace('http://', '')}/link`,
    );

    plexTv.link();
    await tv.waitForSelector('[data-testid="home"]', { timeout: 20_000 });
    await tv.waitForSelector('[data-testid="media-card"]:has-text("Northern Lights")', { timeout: 20_000 });
    expect(await tv.textContent('[data-testid="home"]')).toContain('Linked to user@example.com');
    // The recorded server "Box", pointed at the home server; plus the recorded server with no connections.
    expect(await textOf(tv, 'home-browsing')).toContain('Browsing Box');
    expect(await textOf(tv, 'home-browsing')).toContain('1 more server');

    // Every call went to the stand-in as this TV, and asked for nothing plex.tv lacks.
    // (The token goes in a header, so the browser also sends CORS preflights, which plex.tv answers.)
    const calls = plexTv.requests.filter((request) => request.method !== 'OPTIONS');
    const paths = new Set(calls.map((request) => `${request.method} ${request.path}`));
    expect([...paths].sort()).toEqual(
      ['GET /api/v2/pins/111222333', 'GET /api/v2/resources', 'GET /api/v2/user', 'POST /api/v2/pins'].sort(),
    );
    const clients = new Set(calls.map((request) => request.clientIdentifier));
    expect(clients.size).toBe(1);
    expect([...clients][0]).toMatch(/^[0-9a-f-]{36}$/);

    // The Servers screen lists the one without connections as unreachable, without throwing.
    await tv.keyboard.press('ArrowUp');
    await tv.waitForTimeout(KEY_GAP_MS);
    for (let i = 0; i < 5; i++) {
      await tv.keyboard.press('ArrowLeft');
      await tv.waitForTimeout(KEY_GAP_MS);
    }
    await tv.keyboard.press('ArrowRight');
    await tv.waitForTimeout(KEY_GAP_MS);
    await tv.keyboard.press('Enter');
    await tv.waitForSelector('[data-testid="server-row"][data-status="unreachable"]', { timeout: 20_000 });
    expect(await tv.locator('[data-testid="server-row"][data-status="online"]').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexResource } from '../../src/protocol/plex-account';
import { startTestServer, type TestServer } from '../support/home-server';
import { csrfOf, LinkBrowser } from '../support/link-browser';
import { adminBrowser, createPin, getWithToken, linkTv, newTv, pollPin } from './helpers';

// Sharing another home server with an account, over real HTTP between two real home servers: the owner of A
// lists B for an account of A, B's owner approves A's code on B's /link page, and the account's resources on
// A then carry B with B's own token and connections.

let a: TestServer;
let b: TestServer;
/** A second account on A, signed in on A's /link pages. */
let bob: LinkBrowser;

beforeAll(async () => {
  [a, b] = await Promise.all([startTestServer(), startTestServer({ host: '127.0.0.78' })]);
  bob = new LinkBrowser(a.url);
  expect((await bob.signUp('bob', 'bob-password-1')).status).toBe(303);
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

async function resourcesOf(url: string, token: string): Promise<PlexResource[]> {
  const response = await getWithToken(url, '/api/v2/resources', token);
  expect(response.status).toBe(200);
  return (await response.json()) as PlexResource[];
}

async function identityOf(url: string): Promise<string> {
  const response = await fetch(`${url}/identity`, { headers: { Accept: 'application/json' } });
  return ((await response.json()) as { MediaContainer: { machineIdentifier: string } }).MediaContainer
    .machineIdentifier;
}

function shareCode(page: string): string {
  const match = /data-share-code="([A-Z]+)"/.exec(page);
  if (!match) throw new Error('No code on the shared servers page');
  return match[1];
}

async function postShare(owner: LinkBrowser, fields: Record<string, string>) {
  const form = await owner.get('/link/shared');
  return owner.postForm('/link/shared', { csrf: csrfOf(form.body), ...fields });
}

async function pressOnShare(owner: LinkBrowser, id: string, action: 'finish' | 'remove') {
  const form = await owner.get('/link/shared');
  return owner.postForm(`/link/shared/${id}/${action}`, { csrf: csrfOf(form.body) });
}

describe('sharing another server with an account', () => {
  it('B appears in the account’s resources with B’s own token and connections once B’s owner approves', async () => {
    const owner = await adminBrowser(a.url);
    const { token: adminTv } = await linkTv(a.url);
    expect((await resourcesOf(a.url, adminTv)).map((resource) => resource.owned)).toEqual([true]);

    expect((await postShare(owner, { address: b.url, username: 'admin' })).status).toBe(303);
    const listed = await owner.get('/link/shared');
    expect(listed.body).toContain(`${b.url}/link`);
    const code = shareCode(listed.body);
    const id = /data-share-id="(\d+)"/.exec(listed.body)?.[1] as string;

    // Not approved yet: says what to do, with a non-2xx status; the account sees nothing new.
    const early = await pressOnShare(owner, id, 'finish');
    expect(early.status).toBe(409);
    expect(early.body).toContain('Not approved yet');
    expect(await resourcesOf(a.url, adminTv)).toHaveLength(1);

    // B's owner sees who asks, and links it as any device.
    const bOwner = await adminBrowser(b.url);
    const confirm = await bOwner.enterCode(code);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('sharing with admin');
    expect((await bOwner.confirm('link')).status).toBe(200);

    expect((await pressOnShare(owner, id, 'finish')).status).toBe(303);
    expect((await owner.get('/link/shared')).body).toContain('Shared by admin');

    const resources = await resourcesOf(a.url, adminTv);
    expect(resources).toHaveLength(2);
    const shared = resources[1];
    expect(shared).toMatchObject({
      clientIdentifier: await identityOf(b.url),
      provides: 'server',
      owned: false,
      sourceTitle: 'admin',
    });
    expect(shared.name).toMatch(/^Marquee Home Server/);
    expect(shared.connections.map((connection) => connection.uri)).toEqual([b.url]);
    expect(shared.accessToken).not.toBe(adminTv);
    // The token is B's: B's media server takes it.
    expect((await getWithToken(b.url, '/library/sections', shared.accessToken as string)).status).toBe(200);

    // Only the account it is shared with sees it.
    const { token: bobTv } = await linkTvAs(a.url, bob);
    expect((await resourcesOf(a.url, bobTv)).map((resource) => resource.clientIdentifier)).not.toContain(
      shared.clientIdentifier,
    );

    // A's database never holds B's token in the clear.
    for (const name of readdirSync(a.dataDir).filter((file) => file.startsWith('marquee.db'))) {
      expect(readFileSync(join(a.dataDir, name)).includes(shared.accessToken as string), name).toBe(false);
    }

    // Removing the share takes it out of the account's resources.
    expect((await pressOnShare(owner, id, 'remove')).status).toBe(303);
    expect(await resourcesOf(a.url, adminTv)).toHaveLength(1);
  });

  it('refuses clearly: not the owner, an unknown account, an address with nothing Plex there, this server itself', async () => {
    const forbidden = await bob.get('/link/shared');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toContain('Only the server’s owner');

    const owner = await adminBrowser(a.url);
    const noAccount = await postShare(owner, { address: b.url, username: 'nobody' });
    expect(noAccount.status).toBe(404);
    expect(noAccount.body).toContain('There is no account named “nobody” here.');
    const nothing = await postShare(owner, { address: '127.0.0.1:9', username: 'admin' });
    expect(nothing.status).toBe(502);
    expect(nothing.body).toContain('Nothing answers at 127.0.0.1:9');
    const itself = await postShare(owner, { address: a.url, username: 'admin' });
    expect(itself.status).toBe(400);
    expect(itself.body).toContain('That is this server');
    const malformed = await postShare(owner, { address: '1.2.3', username: 'admin' });
    expect(malformed.status).toBe(400);

    const signedOut = new LinkBrowser(a.url);
    expect((await signedOut.get('/link/shared')).body).toContain('Sign in as admin to share servers.');
  });
});

/** A TV linked to A by `browser`'s account (the helpers link as admin). */
async function linkTvAs(url: string, browser: LinkBrowser): Promise<{ token: string }> {
  const tv = newTv();
  const { pin } = await createPin(url, tv);
  expect((await browser.enterCode(pin.code)).status).toBe(200);
  expect((await browser.confirm('link')).status).toBe(200);
  const polled = await pollPin(url, tv, pin.id);
  return { token: polled.body.authToken as string };
}

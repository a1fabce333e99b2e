import { TEST_ADMIN_PASSWORD } from './home-server';
import { csrfOf, LinkBrowser } from './link-browser';

/**
 * Shares the server at `otherUrl` with `username` of the home server at `ownerUrl`, through the pages a person
 * uses: A's admin adds it at /link/shared, B's admin enters the code on B's /link, A's admin presses Finish.
 */
export async function shareServer(ownerUrl: string, otherUrl: string, username: string): Promise<void> {
  const owner = await signedInAdmin(ownerUrl);
  const form = await owner.get('/link/shared');
  const added = await owner.postForm('/link/shared', {
    csrf: csrfOf(form.body),
    address: otherUrl,
    username,
  });
  if (added.status !== 303) throw new Error(`sharing ${otherUrl} failed (${added.status}): ${added.body}`);
  const listed = await owner.get('/link/shared');
  const code = /data-share-code="([A-Z]+)"/.exec(listed.body)?.[1];
  const id = /data-share-id="(\d+)"/.exec(listed.body)?.[1];
  if (!code || !id) throw new Error('No code on the shared servers page');

  const otherOwner = await signedInAdmin(otherUrl);
  if ((await otherOwner.enterCode(code)).status !== 200) throw new Error('The other server refused the code');
  if ((await otherOwner.confirm('link')).status !== 200) throw new Error('The other server did not link it');

  const finished = await owner.postForm(`/link/shared/${id}/finish`, { csrf: csrfOf(listed.body) });
  if (finished.status !== 303) throw new Error(`Finish failed (${finished.status}): ${finished.body}`);
}

async function signedInAdmin(url: string): Promise<LinkBrowser> {
  const browser = new LinkBrowser(url);
  const signedIn = await browser.signIn('admin', TEST_ADMIN_PASSWORD);
  if (signedIn.status !== 303) throw new Error(`admin sign-in on ${url} failed: ${signedIn.status}`);
  return browser;
}

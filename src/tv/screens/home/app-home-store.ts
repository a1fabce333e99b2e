import { PlexServerClient } from '../../../plex/server-client';
import { appServices } from '../../app-services';
import { createHomeStore, type HomeStore } from '../../stores/home-store';

/** Home's store wired to the app's session and clock: the account's servers, each probed at its addresses. */
export function createAppHomeStore(): HomeStore {
  const { session, clock } = appServices();
  const { identity } = session.getState();
  return createHomeStore({
    session,
    account: session.getState().accountClient(),
    probe: (resource, uri) =>
      new PlexServerClient({ baseUrl: uri, token: resource.accessToken, identity }).identity(),
    clock,
  });
}

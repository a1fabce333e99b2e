import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { PlexServerClient } from '../../../plex/server-client';
import { appServices } from '../../app-services';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FocusableButton } from '../../components/FocusableButton';
import { FocusScreen } from '../../components/FocusScreen';
import { useFocusFallback } from '../../components/useFocusFallback';
import { createHomeStore, type HomeStore } from '../../stores/home-store';
import { ServerList } from './ServerList';

const REFRESH_KEY = 'home-refresh';
const SIGN_OUT_KEY = 'home-sign-out';
const RETRY_KEY = 'home-retry';

/** A store per visit: everything it started stops when the screen goes. */
function createStoreForScreen(): HomeStore {
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

export function HomeScreen() {
  const [home] = useState(createStoreForScreen);
  const accountName = useStore(home, (state) => state.accountName);
  const servers = useStore(home, (state) => state.servers);
  const loading = useStore(home, (state) => state.loading);
  const error = useStore(home, (state) => state.error);

  useEffect(() => {
    home.getState().start();
    return () => home.getState().stop();
  }, [home]);

  // When the error clears, its Retry goes with it: hand focus to Refresh right away.
  useFocusFallback(REFRESH_KEY, [error === null]);

  return (
    <FocusScreen focusKey="home" initialFocusKey={REFRESH_KEY} testId="home" className="home">
      <header className="home__header">
        <div className="brand">Marquee</div>
        <h1 className="home__title">{accountName ? `Linked to ${accountName}` : 'Linked'}</h1>
      </header>

      {error ? (
        <ErrorBanner
          title={error.title}
          detail={error.detail}
          busy={loading}
          onRetry={home.getState().refresh}
          retryFocusKey={RETRY_KEY}
        />
      ) : null}

      {servers !== null || loading ? (
        <section className="home__section">
          <h2 className="section-title">Servers</h2>
          <ServerList servers={servers} />
        </section>
      ) : null}

      <p className="muted">Browsing your library comes in the next update.</p>

      <div className="button-row home__actions">
        <FocusableButton
          focusKey={REFRESH_KEY}
          label="Refresh"
          onPress={home.getState().refresh}
          testId="home-refresh"
        />
        <FocusableButton
          focusKey={SIGN_OUT_KEY}
          label="Sign out"
          onPress={home.getState().signOut}
          testId="home-sign-out"
        />
      </div>
    </FocusScreen>
  );
}

import { useCallback, useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { MediaItem } from '../../../plex/library-model';
import { appServices } from '../../app-services';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FocusableButton } from '../../components/FocusableButton';
import { FocusScreen } from '../../components/FocusScreen';
import { RowList, type RowSpec } from '../../components/RowList';
import { rememberedCard } from '../../components/rememberedFocus';
import { SkeletonRow } from '../../components/Skeleton';
import { useFocusFallback } from '../../components/useFocusFallback';
import { useScreenStore } from '../../components/useScreenStore';
import { navigation } from '../../navigation/app-navigation';
import type { Screen } from '../../navigation/navigation-store';
import { noriginFocus as focus } from '../../navigation/spatial-navigation';
import { cardFocusKey } from '../../stores/library-focus';
import { createLibraryHomeStore, type HomeRow } from '../../stores/library-home';
import { libraryServer, signOutUnauthorized } from '../../stores/library-server';
import { preferredServerId } from '../../stores/preferred-server';
import { prefetchLibraryScreens } from '../library-screens';
import { createAppHomeStore } from './app-home-store';
import { ServerList } from './ServerList';
import './home.css';

const SEARCH_KEY = 'home-search';
const REFRESH_KEY = 'home-refresh';
const SIGN_OUT_KEY = 'home-sign-out';
const SERVERS_KEY = 'home-servers';
const SETTINGS_KEY = 'home-settings';
const RETRY_KEY = 'home-retry';
const LIBRARY_RETRY_KEY = 'home-library-retry';

/** Card 200 × 300 (2:3 poster) every 232 px; rows (462 px tall) every 480 px in the 880 px under the header. */
export const HOME_ROW_LAYOUT = { card: { width: 200, height: 300 }, pitch: 232, viewWidth: 1728 };
const ROW_HEIGHT = 480;
const ROWS_VIEW_HEIGHT = 880;

export function HomeScreen({ screen }: { screen: Screen }) {
  // Kept while home is covered (details on top), so Back finds its rows and the remembered card.
  const home = useScreenStore(screen, 'home', createAppHomeStore);
  const library = useScreenStore(screen, 'library', () =>
    createLibraryHomeStore({ onUnauthorized: signOutUnauthorized }),
  );
  const accountName = useStore(home, (state) => state.accountName);
  const servers = useStore(home, (state) => state.servers);
  const loading = useStore(home, (state) => state.loading);
  const error = useStore(home, (state) => state.error);
  const server = useStore(libraryServer, (state) => state.server);
  const rows = useStore(library, (state) => state.rows);
  const libraryStatus = useStore(library, (state) => state.status);
  const libraryError = useStore(library, (state) => state.error);

  useEffect(() => prefetchLibraryScreens(), []);

  useEffect(() => {
    home.getState().start();
    return () => home.getState().stop();
  }, [home]);

  useEffect(() => {
    const services = appServices();
    libraryServer
      .getState()
      .choose(servers, services.session.getState().identity, preferredServerId(services));
  }, [servers]);

  useEffect(() => {
    if (server) library.getState().load(server.api);
  }, [server, library]);
  useEffect(() => () => library.getState().stop(), [library]);

  // The first time rows appear, the first card takes focus from Refresh (unless the viewer moved).
  const rowsFocused = useRef(rows.length > 0);
  useEffect(() => {
    if (rowsFocused.current || rows.length === 0) return;
    rowsFocused.current = true;
    const current = focus.getCurrentFocusKey();
    if (!current || current === REFRESH_KEY || !focus.doesFocusableExist(current)) {
      void focus.setFocus(cardFocusKey(rows[0].id, rows[0].items[0].id));
    }
  }, [rows]);

  // When an error clears, its Retry goes with it: hand focus to Refresh right away.
  useFocusFallback(REFRESH_KEY, [error === null, libraryError === null]);

  const refresh = useCallback(() => {
    home.getState().refresh();
    library.getState().reload();
  }, [home, library]);

  const imageUrl = useCallback(
    (item: MediaItem) => (item.thumb && server ? server.api.photoUrl(item.thumb, 200, 300) : null),
    [server],
  );
  const open = useCallback((item: MediaItem) => {
    navigation.getState().push({ name: 'details', ratingKey: item.id });
  }, []);

  const initialFocusKey = initialKey(rows);
  const noServer = servers !== null && !servers.some((candidate) => candidate.status.kind !== 'unreachable');

  return (
    <FocusScreen focusKey="home" initialFocusKey={initialFocusKey} testId="home" className="home">
      <header className="home__top">
        <div className="home__identity">
          <div className="brand">Marquee</div>
          <div className="home__account">{accountName ? `Linked to ${accountName}` : 'Linked'}</div>
          <ServerList servers={servers} browsing={server} />
        </div>
        <div className="button-row home__bar">
          <FocusableButton
            focusKey={SEARCH_KEY}
            label="Search"
            className="button--small"
            onPress={() => navigation.getState().push({ name: 'search' })}
            testId="home-search"
          />
          <FocusableButton
            focusKey={SERVERS_KEY}
            label="Servers"
            className="button--small"
            onPress={() => navigation.getState().push({ name: 'servers' })}
            testId="home-servers"
          />
          <FocusableButton
            focusKey={SETTINGS_KEY}
            label="Settings"
            className="button--small"
            onPress={() => navigation.getState().push({ name: 'settings' })}
            testId="home-settings"
          />
          <FocusableButton
            focusKey={REFRESH_KEY}
            label="Refresh"
            className="button--small"
            onPress={refresh}
            testId="home-refresh"
          />
          <FocusableButton
            focusKey={SIGN_OUT_KEY}
            label="Sign out"
            className="button--small"
            onPress={home.getState().signOut}
            testId="home-sign-out"
          />
        </div>
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
      {libraryError ? (
        <ErrorBanner
          title={libraryError.title}
          detail={libraryError.detail}
          busy={libraryStatus === 'loading'}
          onRetry={library.getState().reload}
          retryFocusKey={LIBRARY_RETRY_KEY}
        />
      ) : null}

      {rows.length > 0 ? (
        <RowList
          rows={rows.map(rowSpec)}
          layout={HOME_ROW_LAYOUT}
          rowHeight={ROW_HEIGHT}
          viewHeight={ROWS_VIEW_HEIGHT}
          imageUrl={imageUrl}
          onOpen={open}
        />
      ) : libraryStatus === 'ready' ? (
        <div className="empty-state" data-testid="library-empty">
          <h2 className="empty-state__title">Your library is empty</h2>
          <p className="muted">Add movies or shows to the media server, then choose Refresh.</p>
        </div>
      ) : noServer ? (
        <div className="empty-state" data-testid="library-no-server">
          <h2 className="empty-state__title">No media server is reachable</h2>
          <p className="muted">Check that the server is running; Marquee keeps trying.</p>
        </div>
      ) : libraryStatus !== 'error' && !error ? (
        <div className="home__skeleton">
          <SkeletonRow cards={8} cardWidth={200} cardHeight={300} pitch={232} />
          <SkeletonRow cards={8} cardWidth={200} cardHeight={300} pitch={232} />
        </div>
      ) : null}
    </FocusScreen>
  );
}

function rowSpec(row: HomeRow): RowSpec {
  const section = row.section;
  return {
    id: row.id,
    title: row.title,
    items: row.items,
    header: section ? (
      <FocusableButton
        focusKey={`all:${row.id}`}
        label="All ›"
        className="button--small button--row"
        testId="row-all"
        onPress={() =>
          navigation.getState().push({ name: 'section', sectionKey: section.key, title: section.title })
        }
      />
    ) : undefined,
  };
}

/** Back restores the remembered card (screenMounted); otherwise the first card, else Refresh. */
function initialKey(rows: readonly HomeRow[]): string {
  if (rememberedCard()) return REFRESH_KEY;
  const first = rows[0];
  return first ? cardFocusKey(first.id, first.items[0].id) : REFRESH_KEY;
}

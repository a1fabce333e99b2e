import { useCallback, useEffect } from 'react';
import { useStore } from 'zustand';
import type { MediaItem } from '../../../plex/library-model';
import { appServices } from '../../app-services';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FocusScreen } from '../../components/FocusScreen';
import { NoServerScreen } from '../../components/NoServerScreen';
import { type KeyboardKey, keyFocusKey, OnScreenKeyboard } from '../../components/OnScreenKeyboard';
import { RowList } from '../../components/RowList';
import { useFocusFallback } from '../../components/useFocusFallback';
import { useScreenStore } from '../../components/useScreenStore';
import { navigation } from '../../navigation/app-navigation';
import type { Screen } from '../../navigation/navigation-store';
import { createSearchStore } from '../../stores/library-search';
import './search.css';
import { type LibraryApi, libraryServer, signOutUnauthorized } from '../../stores/library-server';

const FIRST_KEY = keyFocusKey({ kind: 'char', char: 'A' });
const RESULTS_LAYOUT = { card: { width: 200, height: 300 }, pitch: 232, viewWidth: 1040 };

export function SearchScreen({ screen }: { screen: Screen }) {
  const server = useStore(libraryServer, (state) => state.server);
  if (!server) return <NoServerScreen focusKey="search" />;
  return <Search screen={screen} api={server.api} />;
}

function Search({ screen, api }: { screen: Screen; api: LibraryApi }) {
  const store = useScreenStore(screen, 'search', () =>
    createSearchStore({ api, clock: appServices().clock, onUnauthorized: signOutUnauthorized }),
  );
  const query = useStore(store, (state) => state.query);
  const status = useStore(store, (state) => state.status);
  const groups = useStore(store, (state) => state.groups);
  const answered = useStore(store, (state) => state.answered);
  const error = useStore(store, (state) => state.error);

  useEffect(() => () => store.getState().stop(), [store]);
  useFocusFallback(FIRST_KEY, [error === null]);

  const onKey = useCallback(
    (key: KeyboardKey) => {
      const state = store.getState();
      if (key.kind === 'char') state.type(key.char);
      else if (key.kind === 'space') state.type(' ');
      else if (key.kind === 'delete') state.backspace();
      else state.clear();
    },
    [store],
  );
  const imageUrl = useCallback(
    (item: MediaItem) => (item.thumb ? api.photoUrl(item.thumb, 200, 300) : null),
    [api],
  );
  const open = useCallback(
    (item: MediaItem) => navigation.getState().push({ name: 'details', ratingKey: item.id }),
    [],
  );

  const busy = status === 'waiting' || status === 'loading';
  return (
    <FocusScreen focusKey="search" initialFocusKey={FIRST_KEY} testId="search" className="search">
      <div className="search__left">
        <h1 className="screen-title">Search</h1>
        <div className="search__field" data-testid="search-query">
          {query || <span className="search__placeholder">Type a title</span>}
          <span className="search__caret" />
        </div>
        <OnScreenKeyboard onKey={onKey} />
      </div>
      <div
        className="search__results"
        data-testid="search-results"
        data-answered={answered}
        data-status={status}
      >
        {error ? (
          <ErrorBanner
            title={error.title}
            detail={error.detail}
            onRetry={store.getState().retry}
            retryFocusKey="search-retry"
          />
        ) : null}
        {groups.length > 0 ? (
          <RowList
            key={answered}
            rows={groups.map((group) => ({ id: group.id, title: group.title, items: group.items }))}
            layout={RESULTS_LAYOUT}
            rowHeight={480}
            viewHeight={900}
            imageUrl={imageUrl}
            onOpen={open}
          />
        ) : status === 'ready' ? (
          <p className="muted search__message" data-testid="search-none">
            Nothing matches “{answered}”.
          </p>
        ) : status === 'idle' ? (
          <p className="muted search__message">Results appear as you type.</p>
        ) : null}
        {busy && groups.length === 0 ? <p className="muted search__message">Searching…</p> : null}
      </div>
    </FocusScreen>
  );
}

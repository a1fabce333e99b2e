import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { appServices } from '../../app-services';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FocusableButton } from '../../components/FocusableButton';
import { FocusableRow } from '../../components/FocusableRow';
import { FocusScreen } from '../../components/FocusScreen';
import { useScreenStore } from '../../components/useScreenStore';
import { navigation } from '../../navigation/app-navigation';
import type { Screen } from '../../navigation/navigation-store';
import { noriginFocus as focus } from '../../navigation/spatial-navigation';
import type { HomeServer } from '../../stores/home-store';
import { libraryServer } from '../../stores/library-server';
import { rememberPreferredServerId } from '../../stores/preferred-server';
import { serverOwnerText, serverRowStatus, serverStatusText } from '../../stores/server-rows';
import { createAppHomeStore } from '../home/app-home-store';
import './servers.css';

const BACK_KEY = 'servers-back';

/** Every server of the account with its status and how it is reached; OK on one browses it from home. */
export function ServersScreen({ screen }: { screen: Screen }) {
  const store = useScreenStore(screen, 'servers', createAppHomeStore);
  const servers = useStore(store, (state) => state.servers);
  const error = useStore(store, (state) => state.error);
  const loading = useStore(store, (state) => state.loading);
  const browsing = useStore(libraryServer, (state) => state.server);

  useEffect(() => {
    store.getState().start();
    return () => store.getState().stop();
  }, [store]);

  const choose = (server: HomeServer) => {
    const services = appServices();
    rememberPreferredServerId(services, server.id);
    libraryServer.getState().choose(servers, services.session.getState().identity, server.id);
    navigation.getState().back();
  };

  // Once the list arrives, the first row takes focus from Back (unless the viewer moved).
  const rowsFocused = useRef(false);
  useEffect(() => {
    if (rowsFocused.current || !servers || servers.length === 0) return;
    rowsFocused.current = true;
    const current = focus.getCurrentFocusKey();
    if (!current || current === BACK_KEY) void focus.setFocus(rowFocusKey(servers[0].id));
  }, [servers]);

  return (
    <FocusScreen focusKey="servers" initialFocusKey={BACK_KEY} testId="servers" className="servers">
      <h1 className="screen-title">Servers</h1>
      <p className="muted servers__lead">
        {servers === null
          ? 'Looking for your servers…'
          : servers.length === 0
            ? 'No servers on this account yet.'
            : 'Choose the server home browses.'}
      </p>
      {error ? (
        <ErrorBanner
          title={error.title}
          detail={error.detail}
          busy={loading}
          onRetry={store.getState().refresh}
        />
      ) : null}
      <div className="servers__list">
        {(servers ?? []).map((server) => (
          <FocusableRow
            key={server.id}
            focusKey={rowFocusKey(server.id)}
            testId="server-row"
            data={{ status: serverRowStatus(server), id: server.id }}
            className={browsing?.id === server.id ? 'list-row--current' : undefined}
            onPress={() => choose(server)}
          >
            <span className={`status-dot status-dot--${serverRowStatus(server)}`} />
            <span className="list-row__title">{server.name}</span>
            <span className="list-row__detail">
              {serverOwnerText(server)} · {serverStatusText(server)}
              {browsing?.id === server.id ? ' · browsing' : ''}
            </span>
          </FocusableRow>
        ))}
      </div>
      <div className="button-row">
        <FocusableButton focusKey={BACK_KEY} label="Back" onPress={() => navigation.getState().back()} />
      </div>
    </FocusScreen>
  );
}

function rowFocusKey(id: string): string {
  return `server-row:${id}`;
}

import { createRoot } from 'react-dom/client';
import type { ClientIdentity } from '../plex/headers';
import { App, ExitDialogWhenOpen } from './App';
import { chooseAccountService, choosePlexTv, chooseScanPort, servedFrom } from './account-service';
import { setAppServices } from './app-services';
import { systemClock } from './clock';
import { Stage } from './components/Stage';
import { navigation, startNavigation } from './navigation/app-navigation';
import { initialScreen } from './navigation/session-routing';
import { loadPlatform, type Platform } from './platform';
import { StartupErrorScreen } from './screens/lazy-screens';
import { useActivationStore } from './stores/activation-store';
import { readServerChoice } from './stores/server-choice';
import { createSessionStore } from './stores/session-store';
import './styles/app.css';

// Boot: platform → identity → settings and account service → session → (the code screen's pin request) →
// navigation → render.

function identityFor(platform: Platform): ClientIdentity {
  return { ...platform.deviceInfo(), clientIdentifier: platform.clientIdentifier() };
}

function start(platform: Platform): void {
  const query = new URLSearchParams(window.location.search);
  const remembered = readServerChoice(platform.storage);
  const page = { protocol: window.location.protocol, origin: window.location.origin };
  const server = chooseAccountService({
    queryParam: query.get('server'),
    remembered: remembered ? remembered.url : null,
    ...page,
    packagedDefault: import.meta.env.VITE_MARQUEE_SERVER,
  });
  const plexTv = choosePlexTv(query.get('plextv'), import.meta.env.VITE_MARQUEE_PLEXTV);
  const problem = server.kind === 'invalid' ? server : plexTv.ok ? null : plexTv;
  if (problem) {
    const root = createRoot(document.getElementById('root') as HTMLElement);
    startNavigation(platform);
    root.render(
      <Stage>
        <StartupErrorScreen title={problem.title} detail={problem.detail} />
        <ExitDialogWhenOpen />
      </Stage>,
    );
    return;
  }

  const chosen = server.kind === 'chosen' ? server : null;
  const session = createSessionStore({
    storage: platform.storage,
    identity: identityFor(platform),
    accountServiceUrl: chosen ? chosen.url : null,
  });
  setAppServices({
    platform,
    session,
    clock: systemClock,
    settings: {
      plexTvUrl: plexTv.ok ? plexTv.url : '',
      scanPort: chooseScanPort(query.get('scanport'), import.meta.env.VITE_MARQUEE_SCAN_PORT),
      serviceSource: chosen ? chosen.source : null,
      pageOrigin: servedFrom(page),
    },
  });
  const first = initialScreen(!!session.getState().session, chosen !== null);
  // The code screen waits on one request: send it before React renders anything, not from the screen's
  // first effect (that came after the first render and paint, some 300 ms later on a TV's CPU). The screen
  // finds the activation already running when it mounts (stores/activation-store.ts start()).
  if (first.name === 'activation') useActivationStore.getState().start();

  const root = createRoot(document.getElementById('root') as HTMLElement);
  startNavigation(platform);
  navigation.getState().reset(first);
  root.render(<App />);
}

loadPlatform().then(start, (error: unknown) => {
  // Only a TV's own adapter loads separately (platform/index.ts); without it nothing can run.
  const root = document.getElementById('root') as HTMLElement;
  root.textContent = `Marquee could not start: ${error instanceof Error ? error.message : String(error)}`;
  throw error;
});

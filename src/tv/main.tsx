import { createRoot } from 'react-dom/client';
import type { ClientIdentity } from '../plex/headers';
import { App } from './App';
import { chooseAccountService, choosePlexTv, chooseScanPort, servedFrom } from './account-service';
import { setAppServices } from './app-services';
import { systemClock } from './clock';
import { ExitDialog } from './components/ExitDialog';
import { Stage } from './components/Stage';
import { navigation, startNavigation } from './navigation/app-navigation';
import { initialScreen } from './navigation/session-routing';
import { createPlatform, type Platform } from './platform';
import { StartupErrorScreen } from './screens/lazy-screens';
import { readServerChoice } from './stores/server-choice';
import { createSessionStore } from './stores/session-store';
import './styles/app.css';

// Boot: platform → identity → settings and account service → session → navigation → render.

function identityFor(platform: Platform): ClientIdentity {
  return { ...platform.deviceInfo(), clientIdentifier: platform.clientIdentifier() };
}

function start(): void {
  const platform = createPlatform();
  const root = createRoot(document.getElementById('root') as HTMLElement);
  startNavigation(platform);

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
    root.render(
      <Stage>
        <StartupErrorScreen title={problem.title} detail={problem.detail} />
        <ExitDialog />
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
  navigation.getState().reset(initialScreen(!!session.getState().session, chosen !== null));
  root.render(<App />);
}

start();

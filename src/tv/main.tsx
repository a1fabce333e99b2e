import { createRoot } from 'react-dom/client';
import type { ClientIdentity } from '../plex/headers';
import { App } from './App';
import { chooseAccountService } from './account-service';
import { setAppServices } from './app-services';
import { systemClock } from './clock';
import { ExitDialog } from './components/ExitDialog';
import { Stage } from './components/Stage';
import { StartupErrorScreen } from './components/StartupErrorScreen';
import { navigation, startNavigation } from './navigation/app-navigation';
import { initialScreen } from './navigation/session-routing';
import { createPlatform, type Platform } from './platform';
import { createSessionStore } from './stores/session-store';
import './styles/app.css';

// Boot: platform → identity → account service → session → navigation → render.

function identityFor(platform: Platform): ClientIdentity {
  return { ...platform.deviceInfo(), clientIdentifier: platform.clientIdentifier() };
}

function start(): void {
  const platform = createPlatform();
  const root = createRoot(document.getElementById('root') as HTMLElement);
  startNavigation(platform);

  const server = chooseAccountService({
    queryParam: new URLSearchParams(window.location.search).get('server'),
    protocol: window.location.protocol,
    origin: window.location.origin,
    packagedDefault: import.meta.env.VITE_MARQUEE_SERVER,
  });
  if (!server.ok) {
    root.render(
      <Stage>
        <StartupErrorScreen title={server.title} detail={server.detail} />
        <ExitDialog />
      </Stage>,
    );
    return;
  }

  const session = createSessionStore({
    storage: platform.storage,
    identity: identityFor(platform),
    accountServiceUrl: server.url,
  });
  setAppServices({ platform, session, clock: systemClock });
  navigation.getState().reset(initialScreen(!!session.getState().session));
  root.render(<App />);
}

start();

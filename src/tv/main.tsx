import { createRoot } from 'react-dom/client';
import type { ClientIdentity } from '../plex/headers';
import { App } from './App';
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

type ServerChoice = { ok: true; url: string } | { ok: false; title: string; detail: string };

/** `?server=<http(s) url>` wins; else the origin that served the app. A packaged app (file://) has none. */
function chooseAccountService(location: Location): ServerChoice {
  const param = new URLSearchParams(location.search).get('server');
  if (param !== null) {
    const url = param.trim().replace(/\/+$/, '');
    if (/^https?:\/\/[^/?#\s]+/i.test(url)) return { ok: true, url };
    return {
      ok: false,
      title: 'Invalid server address',
      detail: `"${param}" is not an http:// or https:// address.`,
    };
  }
  if (/^https?:$/.test(location.protocol) && location.origin && location.origin !== 'null') {
    return { ok: true, url: location.origin };
  }
  return {
    ok: false,
    title: 'No server configured',
    detail:
      'This copy of Marquee does not know which server to use. Open it with ?server=http://<host>:32400.',
  };
}

function identityFor(platform: Platform): ClientIdentity {
  return { ...platform.deviceInfo(), clientIdentifier: platform.clientIdentifier() };
}

function start(): void {
  const platform = createPlatform();
  const root = createRoot(document.getElementById('root') as HTMLElement);
  startNavigation(platform);

  const server = chooseAccountService(window.location);
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

import { useEffect } from 'react';
import { useStore } from 'zustand';
import { appServices } from './app-services';
import { ExitDialog } from './components/ExitDialog';
import { Stage } from './components/Stage';
import { navigation } from './navigation/app-navigation';
import { type Screen, topScreen } from './navigation/navigation-store';
import { screenAfterSessionChange } from './navigation/session-routing';
import { ActivationScreen } from './screens/activation/ActivationScreen';
import {
  DetailsScreen,
  FindServersScreen,
  HomeScreen,
  PlayerScreen,
  SearchScreen,
  SectionScreen,
  ServerAddressScreen,
  ServersScreen,
  SettingsScreen,
  WelcomeScreen,
} from './screens/lazy-screens';

/** The shell: the top screen of the stack on the scaled stage, and the exit dialog over it. */
export function App() {
  const stack = useStore(navigation, (state) => state.stack);
  const top = topScreen({ stack });

  // The session decides between activation and home: signed out → activation, linked → home.
  useEffect(() => {
    const { session } = appServices();
    return session.subscribe((state, previous) => {
      const next = screenAfterSessionChange(
        !!previous.session,
        !!state.session,
        topScreen(navigation.getState()),
      );
      if (next) navigation.getState().reset(next);
    });
  }, []);

  return (
    <Stage>
      {/* Keyed by depth, so pushing a screen of the same kind still mounts a fresh one. */}
      <ScreenView key={`${stack.length}:${top.name}`} screen={top} />
      <ExitDialog />
    </Stage>
  );
}

function ScreenView({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'welcome':
      return <WelcomeScreen />;
    case 'find-servers':
      return <FindServersScreen screen={screen} />;
    case 'server-address':
      return <ServerAddressScreen screen={screen} />;
    case 'settings':
      return <SettingsScreen />;
    case 'servers':
      return <ServersScreen screen={screen} />;
    case 'activation':
      return <ActivationScreen />;
    case 'home':
      return <HomeScreen screen={screen} />;
    case 'section':
      return <SectionScreen screen={screen} />;
    case 'details':
      return <DetailsScreen screen={screen} />;
    case 'search':
      return <SearchScreen screen={screen} />;
    case 'player':
      return <PlayerScreen screen={screen} />;
  }
}

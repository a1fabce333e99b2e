import { LoadingScreen } from '../components/LoadingScreen';
import type { Screen } from '../navigation/navigation-store';
import { FindServersScreen, ServerAddressScreen } from './first-run-screens';
import { lazyScreen } from './lazy-screen';
import {
  DetailsScreen,
  PlayerScreen,
  SearchScreen,
  SectionScreen,
  ServersScreen,
  SettingsScreen,
} from './library-screens';
import '../styles/later.css';

// Every screen but the code screen, in a chunk of its own (lazy-screens.ts loads it): a TV that is not linked
// yet needs none of them for its first screen. Home and welcome load on demand from here too; the screens
// opened from home are defined in library-screens.ts (home prefetches them from there), the home-server
// screens in first-run-screens.ts (the welcome screen prefetches them).

const home = lazyScreen(() => import('./home/HomeScreen').then((module) => module.HomeScreen), LoadingScreen);

/** Fetches home's code while the code screen waits, so linking opens home without a pause. */
export const prefetchHomeScreen = home.prefetch;

const welcome = lazyScreen(
  () => import('./first-run/WelcomeScreen').then((module) => module.WelcomeScreen),
  LoadingScreen,
);

/** The screen on top of the stack, any but activation (App.tsx shows that one itself). */
export function LaterScreen({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'welcome':
      return <welcome.Screen />;
    case 'find-servers':
      return <FindServersScreen screen={screen} />;
    case 'server-address':
      return <ServerAddressScreen screen={screen} />;
    case 'settings':
      return <SettingsScreen />;
    case 'servers':
      return <ServersScreen screen={screen} />;
    case 'home':
      return <home.Screen screen={screen} />;
    case 'section':
      return <SectionScreen screen={screen} />;
    case 'details':
      return <DetailsScreen screen={screen} />;
    case 'search':
      return <SearchScreen screen={screen} />;
    case 'player':
      return <PlayerScreen screen={screen} />;
    case 'activation':
      return null;
  }
}

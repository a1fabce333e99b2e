import { LoadingScreen } from '../components/LoadingScreen';
import { lazyScreen } from './lazy-screen';

// Only the code screen is in the initial bundle; home, and every screen after it, loads on demand, and so
// does the welcome screen (first run only: a TV told its server by the package or the link opens on the code).
// The screens opened from home are defined in library-screens.ts (home prefetches them from there), the
// home-server screens in first-run-screens.ts (the welcome screen prefetches them).

const home = lazyScreen(() => import('./home/HomeScreen').then((module) => module.HomeScreen), LoadingScreen);

export const HomeScreen = home.Screen;

/** Fetches home's code while the code screen waits, so linking opens home without a pause. */
export const prefetchHomeScreen = home.prefetch;

const welcome = lazyScreen(
  () => import('./first-run/WelcomeScreen').then((module) => module.WelcomeScreen),
  LoadingScreen,
);

export const WelcomeScreen = welcome.Screen;

/** Shown instead of the app when its start-up settings are unusable (main.tsx): rare, so loaded when needed. */
export const StartupErrorScreen = lazyScreen(
  () => import('../components/StartupErrorScreen').then((module) => module.StartupErrorScreen),
  LoadingScreen,
).Screen;

export { FindServersScreen, ServerAddressScreen } from './first-run-screens';
export {
  DetailsScreen,
  PlayerScreen,
  SearchScreen,
  SectionScreen,
  ServersScreen,
  SettingsScreen,
} from './library-screens';

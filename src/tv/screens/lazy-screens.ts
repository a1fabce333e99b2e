import { LoadingScreen } from '../components/LoadingScreen';
import { lazyScreen } from './lazy-screen';

// Only the code screen is in the initial bundle; home, and every screen after it, loads on demand.
// The screens opened from home are defined in library-screens.ts (home prefetches them from there).

const home = lazyScreen(() => import('./home/HomeScreen').then((module) => module.HomeScreen), LoadingScreen);

export const HomeScreen = home.Screen;

/** Fetches home's code while the code screen waits, so linking opens home without a pause. */
export const prefetchHomeScreen = home.prefetch;

const findServers = lazyScreen(
  () => import('./first-run/FindServersScreen').then((module) => module.FindServersScreen),
  LoadingScreen,
);
const serverAddress = lazyScreen(
  () => import('./first-run/ServerAddressScreen').then((module) => module.ServerAddressScreen),
  LoadingScreen,
);

export const FindServersScreen = findServers.Screen;
export const ServerAddressScreen = serverAddress.Screen;

/** The home-server screens, fetched while the welcome screen waits for a choice. */
export function prefetchFirstRunScreens(): void {
  findServers.prefetch();
  serverAddress.prefetch();
}

export {
  DetailsScreen,
  PlayerScreen,
  SearchScreen,
  SectionScreen,
  ServersScreen,
  SettingsScreen,
} from './library-screens';

import { LoadingScreen } from '../components/LoadingScreen';
import { lazyScreen } from './lazy-screen';

// The home-server screens of the first run, each loaded on demand. Apart from lazy-screens.ts because the
// welcome screen prefetches them: the welcome screen importing the file that loads it would be an import cycle.

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

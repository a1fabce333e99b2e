import { LoadingScreen } from '../components/LoadingScreen';
import { lazyScreen } from './lazy-screen';

// Only the code screen is in the initial bundle; home, and every screen after it, loads on demand.

const home = lazyScreen(() => import('./home/HomeScreen').then((module) => module.HomeScreen), LoadingScreen);

export const HomeScreen = home.Screen;

/** Fetches home's code while the code screen waits, so linking opens home without a pause. */
export const prefetchHomeScreen = home.prefetch;

const section = lazyScreen(
  () => import('./section/SectionScreen').then((module) => module.SectionScreen),
  LoadingScreen,
);
const details = lazyScreen(
  () => import('./details/DetailsScreen').then((module) => module.DetailsScreen),
  LoadingScreen,
);
const search = lazyScreen(
  () => import('./search/SearchScreen').then((module) => module.SearchScreen),
  LoadingScreen,
);

const player = lazyScreen(
  () => import('./player/PlayerScreen').then((module) => module.PlayerScreen),
  LoadingScreen,
);

const findServers = lazyScreen(
  () => import('./first-run/FindServersScreen').then((module) => module.FindServersScreen),
  LoadingScreen,
);
const serverAddress = lazyScreen(
  () => import('./first-run/ServerAddressScreen').then((module) => module.ServerAddressScreen),
  LoadingScreen,
);
const settings = lazyScreen(
  () => import('./settings/SettingsScreen').then((module) => module.SettingsScreen),
  LoadingScreen,
);
const servers = lazyScreen(
  () => import('./servers/ServersScreen').then((module) => module.ServersScreen),
  LoadingScreen,
);

export const FindServersScreen = findServers.Screen;
export const ServerAddressScreen = serverAddress.Screen;
export const SettingsScreen = settings.Screen;
export const ServersScreen = servers.Screen;

/** The home-server screens, fetched while the welcome screen waits for a choice. */
export function prefetchFirstRunScreens(): void {
  findServers.prefetch();
  serverAddress.prefetch();
}

export const SectionScreen = section.Screen;
export const PlayerScreen = player.Screen;
export const DetailsScreen = details.Screen;
export const SearchScreen = search.Screen;

/** Library screens, fetched once home is up, so opening a title or a section does not wait for code. */
export function prefetchLibraryScreens(): void {
  section.prefetch();
  details.prefetch();
  search.prefetch();
  player.prefetch();
  settings.prefetch();
  servers.prefetch();
}

import { LoadingScreen } from '../components/LoadingScreen';
import { lazyScreen } from './lazy-screen';

// The screens opened from home, each loaded on demand. Apart from lazy-screens.ts because home itself
// prefetches them: home importing the file that loads home would be an import cycle.

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
const settings = lazyScreen(
  () => import('./settings/SettingsScreen').then((module) => module.SettingsScreen),
  LoadingScreen,
);
const servers = lazyScreen(
  () => import('./servers/ServersScreen').then((module) => module.ServersScreen),
  LoadingScreen,
);

export const SectionScreen = section.Screen;
export const PlayerScreen = player.Screen;
export const DetailsScreen = details.Screen;
export const SearchScreen = search.Screen;
export const SettingsScreen = settings.Screen;
export const ServersScreen = servers.Screen;

/** Library screens, fetched once home is up, so opening a title or a section does not wait for code. */
export function prefetchLibraryScreens(): void {
  section.prefetch();
  details.prefetch();
  search.prefetch();
  player.prefetch();
  settings.prefetch();
  servers.prefetch();
}

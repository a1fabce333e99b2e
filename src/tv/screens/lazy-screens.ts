import { LoadingScreen } from '../components/LoadingScreen';
import { lazyScreen } from './lazy-screen';

// Only the code screen is in the initial bundle. Every other screen, and the code that chooses among them, is
// in later-screens.tsx, loaded on demand: home (prefetched while the code screen waits), the welcome screen
// (first run only: a TV told its server by the package or the link opens on the code) and all after them.

const loadLaterScreens = () => import('./later-screens');

const later = lazyScreen(() => loadLaterScreens().then((module) => module.LaterScreen), LoadingScreen);

/** Any screen but the code screen (App.tsx shows that one itself). */
export const LaterScreen = later.Screen;

/** Fetches home's code while the code screen waits, so linking opens home without a pause. */
export function prefetchHomeScreen(): void {
  later.prefetch();
  loadLaterScreens().then(
    (module) => module.prefetchHomeScreen(),
    () => undefined, // opening home tries again
  );
}

/** Shown instead of the app when its start-up settings are unusable (main.tsx): rare, so loaded when needed. */
export const StartupErrorScreen = lazyScreen(
  () => import('../components/StartupErrorScreen').then((module) => module.StartupErrorScreen),
  LoadingScreen,
).Screen;

const exitDialog = lazyScreen(
  () => import('./exit-dialog').then((module) => module.ExitDialog),
  () => null,
);

/** "Exit Marquee?": only after Back on the root screen, so its code loads when first opened (App.tsx). */
export const ExitDialog = exitDialog.Screen;

export const prefetchExitDialog = exitDialog.prefetch;

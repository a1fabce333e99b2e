import { LoadingScreen } from '../components/LoadingScreen';
import { lazyScreen } from './lazy-screen';

// Only the code screen is in the initial bundle; home, and every screen after it, loads on demand.

const home = lazyScreen(() => import('./home/HomeScreen').then((module) => module.HomeScreen), LoadingScreen);

export const HomeScreen = home.Screen;

/** Fetches home's code while the code screen waits, so linking opens home without a pause. */
export const prefetchHomeScreen = home.prefetch;

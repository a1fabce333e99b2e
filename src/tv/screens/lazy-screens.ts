import { lazy } from 'react';

// Only the code screen is in the initial bundle; home, and every screen after it, loads on demand.

const loadHomeScreen = () => import('./home/HomeScreen').then((module) => ({ default: module.HomeScreen }));

export const HomeScreen = lazy(loadHomeScreen);

/** Fetches home's code while the code screen waits, so linking opens home without a pause. */
export function prefetchHomeScreen(): void {
  loadHomeScreen().catch(() => undefined); // a failed prefetch is retried by the lazy load itself
}

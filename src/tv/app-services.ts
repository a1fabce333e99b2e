import type { Clock } from './clock';
import type { Platform } from './platform/platform';
import type { SessionStore } from './stores/session-store';

// The app's long-lived services, created once in main.tsx and reachable from stores and screens.

export interface AppServices {
  platform: Platform;
  session: SessionStore;
  clock: Clock;
}

let current: AppServices | null = null;

export function setAppServices(services: AppServices): void {
  current = services;
}

export function appServices(): AppServices {
  if (!current) throw new Error('App services are not set up yet (main.tsx sets them before rendering)');
  return current;
}

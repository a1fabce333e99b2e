import type { AccountServiceSource } from './account-service';
import type { Clock } from './clock';
import type { Platform } from './platform/platform';
import type { SessionStore } from './stores/session-store';

// The app's long-lived services, created once in main.tsx and reachable from stores and screens.

/** Settings read once at start (URL, build), see account-service.ts. */
export interface AppSettings {
  /** Where "Sign in with Plex" links: https://plex.tv unless ?plextv= or the build says otherwise. */
  plexTvUrl: string;
  /** The port the LAN scan asks on (32400 unless ?scanport= or the build says otherwise). */
  scanPort: number;
  /** Where the account service came from at start; null on a first run. */
  serviceSource: AccountServiceSource | null;
  /** The http(s) origin that served the app (a home server worth listing in a browser), or null. */
  pageOrigin: string | null;
}

export interface AppServices {
  platform: Platform;
  session: SessionStore;
  clock: Clock;
  settings: AppSettings;
}

let current: AppServices | null = null;

export function setAppServices(services: AppServices): void {
  current = services;
}

export function appServices(): AppServices {
  if (!current) throw new Error('App services are not set up yet (main.tsx sets them before rendering)');
  return current;
}

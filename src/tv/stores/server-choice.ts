import type { KeyValueStorage } from '../platform/platform';

// The server the viewer chose on the welcome screen (or in Settings), kept across restarts.

export type ServerChoice =
  /** Sign in with Plex: the account service is plex.tv (or the ?plextv= service). */
  | { kind: 'plex'; url: string }
  /** A Marquee home server: it is its own account service. */
  | { kind: 'home'; url: string; name: string };

const CHOICE_KEY = 'marquee.serverChoice';

export function readServerChoice(storage: KeyValueStorage): ServerChoice | null {
  const raw = storage.get(CHOICE_KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<ServerChoice>;
    if (typeof value.url !== 'string' || !value.url) return null;
    if (value.kind === 'plex') return { kind: 'plex', url: value.url };
    if (value.kind === 'home') {
      const name = typeof value.name === 'string' ? value.name : '';
      return { kind: 'home', url: value.url, name };
    }
    return null;
  } catch {
    return null; // a damaged entry is a first run, not a crash
  }
}

export function rememberServerChoice(storage: KeyValueStorage, choice: ServerChoice): void {
  storage.set(CHOICE_KEY, JSON.stringify(choice));
}

import { useState } from 'react';
import type { Screen } from '../navigation/navigation-store';

// Stores that live as long as their screen's entry on the stack, not as long as its React tree: a
// screen covered by another (section under details) unmounts, and on Back it mounts again with its
// loaded pages and rows, so the remembered card is there to be focused at once. Popped entries are
// garbage, and their stores with them (WeakMap).

const stores = new WeakMap<Screen, Map<string, unknown>>();

export function screenScoped<T>(screen: Screen, name: string, create: () => T): T {
  let forScreen = stores.get(screen);
  if (!forScreen) {
    forScreen = new Map();
    stores.set(screen, forScreen);
  }
  if (!forScreen.has(name)) forScreen.set(name, create());
  return forScreen.get(name) as T;
}

/** The screen entry's store named `name`, created on first use. */
export function useScreenStore<T>(screen: Screen, name: string, create: () => T): T {
  const [store] = useState(() => screenScoped(screen, name, create));
  return store;
}

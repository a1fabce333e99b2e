import type { Screen } from './navigation-store';

// Which screen the session decides: linked TVs start at home, unlinked ones at activation, and a TV that
// knows no server yet at the welcome screen.

export function initialScreen(linked: boolean, hasServer = true): Screen {
  if (!hasServer) return { name: 'welcome' };
  return linked ? { name: 'home' } : { name: 'activation' };
}

/**
 * The screen to reset the stack to when the session changes, or null to stay put.
 * Signed out (token gone, e.g. a 401) → activation from anywhere; linked while on activation → home.
 */
export function screenAfterSessionChange(wasLinked: boolean, isLinked: boolean, top: Screen): Screen | null {
  if (wasLinked && !isLinked) return { name: 'activation' };
  if (!wasLinked && isLinked && top.name === 'activation') return { name: 'home' };
  return null;
}

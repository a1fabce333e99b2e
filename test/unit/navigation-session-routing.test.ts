import { describe, expect, it } from 'vitest';
import { initialScreen, screenAfterSessionChange } from '../../src/tv/navigation/session-routing';

describe('session routing', () => {
  it('starts at home when linked, else at activation', () => {
    expect(initialScreen(true)).toEqual({ name: 'home' });
    expect(initialScreen(false)).toEqual({ name: 'activation' });
  });

  it('signing out returns to activation from anywhere', () => {
    expect(screenAfterSessionChange(true, false, { name: 'home' })).toEqual({ name: 'activation' });
  });

  it('linking while on activation goes home; other changes stay put', () => {
    expect(screenAfterSessionChange(false, true, { name: 'activation' })).toEqual({ name: 'home' });
    expect(screenAfterSessionChange(true, true, { name: 'home' })).toBeNull();
    expect(screenAfterSessionChange(false, false, { name: 'activation' })).toBeNull();
  });
});

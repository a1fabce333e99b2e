import { describe, expect, it } from 'vitest';
import { createNavigationStore, topScreen } from '../../src/tv/navigation/navigation-store';
import { fakeFocus } from './navigation-fakes';

describe('navigation store', () => {
  it('starts with the initial screen and pushes, replaces and resets', () => {
    const { api } = fakeFocus();
    const nav = createNavigationStore(api, { name: 'home' });
    expect(nav.getState().stack).toEqual([{ name: 'home' }]);

    nav.getState().push({ name: 'activation' });
    expect(topScreen(nav.getState())).toEqual({ name: 'activation' });
    expect(nav.getState().stack).toHaveLength(2);

    nav.getState().replace({ name: 'home' });
    expect(nav.getState().stack).toEqual([{ name: 'home' }, { name: 'home' }]);

    nav.getState().reset({ name: 'activation' });
    expect(nav.getState().stack).toEqual([{ name: 'activation' }]);
  });

  it('back pops, and returns false at the root without changing the stack', () => {
    const { api } = fakeFocus();
    const nav = createNavigationStore(api, { name: 'home' });
    nav.getState().push({ name: 'activation' });
    expect(nav.getState().back()).toBe(true);
    expect(nav.getState().stack).toEqual([{ name: 'home' }]);
    expect(nav.getState().back()).toBe(false);
    expect(nav.getState().stack).toEqual([{ name: 'home' }]);
  });

  it('restores the covered screen’s focus when it re-mounts after Back', () => {
    const { api, state } = fakeFocus(['home-refresh', 'home-sign-out'], 'home-sign-out');
    const nav = createNavigationStore(api, { name: 'home' });

    nav.getState().push({ name: 'activation' });
    state.current = 'activation-refresh'; // the new screen took focus
    nav.getState().screenMounted('activation-refresh');

    nav.getState().back();
    nav.getState().screenMounted('home-refresh'); // home re-mounts with its own initial key
    expect(state.current).toBe('home-sign-out');
    expect(nav.getState().pendingFocus).toBeNull();
  });

  it('falls back to the screen’s initial focus when the remembered key is gone', () => {
    const { api, state } = fakeFocus(['home-refresh'], 'server-42');
    const nav = createNavigationStore(api, { name: 'home' });
    nav.getState().push({ name: 'activation' });
    nav.getState().back();
    nav.getState().screenMounted('home-refresh');
    expect(state.current).toBe('home-refresh');
  });

  it('uses the initial focus on a fresh mount, and each level keeps its own memory', () => {
    const { api, state } = fakeFocus(['a', 'b', 'c'], 'a');
    const nav = createNavigationStore(api, { name: 'home' });
    nav.getState().screenMounted('a');
    expect(state.focused).toEqual(['a']);

    nav.getState().push({ name: 'activation' }); // remembers 'a' for level 0
    state.current = 'b';
    nav.getState().push({ name: 'home' }); // remembers 'b' for level 1
    state.current = 'c';

    nav.getState().back();
    nav.getState().screenMounted('x');
    expect(state.current).toBe('b');
    nav.getState().back();
    nav.getState().screenMounted('x');
    expect(state.current).toBe('a');
  });

  it('forgets focus memory on reset and replace', () => {
    const { api, state } = fakeFocus(['home-sign-out', 'home-refresh'], 'home-sign-out');
    const nav = createNavigationStore(api, { name: 'home' });
    nav.getState().push({ name: 'activation' });
    nav.getState().reset({ name: 'home' });
    nav.getState().screenMounted('home-refresh');
    expect(state.current).toBe('home-refresh');
  });
});

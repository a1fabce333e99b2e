import type { FocusApi } from '../../src/tv/navigation/focus-api';

/** Norigin's focus calls, faked: a set of mounted keys and the current key, recording every setFocus. */
export function fakeFocus(mounted: string[] = [], current = '') {
  const state = { current, mounted: new Set(mounted), focused: [] as string[] };
  const api: FocusApi = {
    getCurrentFocusKey: () => state.current,
    setFocus: (key) => {
      state.focused.push(key);
      state.current = key;
    },
    doesFocusableExist: (key) => state.mounted.has(key),
  };
  return { api, state };
}

// The three Norigin calls the app's stores need, behind an interface so tests can inject fakes (no DOM).

export interface FocusApi {
  getCurrentFocusKey(): string;
  /** Async in Norigin core 4; callers don't need to wait for it. */
  setFocus(focusKey: string): void | Promise<void>;
  doesFocusableExist(focusKey: string): boolean;
}

/** Focuses `key` when it is still mounted, else `fallback`; returns the key it focused. */
export function restoreFocus(focus: FocusApi, key: string | null, fallback: string | null): string | null {
  const target = key && focus.doesFocusableExist(key) ? key : fallback;
  if (target) void focus.setFocus(target);
  return target;
}

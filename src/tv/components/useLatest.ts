import { useRef } from 'react';

/**
 * The latest render's `value` in a ref, for callbacks and listeners made once (useCallback with no deps, a
 * card layer's key handler) that must still call the newest props. Reading it renders nothing.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}

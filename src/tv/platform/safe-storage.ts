import type { StorageLike } from './env';
import type { KeyValueStorage } from './platform';

// localStorage that never throws. Reading `window.localStorage` itself throws when storage is disabled,
// and setItem throws in some private modes and when the quota is full. A failed write is kept in memory
// (the overlay) so the app still reads back what it wrote for the rest of the session.

export function createSafeStorage(source: { localStorage?: StorageLike | null }): KeyValueStorage {
  let store: StorageLike | null = null;
  try {
    store = source.localStorage || null;
  } catch {
    store = null;
  }
  // Keys whose last write did not reach `store`: the value to read instead, or null for "removed".
  const overlay = new Map<string, string | null>();

  return {
    get(key) {
      if (overlay.has(key)) return overlay.get(key) as string | null;
      if (!store) return null;
      try {
        return store.getItem(key);
      } catch {
        return null;
      }
    },
    set(key, value) {
      if (store) {
        try {
          store.setItem(key, value);
          overlay.delete(key);
          return;
        } catch {
          // fall through to memory
        }
      }
      overlay.set(key, value);
    },
    remove(key) {
      if (store) {
        try {
          store.removeItem(key);
          overlay.delete(key);
          return;
        } catch {
          // fall through to memory
        }
      }
      overlay.set(key, null);
    },
  };
}

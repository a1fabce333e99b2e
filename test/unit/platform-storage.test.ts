import { describe, expect, it } from 'vitest';
import type { StorageLike } from '../../src/tv/platform/env';
import { createSafeStorage } from '../../src/tv/platform/safe-storage';

class MapStorage implements StorageLike {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.has(key) ? (this.data.get(key) as string) : null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

describe('createSafeStorage', () => {
  it('reads and writes through localStorage when it works', () => {
    const local = new MapStorage();
    local.setItem('kept', 'from before');
    const storage = createSafeStorage({ localStorage: local });
    expect(storage.get('kept')).toBe('from before');
    storage.set('a', '1');
    expect(local.getItem('a')).toBe('1');
    expect(storage.get('a')).toBe('1');
    storage.remove('a');
    expect(local.getItem('a')).toBeNull();
    expect(storage.get('a')).toBeNull();
    expect(storage.get('missing')).toBeNull();
  });

  it('keeps everything in memory when reading window.localStorage throws (storage disabled)', () => {
    const source = {
      get localStorage(): StorageLike {
        throw new Error('SecurityError: access denied');
      },
    };
    const storage = createSafeStorage(source);
    expect(storage.get('a')).toBeNull();
    storage.set('a', '1');
    expect(storage.get('a')).toBe('1');
    storage.remove('a');
    expect(storage.get('a')).toBeNull();
  });

  it('keeps everything in memory when there is no localStorage', () => {
    const storage = createSafeStorage({});
    storage.set('a', '1');
    expect(storage.get('a')).toBe('1');
  });

  it('keeps a write that hits the quota (or private mode) in memory, and reads it back', () => {
    const local = new MapStorage();
    local.setItem('a', 'old');
    let full = true;
    local.setItem = (key, value) => {
      if (full) throw new Error('QuotaExceededError');
      local.data.set(key, value);
    };
    const storage = createSafeStorage({ localStorage: local });
    storage.set('a', 'new');
    expect(storage.get('a')).toBe('new');
    expect(local.getItem('a')).toBe('old');

    // Once writes work again, the real store takes over.
    full = false;
    storage.set('a', 'newer');
    expect(local.getItem('a')).toBe('newer');
    expect(storage.get('a')).toBe('newer');
  });

  it('survives getItem and removeItem throwing', () => {
    const local = new MapStorage();
    local.getItem = () => {
      throw new Error('broken');
    };
    local.removeItem = () => {
      throw new Error('broken');
    };
    const storage = createSafeStorage({ localStorage: local });
    expect(storage.get('a')).toBeNull();
    storage.set('a', '1');
    storage.remove('a');
    // The failed remove is remembered: the key reads as gone.
    expect(storage.get('a')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { createBrowserPlatform } from '../../src/tv/platform/browser';
import type { DocumentLike, PlatformEnv, StorageLike, TizenInputDevice } from '../../src/tv/platform/env';
import { loadPlatform } from '../../src/tv/platform/index';
import { createTizenPlatform, TIZEN_MEDIA_KEYS } from '../../src/tv/platform/tizen';
import { createWebOSPlatform } from '../../src/tv/platform/webos';

// Fakes stand in only for what a real TV (or a real browser) provides: window globals.

// User agents: Samsung "Retrieving Platform Information" table; LG web-engine page (webOS 4) and
// shaka-player test/device/webos_unit.js (webOS 5, 6, citing LG's page); MDN User-Agent examples.
const TIZEN_6_5 =
  'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko) 85.0.4183.93/6.5 TV Safari/537.36';
const WEBOS_4 =
  'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.34 Safari/537.36 WebAppManager';
const WEBOS_5 =
  'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/68.0.3440.106 Safari/537.36 WebAppManager';
const WEBOS_6 =
  'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager';
const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.103 Safari/537.36';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:47.0) Gecko/20100101 Firefox/47.0';

class FakeDocument implements DocumentLike {
  listeners: { type: string; listener: () => void }[] = [];
  constructor(fields: { hidden?: boolean; webkitHidden?: boolean }) {
    Object.assign(this, fields);
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners.push({ type, listener });
  }
  removeEventListener(type: string, listener: () => void) {
    this.listeners = this.listeners.filter((l) => !(l.type === type && l.listener === listener));
  }
  fire(type: string) {
    for (const l of this.listeners.slice()) if (l.type === type) l.listener();
  }
}

class FakeStorage implements StorageLike {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.has(key) ? (this.data.get(key) as string) : null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, String(value));
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

function env(userAgent: string, extra: Partial<PlatformEnv> = {}): PlatformEnv {
  return {
    navigator: { userAgent },
    document: new FakeDocument({ hidden: false }),
    localStorage: new FakeStorage(),
    ...extra,
  };
}

/** A tizen.tvinputdevice that knows `supported` key names and records every call. */
function fakeInputDevice(
  supported: string[],
  options: {
    batch?: boolean;
    batchThrows?: boolean;
    batchErrorCallback?: boolean;
    /** Keep the batch's error callback for the test to call later, as a real set may. */
    batchErrorLater?: boolean;
    supportedList?: boolean;
  } = {},
) {
  const registered = new Set<string>();
  const calls: string[] = [];
  let pendingError: (() => void) | null = null;
  const device: TizenInputDevice = {
    registerKey(name) {
      calls.push(`registerKey ${name}`);
      if (supported.indexOf(name) < 0) throw new Error(`InvalidValuesError: ${name}`);
      registered.add(name);
    },
    unregisterKey(name) {
      calls.push(`unregisterKey ${name}`);
      if (!registered.has(name)) throw new Error(`InvalidValuesError: ${name}`);
      registered.delete(name);
    },
  };
  if (options.supportedList !== false) {
    device.getSupportedKeys = () => supported.map((name, i) => ({ name, code: 10000 + i }));
  }
  if (options.batch) {
    device.registerKeyBatch = (names, _onSuccess, onError) => {
      calls.push(`registerKeyBatch ${names.join(',')}`);
      if (options.batchThrows) throw new Error('batch not allowed');
      if (options.batchErrorCallback) {
        onError?.(new Error('InvalidValuesError'));
        return;
      }
      if (options.batchErrorLater) {
        pendingError = () => onError?.(new Error('InvalidValuesError'));
        return;
      }
      for (const name of names) registered.add(name);
    };
    device.unregisterKeyBatch = (names) => {
      calls.push(`unregisterKeyBatch ${names.join(',')}`);
      for (const name of names) registered.delete(name);
    };
  }
  return { device, registered, calls, failBatchNow: () => pendingError?.() };
}

describe('createTizenPlatform', () => {
  it('names the platform and its version from the UA, and asks before exiting', () => {
    const platform = createTizenPlatform(env(TIZEN_6_5));
    expect(platform.name).toBe('tizen');
    expect(platform.version).toBe('6.5');
    expect(platform.confirmsExit).toBe(true);
  });

  it('exits through tizen.application.getCurrentApplication().exit()', () => {
    let exits = 0;
    const tizen = { application: { getCurrentApplication: () => ({ exit: () => void exits++ }) } };
    createTizenPlatform(env(TIZEN_6_5, { tizen })).exit();
    expect(exits).toBe(1);
  });

  it('exit without the tizen global does nothing rather than throw', () => {
    expect(() => createTizenPlatform(env(TIZEN_6_5)).exit()).not.toThrow();
  });

  it('registers the media keys (with Caption and MTS) in one batch when registerKeyBatch exists', () => {
    const fake = fakeInputDevice(TIZEN_MEDIA_KEYS, { batch: true });
    const platform = createTizenPlatform(env(TIZEN_6_5, { tizen: { tvinputdevice: fake.device } }));
    platform.registerMediaKeys();
    expect(fake.calls).toEqual([`registerKeyBatch ${TIZEN_MEDIA_KEYS.join(',')}`]);
    expect([...fake.registered].sort()).toEqual([...TIZEN_MEDIA_KEYS].sort());
    platform.unregisterMediaKeys();
    expect(fake.calls[1]).toBe(`unregisterKeyBatch ${TIZEN_MEDIA_KEYS.join(',')}`);
    expect(fake.registered.size).toBe(0);
  });

  it('registers the subtitle (Caption) and audio-track (MTS) keys where the set has them', () => {
    expect(TIZEN_MEDIA_KEYS).toEqual(expect.arrayContaining(['Caption', 'MTS']));
    const fake = fakeInputDevice(['MediaPlayPause', 'Caption', 'MTS'], { batch: true });
    const platform = createTizenPlatform(env(TIZEN_6_5, { tizen: { tvinputdevice: fake.device } }));
    platform.registerMediaKeys();
    expect(fake.calls).toEqual(['registerKeyBatch MediaPlayPause,Caption,MTS']);
  });

  it('registers only the keys getSupportedKeys lists', () => {
    const fake = fakeInputDevice(['MediaPlayPause', 'MediaRewind', 'MediaFastForward'], { batch: true });
    const platform = createTizenPlatform(env(TIZEN_6_5, { tizen: { tvinputdevice: fake.device } }));
    platform.registerMediaKeys();
    expect(fake.calls).toEqual(['registerKeyBatch MediaPlayPause,MediaRewind,MediaFastForward']);
  });

  it('without registerKeyBatch registers one by one, skipping names the set rejects', () => {
    const fake = fakeInputDevice(['MediaPlayPause', 'MediaPlay', 'MediaPause'], { supportedList: false });
    const platform = createTizenPlatform(env(TIZEN_6_5, { tizen: { tvinputdevice: fake.device } }));
    expect(() => platform.registerMediaKeys()).not.toThrow();
    expect(fake.calls).toEqual(TIZEN_MEDIA_KEYS.map((name) => `registerKey ${name}`));
    expect([...fake.registered].sort()).toEqual(['MediaPause', 'MediaPlay', 'MediaPlayPause']);

    platform.unregisterMediaKeys();
    // Only what was registered is unregistered.
    expect(fake.calls.slice(TIZEN_MEDIA_KEYS.length)).toEqual([
      'unregisterKey MediaPlayPause',
      'unregisterKey MediaPlay',
      'unregisterKey MediaPause',
    ]);
    expect(fake.registered.size).toBe(0);
  });

  it('falls back to one by one when the batch throws', () => {
    const fake = fakeInputDevice(['MediaPlayPause', 'MediaStop'], {
      batch: true,
      batchThrows: true,
      supportedList: false,
    });
    const platform = createTizenPlatform(env(TIZEN_6_5, { tizen: { tvinputdevice: fake.device } }));
    platform.registerMediaKeys();
    expect(fake.calls[0]).toBe(`registerKeyBatch ${TIZEN_MEDIA_KEYS.join(',')}`);
    expect([...fake.registered].sort()).toEqual(['MediaPlayPause', 'MediaStop']);
  });

  it('falls back to one by one when the batch reports an error through its callback', () => {
    const fake = fakeInputDevice(['MediaPlay', 'MediaPause'], {
      batch: true,
      batchErrorCallback: true,
      supportedList: false,
    });
    const platform = createTizenPlatform(env(TIZEN_6_5, { tizen: { tvinputdevice: fake.device } }));
    platform.registerMediaKeys();
    expect([...fake.registered].sort()).toEqual(['MediaPause', 'MediaPlay']);
  });

  it('falls back to one by one when the batch error callback comes later', () => {
    const fake = fakeInputDevice(['MediaPlayPause', 'MediaFastForward'], {
      batch: true,
      batchErrorLater: true,
      supportedList: false,
    });
    const platform = createTizenPlatform(env(TIZEN_6_5, { tizen: { tvinputdevice: fake.device } }));
    platform.registerMediaKeys();
    expect(fake.registered.size).toBe(0);
    fake.failBatchNow();
    expect([...fake.registered].sort()).toEqual(['MediaFastForward', 'MediaPlayPause']);
    platform.unregisterMediaKeys();
    expect(fake.registered.size).toBe(0);
  });

  it('registering twice does not register again; unregistering twice is harmless', () => {
    const fake = fakeInputDevice(TIZEN_MEDIA_KEYS);
    const platform = createTizenPlatform(env(TIZEN_6_5, { tizen: { tvinputdevice: fake.device } }));
    platform.registerMediaKeys();
    platform.registerMediaKeys();
    expect(fake.calls.length).toBe(TIZEN_MEDIA_KEYS.length);
    platform.unregisterMediaKeys();
    platform.unregisterMediaKeys();
    expect(fake.calls.length).toBe(TIZEN_MEDIA_KEYS.length * 2);
  });

  it('media keys without tvinputdevice are a no-op', () => {
    const platform = createTizenPlatform(env(TIZEN_6_5, { tizen: {} }));
    expect(() => platform.registerMediaKeys()).not.toThrow();
    expect(() => platform.unregisterMediaKeys()).not.toThrow();
  });

  it('describes a Samsung TV, the model from webapis.productinfo when present', () => {
    const withModel = createTizenPlatform(
      env(TIZEN_6_5, { webapis: { productinfo: { getModel: () => 'QN55Q80AAFXZA' } } }),
    );
    expect(withModel.deviceInfo()).toEqual({
      product: 'Marquee',
      version: '0.1.0',
      platform: 'Tizen',
      platformVersion: '6.5',
      device: 'Samsung TV',
      model: 'QN55Q80AAFXZA',
      deviceName: 'Samsung TV',
    });
    expect(createTizenPlatform(env(TIZEN_6_5)).deviceInfo().model).toBe('');
    const throwing = createTizenPlatform(
      env(TIZEN_6_5, {
        webapis: {
          productinfo: {
            getModel: () => {
              throw new Error('SecurityError');
            },
          },
        },
      }),
    );
    expect(throwing.deviceInfo().model).toBe('');
  });
});

describe('createWebOSPlatform', () => {
  it('asks before exiting on webOS 6 and later only (LG back-button rule)', () => {
    const four = createWebOSPlatform(env(WEBOS_4));
    const five = createWebOSPlatform(env(WEBOS_5));
    const six = createWebOSPlatform(env(WEBOS_6));
    expect([four.version, five.version, six.version]).toEqual(['4', '5', '6']);
    expect([four.confirmsExit, five.confirmsExit, six.confirmsExit]).toEqual([false, false, true]);
    expect(four.name).toBe('webos');
  });

  it('treats an unknown version as new (asks before exiting)', () => {
    const platform = createWebOSPlatform(env(CHROME_LINUX.replace(/Chrome\/\S+ /, '')));
    expect(platform.version).toBeNull();
    expect(platform.confirmsExit).toBe(true);
  });

  it('exits through webOS.platformBack() when webOSTV.js is loaded', () => {
    const calls: string[] = [];
    const platform = createWebOSPlatform(
      env(WEBOS_6, {
        webOS: { platformBack: () => void calls.push('webOS') },
        PalmSystem: { platformBack: () => void calls.push('PalmSystem') },
      }),
    );
    platform.exit();
    expect(calls).toEqual(['webOS']);
  });

  it('exits through PalmSystem.platformBack() without webOSTV.js, webOSSystem first', () => {
    const calls: string[] = [];
    createWebOSPlatform(
      env(WEBOS_5, { PalmSystem: { platformBack: () => void calls.push('PalmSystem') } }),
    ).exit();
    createWebOSPlatform(
      env(WEBOS_6, {
        webOSSystem: { platformBack: () => void calls.push('webOSSystem') },
        PalmSystem: { platformBack: () => void calls.push('PalmSystem') },
      }),
    ).exit();
    expect(calls).toEqual(['PalmSystem', 'webOSSystem']);
    expect(() => createWebOSPlatform(env(WEBOS_6)).exit()).not.toThrow();
  });

  it('describes an LG TV, the model from PalmSystem.deviceInfo, then webOS.deviceInfo', () => {
    let answer: ((info: { modelName?: string }) => void) | null = null;
    const platform = createWebOSPlatform(
      env(WEBOS_6, {
        PalmSystem: { deviceInfo: JSON.stringify({ modelName: 'OLED55C1', platformVersion: '6.3.0' }) },
        webOS: {
          deviceInfo: (callback) => {
            answer = callback;
          },
        },
      }),
    );
    expect(platform.deviceInfo()).toEqual({
      product: 'Marquee',
      version: '0.1.0',
      platform: 'webOS',
      platformVersion: '6',
      device: 'LG TV',
      model: 'OLED55C1',
      deviceName: 'LG TV',
    });
    expect(answer).not.toBeNull();
    (answer as unknown as (info: { modelName?: string }) => void)({ modelName: 'OLED55C1PUB' });
    expect(platform.deviceInfo().model).toBe('OLED55C1PUB');
  });

  it('has an empty model when nothing says one, or PalmSystem.deviceInfo is not JSON', () => {
    expect(createWebOSPlatform(env(WEBOS_4)).deviceInfo().model).toBe('');
    expect(
      createWebOSPlatform(env(WEBOS_4, { PalmSystem: { deviceInfo: '{oops' } })).deviceInfo().model,
    ).toBe('');
  });
});

describe('createBrowserPlatform', () => {
  it('names the browser, asks before exiting, and exit does nothing', () => {
    const platform = createBrowserPlatform(env(CHROME_LINUX));
    expect(platform.name).toBe('browser');
    expect(platform.version).toBe('51');
    expect(platform.confirmsExit).toBe(true);
    expect(() => platform.exit()).not.toThrow();
    expect(() => platform.registerMediaKeys()).not.toThrow();
    expect(() => platform.unregisterMediaKeys()).not.toThrow();
  });

  it('describes the browser and OS', () => {
    expect(createBrowserPlatform(env(CHROME_LINUX)).deviceInfo()).toEqual({
      product: 'Marquee',
      version: '0.1.0',
      platform: 'Chrome',
      platformVersion: '51',
      device: 'Browser',
      model: '',
      deviceName: 'Chrome on Linux',
    });
    const firefox = createBrowserPlatform(env(FIREFOX_WINDOWS)).deviceInfo();
    expect([firefox.platform, firefox.platformVersion, firefox.deviceName]).toEqual([
      'Firefox',
      '47',
      'Firefox on Windows',
    ]);
  });
});

describe('shared behaviour (every adapter)', () => {
  const makers = [
    ['browser', () => env(CHROME_LINUX), createBrowserPlatform],
    ['tizen', () => env(TIZEN_6_5), createTizenPlatform],
    ['webos', () => env(WEBOS_6), createWebOSPlatform],
  ] as const;

  for (const [label, makeEnv, create] of makers) {
    it(`${label}: the device name can be overridden through storage`, () => {
      const platform = create(makeEnv());
      platform.storage.set('marquee.deviceName', 'Living Room TV');
      expect(platform.deviceInfo().deviceName).toBe('Living Room TV');
      platform.storage.remove('marquee.deviceName');
      expect(platform.deviceInfo().deviceName).not.toBe('Living Room TV');
    });

    it(`${label}: the client identifier is a v4 UUID, generated once and kept in storage`, () => {
      const shared = makeEnv();
      const first = create(shared).clientIdentifier();
      expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect((shared.localStorage as StorageLike).getItem('marquee.clientIdentifier')).toBe(first);
      // A later start (new adapter, same storage) reuses it.
      expect(create(shared).clientIdentifier()).toBe(first);
      // Another install gets another one.
      expect(create(makeEnv()).clientIdentifier()).not.toBe(first);
    });

    it(`${label}: visibility follows document.hidden and visibilitychange`, () => {
      const document = new FakeDocument({ hidden: false });
      const platform = create({ ...makeEnv(), document });
      const seen: boolean[] = [];
      const unsubscribe = platform.onVisibilityChange((visible) => seen.push(visible));
      expect(platform.isVisible()).toBe(true);
      (document as { hidden?: boolean }).hidden = true;
      document.fire('visibilitychange');
      expect(platform.isVisible()).toBe(false);
      (document as { hidden?: boolean }).hidden = false;
      document.fire('visibilitychange');
      unsubscribe();
      document.fire('visibilitychange');
      expect(seen).toEqual([false, true]);
      expect(document.listeners).toEqual([]);
    });
  }

  it('uses webkitvisibilitychange and webkitHidden where there is no unprefixed API (Chromium < 62)', () => {
    const document = new FakeDocument({ webkitHidden: false });
    const platform = createWebOSPlatform({ ...env(WEBOS_4), document });
    const seen: boolean[] = [];
    const unsubscribe = platform.onVisibilityChange((visible) => seen.push(visible));
    expect(document.listeners.map((l) => l.type)).toEqual(['webkitvisibilitychange']);
    (document as { webkitHidden?: boolean }).webkitHidden = true;
    document.fire('webkitvisibilitychange');
    expect(platform.isVisible()).toBe(false);
    document.fire('visibilitychange'); // not listened to
    expect(seen).toEqual([false]);
    unsubscribe();
    expect(document.listeners).toEqual([]);
  });

  it('without any visibility API the app counts as visible and never hears a change', () => {
    const document = new FakeDocument({});
    const platform = createBrowserPlatform({ ...env(CHROME_LINUX), document });
    expect(platform.isVisible()).toBe(true);
    const unsubscribe = platform.onVisibilityChange(() => {
      throw new Error('never');
    });
    expect(document.listeners).toEqual([]);
    unsubscribe();
  });

  it('falls back to Math.random when there is no crypto.getRandomValues', () => {
    const platform = createBrowserPlatform(env(CHROME_LINUX, { crypto: {} }));
    expect(platform.clientIdentifier()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('uses crypto.getRandomValues when present', () => {
    const crypto = {
      getRandomValues(array: Uint8Array) {
        array.fill(0xff);
        return array;
      },
    };
    const platform = createBrowserPlatform(env(CHROME_LINUX, { crypto }));
    expect(platform.clientIdentifier()).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});

describe('loadPlatform', () => {
  it('chooses the adapter by globals, then by UA', async () => {
    const tizen = { application: { getCurrentApplication: () => ({ exit() {} }) } };
    const nameOn = async (win: ReturnType<typeof env>) => (await loadPlatform(win)).name;
    expect(await nameOn(env(CHROME_LINUX, { tizen }))).toBe('tizen');
    expect(await nameOn(env(CHROME_LINUX, { PalmSystem: {} }))).toBe('webos');
    expect(await nameOn(env(CHROME_LINUX, { webOSSystem: {} }))).toBe('webos');
    expect(await nameOn(env(CHROME_LINUX, { webOS: {} }))).toBe('webos');
    expect(await nameOn(env(TIZEN_6_5))).toBe('tizen');
    expect(await nameOn(env(WEBOS_5))).toBe('webos');
    expect(await nameOn(env(CHROME_LINUX))).toBe('browser');
  });
});

describe('the TV’s own address (for the LAN scan)', () => {
  it('Tizen: webapis.network.getIp(); unknown when the API is missing, throws or answers nonsense', async () => {
    const withIp = (getIp: () => string) =>
      createTizenPlatform(env(TIZEN_6_5, { webapis: { network: { getIp } } }));
    expect(await withIp(() => '192.168.1.30').localAddress()).toBe('192.168.1.30');
    expect(await withIp(() => '').localAddress()).toBeNull();
    expect(await withIp(() => 'fe80::1').localAddress()).toBeNull();
    expect(
      await withIp(() => {
        throw new Error('SecurityError: no network.public privilege');
      }).localAddress(),
    ).toBeNull();
    expect(await createTizenPlatform(env(TIZEN_6_5)).localAddress()).toBeNull();
  });

  it('webOS: the connection manager’s getStatus through PalmServiceBridge, wired before Wi-Fi', async () => {
    const asked: string[] = [];
    const bridgeAnswering = (answers: Record<string, unknown>) =>
      class FakeBridge {
        onservicecallback: ((message: string) => void) | null = null;
        call(uri: string, parameters: string) {
          asked.push(`${uri} ${parameters}`);
          const answer = answers[uri];
          setTimeout(() => this.onservicecallback?.(JSON.stringify(answer ?? { returnValue: false })), 0);
        }
      };
    const wifiOnly = {
      returnValue: true,
      wired: { state: 'disconnected' },
      wifi: { state: 'connected', ipAddress: '10.0.0.42' },
    };
    const platform = createWebOSPlatform(
      env(WEBOS_6, {
        PalmServiceBridge: bridgeAnswering({ 'luna://com.palm.connectionmanager/getStatus': wifiOnly }),
      }),
    );
    expect(await platform.localAddress()).toBe('10.0.0.42');
    expect(asked).toEqual(['luna://com.palm.connectionmanager/getStatus {}']);

    // Only the webOS OSE name answers: asked second.
    asked.length = 0;
    const wired = {
      returnValue: true,
      wired: { state: 'connected', ipAddress: '127.0.0.5' },
      wifi: { state: 'connected', ipAddress: '10.0.0.2' },
    };
    const ose = createWebOSPlatform(
      env(WEBOS_6, {
        PalmServiceBridge: bridgeAnswering({ 'luna://com.webos.service.connectionmanager/getStatus': wired }),
      }),
    );
    expect(await ose.localAddress()).toBe('127.0.0.5');
    expect(asked).toHaveLength(2);
  });

  it('webOS: webOSTV.js’s webOS.service.request when the page has it; nothing at all → unknown', async () => {
    const calls: string[] = [];
    const webOS = {
      service: {
        request(uri: string, call: { method: string; onSuccess(answer: Record<string, unknown>): void }) {
          calls.push(`${uri}/${call.method}`);
          call.onSuccess({ returnValue: true, wired: { state: 'connected', ipAddress: '192.168.0.9' } });
        },
      },
    };
    expect(await createWebOSPlatform(env(WEBOS_4, { webOS })).localAddress()).toBe('192.168.0.9');
    expect(calls).toEqual(['luna://com.palm.connectionmanager/getStatus']);
    expect(await createWebOSPlatform(env(WEBOS_4, { PalmSystem: {} })).localAddress()).toBeNull();
  });

  it('a browser cannot tell', async () => {
    expect(await createBrowserPlatform(env(CHROME_LINUX)).localAddress()).toBeNull();
  });
});

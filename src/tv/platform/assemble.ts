import { APP_VERSION } from '../app-version';
import { loadClientIdentifier } from './client-identifier';
import type { PlatformEnv } from './env';
import type { DeviceInfo, KeyValueStorage, Platform, PlatformName } from './platform';
import { createSafeStorage } from './safe-storage';
import { isDocumentVisible, subscribeVisibility } from './visibility';

// What the three adapters share: storage, client identifier, visibility, and the DeviceInfo frame.
// Each adapter supplies only what differs (its name, exit, media keys, how it describes the device).

export const PRODUCT_NAME = 'Marquee';
export const DEVICE_NAME_KEY = 'marquee.deviceName';

/** The platform-specific part of DeviceInfo; product, version and the deviceName override are added here. */
export interface DeviceDescription {
  platform: string;
  platformVersion: string;
  device: string;
  model: string;
  /** Shown on the account's device list unless the user set `marquee.deviceName`. */
  defaultDeviceName: string;
}

export interface PlatformParts {
  name: PlatformName;
  version: string | null;
  confirmsExit: boolean;
  describe(): DeviceDescription;
  exit(): void;
  registerMediaKeys?(): void;
  unregisterMediaKeys?(): void;
  /** The TV's IPv4 address from the platform's network API; absent: unknown. */
  localAddress?(): Promise<string | null>;
}

export function assemblePlatform(env: PlatformEnv, parts: PlatformParts): Platform {
  const storage: KeyValueStorage = createSafeStorage(env);
  let clientId: string | null = null;
  return {
    name: parts.name,
    version: parts.version,
    confirmsExit: parts.confirmsExit,
    storage,
    deviceInfo(): DeviceInfo {
      const description = parts.describe();
      return {
        product: PRODUCT_NAME,
        version: APP_VERSION,
        platform: description.platform,
        platformVersion: description.platformVersion,
        device: description.device,
        model: description.model,
        deviceName: storage.get(DEVICE_NAME_KEY) || description.defaultDeviceName,
      };
    },
    clientIdentifier() {
      if (clientId === null) clientId = loadClientIdentifier(storage, env.crypto);
      return clientId;
    },
    registerMediaKeys() {
      if (parts.registerMediaKeys) parts.registerMediaKeys();
    },
    unregisterMediaKeys() {
      if (parts.unregisterMediaKeys) parts.unregisterMediaKeys();
    },
    exit() {
      parts.exit();
    },
    onVisibilityChange(listener) {
      return subscribeVisibility(env.document, listener);
    },
    isVisible() {
      return isDocumentVisible(env.document);
    },
    localAddress() {
      const ask = parts.localAddress;
      if (!ask) return Promise.resolve(null);
      // A native API that throws or answers nonsense means "unknown", never a crash.
      return new Promise<string | null>((resolve) => resolve(ask())).then(
        (address) => (address && /^\d{1,3}(\.\d{1,3}){3}$/.test(address) ? address : null),
        () => null,
      );
    },
  };
}

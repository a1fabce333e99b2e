// The slice of `window` the platform adapters read. Typed loosely on purpose: the real window fits it, and
// tests pass small fakes for the globals only a real TV has (docs/architecture.md#design-rules: fakes only at
// those edges).

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface DocumentLike {
  hidden?: boolean;
  webkitHidden?: boolean;
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/** tizen.tvinputdevice (Samsung TV Input Device API). */
export interface TizenInputDevice {
  getSupportedKeys?(): { name: string; code: number }[];
  registerKey(keyName: string): void;
  unregisterKey(keyName: string): void;
  registerKeyBatch?(keyNames: string[], onSuccess?: () => void, onError?: (error: unknown) => void): void;
  unregisterKeyBatch?(keyNames: string[], onSuccess?: () => void, onError?: (error: unknown) => void): void;
}

export interface TizenGlobal {
  application?: { getCurrentApplication(): { exit(): void } };
  tvinputdevice?: TizenInputDevice;
}

/** Samsung's webapis.js (only present when the app includes $WEBAPIS/webapis/webapis.js). */
export interface WebApisGlobal {
  productinfo?: { getModel?(): string };
  /** Samsung Product API, Network (privilege http://developer.samsung.com/privilege/network.public). */
  network?: { getIp?(): string };
}

/** webOSTV.js's `webOS` object. */
export interface WebOSGlobal {
  platformBack?(): void;
  deviceInfo?(callback: (info: { modelName?: string }) => void): void;
  service?: { request?(uri: string, call: LunaCall): unknown };
}

/** One Luna service call as webOSTV.js's webOS.service.request takes it. */
export interface LunaCall {
  method: string;
  parameters: Record<string, unknown>;
  onSuccess(answer: Record<string, unknown>): void;
  onFailure(answer: Record<string, unknown>): void;
}

/** webOS's native Luna bridge (what webOSTV.js itself calls): `call(uri, jsonText)`, answers by callback. */
export interface PalmServiceBridgeLike {
  onservicecallback: ((message: string) => void) | null;
  call(uri: string, parameters: string): void;
  cancel?(): void;
}

/** The native PalmSystem / webOSSystem object; deviceInfo is a JSON string there. */
export interface PalmSystemGlobal {
  platformBack?(): void;
  deviceInfo?: string;
}

export interface PlatformEnv {
  navigator: { userAgent: string };
  document: DocumentLike;
  /** Reading it may throw (storage disabled), so adapters read it inside try. */
  localStorage?: StorageLike | null;
  crypto?: { getRandomValues?(array: Uint8Array): unknown };
  tizen?: TizenGlobal;
  webapis?: WebApisGlobal;
  webOS?: WebOSGlobal;
  webOSSystem?: PalmSystemGlobal;
  PalmSystem?: PalmSystemGlobal;
  PalmServiceBridge?: new () => PalmServiceBridgeLike;
}

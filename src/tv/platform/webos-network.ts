import type { PlatformEnv } from './env';

// The LG TV's own IPv4 address, from the connection manager Luna service's getStatus. LG's webOS TV docs
// name the service luna://com.palm.connectionmanager; webOS OSE names it com.webos.service.connectionmanager,
// so that one is asked when the first fails. The answer's `wired` / `wifi` objects carry `state` and
// `ipAddress`; those field names are from LG's docs and not yet checked on a physical TV.

const STATUS_URIS = [
  'luna://com.palm.connectionmanager/getStatus',
  'luna://com.webos.service.connectionmanager/getStatus',
];
const LUNA_TIMEOUT_MS = 3_000;

type LunaAnswer = Record<string, unknown>;

export function webOSLocalAddress(env: PlatformEnv): Promise<string | null> {
  const ask = (index: number): Promise<string | null> => {
    if (index >= STATUS_URIS.length) return Promise.resolve(null);
    return callLuna(env, STATUS_URIS[index]).then((answer) =>
      answer && answer.returnValue !== false ? addressFromStatus(answer) : ask(index + 1),
    );
  };
  return ask(0);
}

/** The connected interface's IPv4 address: wired first (a TV on a cable), then Wi-Fi. */
export function addressFromStatus(answer: LunaAnswer): string | null {
  const interfaces = [answer.wired, answer.wifi];
  for (let i = 0; i < interfaces.length; i++) {
    const network = interfaces[i] as { state?: unknown; ipAddress?: unknown } | undefined;
    if (network && network.state === 'connected' && typeof network.ipAddress === 'string') {
      return network.ipAddress;
    }
  }
  return null;
}

/** One getStatus call through webOSTV.js when the page has it, else the native PalmServiceBridge. */
function callLuna(env: PlatformEnv, uri: string): Promise<LunaAnswer | null> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: LunaAnswer | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const timer = setTimeout(() => finish(null), LUNA_TIMEOUT_MS);
    const request = env.webOS?.service?.request;
    if (typeof request === 'function') {
      const split = uri.lastIndexOf('/');
      request.call(env.webOS?.service, uri.slice(0, split), {
        method: uri.slice(split + 1),
        parameters: {},
        onSuccess: (answer) => finish(answer),
        onFailure: () => finish(null),
      });
      return;
    }
    const Bridge = env.PalmServiceBridge;
    if (typeof Bridge !== 'function') return finish(null);
    const bridge = new Bridge();
    bridge.onservicecallback = (message) => {
      try {
        finish(JSON.parse(message) as LunaAnswer);
      } catch {
        finish(null);
      }
    };
    bridge.call(uri, '{}');
  });
}

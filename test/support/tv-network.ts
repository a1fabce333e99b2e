// The TV's own address as a real TV's native API reports it, faked in the page before the app starts: the one
// edge a test cannot reach (docs/architecture.md#design-rules). Scans then cover the pretend TV's /24, which
// must be inside 127.0.0.0/8: tests and benchmarks send traffic nowhere else.

const TIZEN_4_UA =
  'Mozilla/5.0 (SMART-TV; LINUX; Tizen 4.0) AppleWebKit/537.36 (KHTML, like Gecko) 56.0.2924.0/4.0 TV Safari/537.36';
const WEBOS_6_UA =
  'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager';

function assertLoopback(address: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)) {
    throw new Error(
      `A test's pretend TV address must be in 127.0.0.0/8 (got ${address}): scans go to its /24`,
    );
  }
}

/** A Samsung TV: `tizen` and `webapis.network.getIp()` answering `address`. */
export function fakeTizenWithAddress(address: string): string {
  assertLoopback(address);
  return `
    Object.defineProperty(navigator, 'userAgent', { get: function () { return ${JSON.stringify(TIZEN_4_UA)}; } });
    window.tizen = {
      application: { getCurrentApplication: function () { return { exit: function () {} }; } },
      tvinputdevice: { registerKey: function () {}, unregisterKey: function () {} },
    };
    window.webapis = { network: { getIp: function () { return ${JSON.stringify(address)}; } } };`;
}

/** An LG TV: `PalmSystem` and a PalmServiceBridge whose connection manager answers `address` (wired). */
export function fakeWebOSWithAddress(address: string): string {
  assertLoopback(address);
  const status = {
    returnValue: true,
    isInternetConnectionAvailable: false,
    wired: { state: 'connected', interfaceName: 'eth0', ipAddress: address, method: 'dhcp' },
    wifi: { state: 'disconnected' },
  };
  return `
    Object.defineProperty(navigator, 'userAgent', { get: function () { return ${JSON.stringify(WEBOS_6_UA)}; } });
    window.PalmSystem = { deviceInfo: '{"modelName":"TEST-TV"}', platformBack: function () {} };
    window.lunaCalls = [];
    window.PalmServiceBridge = function () { this.onservicecallback = null; };
    window.PalmServiceBridge.prototype.call = function (uri, parameters) {
      var bridge = this;
      window.lunaCalls.push(uri);
      var answer = uri === 'luna://com.palm.connectionmanager/getStatus'
        ? ${JSON.stringify(status)}
        : { returnValue: false, errorText: 'Unknown method' };
      setTimeout(function () { bridge.onservicecallback(JSON.stringify(answer)); }, 10);
    };`;
}

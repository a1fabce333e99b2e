// A Samsung TV's `tizen` global, faked in the page before the app starts (a real TV's globals cannot exist here,
// docs/architecture.md#design-rules): exit, hide and key registration are recorded in `window.tvCalls` as
// "registerKey:MediaPlay", "exit", … so a test can read what the app asked of the TV.

/** The script; `supportedKeys`: the names getSupportedKeys reports (codes 1000, 1001, … in that order). */
export function fakeTizenRecordingCalls(supportedKeys: readonly string[] = []): string {
  return `
    window.tvCalls = [];
    var record = function (name) { return function (arg) { window.tvCalls.push(name + ':' + [].concat(arg).join(',')); }; };
    window.tizen = {
      application: {
        getCurrentApplication: function () {
          return { exit: function () { window.tvCalls.push('exit'); }, hide: function () { window.tvCalls.push('hide'); } };
        },
      },
      tvinputdevice: {
        getSupportedKeys: function () {
          return ${JSON.stringify(supportedKeys)}.map(function (name, i) { return { name: name, code: 1000 + i }; });
        },
        registerKey: record('registerKey'),
        registerKeyBatch: record('registerKeyBatch'),
        unregisterKey: record('unregisterKey'),
        unregisterKeyBatch: record('unregisterKeyBatch'),
      },
    };`;
}

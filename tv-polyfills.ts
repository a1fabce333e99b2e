// The core-js polyfills the TV bundle ships (vite.config.ts, plugin-legacy's `polyfills`): what Babel's usage
// detection finds in the built chunks for chrome >= 53, minus TV_POLYFILLS_LEFT_OUT. plugin-legacy has no
// option to leave a detected module out, so the list is written here; test/build/tv-bundle.test.ts runs the
// same detection over the built chunks and fails when code starts to use something this list lacks.

/**
 * Detected, but not needed by the app on the Chromium 53 floor (docs/platforms.md#engines-and-the-chromium-53-floor).
 * Detection sees a method name, not the object it is called on, and core-js marks a module as needed when any
 * corner of it differs from the latest spec.
 */
export const TV_POLYFILLS_LEFT_OUT: Record<string, string> = {
  // JSON.parse's third reviver argument (the source text): no reviver in the app reads it.
  'es.json.parse': 'no JSON.parse reviver reads the source text argument',
  // Well-formed JSON.stringify (lone surrogates as escapes) and JSON.rawJSON: the app stringifies request
  // bodies and stored settings (strings typed or received whole), never lone surrogates, never rawJSON.
  'es.json.stringify': 'no lone surrogates, no JSON.rawJSON',
  // Iterator helpers (Chrome 135): the app calls .find and .some on arrays, which Chromium 53 has.
  'es.iterator.find': 'find is called on arrays only',
  'es.iterator.some': 'some is called on arrays only',
  // String#split through RegExp @@split (Chrome 54): the app splits on strings and on plain regexes
  // (src/tv/player/subtitle-cues.ts), never on a RegExp subclass or a sticky regex.
  'es.string.split': 'split on strings and plain regexes only',
};

/** core-js module names (core-js/modules/<name>.js) in the polyfills every TV loads before its first screen. */
export const TV_POLYFILLS: string[] = [
  'es.array-buffer.detached',
  'es.array-buffer.transfer',
  'es.array-buffer.transfer-to-fixed-length',
  'es.array.iterator',
  'es.array.push',
  'es.array.reduce',
  'es.array.sort',
  'es.array.unshift',
  'es.error.cause',
  'es.iterator.constructor',
  'es.iterator.filter',
  'es.iterator.for-each',
  'es.iterator.map',
  'es.iterator.reduce',
  'es.map.get-or-insert',
  'es.map.get-or-insert-computed',
  'es.object.entries',
  'es.object.values',
  'es.promise',
  'es.promise.all-settled',
  'es.promise.finally',
  'es.reflect.to-string-tag',
  'es.regexp.constructor',
  'es.regexp.dot-all',
  'es.regexp.exec',
  'es.regexp.flags',
  'es.set.difference.v2',
  'es.set.intersection.v2',
  'es.set.is-disjoint-from.v2',
  'es.set.is-subset-of.v2',
  'es.set.is-superset-of.v2',
  'es.set.symmetric-difference.v2',
  'es.set.union.v2',
  'es.string.replace',
  'es.string.trim',
  'es.symbol.description',
  'es.typed-array.at',
  'es.typed-array.fill',
  'es.typed-array.find-last',
  'es.typed-array.find-last-index',
  'es.typed-array.set',
  'es.typed-array.sort',
  'es.typed-array.to-reversed',
  'es.typed-array.to-sorted',
  'es.typed-array.uint8-array',
  'es.typed-array.with',
  'es.uint8-array.set-from-base64',
  'es.uint8-array.set-from-hex',
  'es.uint8-array.to-base64',
  'es.uint8-array.to-hex',
  'es.weak-map.get-or-insert',
  'es.weak-map.get-or-insert-computed',
  'web.dom-collections.for-each',
  'web.dom-collections.iterator',
  'web.dom-exception.stack',
  'web.immediate',
  'web.queue-microtask',
  'web.self',
  'web.url-search-params',
  'web.url-search-params.delete',
  'web.url-search-params.has',
  'web.url-search-params.size',
];

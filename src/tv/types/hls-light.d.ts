// hls.js's light build as ES5 UMD: the package's ESM builds use `**` (ES2016), past the TV floor's ES2015.
declare module 'hls.js/dist/hls.light.js' {
  export { default } from 'hls.js';
}

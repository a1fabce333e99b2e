import { defineConfig } from 'vite';
import appConfig from '../../../vite.config';

// The minimal stack (main.tsx) built exactly as the TV app is (vite.config.ts: React plugin, plugin-legacy
// for chrome >= 53 with SystemJS chunks only, relative base, no crossorigin), from this folder. The bench
// passes build.outDir (a temp dir).
export default defineConfig({
  ...appConfig,
  root: import.meta.dirname,
});

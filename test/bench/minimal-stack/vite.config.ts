import { defineConfig, type PluginOption } from 'vite';
import appConfig, { tvLegacy } from '../../../vite.config';

// The minimal stack (main.tsx) built exactly as the TV app is (vite.config.ts: React plugin, plugin-legacy
// for chrome >= 53 with SystemJS chunks only, relative base, no crossorigin), from this folder. The bench
// passes build.outDir (a temp dir). Its polyfills are plugin-legacy's detection over its own chunks, not the
// app's list.
const isLegacyPlugin = (plugin: PluginOption): boolean =>
  Array.isArray(plugin) &&
  plugin.some((part) => !!part && 'name' in part && part.name.startsWith('vite:legacy'));

export default defineConfig({
  ...appConfig,
  plugins: [...(appConfig.plugins ?? []).filter((plugin) => !isLegacyPlugin(plugin)), tvLegacy(true)],
  // One chunk without the app's initial-chunk grouping (vite.config.ts initialChunk), which would only split
  // main.tsx from the rest here.
  build: { ...appConfig.build, rolldownOptions: {} },
  root: import.meta.dirname,
});

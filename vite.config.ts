import legacy from '@vitejs/plugin-legacy';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Packaged TV apps load from file://, where a `crossorigin` script is fetched in CORS mode and blocked
 * (SystemJS never loads: "System is not defined"), so the built page drops the attribute.
 */
function withoutCrossorigin(): Plugin {
  return {
    name: 'marquee-without-crossorigin',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/\s+crossorigin(?:="[^"]*")?(?=[\s>])/g, ''),
    },
  };
}

// The TV bundle (docs/platforms.md#engines-and-the-chromium-53-floor,
// docs/decisions/0001-systemjs-legacy-build.md): Chromium 53+, loaded from file:// on real TVs, so
// a relative base and legacy (SystemJS, no type=module) chunks only.
export default defineConfig({
  base: './',
  plugins: [
    react(),
    legacy({
      targets: ['chrome >= 53'],
      renderModernChunks: false,
      polyfills: true,
    }),
    withoutCrossorigin(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    cssTarget: 'chrome53',
  },
  server: { port: 5173 },
});

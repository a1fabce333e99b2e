import legacy from '@vitejs/plugin-legacy';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The TV bundle (DESIGN.md, Platform floor): Chromium 53+, loaded from file:// on real TVs, so
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
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    cssTarget: 'chrome53',
  },
  server: { port: 5173 },
});

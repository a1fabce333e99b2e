import { defineConfig } from 'vite';

// The dev-only emulator chrome: a framed, scaled TV stage and an on-screen remote.
// It is served by the home server at /emulator/ and is never part of the TV bundle.
export default defineConfig({
  root: 'src/emulator',
  base: '/emulator/',
  build: { outDir: '../../dist-emulator', emptyOutDir: true },
});

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import legacy from '@vitejs/plugin-legacy';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { TV_POLYFILLS } from './tv-polyfills';

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

/**
 * Vite wraps every dynamic import in its preload helper, whose modern-only branch
 * (`__VITE_IS_MODERN__ && deps && deps.length > 0`) resolves dependency URLs with `new URL(…)` under a relative
 * base. This build has legacy chunks only, where that branch never runs, but plugin-legacy finds polyfills by
 * usage in the code as written, so the dead `new URL` asked for core-js's URL polyfill in the polyfills every TV
 * loads before its first screen (hls.js was its only other user, see hlsAsScript; without both, the initial
 * JavaScript is about 6.5 KB gzip smaller). The branch is made `false` here, and the bundler drops it.
 */
function withoutModernPreload(): Plugin {
  const modernBranch = '__VITE_IS_MODERN__ && deps && deps.length > 0';
  return {
    name: 'marquee-without-modern-preload',
    transform(code, id) {
      if (id !== '\0vite/preload-helper.js') return null;
      if (!code.includes(modernBranch)) {
        this.warn("Vite's preload helper changed: its modern branch (and URL polyfill) stays in the build");
        return null;
      }
      return { code: code.replace(modernBranch, 'false'), map: null };
    },
  };
}

/**
 * hls.js plays HLS only in browsers without native HLS (desktop ones: TVs play HLS natively,
 * src/tv/player/video-source.ts), never on the Chromium 53 floor. Bundled, it went through plugin-legacy,
 * which adds to the one polyfills file every TV loads before its first screen what any chunk uses (core-js's
 * URL among it). So the package's own ES5 build is copied unchanged into assets/ (named by a hash of its
 * content) and video-source.ts loads it with a <script> when it needs it; the dev server serves it at the same
 * path.
 */
function hlsAsScript(): Plugin {
  const file = createRequire(import.meta.url).resolve('hls.js/dist/hls.light.min.js');
  const source = readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const fileName = `assets/hls.light-${createHash('sha256').update(source).digest('hex').slice(0, 8)}.min.js`;
  return {
    name: 'marquee-hls-as-script',
    config: () => ({ define: { __HLS_SCRIPT__: JSON.stringify(fileName) } }),
    generateBundle() {
      this.emitFile({ type: 'asset', fileName, source });
    },
    configureServer(server) {
      server.middlewares.use(`/${fileName}`, (_request, response) => {
        response.setHeader('Content-Type', 'text/javascript');
        response.end(source);
      });
    },
  };
}

/**
 * Legacy (SystemJS) chunks only for chrome >= 53, with the given core-js polyfills: the app's list
 * (tv-polyfills.ts: detection minus what it does not need), or `true` for plugin-legacy's own detection (the
 * bench's minimal stack, test/bench/minimal-stack/vite.config.ts, none of whose detected modules the list leaves
 * out).
 */
export function tvLegacy(polyfills: string[] | true) {
  return legacy({
    targets: ['chrome >= 53'],
    renderModernChunks: false,
    polyfills,
    // Object spread as Object.assign (native on Chromium 53): without it Babel's spread helper reaches for
    // Object.getOwnPropertyDescriptors (Chrome 54, a polyfill) and is repeated in every chunk. The app spreads
    // plain data objects, where the two differ in nothing.
    assumptions: { setSpreadProperties: true },
  });
}

type ImporterInfo = { importers: readonly string[]; isEntry: boolean } | null;

/** Whether a module is loaded with the entry: the entry itself, or statically imported on a path from it. */
function loadedWithEntry(id: string, info: (id: string) => ImporterInfo, seen = new Set<string>()): boolean {
  if (seen.has(id)) return false;
  seen.add(id);
  const module = info(id);
  return (
    !!module && (module.isEntry || module.importers.some((importer) => loadedWithEntry(importer, info, seen)))
  );
}

/**
 * Everything the entry loads statically, in one chunk. Left to itself the bundler put what the entry shares with
 * the lazy screens (React, the navigation library, small helpers) in common chunks of their own: three initial
 * files, each gzipped alone and each with its own copy of Babel's helpers (about 1 KB gzip more). The lazy
 * screens import from this chunk instead.
 */
const initialChunk = {
  groups: [
    {
      name: (id: string, context: { getModuleInfo(id: string): ImporterInfo }) => {
        const module = context.getModuleInfo(id);
        if (!module || module.isEntry) return null;
        return loadedWithEntry(id, (other) => context.getModuleInfo(other)) ? 'initial' : null;
      },
    },
  ],
};

// The TV bundle (docs/platforms.md#engines-and-the-chromium-53-floor,
// docs/decisions/0001-systemjs-legacy-build.md): Chromium 53+, loaded from file:// on real TVs, so
// a relative base and legacy (SystemJS, no type=module) chunks only.
export default defineConfig({
  base: './',
  plugins: [react(), tvLegacy(TV_POLYFILLS), withoutCrossorigin(), withoutModernPreload(), hlsAsScript()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    cssTarget: 'chrome53',
    rolldownOptions: { output: { codeSplitting: initialChunk } },
  },
  server: { port: 5173 },
});

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectPolyfills } from '@vitejs/plugin-legacy';
import { describe, expect, it } from 'vitest';
import { TV_POLYFILLS, TV_POLYFILLS_LEFT_OUT } from '../../tv-polyfills';
import { initialScripts } from './floor';

// Checks over the built TV bundle (dist/), not the source: what a 2018 TV (Chromium 53) will load.
// `npm test` builds dist/ first.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// TEST_TV_DIST: another build of the TV app (e.g. one built into a temporary outDir), as the e2e server takes.
const DIST = process.env.TEST_TV_DIST ?? join(ROOT, 'dist');

function distFiles(extension: string): string[] {
  return readdirSync(join(DIST, 'assets'))
    .filter((name) => name.endsWith(extension))
    .map((name) => join(DIST, 'assets', name));
}

describe('the TV bundle in dist/', () => {
  it('exists (run `npm run build`)', () => {
    expect(existsSync(join(DIST, 'index.html'))).toBe(true);
  });

  it('is ES2015 syntax at most (es-check es6)', () => {
    const files = distFiles('.js');
    expect(files.length).toBeGreaterThan(0);
    // Throws, failing the test with es-check's report, when any file has newer syntax.
    execFileSync(join(ROOT, 'node_modules/.bin/es-check'), ['es6', ...files], { stdio: 'pipe' });
  });

  it('loads from file:// — relative URLs, no module scripts, no crossorigin', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    expect(html).not.toMatch(/type="module"/);
    expect(html).not.toMatch(/crossorigin/);
    const urls = [...html.matchAll(/(?:src|href|data-src)="([^"]+)"/g)].map((match) => match[1]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^\.\//);
  });

  it("ships hls.js as the package's own file, outside the legacy chunks and the polyfills TVs load", () => {
    // vite.config.ts hlsAsScript: bundled, hls.js brought core-js's URL polyfill into polyfills-legacy.
    const hls = distFiles('.js').filter((file) => /hls\.light/.test(file));
    expect(hls).toHaveLength(1);
    expect(hls[0]).toMatch(/hls\.light-[0-9a-f]{8}\.min\.js$/);
    const packaged = readFileSync(join(ROOT, 'node_modules/hls.js/dist/hls.light.min.js'), 'utf8');
    expect(packaged.startsWith(readFileSync(hls[0], 'utf8').trimEnd())).toBe(true);
    const polyfills = distFiles('.js').filter((file) => /polyfills-legacy/.test(file));
    expect(polyfills).toHaveLength(1);
    // core-js's URL constructor polyfill (web.url.constructor) throws this for an unknown scheme.
    expect(readFileSync(polyfills[0], 'utf8')).not.toContain('Invalid scheme');
  });

  it("ships the polyfills tv-polyfills.ts lists: plugin-legacy's detection over the chunks, less the ones left out", async () => {
    // What plugin-legacy itself would ship (`polyfills: true`); its detection finds the same in the built chunks
    // as in the code before Babel. A module the chunks start to use fails here until the list has it.
    const detected = new Set<string>();
    for (const file of distFiles('.js').filter((name) => !/polyfills-legacy|hls\.light/.test(name))) {
      await detectPolyfills(readFileSync(file, 'utf8'), ['chrome >= 53'], {}, detected);
    }
    await detectPolyfills('Promise.resolve(); Promise.all();', ['chrome >= 53'], {}, detected);
    const names = [...detected].map((module) => module.replace(/^core-js\/modules\/|\.js$/g, ''));
    const leftOut = Object.keys(TV_POLYFILLS_LEFT_OUT);
    expect(names.filter((name) => !leftOut.includes(name)).sort()).toEqual([...TV_POLYFILLS].sort());
    // The polyfills file holds none of them: core-js's JSON.parse and JSON.stringify carry JSON.rawJSON.
    const polyfills = distFiles('.js').filter((file) => /polyfills-legacy/.test(file));
    expect(readFileSync(polyfills[0], 'utf8')).not.toContain('rawJSON');
  }, 120_000); // Babel over every chunk: ~15 s on a loaded machine

  it('loads what the code screen needs as one chunk of app code (vite.config.ts initialChunk)', () => {
    const names = initialScripts(DIST).map((file) => file.slice(file.lastIndexOf('/') + 1));
    const appCode = names.filter((name) => !/^(polyfills|index|rolldown-runtime)-legacy-/.test(name));
    expect(appCode).toEqual([expect.stringMatching(/^initial-legacy-/)]);
  });

  it('keeps the home screen out of the initial load', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const home = distFiles('.js').filter((file) => /HomeScreen/.test(file));
    expect(home).toHaveLength(1);
    expect(html).not.toContain('HomeScreen');
  });
});

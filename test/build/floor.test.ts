import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkApis,
  checkBudget,
  coreJsModuleCandidates,
  cssIssues,
  gzipBytes,
  INITIAL_JS_GZIP_BUDGET,
  initialScripts,
  inlinedCss,
  isPolyfilledForFloor,
  shippedCss,
} from './floor';

// The platform floor (docs/platforms.md#engines-and-the-chromium-53-floor) checked over what dist/ ships: CSS
// (doiuse), API use (eslint-plugin-compat), and the initial JavaScript size. Each check also shows it can
// fail. `npm test` builds dist/ first.

// TEST_TV_DIST: another build of the TV app (e.g. one built into a temporary outDir), as the e2e server takes.
const DIST = process.env.TEST_TV_DIST ?? join(import.meta.dirname, '../../dist');

function distJs(): string[] {
  return readdirSync(join(DIST, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(DIST, 'assets', name));
}

describe('CSS against chrome >= 53', () => {
  it('finds the CSS the bundle injects (no .css file in a legacy-only build)', () => {
    const sheets = shippedCss(DIST);
    expect(sheets.length).toBeGreaterThan(0);
    // The app's global stylesheet is among them, as minified by the build.
    expect(sheets.some((sheet) => sheet.css.includes('#root'))).toBe(true);
    expect(
      inlinedCss('var s=document.createElement("style");s.textContent=".a{color:red}/*$vite$:1*/";'),
    ).toEqual(['.a{color:red}/*$vite$:1*/']);
    expect(inlinedCss('var s=".a{color:red}";')).toEqual([]);
  });

  it('ships no CSS feature Chromium 53 lacks', async () => {
    for (const sheet of shippedCss(DIST)) {
      expect(await cssIssues(sheet.css), sheet.file).toEqual([]);
    }
  });

  it('fails on grid, flex gap, aspect-ratio, :focus-visible and inset', async () => {
    const planted =
      '.a{display:grid}.b{display:flex;gap:8px}.c{aspect-ratio:16/9}.d:focus-visible{color:red}.e{inset:0}' +
      '.f{overflow:hidden}';
    const features = (await cssIssues(planted)).map((issue) => issue.feature);
    expect(features).toEqual(
      expect.arrayContaining(['css-grid', 'flexbox-gap', 'css-focus-visible', 'css-logical-props']),
    );
    expect(features.some((feature) => feature.startsWith('aspect-ratio'))).toBe(true);
    expect(features).not.toContain('css-overflow'); // one-keyword overflow is fine on the floor
    expect((await cssIssues('.g{overflow:clip}')).map((issue) => issue.feature)).toContain('css-overflow');
  });
});

describe('API use against chrome >= 53 (eslint-plugin-compat)', () => {
  // The polyfills chunk (core-js + SystemJS) is left out: it is feature-detecting code by design.
  const appChunks = () =>
    distJs()
      .filter((file) => !/polyfills-legacy/.test(file))
      .map((file) => ({ file, code: readFileSync(file, 'utf8') }));

  it('every API the floor lacks is polyfilled by core-js or used behind a feature test', async () => {
    const verdict = await checkApis(appChunks());
    expect(
      verdict.unsupported.map((report) => `${report.api} (${report.file}:${report.line}:${report.column})`),
    ).toEqual([]);
    // The e2e file:// test deletes each of these before the page loads and sees the shipped polyfills restore it.
    for (const report of verdict.polyfilled) expect(isPolyfilledForFloor(report.api)).toBe(true);
  });

  it('fails on an API nothing polyfills, and on an unguarded use of a guarded one', async () => {
    const verdict = await checkApis([
      { file: 'planted-resize.js', code: 'new ResizeObserver(function () {}).observe(document.body);' },
      { file: 'planted-abort.js', code: 'var controller = new AbortController();' },
      { file: 'planted-values.js', code: 'Object.values({ a: 1 });' },
      {
        file: 'planted-guarded.js',
        code: 'var a = typeof AbortController == "function" ? new AbortController : null;',
      },
    ]);
    expect([...new Set(verdict.unsupported.map((report) => report.file))].sort()).toEqual([
      'planted-abort.js',
      'planted-resize.js',
    ]);
    expect(verdict.unsupported.map((report) => report.api)).toEqual(
      expect.arrayContaining(['ResizeObserver', 'AbortController']),
    );
    expect(verdict.polyfilled.map((report) => report.api)).toEqual(['Object.values']);
    expect(verdict.guarded.map((report) => report.file)).toEqual(['planted-guarded.js']);
  });

  it('maps API names to core-js modules', () => {
    expect(coreJsModuleCandidates('Object.getOwnPropertyDescriptors')).toContain(
      'es.object.get-own-property-descriptors',
    );
    expect(coreJsModuleCandidates('URLSearchParams')).toContain('web.url-search-params');
    expect(coreJsModuleCandidates('Array.prototype.includes')).toContain('es.array.includes');
    expect(isPolyfilledForFloor('Object.entries')).toBe(true);
    expect(isPolyfilledForFloor('ResizeObserver')).toBe(false);
  });
});

describe('initial JavaScript size budget', () => {
  it(`the scripts loaded before the code screen stay within ${INITIAL_JS_GZIP_BUDGET} bytes gzip`, () => {
    const files = initialScripts(DIST);
    expect(files.some((file) => /polyfills-legacy/.test(file))).toBe(true);
    expect(files.some((file) => /index-legacy/.test(file))).toBe(true);
    expect(files.some((file) => /HomeScreen/.test(file))).toBe(false);
    const result = checkBudget('initial JS (gzip)', gzipBytes(files), INITIAL_JS_GZIP_BUDGET);
    console.log(`  ${result.message}`);
    expect(result.ok, result.message).toBe(true);
  });

  it('the budget check fails when over', () => {
    expect(checkBudget('x', 160_001, 160_000)).toMatchObject({ ok: false, bytes: 160_001 });
    expect(checkBudget('x', 160_001, 160_000).message).toMatch(/over the 160000-byte budget by 1 bytes/);
    expect(checkBudget('x', 160_000, 160_000).ok).toBe(true);
  });
});

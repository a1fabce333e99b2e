import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as acorn from 'acorn';
import coreJsCompat from 'core-js-compat';
import doiuse from 'doiuse';
import { ESLint } from 'eslint';
import compat from 'eslint-plugin-compat';
import postcss from 'postcss';

// Checks of what dist/ ships against the platform floor (docs/platforms.md#engines-and-the-chromium-53-floor:
// Chromium 53, browserslist `chrome >= 53`).

export const FLOOR = ['chrome >= 53'];

// ---------------------------------------------------------------------------------------------------- CSS

/**
 * Every stylesheet the bundle ships. The legacy-only build has no .css file: Vite inlines each chunk's CSS
 * into its JS as a string it appends to a <style> element, and ends every such string with its marker
 * `/*$vite$:1*\/` (vite: finalizeCss, viteHashUpdateMarker). So: the string literals in dist/ JS that end with
 * the marker, found by parsing (not by a regex over minified code), plus any .css file a later build emits.
 */
export function shippedCss(distDir: string): { file: string; css: string }[] {
  const sheets: { file: string; css: string }[] = [];
  for (const file of filesUnder(distDir)) {
    if (file.endsWith('.css')) sheets.push({ file, css: readFileSync(file, 'utf8') });
    if (file.endsWith('.js')) {
      for (const css of inlinedCss(readFileSync(file, 'utf8'))) sheets.push({ file, css });
    }
  }
  return sheets;
}

const VITE_CSS_MARKER = /\/\*\$vite\$:\d+\*\/$/;

export function inlinedCss(source: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const typed = node as {
      type?: string;
      value?: unknown;
      expressions?: unknown[];
      quasis?: { value: { cooked: string } }[];
    };
    if (typed.type === 'Literal' && typeof typed.value === 'string' && VITE_CSS_MARKER.test(typed.value)) {
      found.push(typed.value);
    } else if (typed.type === 'TemplateLiteral' && typed.expressions?.length === 0) {
      const text = typed.quasis?.[0]?.value.cooked ?? '';
      if (VITE_CSS_MARKER.test(text)) found.push(text);
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const child of value) visit(child);
      else if (value && typeof value === 'object' && 'type' in value) visit(value);
    }
  };
  visit(acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script' }));
  return found;
}

export interface CssIssue {
  feature: string;
  message: string;
}

/**
 * Partial support doiuse reports that does not touch what we write: Chrome < 90's "partial" overflow is
 * `overflow: clip` and the two-value form; plain one-keyword overflow works everywhere.
 */
const ACCEPTED_PARTIAL: Record<string, (value: string) => boolean> = {
  'css-overflow': (value) => /^(visible|hidden|scroll|auto)$/.test(value.trim()),
};

/**
 * Features doiuse (caniuse data) has no entry for, which the floor lacks
 * (docs/platforms.md#engines-and-the-chromium-53-floor).
 */
const EXTRA_UNSUPPORTED: { feature: string; property: RegExp }[] = [
  { feature: 'aspect-ratio (Chrome 88)', property: /^aspect-ratio$/ },
];

export async function cssIssues(css: string, browsers = FLOOR): Promise<CssIssue[]> {
  const issues: CssIssue[] = [];
  const plugin = doiuse({
    browsers,
    ignore: [],
    onFeatureUsage: (usage: {
      feature: string;
      message: string;
      usage: { type: string; value?: string };
    }) => {
      const accept = ACCEPTED_PARTIAL[usage.feature];
      if (accept && usage.usage.type === 'decl' && accept(usage.usage.value ?? '')) return;
      issues.push({ feature: usage.feature, message: usage.message });
    },
  });
  const result = await postcss([plugin]).process(css, { from: 'shipped.css' });
  result.root.walkDecls((decl) => {
    for (const extra of EXTRA_UNSUPPORTED) {
      if (extra.property.test(decl.prop))
        issues.push({ feature: extra.feature, message: `${decl.prop}: ${decl.value}` });
    }
  });
  return issues;
}

// ---------------------------------------------------------------------------------------------------- APIs

export interface ApiReport {
  api: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface ApiVerdict {
  /** Neither polyfilled nor a known guarded use: the build must not ship these. */
  unsupported: ApiReport[];
  /** core-js has a polyfill for the floor, and plugin-legacy adds it by usage (the e2e test checks it loads). */
  polyfilled: ApiReport[];
  /** Uses that only run after a feature test (listed below, each with its reason). */
  guarded: ApiReport[];
}

/**
 * Known uses of APIs the floor lacks that are safe because the code tests for them first. Each is matched
 * on the minified text just before the reported use, so a new, unguarded use of the same API still fails.
 */
const GUARDED: { api: string; reason: string; guarded: (before: string, at: string) => boolean }[] = [
  {
    api: 'AbortController',
    reason: 'our HTTP helper: `typeof AbortController == "function" ? new AbortController : null`',
    guarded: (before) => /typeof AbortController\s*[!=]=\s*[`'"]function[`'"]\s*\?\s*(new\s+)?$/.test(before),
  },
  {
    api: 'navigator.connection',
    reason:
      "React DOM's bandwidth estimate: `navigator.connection && (e = navigator.connection.downlink, …)`",
    guarded: (before, at) =>
      /^navigator\.connection\s*&&/.test(at) || /navigator\.connection\s*&&\s*\(?\w+=\s*$/.test(before),
  },
  {
    api: 'Crypto.randomUUID',
    reason:
      'hls.js (loaded only by browsers, never on TVs): `try { return crypto.randomUUID() } catch { … }`',
    guarded: (before) => /try\{return\s*$/.test(before),
  },
  {
    api: 'navigator.mediaCapabilities',
    reason:
      "hls.js light's getMediaDecodingInfo (never called by the app): a property read handed to an empty stub",
    guarded: (before) => /\.getMediaDecodingInfoPromise\(\w+,\w+,\s*$/.test(before),
  },
  {
    api: 'DOMRect',
    reason:
      "React DOM's view-transition measurement (only with <ViewTransition>, which the app does not use)",
    guarded: (before) => /getBoundingClientRect\(\);\s*\w+=\s*(new\s+)?$/.test(before),
  },
];

let polyfillableModules: Set<string> | null = null;

/** core-js modules the floor needs (core-js-compat's data for `chrome >= 53`). */
function coreJsModulesForFloor(): Set<string> {
  polyfillableModules ??= new Set(coreJsCompat({ targets: FLOOR.join(', ') }).list);
  return polyfillableModules;
}

/** `Object.getOwnPropertyDescriptors` → es.object.get-own-property-descriptors; `URLSearchParams` → web.url-search-params. */
export function coreJsModuleCandidates(api: string): string[] {
  const kebab = (part: string) =>
    part
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase();
  const path = api
    .split('.')
    .filter((part) => part !== 'prototype')
    .map(kebab)
    .join('.');
  return ['es', 'web', 'esnext'].map((prefix) => `${prefix}.${path}`);
}

export function isPolyfilledForFloor(api: string): boolean {
  const modules = coreJsModulesForFloor();
  return coreJsModuleCandidates(api).some((name) => modules.has(name));
}

async function compatLinter(): Promise<ESLint> {
  return new ESLint({
    cwd: process.cwd(),
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.js'],
        plugins: { compat },
        languageOptions: { ecmaVersion: 2015, sourceType: 'script' },
        // No `polyfills` setting on purpose: every report comes back and is sorted below.
        settings: { browsers: FLOOR },
        rules: { 'compat/compat': 'error' },
      },
    ],
  });
}

/** eslint-plugin-compat over the given sources (ESLint only as a checker here; biome lints the project). */
export async function checkApis(sources: { file: string; code: string }[]): Promise<ApiVerdict> {
  const eslint = await compatLinter();
  const verdict: ApiVerdict = { unsupported: [], polyfilled: [], guarded: [] };
  for (const { file, code } of sources) {
    const [result] = await eslint.lintText(code, { filePath: file.endsWith('.js') ? file : `${file}.js` });
    const lines = code.split('\n');
    for (const message of result?.messages ?? []) {
      const api = /^(.+?)(?:\(\))? is not supported in /.exec(message.message)?.[1];
      const report: ApiReport = {
        api: api ?? message.message,
        file,
        line: message.line,
        column: message.column,
        message: message.message,
      };
      if (!api || message.ruleId !== 'compat/compat') verdict.unsupported.push(report);
      else if (isPolyfilledForFloor(api)) verdict.polyfilled.push(report);
      else {
        const line = lines[message.line - 1] ?? '';
        const before = line.slice(Math.max(0, message.column - 1 - 200), message.column - 1);
        const at = line.slice(message.column - 1, message.column - 1 + 200);
        const guard = GUARDED.find((entry) => entry.api === api && entry.guarded(before, at));
        (guard ? verdict.guarded : verdict.unsupported).push(report);
      }
    }
  }
  return verdict;
}

// ---------------------------------------------------------------------------------------------------- size

/**
 * Scripts a TV runs before it can show a code: every `<script src>` / legacy `data-src` in index.html, plus
 * the chunks those import statically (`System.register([deps], …)`). Lazily imported chunks are not counted.
 */
export function initialScripts(distDir: string): string[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const entries: string[] = [];
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    const url = /\s(?:data-)?src="([^"]+)"/.exec(tag)?.[1];
    if (url) entries.push(resolve(distDir, url));
  }
  const seen: string[] = [];
  const visit = (file: string): void => {
    if (seen.includes(file)) return;
    seen.push(file);
    const deps = /System\.register\(\[([^\]]*)\]/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
    for (const dep of deps.match(/[^,`'"\s]+\.js/g) ?? []) visit(resolve(dirname(file), dep));
  };
  for (const entry of entries) visit(entry);
  return seen;
}

/** gzip (default level, as a web server would send it) of each file, summed. */
export function gzipBytes(files: string[]): number {
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
}

/**
 * Initial JavaScript, gzip (default level), bytes. Measured 144,002 on 2026-12-02 (polyfills + index + its static
 * chunks; the TV adapters and every screen but the code screen load on demand); at gzip -9 that is 143,674, 1.10×
 * the minimal stack's (test/bench/first-screen.bench.ts), the most the first screen may weigh. So the budget
 * leaves only about 0.3%: new code for the first screen must take as much out, or load lazily. Raise it only on
 * purpose.
 */
export const INITIAL_JS_GZIP_BUDGET = 144_500;

export interface BudgetResult {
  ok: boolean;
  bytes: number;
  budget: number;
  message: string;
}

export function checkBudget(name: string, bytes: number, budget: number): BudgetResult {
  const ok = bytes <= budget;
  const percent = ((bytes / budget) * 100).toFixed(1);
  return {
    ok,
    bytes,
    budget,
    message: ok
      ? `${name}: ${bytes} bytes, ${percent}% of the ${budget}-byte budget`
      : `${name}: ${bytes} bytes is over the ${budget}-byte budget by ${bytes - budget} bytes. Load the new code lazily, ` +
        'or raise INITIAL_JS_GZIP_BUDGET in test/build/floor.ts on purpose (and say why in the commit).',
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

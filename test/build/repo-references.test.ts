import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every repository path a comment, a doc or a test cites must exist, and every `#section` it names must be a
// heading of that file, so a clone never reads a reference to nothing. Files outside the repository (the
// research notes the first design was written from) must not be cited at all: their facts live in docs/.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCANNED_FOLDERS = ['src', 'test', 'scripts', 'platforms', 'docs'];
const SCANNED_EXTENSIONS = /\.(ts|tsx|css|html|xml|json|md|sh)$/;
/** Recorded server answers: other projects' data, not this repository's prose. */
const NOT_SCANNED = /^test\/fixtures\/.*\.json$/;

/** A path under one of the repository's folders, optionally with `#section`. */
const REPO_PATH =
  /(?<![\w./-])((?:src|test|scripts|platforms|docs|assets)\/[\w./-]*[\w-]\.(?:tsx|ts|mjs|js|json|md|xml|css|sh|html|png))(?![\w])(#[\w-]+)?/g;
const README_SECTION = /(?<![\w./-])README\.md(#[\w-]+)/g;
/** A relative Markdown link target: `[text](target)`. */
const MARKDOWN_LINK = /\]\(((?!https?:|mailto:)[^)\s]+)\)/g;

/** Paths in other repositories, cited together with their repository's name. */
const PATHS_IN_OTHER_REPOSITORIES = new Set([
  'src/scripts/browser.js', // jellyfin-web
  'test/device/webos_unit.js', // shaka-player
  'test/device/tizen_unit.js', // shaka-player
]);
/** Examples of files a contributor would create, in docs/architecture.md's how-tos. */
const EXAMPLES = new Set([
  'src/tv/screens/collections/CollectionsScreen.tsx',
  'src/tv/stores/collections.ts',
]);

/** Names of the notes that are not in the repository (spelled in pieces so this file does not cite them). */
const OUTSIDE_NOTES = ['plex-protocol', 'tv-platforms', 'device-authorization', 'DESIGN'].map(
  (name) => new RegExp(`\\b${name}\\.md\\b`),
);
const OUTSIDE_FOLDER = new RegExp(`\\b${'reference'}/[\\w-]+\\.md`);

function filesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(ROOT, folder))) {
    const path = `${folder}/${entry}`;
    if (entry === 'node_modules') continue;
    if (statSync(join(ROOT, path)).isDirectory()) found.push(...filesUnder(path));
    else if (SCANNED_EXTENSIONS.test(entry) && !NOT_SCANNED.test(path)) found.push(path);
  }
  return found;
}

function scannedFiles(): string[] {
  const rootFiles = readdirSync(ROOT).filter(
    (name) => /\.(ts|md|json)$/.test(name) && name !== 'package-lock.json',
  );
  return [
    ...rootFiles,
    ...SCANNED_FOLDERS.filter((folder) => existsSync(join(ROOT, folder))).flatMap(filesUnder),
  ];
}

/** The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(markdownFile: string): Set<string> {
  const text = readFileSync(join(ROOT, markdownFile), 'utf8');
  const anchors = new Set<string>();
  let inCode = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const heading = !inCode && /^#{1,6} (.+)$/.exec(line);
    if (heading) anchors.add(headingAnchor(heading[1]));
  }
  return anchors;
}

interface Citation {
  from: string;
  line: number;
  target: string;
  section: string | null;
}

/** Problems with one cited file and section, or null when both exist. */
function problemWith(citation: Citation): string | null {
  const where = `${citation.from}:${citation.line} cites ${citation.target}${citation.section ?? ''}`;
  if (!existsSync(join(ROOT, citation.target))) return `${where}: no such file`;
  if (citation.section === null) return null;
  if (!citation.target.endsWith('.md')) return `${where}: only Markdown files have sections`;
  return anchorsOf(citation.target).has(citation.section.slice(1)) ? null : `${where}: no such section`;
}

function citationsIn(file: string): Citation[] {
  const citations: Citation[] = [];
  readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const line = index + 1;
      for (const match of text.matchAll(REPO_PATH)) {
        const target = match[1];
        if (PATHS_IN_OTHER_REPOSITORIES.has(target) || EXAMPLES.has(target)) continue;
        citations.push({ from: file, line, target, section: match[2] ?? null });
      }
      for (const match of text.matchAll(README_SECTION)) {
        citations.push({ from: file, line, target: 'README.md', section: match[1] });
      }
      if (!file.endsWith('.md')) return;
      for (const match of text.matchAll(MARKDOWN_LINK)) {
        const [path, section] = match[1].split('#');
        const target = path ? relative(ROOT, resolve(ROOT, dirname(file), path)) : file;
        citations.push({ from: file, line, target, section: section === undefined ? null : `#${section}` });
      }
    });
  return citations;
}

describe('references inside the repository', () => {
  const files = scannedFiles();

  it('scans the source, the tests, the docs and the root files', () => {
    for (const expected of [
      'src/server/home-server.ts',
      'test/unit/key-map.test.ts',
      'vite.config.ts',
      'README.md',
    ]) {
      expect(files).toContain(expected);
    }
  });

  it('every cited repository path exists, and every cited #section is a heading of that file', () => {
    const citations = files.flatMap(citationsIn);
    expect(citations.length).toBeGreaterThan(100);
    expect(citations.map(problemWith).filter((problem) => problem !== null)).toEqual([]);
  });

  it('nothing cites the notes that are not in the repository', () => {
    const self = relative(ROOT, fileURLToPath(import.meta.url));
    const found: string[] = [];
    for (const file of files.filter((name) => name !== self)) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((text, index) => {
          if (OUTSIDE_NOTES.some((name) => name.test(text)) || OUTSIDE_FOLDER.test(text)) {
            found.push(`${file}:${index + 1}: ${text.trim()}`);
          }
        });
    }
    expect(found).toEqual([]);
  });

  it('derives section anchors as GitHub does', () => {
    expect(headingAnchor('Long-poll extension (wait)')).toBe('long-poll-extension-wait');
    expect(headingAnchor('The `?wait=` long-poll on pins')).toBe('the-wait-long-poll-on-pins');
    expect(headingAnchor('Engines and the Chromium 53 floor')).toBe('engines-and-the-chromium-53-floor');
  });
});

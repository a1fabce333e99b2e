import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';
import { initialScripts } from '../build/floor';
import type { Figure } from './stats';

// What a TV downloads before it can show a code: every script dist/index.html loads at startup, plus the
// chunks those statically import, gzipped. Everything else in dist/assets is loaded later, on demand.

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export async function bundleSize(): Promise<Figure[]> {
  const initial = initialScripts(DIST);

  let initialGzip6 = 0;
  let initialGzip9 = 0;
  let initialRaw = 0;
  console.log('  initial scripts (raw / gzip -6 / gzip -9):');
  for (const file of initial) {
    const bytes = readFileSync(file);
    const g6 = gzipSize(bytes, constants.Z_DEFAULT_COMPRESSION);
    const g9 = gzipSize(bytes, constants.Z_BEST_COMPRESSION);
    initialRaw += bytes.length;
    initialGzip6 += g6;
    initialGzip9 += g9;
    console.log(`    ${rel(file)}: ${size(bytes.length)} / ${size(g6)} / ${size(g9)}`);
  }
  console.log(`    total: ${size(initialRaw)} / ${size(initialGzip6)} / ${size(initialGzip9)}`);

  const lazy = readdirSync(join(DIST, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(DIST, 'assets', name))
    .filter((file) => !initial.includes(file));
  let lazyGzip6 = 0;
  console.log('  lazily loaded chunks (raw / gzip -6):');
  for (const file of lazy) {
    const bytes = readFileSync(file);
    const g6 = gzipSize(bytes, constants.Z_DEFAULT_COMPRESSION);
    lazyGzip6 += g6;
    console.log(`    ${rel(file)}: ${size(bytes.length)} / ${size(g6)}`);
  }
  if (lazy.length === 0) console.log('    (none)');

  const distBytes = totalBytes(DIST);
  console.log(`  all of dist/ (raw, every file): ${size(distBytes)}`);

  return [
    { name: 'initial JS, gzip -6', value: initialGzip6, unit: 'bytes' },
    { name: 'initial JS, gzip -9', value: initialGzip9, unit: 'bytes' },
    { name: `lazy JS chunks (${lazy.length}), gzip -6`, value: lazyGzip6, unit: 'bytes' },
    { name: 'dist/ total, raw', value: distBytes, unit: 'bytes' },
  ];
}

function gzipSize(bytes: Buffer, level: number): number {
  return gzipSync(bytes, { level }).length;
}

function totalBytes(dir: string): number {
  let sum = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    sum += entry.isDirectory() ? totalBytes(path) : statSync(path).size;
  }
  return sum;
}

function rel(file: string): string {
  return relative(DIST, file);
}

function size(bytes: number): string {
  return `${bytes} B (${(bytes / 1024).toFixed(1)} KiB)`;
}

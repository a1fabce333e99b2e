import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// The app as a TV installs it: dist/ (the built bundle) plus a platform's manifest and icons at the root.

export interface ExtraFile {
  /** Absolute path of the source. */
  from: string;
  /** Path inside the package root. */
  to: string;
}

export function stageApp(distDir: string, extras: ExtraFile[], stagingDir: string): void {
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error(`${distDir} holds no built app (index.html missing): run \`npm run build\` first.`);
  }
  mkdirSync(stagingDir, { recursive: true });
  cpSync(distDir, stagingDir, { recursive: true });
  for (const extra of extras) cpSync(extra.from, join(stagingDir, extra.to));
}

/** Every file under `dir`, as `/`-separated paths relative to it, sorted by code unit (ASCII) order. */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

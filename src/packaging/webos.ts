import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertVersionsInSync, REPO_ROOT, readWebosAppinfo } from './manifests';
import { stageApp } from './staging';

// LG webOS: dist/ + appinfo.json + icons, packed by ares-package (npm @webos-tools/cli, runs offline) into
// out/<id>_<version>_all.ipk. No signing: a TV in Developer Mode installs it with `ares-install`.

const ARES_PACKAGE = join(REPO_ROOT, 'node_modules/.bin/ares-package');

export interface WebosOptions {
  root?: string;
  distDir?: string;
  outDir?: string;
}

/** The app root ares-package packs: dist/ with appinfo.json and both icons beside index.html. */
export function stageWebos(stagingDir: string, root = REPO_ROOT, distDir = join(root, 'dist')): void {
  const appinfo = readWebosAppinfo(root);
  const extras = [{ from: join(root, 'platforms/webos/appinfo.json'), to: 'appinfo.json' }];
  for (const icon of [appinfo.icon, appinfo.largeIcon].filter((name): name is string => Boolean(name))) {
    extras.push({ from: join(root, 'assets', icon), to: icon });
  }
  stageApp(distDir, extras, stagingDir);
}

/**
 * `ares-package --check`: checks the input directory (one app, no stray packageinfo.json) without writing
 * anything; throws on failure. It does not validate appinfo.json: the id, version, schema and icon checks run
 * when ares-package packs (packageWebos), so a bad appinfo.json fails there.
 */
export function checkWebos(stagingDir: string): string {
  return aresPackage(['--check', stagingDir]);
}

export function packageWebos(options: WebosOptions = {}): { ipk: string } {
  const root = options.root ?? REPO_ROOT;
  const outDir = options.outDir ?? join(root, 'out');
  const version = assertVersionsInSync(root);
  const { id } = readWebosAppinfo(root);
  const workDir = mkdtempSync(join(tmpdir(), 'marquee-webos-'));
  try {
    const stagingDir = join(workDir, id);
    stageWebos(stagingDir, root, options.distDir);
    checkWebos(stagingDir);
    mkdirSync(outDir, { recursive: true });
    const ipk = join(outDir, `${id}_${version}_all.ipk`);
    rmSync(ipk, { force: true });
    // --no-minify: the bundle is already minified for Chromium 53; ares-package's own terser pass has broken
    // old engines before (docs/platforms.md#webos-packaging). Packing also validates appinfo.json (id,
    // version, schema, icons).
    aresPackage(['--no-minify', '--outdir', outDir, stagingDir]);
    if (!existsSync(ipk)) throw new Error(`ares-package finished but ${ipk} is missing`);
    return { ipk };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function aresPackage(args: string[]): string {
  try {
    return execFileSync(ARES_PACKAGE, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `ares-package ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? failed.message}`,
    );
  }
}

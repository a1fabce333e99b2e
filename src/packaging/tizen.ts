import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { zipSync } from 'fflate';
import { assertVersionsInSync, REPO_ROOT, readTizenConfig } from './manifests';
import { listFiles, stageApp } from './staging';
import { identityFromP12, type PackageFile, signWidget } from './widget-signature';

// Samsung Tizen: dist/ + config.xml + icon.png zipped into out/<name>.wgt.
// 1. `tizen` (Tizen Studio CLI) on PATH: `tizen package -t wgt [-s $TIZEN_SECURITY_PROFILE]` does it all.
// 2. Else, with TIZEN_AUTHOR_P12 (+ TIZEN_DISTRIBUTOR_P12): signed here (widget-signature.ts).
// 3. Else: an unsigned .wgt, and a warning that no TV installs it.

export interface TizenSigningSettings {
  authorP12: string;
  authorPassword: string;
  distributorP12: string;
  distributorPassword: string;
}

export interface TizenOptions {
  root?: string;
  distDir?: string;
  outDir?: string;
  /** Default: from the environment (signingFromEnv). null: unsigned. */
  signing?: TizenSigningSettings | null;
  /** Default: use the Tizen Studio CLI when `tizen` is on PATH. */
  useTizenCli?: boolean;
  log?: (line: string) => void;
}

export interface TizenResult {
  wgt: string;
  signedBy: 'tizen-cli' | 'node' | 'unsigned';
}

/**
 * Settings, as environment variables: TIZEN_AUTHOR_P12 / TIZEN_AUTHOR_PASSWORD (your author certificate from
 * Tizen Studio's Certificate Manager) and TIZEN_DISTRIBUTOR_P12 / TIZEN_DISTRIBUTOR_PASSWORD (the distributor
 * certificate: a Samsung one for retail TVs, tied to the TV's DUID).
 */
export function signingFromEnv(env: NodeJS.ProcessEnv = process.env): TizenSigningSettings | null {
  const authorP12 = env.TIZEN_AUTHOR_P12;
  const distributorP12 = env.TIZEN_DISTRIBUTOR_P12;
  if (!authorP12 && !distributorP12) return null;
  if (!authorP12 || !distributorP12) {
    throw new Error(
      'A Tizen package needs both signatures: set TIZEN_AUTHOR_P12 and TIZEN_DISTRIBUTOR_P12 (and their passwords), or neither for an unsigned .wgt.',
    );
  }
  return {
    authorP12,
    authorPassword: env.TIZEN_AUTHOR_PASSWORD ?? '',
    distributorP12,
    distributorPassword: env.TIZEN_DISTRIBUTOR_PASSWORD ?? '',
  };
}

/** The package root: dist/ plus config.xml and the icon it names; index.html loads Samsung's webapis.js. */
export function stageTizen(stagingDir: string, root = REPO_ROOT, distDir = join(root, 'dist')): void {
  const config = readTizenConfig(root);
  stageApp(
    distDir,
    [
      { from: join(root, 'platforms/tizen/config.xml'), to: 'config.xml' },
      { from: join(root, 'assets/icon-512.png'), to: config.icon },
    ],
    stagingDir,
  );
  const index = join(stagingDir, 'index.html');
  writeFileSync(index, withSamsungWebApis(readFileSync(index, 'utf8')));
}

/**
 * Samsung's Product API (webapis.network.getIp(), which the LAN scan asks for the TV's address) exists only
 * when index.html loads `$WEBAPIS/webapis/webapis.js`, a path the TV resolves; only the Tizen package gets it,
 * first in <head> so it is there before the app's scripts run.
 */
export const SAMSUNG_WEBAPIS_SCRIPT = '<script src="$WEBAPIS/webapis/webapis.js"></script>';

export function withSamsungWebApis(html: string): string {
  if (html.includes(SAMSUNG_WEBAPIS_SCRIPT)) return html;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) throw new Error('dist/index.html has no <head> to load webapis.js in');
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n    ${SAMSUNG_WEBAPIS_SCRIPT}${html.slice(at)}`;
}

export function packageTizen(options: TizenOptions = {}): TizenResult {
  const root = options.root ?? REPO_ROOT;
  const outDir = options.outDir ?? join(root, 'out');
  const log = options.log ?? ((line: string) => console.log(line));
  assertVersionsInSync(root);
  const config = readTizenConfig(root);
  const stagingDir = mkdtempSync(join(tmpdir(), 'marquee-tizen-'));
  try {
    stageTizen(stagingDir, root, options.distDir);
    mkdirSync(outDir, { recursive: true });
    // The CLI names the file after config.xml's <name>; so do we (no spaces: `tizen install` breaks on them).
    const wgt = join(outDir, `${config.name.replace(/[^A-Za-z0-9._-]/g, '')}.wgt`);
    rmSync(wgt, { force: true });

    if (options.useTizenCli ?? onPath('tizen')) {
      const profile = process.env.TIZEN_SECURITY_PROFILE;
      const args = [
        'package',
        '-t',
        'wgt',
        ...(profile ? ['-s', profile] : []),
        '-o',
        outDir,
        '--',
        stagingDir,
      ];
      log(`tizen ${args.join(' ')}`);
      execFileSync('tizen', args, { stdio: 'inherit' });
      if (!existsSync(wgt)) throw new Error(`tizen package finished but ${wgt} is missing`);
      return { wgt, signedBy: 'tizen-cli' };
    }

    const files: PackageFile[] = listFiles(stagingDir).map((path) => ({
      path,
      bytes: readFileSync(join(stagingDir, path)),
    }));
    const signing = options.signing === undefined ? signingFromEnv() : options.signing;
    let signedBy: TizenResult['signedBy'] = 'unsigned';
    if (signing) {
      const author = identityFromP12(readFileSync(signing.authorP12), signing.authorPassword);
      const distributor = identityFromP12(readFileSync(signing.distributorP12), signing.distributorPassword);
      files.push(...signWidget(files, author, distributor));
      signedBy = 'node';
      log(`Signed with ${signing.authorP12} (author) and ${signing.distributorP12} (distributor).`);
    } else {
      log(
        'WARNING: this .wgt is UNSIGNED. A Samsung TV (and the emulator) will refuse to install it. ' +
          'Set TIZEN_AUTHOR_P12, TIZEN_AUTHOR_PASSWORD, TIZEN_DISTRIBUTOR_P12 and TIZEN_DISTRIBUTOR_PASSWORD ' +
          '(see README, "Packaging for TVs"), or put Tizen Studio\'s `tizen` CLI on PATH.',
      );
    }
    writeFileSync(wgt, zipWidget(files));
    return { wgt, signedBy };
  } finally {
    rmSync(stagingDir, { recursive: true, force: true });
  }
}

/** A plain ZIP (deflate), config.xml and the signatures at the root like every other file. */
export function zipWidget(files: PackageFile[]): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const file of files) entries[file.path] = file.bytes;
  return zipSync(entries, { level: 9 });
}

function onPath(command: string): boolean {
  if (process.platform === 'win32') return spawnSync('where', [command]).status === 0;
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      return dir !== '' && readdirSync(dir).includes(command);
    } catch {
      return false;
    }
  });
}

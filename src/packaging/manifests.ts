import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The two TV manifests in platforms/ and the one version they must share with package.json.

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface WebosAppinfo {
  id: string;
  version: string;
  title: string;
  main: string;
  icon: string;
  largeIcon?: string;
  [key: string]: unknown;
}

export interface TizenConfig {
  /** The file as committed. */
  xml: string;
  widgetId: string;
  version: string;
  /** `tizen:application` id, `<package>.<name>`. */
  applicationId: string;
  /** The 10-character Tizen package id. */
  packageId: string;
  requiredVersion: string;
  name: string;
  icon: string;
  content: string;
}

export function packageVersion(root = REPO_ROOT): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

export function readWebosAppinfo(root = REPO_ROOT): WebosAppinfo {
  return JSON.parse(readFileSync(join(root, 'platforms/webos/appinfo.json'), 'utf8')) as WebosAppinfo;
}

export function readTizenConfig(root = REPO_ROOT): TizenConfig {
  const xml = readFileSync(join(root, 'platforms/tizen/config.xml'), 'utf8');
  return parseTizenConfig(xml);
}

/** Reads the few attributes the packager needs from our own config.xml (a fixed shape; not a general XML parser). */
export function parseTizenConfig(xml: string): TizenConfig {
  const widget = tag(xml, 'widget');
  const application = tag(xml, 'tizen:application');
  return {
    xml,
    widgetId: attribute(widget, 'id'),
    version: attribute(widget, 'version'),
    applicationId: attribute(application, 'id'),
    packageId: attribute(application, 'package'),
    requiredVersion: attribute(application, 'required_version'),
    name: /<name>([^<]*)<\/name>/.exec(xml)?.[1] ?? '',
    icon: attribute(tag(xml, 'icon'), 'src'),
    content: attribute(tag(xml, 'content'), 'src'),
  };
}

/**
 * One version everywhere: package.json is the source, and the committed manifests must say the same.
 * The packagers call this first, so a drifted manifest can't ship (and a build test runs it too).
 */
export function assertVersionsInSync(root = REPO_ROOT): string {
  const version = packageVersion(root);
  const problems: string[] = [];
  const webos = readWebosAppinfo(root).version;
  if (webos !== version) problems.push(`platforms/webos/appinfo.json has version ${webos}`);
  const tizen = readTizenConfig(root).version;
  if (tizen !== version) problems.push(`platforms/tizen/config.xml has version ${tizen}`);
  if (problems.length > 0) {
    throw new Error(
      `package.json has version ${version}, but ${problems.join(' and ')}. Set the same x.y.z in all three.`,
    );
  }
  return version;
}

function tag(xml: string, name: string): string {
  const found = new RegExp(`<${name}\\s[^>]*>`).exec(xml)?.[0];
  if (!found) throw new Error(`config.xml has no <${name}> element`);
  return found;
}

function attribute(element: string, name: string): string {
  const found = new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1];
  if (found === undefined) throw new Error(`${element.slice(0, 40)}… has no ${name} attribute`);
  return found;
}

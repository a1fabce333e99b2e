import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C14nCanonicalization, ExclusiveCanonicalization } from 'xml-crypto';
import {
  assertVersionsInSync,
  packageVersion,
  REPO_ROOT,
  readTizenConfig,
  readWebosAppinfo,
} from '../../src/packaging/manifests';
import { listFiles } from '../../src/packaging/staging';
import { packageTizen, SAMSUNG_WEBAPIS_SCRIPT } from '../../src/packaging/tizen';
import { checkWebos, packageWebos, stageWebos } from '../../src/packaging/webos';
import { readAr, readTarGz } from './archives';

// The TV packages built from dist/ (`npm test` builds it first): manifests, layout, and the Tizen signatures
// checked with an independent canonicaliser (xml-crypto) and node:crypto, not with the signer's own code.

const DIST = join(REPO_ROOT, 'dist');
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'marquee-packages-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('platform manifests', () => {
  it('carry the package.json version, and the packagers refuse a drifted one', () => {
    const version = packageVersion();
    expect(version).toMatch(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/);
    expect(readWebosAppinfo().version).toBe(version);
    expect(readTizenConfig().version).toBe(version);
    expect(assertVersionsInSync()).toBe(version);

    const drifted = join(work, 'drifted');
    for (const path of ['package.json', 'platforms/webos/appinfo.json', 'platforms/tizen/config.xml']) {
      mkdirSync(join(drifted, path, '..'), { recursive: true });
      cpSync(join(REPO_ROOT, path), join(drifted, path));
    }
    const pkg = JSON.parse(readFileSync(join(drifted, 'package.json'), 'utf8'));
    writeFileSync(join(drifted, 'package.json'), JSON.stringify({ ...pkg, version: '9.9.9' }));
    expect(() => assertVersionsInSync(drifted)).toThrow(/package.json has version 9.9.9, but .*appinfo.json/);
    expect(() => packageWebos({ root: drifted, distDir: DIST, outDir: join(work, 'never') })).toThrow(
      /9\.9\.9/,
    );
  });

  it('webOS appinfo.json: lowercase id, web app, 1920x1080, Back handled by the app, icons of the right size', () => {
    const appinfo = readWebosAppinfo();
    expect(appinfo.id).toMatch(/^[a-z0-9.+-]+$/);
    expect(appinfo).toMatchObject({
      type: 'web',
      main: 'index.html',
      title: 'Marquee',
      resolution: '1920x1080',
      disableBackHistoryAPI: true,
    });
    expect(appinfo.vendor).toBeTruthy();
    expect(appinfo.bgColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(pngSize(readFileSync(join(REPO_ROOT, 'assets', appinfo.icon)))).toEqual({ width: 80, height: 80 });
    expect(pngSize(readFileSync(join(REPO_ROOT, 'assets', appinfo.largeIcon ?? '')))).toEqual({
      width: 130,
      height: 130,
    });
  });

  it('Tizen config.xml: ids, TV profile, floor version, privileges, network access, 1080p landscape, Back key', () => {
    const config = readTizenConfig();
    expect(config.packageId).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(config.applicationId).toBe(`${config.packageId}.Marquee`);
    expect(config.requiredVersion).toBe('4.0');
    expect(config.content).toBe('index.html');
    expect(config.name).toBe('Marquee');
    const xml = config.xml;
    expect(xml).toContain('<tizen:profile name="tv-samsung"/>');
    expect(xml).toContain('<tizen:privilege name="http://tizen.org/privilege/internet"/>');
    expect(xml).toContain('<tizen:privilege name="http://tizen.org/privilege/tv.inputdevice"/>');
    // webapis.network (the TV's own address, for the LAN scan).
    expect(xml).toContain('<tizen:privilege name="http://developer.samsung.com/privilege/network.public"/>');
    expect(xml).toContain('<access origin="*" subdomains="true"/>');
    expect(xml).toContain('http://tizen.org/feature/screen.size.normal.1080.1920');
    expect(xml).toMatch(/<tizen:setting [^>]*screen-orientation="landscape"/);
    expect(xml).toMatch(/<tizen:setting [^>]*hwkey-event="enable"/);
    // Well-formed XML.
    const errors: string[] = [];
    new DOMParser({
      errorHandler: { error: (m) => errors.push(m), fatalError: (m) => errors.push(m) },
    }).parseFromString(xml, 'text/xml');
    expect(errors).toEqual([]);
  });
});

describe('webOS .ipk', () => {
  it('passes ares-package --check', () => {
    const staging = join(work, 'webos-check', readWebosAppinfo().id);
    stageWebos(staging);
    expect(listFiles(staging)).toEqual(
      expect.arrayContaining(['appinfo.json', 'icon-80.png', 'icon-130.png', 'index.html']),
    );
    expect(() => checkWebos(staging)).not.toThrow();
  });

  it('is refused by ares-package when appinfo.json breaks its rules (e.g. an uppercase id)', () => {
    // `--check` only looks at the directory layout; the id, version, schema and icon checks run when packing.
    const bad = join(work, 'bad-appinfo');
    for (const path of [
      'package.json',
      'platforms/webos/appinfo.json',
      'platforms/tizen/config.xml',
      'assets',
    ]) {
      mkdirSync(join(bad, path, '..'), { recursive: true });
      cpSync(join(REPO_ROOT, path), join(bad, path), { recursive: true });
    }
    const appinfo = JSON.parse(readFileSync(join(bad, 'platforms/webos/appinfo.json'), 'utf8'));
    writeFileSync(
      join(bad, 'platforms/webos/appinfo.json'),
      JSON.stringify({ ...appinfo, id: 'Com.Marquee.TV' }),
    );
    expect(() => packageWebos({ root: bad, distDir: DIST, outDir: join(work, 'bad-out') })).toThrow(
      /Invalid value <id>/,
    );
  });

  it('is an ar archive with the app under usr/palm/applications/<id>/', () => {
    const { id, version } = readWebosAppinfo();
    const { ipk } = packageWebos({ outDir: join(work, 'out') });
    expect(ipk).toBe(join(work, 'out', `${id}_${version}_all.ipk`));
    const members = readAr(readFileSync(ipk));
    expect([...members.keys()]).toEqual(['debian-binary', 'control.tar.gz', 'data.tar.gz']);
    expect(members.get('debian-binary')?.toString()).toBe('2.0\n');

    const control =
      readTarGz(members.get('control.tar.gz') as Buffer)
        .files.get('control')
        ?.toString() ?? '';
    expect(control).toMatch(new RegExp(`^Package: ${id.replace(/\./g, '\\.')}$`, 'm'));
    expect(control).toMatch(new RegExp(`^Version: ${version.replace(/\./g, '\\.')}$`, 'm'));
    expect(control).toMatch(/^Architecture: all$/m);

    const data = readTarGz(members.get('data.tar.gz') as Buffer).files;
    const app = `usr/palm/applications/${id}/`;
    expect(JSON.parse(data.get(`${app}appinfo.json`)?.toString() ?? '{}')).toEqual(readWebosAppinfo());
    expect(data.get(`${app}index.html`)?.equals(readFileSync(join(DIST, 'index.html')))).toBe(true);
    // Every file of dist/ is there, byte for byte (--no-minify: nothing rewritten).
    for (const file of listFiles(DIST)) {
      expect(data.get(app + file)?.equals(readFileSync(join(DIST, file))), file).toBe(true);
    }
    expect(data.has(`${app}icon-80.png`)).toBe(true);
    expect(data.has(`${app}icon-130.png`)).toBe(true);
  });
});

/** A self-signed CA and a certificate it issued, in a .p12 like Tizen Studio's certificate manager writes. */
function makeP12(commonName: string, password: string): string {
  const toForge = () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    const publicKey = forge.pki.rsa.setPublicKey(
      (key as forge.pki.rsa.PrivateKey).n,
      (key as forge.pki.rsa.PrivateKey).e,
    );
    return { key: key as forge.pki.rsa.PrivateKey, publicKey };
  };
  const certificate = (
    subject: string,
    issuer: string,
    publicKey: forge.pki.rsa.PublicKey,
    signer: forge.pki.rsa.PrivateKey,
    serial: string,
    ca: boolean,
  ) => {
    const cert = forge.pki.createCertificate();
    cert.publicKey = publicKey;
    cert.serialNumber = serial;
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
    cert.setSubject([{ name: 'commonName', value: subject }]);
    cert.setIssuer([{ name: 'commonName', value: issuer }]);
    cert.setExtensions([{ name: 'basicConstraints', cA: ca }]);
    cert.sign(signer, forge.md.sha256.create());
    return cert;
  };
  const ca = toForge();
  const leaf = toForge();
  const caName = `${commonName} CA`;
  const caCert = certificate(caName, caName, ca.publicKey, ca.key, '01', true);
  const leafCert = certificate(commonName, caName, leaf.publicKey, ca.key, '02', false);
  // CA first on purpose: the signer must still put the key's own certificate first.
  const p12 = forge.pkcs12.toPkcs12Asn1(leaf.key, [caCert, leafCert], password, { algorithm: '3des' });
  const path = join(work, `${commonName.replace(/\W/g, '')}.p12`);
  writeFileSync(path, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
  writeFileSync(`${path}.ca.pem`, forge.pki.certificateToPem(caCert));
  return path;
}

let signed: { wgt: string; signedBy: string; authorP12: string; distributorP12: string } | null = null;

/** One signed package for the tests below, with test-made author and distributor certificates. */
function signedPackage() {
  if (signed) return signed;
  const authorP12 = makeP12('Marquee Test Author', 'author-pw');
  const distributorP12 = makeP12('Marquee Test Distributor', 'dist-pw');
  const signing = { authorP12, authorPassword: 'author-pw', distributorP12, distributorPassword: 'dist-pw' };
  const result = packageTizen({ outDir: join(work, 'signed'), signing, useTizenCli: false, log: () => {} });
  signed = { ...result, authorP12, distributorP12 };
  return signed;
}

const hasXmlsec1 = spawnSync('xmlsec1', ['--version']).status === 0;

const SAMSUNG_AUTHOR_PROP_DIGEST = 'lpo8tUDs054eLlBQXiDPVDVKfw30ZZdtkRs1jd7H5K8=';

describe('Tizen .wgt', () => {
  it('unsigned: the app at the zip root, config.xml and icon beside index.html, no signature files', () => {
    const lines: string[] = [];
    const result = packageTizen({
      outDir: join(work, 'unsigned'),
      signing: null,
      useTizenCli: false,
      log: (l) => lines.push(l),
    });
    expect(result.signedBy).toBe('unsigned');
    expect(lines.join('\n')).toMatch(/UNSIGNED.*will refuse to install it/);
    const zip = unzipSync(readFileSync(result.wgt));
    const names = Object.keys(zip).sort();
    expect(names).toEqual([...listFiles(DIST), 'config.xml', 'icon.png'].sort());
    expect(Buffer.from(zip['config.xml'] as Uint8Array).toString()).toBe(readTizenConfig().xml);
    // index.html loads Samsung's webapis.js first in <head>; the rest is dist/index.html as built.
    const index = Buffer.from(zip['index.html'] as Uint8Array).toString();
    expect(index).toMatch(/<head>\s*<script src="\$WEBAPIS\/webapis\/webapis\.js"><\/script>/);
    expect(index.replace(`\n    ${SAMSUNG_WEBAPIS_SCRIPT}`, '')).toBe(
      readFileSync(join(DIST, 'index.html'), 'utf8'),
    );
    expect(pngSize(Buffer.from(zip['icon.png'] as Uint8Array)).width).toBeGreaterThanOrEqual(512);
    expect(names.some((name) => name.startsWith('assets/') && name.endsWith('.js'))).toBe(true);
  });

  it('signed: author and distributor signatures whose references, #prop and SignatureValue all verify', () => {
    const result = signedPackage();
    expect(result.signedBy).toBe('node');
    const zip = unzipSync(readFileSync(result.wgt));
    const appFiles = [...listFiles(DIST), 'config.xml', 'icon.png'].sort();
    expect(Object.keys(zip).sort()).toEqual([...appFiles, 'author-signature.xml', 'signature1.xml'].sort());

    const verifySignature = (file: string, id: string, role: string, covered: string[]) => {
      const xml = Buffer.from(zip[file] as Uint8Array).toString('utf8');
      const doc = new DOMParser().parseFromString(xml, 'text/xml');
      const root = doc.documentElement;
      expect(root.getAttribute('Id')).toBe(id);
      expect(root.namespaceURI).toBe('http://www.w3.org/2000/09/xmldsig#');
      const signedInfo = doc.getElementsByTagName('SignedInfo')[0];
      const method = (name: string) => doc.getElementsByTagName(name)[0]?.getAttribute('Algorithm');
      expect(method('CanonicalizationMethod')).toBe('http://www.w3.org/2001/10/xml-exc-c14n#');
      expect(method('SignatureMethod')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');

      const references = Array.from(doc.getElementsByTagName('Reference')).map((reference) => ({
        uri: reference.getAttribute('URI') ?? '',
        digest: reference.getElementsByTagName('DigestValue')[0]?.textContent ?? '',
        digestMethod: reference.getElementsByTagName('DigestMethod')[0]?.getAttribute('Algorithm'),
      }));
      const fileReferences = references.filter((reference) => reference.uri !== '#prop');
      // One reference per covered file, URI-encoded ("/" as %2F, as Tizen's signer writes it), in order.
      expect(fileReferences.map((reference) => reference.uri)).toEqual(covered.map(encodeURIComponent));
      for (const reference of fileReferences) {
        expect(reference.digestMethod).toBe('http://www.w3.org/2001/04/xmlenc#sha256');
        const bytes = zip[decodeURIComponent(reference.uri)] as Uint8Array;
        expect(createHash('sha256').update(bytes).digest('base64'), reference.uri).toBe(reference.digest);
      }

      // #prop: the digest of the canonical (C14N) Object with the widget profile, role and identifier.
      const prop = references.find((reference) => reference.uri === '#prop');
      const object = doc.getElementsByTagName('Object')[0];
      expect(object?.getAttribute('Id')).toBe('prop');
      const canonicalObject = new C14nCanonicalization().process(object as unknown as Node, {}) as string;
      expect(createHash('sha256').update(canonicalObject).digest('base64')).toBe(prop?.digest);
      expect(canonicalObject).toContain('<dsp:Profile URI="http://www.w3.org/ns/widgets-digsig#profile">');
      expect(canonicalObject).toContain(`<dsp:Role URI="http://www.w3.org/ns/widgets-digsig#role-${role}">`);
      expect(canonicalObject).toContain('<dsp:Identifier></dsp:Identifier>');
      if (role === 'author') expect(prop?.digest).toBe(SAMSUNG_AUTHOR_PROP_DIGEST);

      // SignatureValue: RSA-SHA256 over the exclusive-C14N SignedInfo, by the first certificate's key.
      const canonicalSignedInfo = new ExclusiveCanonicalization().process(
        signedInfo as unknown as Element,
        {},
      ) as string;
      const certificates = Array.from(doc.getElementsByTagName('X509Certificate')).map((element) =>
        Buffer.from((element.textContent ?? '').replace(/\s+/g, ''), 'base64'),
      );
      expect(certificates).toHaveLength(2);
      const leaf = forge.pki.certificateFromAsn1(
        forge.asn1.fromDer(certificates[0]?.toString('binary') ?? ''),
      );
      const publicKey = createPublicKey(forge.pki.publicKeyToPem(leaf.publicKey));
      const signature = Buffer.from(
        (doc.getElementsByTagName('SignatureValue')[0]?.textContent ?? '').replace(/\s+/g, ''),
        'base64',
      );
      expect(verify('RSA-SHA256', Buffer.from(canonicalSignedInfo), publicKey, signature)).toBe(true);
      // And the check can fail: a changed SignedInfo no longer verifies.
      expect(
        verify(
          'RSA-SHA256',
          Buffer.from(canonicalSignedInfo.replace('config.xml', 'config.xmL')),
          publicKey,
          signature,
        ),
      ).toBe(false);
      return leaf.subject.getField('CN')?.value as string;
    };

    expect(verifySignature('author-signature.xml', 'AuthorSignature', 'author', appFiles)).toBe(
      'Marquee Test Author',
    );
    const distributorCovers = [...appFiles, 'author-signature.xml'].sort();
    expect(verifySignature('signature1.xml', 'DistributorSignature', 'distributor', distributorCovers)).toBe(
      'Marquee Test Distributor',
    );
    expect(statSync(result.wgt).size).toBeGreaterThan(0);
  });
  // xmlsec1 (libxmlsec1, the XML-DSig library Tizen's own signature checks are built on) is not installed by
  // `npm ci`: this runs where it exists (`apt-get install xmlsec1`) and is skipped elsewhere.
  it.skipIf(!hasXmlsec1)(
    'signed: xmlsec1 verifies both signatures, their file references and certificate chains',
    () => {
      const { wgt, authorP12, distributorP12 } = signedPackage();
      const dir = join(work, 'xmlsec1');
      for (const [name, bytes] of Object.entries(unzipSync(readFileSync(wgt)))) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), bytes);
      }
      const verifyWith = (file: string, p12: string) =>
        spawnSync('xmlsec1', ['--verify', '--trusted-pem', `${p12}.ca.pem`, '--id-attr:Id', 'Object', file], {
          cwd: dir,
          encoding: 'utf8',
        });
      for (const [file, p12] of [
        ['author-signature.xml', authorP12],
        ['signature1.xml', distributorP12],
      ] as const) {
        const run = verifyWith(file, p12);
        expect(run.status, `${file}: ${run.stderr}`).toBe(0);
        expect(run.stderr).toMatch(/SignedInfo References \(ok\/all\): (\d+)\/\1/);
      }
      // A changed file breaks the signature.
      writeFileSync(
        join(dir, 'index.html'),
        `${readFileSync(join(dir, 'index.html'), 'utf8')}<!-- changed -->`,
      );
      expect(verifyWith('author-signature.xml', authorP12).status).not.toBe(0);
    },
  );
});

import { createHash, createSign } from 'node:crypto';
import forge from 'node-forge';

// Tizen widget signatures, per W3C XML Digital Signatures for Widgets
// (https://www.w3.org/TR/2018/OBSL-widgets-digsig-20181011/), in the shape Tizen Studio writes them
// (docs/platforms.md#tizen-packaging-and-signing; compare Samsung/TizenTVApps
// TVDemoAvPlayer/.sign/author-signature.xml):
// - one <Reference URI> per file: the path relative to the package root, encodeURIComponent'ed (so "/" is
//   "%2F", as Tizen's signer writes it), sorted, with a SHA-256 digest of the file's bytes;
// - a Reference to "#prop", the <Object> holding SignatureProperties (profile, role, empty identifier),
//   digested after C14N 1.1;
// - SignedInfo canonicalised with exclusive C14N and signed RSA-SHA256; KeyInfo carries the certificate chain.
//
// There is no general XML canonicaliser here: we write every byte of this XML ourselves, so we emit it in a
// form whose canonical serialisation we know exactly. Both canonical forms below are the element as written
// plus the one namespace declaration it inherits from <Signature> (xmlns="…xmldsig#"), which both C14N
// flavours render on the apex element of the subset: no other namespaces are in scope (the dsp prefix is
// declared inside the Object), attributes are already in canonical order, empty elements are written as
// start/end pairs, line ends are "\n", and no text or attribute value holds a character C14N would escape
// (URIs are percent-encoded; digests are base64). The tests check these forms with xml-crypto's canonicalisers.
//
// Not verified against a real TV here: a retail Samsung TV installs only packages signed with a Samsung
// certificate issued for its DUID (a Tizen certificate works on the emulator and, per user reports, some TVs),
// and the platform verifier's acceptance of these files is taken from the format, not from a device.

const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const C14N_11 = 'http://www.w3.org/2006/12/xml-c14n11';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

export type SignatureRole = 'author' | 'distributor';

export const AUTHOR_SIGNATURE_FILE = 'author-signature.xml';
export const DISTRIBUTOR_SIGNATURE_FILE = 'signature1.xml';

export interface SigningIdentity {
  /** PEM private key. */
  privateKeyPem: string;
  /** DER certificates, the signer's own first, then its issuers. */
  certificateChain: Buffer[];
}

export interface PackageFile {
  /** `/`-separated path relative to the package root. */
  path: string;
  bytes: Uint8Array;
}

export function signatureId(role: SignatureRole): string {
  return role === 'author' ? 'AuthorSignature' : 'DistributorSignature';
}

/** The files a signature covers: the author's covers the app; a distributor's also covers author-signature.xml. */
export function filesToSign(files: PackageFile[], role: SignatureRole): PackageFile[] {
  return files
    .filter((file) => !/^signature\d+\.xml$/.test(file.path))
    .filter((file) => role === 'distributor' || file.path !== AUTHOR_SIGNATURE_FILE)
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The <Object Id="prop"> as written inside <Signature>. */
export function propertiesObject(role: SignatureRole): string {
  const target = `#${signatureId(role)}`;
  return (
    '<Object Id="prop"><SignatureProperties xmlns:dsp="http://www.w3.org/2009/xmldsig-properties">' +
    `<SignatureProperty Id="profile" Target="${target}"><dsp:Profile URI="http://www.w3.org/ns/widgets-digsig#profile"></dsp:Profile></SignatureProperty>` +
    `<SignatureProperty Id="role" Target="${target}"><dsp:Role URI="http://www.w3.org/ns/widgets-digsig#role-${role}"></dsp:Role></SignatureProperty>` +
    `<SignatureProperty Id="identifier" Target="${target}"><dsp:Identifier></dsp:Identifier></SignatureProperty>` +
    '</SignatureProperties></Object>'
  );
}

/** C14N 1.1 of that Object (what the #prop Reference digests): the inherited default namespace made explicit. */
export function canonicalPropertiesObject(role: SignatureRole): string {
  return withDsigNamespace(propertiesObject(role), 'Object');
}

/** Builds one signature file (author-signature.xml or signature1.xml) over `files`. */
export function buildSignatureXml(
  role: SignatureRole,
  files: PackageFile[],
  identity: SigningIdentity,
): string {
  const references = filesToSign(files, role)
    .map((file) => reference(encodeURIComponent(file.path), sha256(file.bytes)))
    .join('');
  const prop =
    '<Reference URI="#prop">\n' +
    `<Transforms>\n<Transform Algorithm="${C14N_11}"></Transform>\n</Transforms>\n` +
    `<DigestMethod Algorithm="${SHA256}"></DigestMethod>\n` +
    `<DigestValue>${sha256(canonicalPropertiesObject(role))}</DigestValue>\n` +
    '</Reference>\n';
  const signedInfo =
    '<SignedInfo>\n' +
    `<CanonicalizationMethod Algorithm="${EXC_C14N}"></CanonicalizationMethod>\n` +
    `<SignatureMethod Algorithm="${RSA_SHA256}"></SignatureMethod>\n` +
    references +
    prop +
    '</SignedInfo>';
  const signer = createSign('RSA-SHA256');
  signer.update(canonicalSignedInfo(signedInfo), 'utf8');
  const signatureValue = signer.sign(identity.privateKeyPem, 'base64');
  const certificates = identity.certificateChain
    .map((der) => `<X509Certificate>\n${wrap(der.toString('base64'))}\n</X509Certificate>\n`)
    .join('');
  return (
    `<Signature xmlns="${DSIG_NS}" Id="${signatureId(role)}">\n` +
    `${signedInfo}\n` +
    `<SignatureValue>\n${wrap(signatureValue)}\n</SignatureValue>\n` +
    `<KeyInfo>\n<X509Data>\n${certificates}</X509Data>\n</KeyInfo>\n` +
    `${propertiesObject(role)}\n` +
    '</Signature>'
  );
}

/** Exclusive C14N of our SignedInfo: the default namespace it uses, declared on it; nothing else changes. */
export function canonicalSignedInfo(signedInfo: string): string {
  return withDsigNamespace(signedInfo, 'SignedInfo');
}

/** Author signature first (the distributor's covers it), then the distributor's. Returns the two new files. */
export function signWidget(
  files: PackageFile[],
  author: SigningIdentity,
  distributor: SigningIdentity,
): PackageFile[] {
  const authorXml = buildSignatureXml('author', files, author);
  const authorFile = { path: AUTHOR_SIGNATURE_FILE, bytes: Buffer.from(authorXml, 'utf8') };
  const distributorXml = buildSignatureXml('distributor', [...files, authorFile], distributor);
  return [authorFile, { path: DISTRIBUTOR_SIGNATURE_FILE, bytes: Buffer.from(distributorXml, 'utf8') }];
}

/** Reads a PKCS#12 file (as Tizen Studio's certificate manager writes them): the key and its certificate chain. */
export function identityFromP12(p12: Uint8Array, password: string): SigningIdentity {
  const asn1 = forge.asn1.fromDer(forge.util.binary.raw.encode(p12));
  const pkcs12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  const keyBags = [
    ...(pkcs12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ??
      []),
    ...(pkcs12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const key = keyBags.find((bag) => bag.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new Error('the .p12 holds no private key');
  const certificates = (pkcs12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => Boolean(cert));
  const own = certificates.find((cert) => {
    const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
    return publicKey.n?.equals(key.n) && publicKey.e?.equals(key.e);
  });
  if (!own) throw new Error('the .p12 holds no certificate for its private key');
  const chain = [
    own,
    ...issuersOf(
      own,
      certificates.filter((cert) => cert !== own),
    ),
  ];
  return {
    privateKeyPem: forge.pki.privateKeyToPem(key),
    certificateChain: chain.map((cert) =>
      Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'),
    ),
  };
}

/** The remaining certificates, the issuer of each before the next; any not in the chain go last. */
function issuersOf(leaf: forge.pki.Certificate, others: forge.pki.Certificate[]): forge.pki.Certificate[] {
  const ordered: forge.pki.Certificate[] = [];
  let current = leaf;
  const left = [...others];
  for (;;) {
    const index = left.findIndex((candidate) => current.isIssuer(candidate));
    if (index < 0 || current.isIssuer(current)) break;
    current = left.splice(index, 1)[0] as forge.pki.Certificate;
    ordered.push(current);
  }
  return [...ordered, ...left];
}

function reference(uri: string, digest: string): string {
  return (
    `<Reference URI="${uri}">\n` +
    `<DigestMethod Algorithm="${SHA256}"></DigestMethod>\n` +
    `<DigestValue>${digest}</DigestValue>\n` +
    '</Reference>\n'
  );
}

function withDsigNamespace(element: string, name: string): string {
  const open = `<${name}`;
  if (!element.startsWith(open)) throw new Error(`expected <${name}>`);
  return `${open} xmlns="${DSIG_NS}"${element.slice(open.length)}`;
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('base64');
}

function wrap(base64: string): string {
  return base64.match(/.{1,76}/g)?.join('\n') ?? '';
}

import { createPrivateKey, generateKeyPairSync, KeyObject, randomBytes, sign, X509Certificate } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { CertificateInfo, SigningError } from '../signing/signing-provider';
import { certificateInfo, parseCertificate, toBuffer } from './cms';

/** The name the development setup gives its CA (under DATA_DIR/ca). */
export const LOCAL_CA_NAME = 'naskah CA Lokal (pengembangan)';

const DAY = 86_400_000;
const FILE = 'local-ca.json';
/** id-kp-documentSigning (RFC 9336). */
const DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

interface Material {
  name: string;
  caCertificatePem: string;
  caKeyPem: string;
  tsaCertificatePem: string;
  tsaKeyPem: string;
}

export interface OfficialSubject {
  name: string;
  nip: string;
  organizationName: string;
}

type Attr = { type: string; value: string; valueTagClass: number };
const utf8 = (type: string, value: string): Attr => ({ type, value, valueTagClass: forge.asn1.Type.UTF8 });
const printable = (type: string, value: string): Attr => ({ type, value, valueTagClass: forge.asn1.Type.PRINTABLESTRING });
const CN = '2.5.4.3';
const SERIAL_NUMBER = '2.5.4.5';
const C = '2.5.4.6';
const O = '2.5.4.10';

const toForgePublic = (k: KeyObject) => forge.pki.publicKeyFromPem(k.export({ type: 'spki', format: 'pem' }).toString());
/** A positive 16-byte serial: the top bit clear so DER needs no padding byte, never zero. */
const serial = () => `${(0x40 | (randomBytes(1)[0] & 0x3f)).toString(16)}${randomBytes(15).toString('hex')}`;

function certificate(opts: {
  publicKey: KeyObject;
  subject: Attr[];
  issuer: forge.pki.Certificate | null;
  issuerKey: KeyObject;
  days: number;
  extensions: object[];
}): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = toForgePublic(opts.publicKey);
  cert.serialNumber = serial();
  // Back-dated an hour: a verifier whose clock is a little behind still sees it as valid.
  cert.validity.notBefore = new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = new Date(Date.now() + opts.days * DAY);
  cert.setSubject(opts.subject);
  cert.setIssuer(opts.issuer ? opts.issuer.subject.attributes : opts.subject);
  cert.setExtensions([
    ...opts.extensions,
    { name: 'subjectKeyIdentifier' },
    ...(opts.issuer ? [{ name: 'authorityKeyIdentifier', keyIdentifier: opts.issuer.generateSubjectKeyIdentifier().getBytes() }] : []),
  ]);
  // As forge's cert.sign(key, sha256) does, but the RSA signature made by node:crypto: forge's RSA in
  // JavaScript took about 0.3 s per certificate with the 3072-bit CA key (each official's TTE activation).
  cert.md = forge.md.sha256.create();
  cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
  cert.tbsCertificate = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  cert.signature = sign('sha256', Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary'), opts.issuerKey).toString('binary');
  return forge.pki.certificateToPem(cert);
}

function generate(name: string): Material {
  const ca = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const caSubject = [utf8(CN, name), utf8(O, 'naskah'), printable(C, 'ID')];
  const caCertificatePem = certificate({
    publicKey: ca.publicKey,
    subject: caSubject,
    issuer: null,
    issuerKey: ca.privateKey,
    days: 3650,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const tsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const tsaCertificatePem = certificate({
    publicKey: tsa.publicKey,
    subject: [utf8(CN, `${name} - Layanan Cap Waktu`), utf8(O, 'naskah'), printable(C, 'ID')],
    issuer: forge.pki.certificateFromPem(caCertificatePem),
    issuerKey: ca.privateKey,
    days: 3650,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
      // RFC 3161 §2.3: the TSA's certificate has exactly this one extended key usage, critical.
      { name: 'extKeyUsage', timeStamping: true, critical: true },
    ],
  });
  return {
    name,
    caCertificatePem,
    caKeyPem: ca.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    tsaCertificatePem,
    tsaKeyPem: tsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function read(file: string): Material | null {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return JSON.parse(raw) as Material;
}

/**
 * The project's own certificate authority for personal TTE in development and tests: a root CA, a
 * time-stamping certificate it issued, and the officials' certificates. Not BSrE, and never presented
 * as such.
 */
export class LocalCertificateAuthority {
  private readonly caKey: KeyObject;
  private readonly caForge: forge.pki.Certificate;
  readonly tsaKey: KeyObject;
  readonly caCertificate: X509Certificate;
  readonly tsaCertificate: X509Certificate;

  private constructor(private readonly material: Material) {
    this.caKey = createPrivateKey(material.caKeyPem);
    this.tsaKey = createPrivateKey(material.tsaKeyPem);
    this.caForge = forge.pki.certificateFromPem(material.caCertificatePem);
    this.caCertificate = new X509Certificate(material.caCertificatePem);
    this.tsaCertificate = new X509Certificate(material.tsaCertificatePem);
  }

  /**
   * The CA kept under `dir`, generated on first use. The file appears whole or not at all (hard link of
   * a complete temporary file, which fails if another process got there first), so processes opening
   * a new folder at the same moment all end up with the first one's CA.
   */
  static open(dir: string, name: string): LocalCertificateAuthority {
    const file = join(dir, FILE);
    const existing = read(file);
    if (existing) return new LocalCertificateAuthority(existing);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.${FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    writeFileSync(tmp, JSON.stringify(generate(name), null, 2), { mode: 0o600 });
    try {
      linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
    return new LocalCertificateAuthority(read(file)!);
  }

  get name(): string {
    return this.material.name;
  }

  get caCertificatePem(): string {
    return this.material.caCertificatePem;
  }

  get caCertificateDer(): Buffer {
    return this.caCertificate.raw;
  }

  get tsaCertificatePem(): string {
    return this.material.tsaCertificatePem;
  }

  get tsaCertificateDer(): Buffer {
    return this.tsaCertificate.raw;
  }

  /**
   * An official's signing certificate; the private key leaves here only encrypted under their passphrase.
   * With `crlUrl` the certificate names where its CA's revocation list is served (see `crl()`), which
   * validators that insist on a revocation check (pdfcpu, Adobe) need to call the signature valid.
   */
  issue(
    subject: OfficialSubject,
    passphrase: string,
    validityDays = 730,
    opts: { crlUrl?: string } = {},
  ): { certificatePem: string; encryptedKeyPem: string } {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const certificatePem = certificate({
      publicKey,
      subject: [utf8(CN, subject.name), printable(SERIAL_NUMBER, subject.nip), utf8(O, subject.organizationName), printable(C, 'ID')],
      issuer: this.caForge,
      issuerKey: this.caKey,
      days: validityDays,
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
        { name: 'extKeyUsage', emailProtection: true, [DOCUMENT_SIGNING]: true },
        ...(opts.crlUrl ? [{ name: 'cRLDistributionPoints', altNames: [{ type: 6, value: opts.crlUrl }] }] : []),
      ],
    });
    const encryptedKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString();
    return { certificatePem, encryptedKeyPem };
  }

  /** The CA's certificate revocation list (DER), freshly signed: no certificate is revoked (yet), valid a week. */
  crl(now = new Date()): Buffer {
    const ca = parseCertificate(this.caCertificateDer);
    const algorithm = () => new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_WITH_RSA, algorithmParams: new asn1js.Null() });
    const at = (ms: number) => new pkijs.Time({ type: 0, value: new Date(Math.floor(ms / 1000) * 1000) });
    const ski = ca.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as asn1js.OctetString | undefined;
    const crl = new pkijs.CertificateRevocationList({
      version: 1,
      signature: algorithm(),
      issuer: ca.subject,
      thisUpdate: at(now.getTime() - 3_600_000),
      nextUpdate: at(now.getTime() + 7 * DAY),
      crlExtensions: new pkijs.Extensions({
        extensions: [
          // CRL number: seconds since the epoch, so later lists have larger numbers.
          new pkijs.Extension({ extnID: '2.5.29.20', extnValue: new asn1js.Integer({ value: Math.floor(now.getTime() / 1000) }).toBER() }),
          ...(ski
            ? [
                new pkijs.Extension({
                  extnID: '2.5.29.35',
                  extnValue: new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: ski.valueBlock.valueHexView }) })
                    .toSchema()
                    .toBER(),
                }),
              ]
            : []),
        ],
      }),
    });
    const tbs = toBuffer(crl.toSchema(true).valueBlock.value[0].toBER());
    crl.tbsView = new Uint8Array(tbs);
    crl.signatureAlgorithm = algorithm();
    crl.signatureValue = new asn1js.BitString({ valueHex: sign('sha256', tbs, this.caKey) });
    return toBuffer(crl.toSchema().toBER());
  }

  static unlock(encryptedKeyPem: string, passphrase: string): KeyObject {
    try {
      return createPrivateKey({ key: encryptedKeyPem, format: 'pem', passphrase });
    } catch {
      throw new SigningError('WRONG_PASSPHRASE', 'Passphrase salah');
    }
  }

  static certificateInfo(pem: string | Buffer): CertificateInfo {
    return certificateInfo(pem);
  }
}

import { createHash, KeyObject, sign, verify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { CertificateInfo } from '../signing/signing-provider';

/**
 * CMS pieces shared by the PAdES signer, the time-stamp authority and the verifier. pkijs gives the
 * structures; the signatures themselves are made and checked with node:crypto, synchronously.
 */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

export const DIGEST_BY_OID: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();
export const toBuffer = (b: ArrayBuffer | ArrayBufferView): Buffer =>
  ArrayBuffer.isView(b) ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Buffer.from(b);

export function certificateInfo(cert: X509Certificate | string | Buffer): CertificateInfo {
  const c = cert instanceof X509Certificate ? cert : new X509Certificate(cert);
  return {
    subject: c.subject,
    issuer: c.issuer,
    serialNumber: c.serialNumber.replace(/^(00)+(?=.)/, '').toUpperCase(),
    notBefore: new Date(c.validFrom),
    notAfter: new Date(c.validTo),
  };
}

export function parseCertificate(der: Buffer): pkijs.Certificate {
  return pkijs.Certificate.fromBER(der);
}

export const sha256Algorithm = () => new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });

function signatureAlgorithm(key: KeyObject): pkijs.AlgorithmIdentifier {
  if (key.asymmetricKeyType === 'rsa') return new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() });
  if (key.asymmetricKeyType === 'ec') return new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 });
  throw new Error(`unsupported signing key type ${key.asymmetricKeyType}`);
}

/** ESS signing-certificate-v2 (RFC 5035): the SHA-256 of the signer's certificate with its issuer and serial. */
export function signingCertificateV2(cert: pkijs.Certificate, der: Buffer): pkijs.Attribute {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }).toSchema(),
      new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView }),
    ],
  });
  // hashAlgorithm is left out: SHA-256 is its DEFAULT, which DER omits.
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: sha256(der) }), issuerSerial] });
  return new pkijs.Attribute({
    type: OID.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}

export const attribute = (type: string, value: asn1js.BaseBlock) => new pkijs.Attribute({ type, values: [value] });

/**
 * One SignerInfo whose signed attributes are in DER order (a SET OF sorts by encoding; verifiers that
 * re-encode, such as Go's, would otherwise compute other bytes), signed with node:crypto.
 */
export function signerInfo(opts: { cert: pkijs.Certificate; key: KeyObject; signedAttributes: pkijs.Attribute[] }): pkijs.SignerInfo {
  const sorted = opts.signedAttributes
    .map((a) => ({ a, der: toBuffer(a.toSchema().toBER()) }))
    .sort((x, y) => Buffer.compare(x.der, y.der))
    .map((x) => x.a);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted });
  const toSign = toBuffer(new asn1js.Set({ value: sorted.map((a) => a.toSchema()) }).toBER());
  return new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: opts.cert.issuer,
      serialNumber: new asn1js.Integer({ valueHex: opts.cert.serialNumber.valueBlock.valueHexView }),
    }),
    digestAlgorithm: sha256Algorithm(),
    signedAttrs,
    signatureAlgorithm: signatureAlgorithm(opts.key),
    signature: new asn1js.OctetString({ valueHex: sign('sha256', toSign, opts.key) }),
  });
}

export function contentInfoDer(signedData: pkijs.SignedData): Buffer {
  return toBuffer(new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) }).toSchema().toBER());
}

function parseSignedData(contentInfo: Uint8Array): pkijs.SignedData {
  const info = pkijs.ContentInfo.fromBER(contentInfo);
  if (info.contentType !== OID.signedData) throw new Error('not CMS signed data');
  return new pkijs.SignedData({ schema: info.content });
}

const attributeValue = (attrs: pkijs.SignedAndUnsignedAttributes | undefined, type: string): asn1js.AsnType | undefined =>
  attrs?.attributes.find((a) => a.type === type)?.values[0];

/** The embedded certificate a SignerInfo names by issuer and serial number. */
function signerCertificate(sd: pkijs.SignedData, si: pkijs.SignerInfo): X509Certificate | undefined {
  const sid = si.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) return undefined;
  const serial = toBuffer(sid.serialNumber.valueBlock.valueHexView);
  const issuer = toBuffer(sid.issuer.toSchema().toBER());
  const match = (sd.certificates ?? []).find(
    (c) =>
      c instanceof pkijs.Certificate &&
      toBuffer(c.serialNumber.valueBlock.valueHexView).equals(serial) &&
      toBuffer(c.issuer.toSchema().toBER()).equals(issuer),
  );
  return match ? new X509Certificate(toBuffer(match.toSchema().toBER())) : undefined;
}

/**
 * Checks a SignerInfo with signed attributes: the message digest is the content's and the signature
 * over the attributes verifies under the embedded certificate it names, which is returned.
 */
function verifySignerInfo(sd: pkijs.SignedData, si: pkijs.SignerInfo, content: Uint8Array): { problem: string } | { cert: X509Certificate } {
  const digest = DIGEST_BY_OID[si.digestAlgorithm.algorithmId];
  if (!digest) return { problem: 'unsupported digest algorithm' };
  if (!si.signedAttrs) return { problem: 'no signed attributes' };
  const md = attributeValue(si.signedAttrs, OID.messageDigest);
  if (!(md instanceof asn1js.OctetString) || !toBuffer(md.valueBlock.valueHexView).equals(createHash(digest).update(content).digest()))
    return { problem: 'message digest mismatch' };
  const cert = signerCertificate(sd, si);
  if (!cert) return { problem: "the signer's certificate is not embedded" };
  const signed = toBuffer(si.signedAttrs.encodedValue);
  if (!verify(digest, signed, cert.publicKey, toBuffer(si.signature.valueBlock.valueHexView))) return { problem: 'bad signature' };
  return { cert };
}

export interface TimestampTokenInfo {
  genTime: Date;
  /** The time-stamped data's hash algorithm (node name) and value. */
  imprint: { digest: string; hash: Buffer };
  nonce: Buffer | null;
  tsaCertificate: X509Certificate;
}

/** Reads an RFC 3161 time-stamp token (a CMS ContentInfo) and checks its own signature. */
export function readTimestampToken(token: Uint8Array): TimestampTokenInfo {
  const sd = parseSignedData(token);
  if (sd.encapContentInfo.eContentType !== OID.tstInfo || !sd.encapContentInfo.eContent) throw new Error('not a time-stamp token');
  if (sd.signerInfos.length !== 1) throw new Error('a time-stamp token has one signer');
  const tstInfoDer = new Uint8Array(sd.encapContentInfo.eContent.getValue());
  const checked = verifySignerInfo(sd, sd.signerInfos[0], tstInfoDer);
  if ('problem' in checked) throw new Error(`time-stamp token: ${checked.problem}`);
  const contentType = attributeValue(sd.signerInfos[0].signedAttrs, OID.contentType);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== OID.tstInfo)
    throw new Error('time-stamp token: wrong content type attribute');
  const tst = pkijs.TSTInfo.fromBER(tstInfoDer);
  const digest = DIGEST_BY_OID[tst.messageImprint.hashAlgorithm.algorithmId];
  if (!digest) throw new Error('time-stamp token: unsupported imprint algorithm');
  return {
    genTime: tst.genTime,
    imprint: { digest, hash: toBuffer(tst.messageImprint.hashedMessage.valueBlock.valueHexView) },
    nonce: tst.nonce ? toBuffer(tst.nonce.valueBlock.valueHexView) : null,
    tsaCertificate: checked.cert,
  };
}

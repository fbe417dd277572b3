import { createHash, KeyObject, sign, verify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { CertificateInfo } from '../signing/signing-provider';
import { body, children, der, Der, expectTag, generalizedTime, oid, TAG, tlv, whole } from './der';

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

/** Parsed certificates by DER (the CA's and TSA's are in every signature): a schema parse costs about a millisecond each. */
const parsedCertificates = new Map<string, pkijs.Certificate>();
const PARSED_CERTIFICATES_KEPT = 64;

/** The certificate as pkijs structures, shared between callers: treat it as read-only. */
export function parseCertificate(bytes: Buffer): pkijs.Certificate {
  const key = bytes.toString('base64');
  const hit = parsedCertificates.get(key);
  if (hit) return hit;
  const cert = pkijs.Certificate.fromBER(bytes);
  if (parsedCertificates.size >= PARSED_CERTIFICATES_KEPT) parsedCertificates.delete(parsedCertificates.keys().next().value!);
  parsedCertificates.set(key, cert);
  return cert;
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

const oidDer = (value: string) => toBuffer(new asn1js.ObjectIdentifier({ value }).toBER());
const SIGNED_DATA_OID = oidDer(OID.signedData);
const SIGNATURE_TIME_STAMP_TOKEN_OID = oidDer(OID.signatureTimeStampToken);
const SHA256_ALGORITHM = toBuffer(sha256Algorithm().toSchema().toBER());

/**
 * A CMS ContentInfo with SignedData (RFC 5652 §5.1) assembled from parts already encoded: the
 * certificates as issued and the SignerInfo, with its time-stamp token (an unsigned attribute) as the
 * TSA sent it. The same bytes pkijs encodes from its structures, without parsing the token and the
 * certificates back into them and re-encoding them for every signature.
 */
export function signedDataDer(opts: {
  version: number;
  eContentType: string;
  /** Encapsulated content (a TSTInfo); absent for a detached signature. */
  eContent?: Buffer;
  certificates: Buffer[];
  signerInfo: pkijs.SignerInfo;
  timestampToken?: Buffer;
}): Buffer {
  let signer = toBuffer(opts.signerInfo.toSchema().toBER());
  if (opts.timestampToken) {
    // unsignedAttrs [1] IMPLICIT SET OF Attribute, after the signature (RFC 5652 §5.3; ETSI EN 319 122-1 §5.3).
    const token = tlv(TAG.sequence, SIGNATURE_TIME_STAMP_TOKEN_OID, tlv(TAG.set, opts.timestampToken));
    signer = tlv(TAG.sequence, body(signer, der(signer, 0)), tlv(TAG.context1, token));
  }
  const encapContentInfo = tlv(
    TAG.sequence,
    oidDer(opts.eContentType),
    ...(opts.eContent ? [tlv(TAG.context0, tlv(TAG.octetString, opts.eContent))] : []),
  );
  const signedData = tlv(
    TAG.sequence,
    tlv(TAG.integer, Buffer.from([opts.version])),
    tlv(TAG.set, SHA256_ALGORITHM),
    encapContentInfo,
    ...(opts.certificates.length ? [tlv(TAG.context0, ...opts.certificates)] : []),
    tlv(TAG.set, signer),
  );
  return tlv(TAG.sequence, SIGNED_DATA_OID, tlv(TAG.context0, signedData));
}

export interface TimestampTokenInfo {
  genTime: Date;
  /** The time-stamped data's hash algorithm (node name) and value. */
  imprint: { digest: string; hash: Buffer };
  nonce: Buffer | null;
  tsaCertificate: X509Certificate;
}

/** An OCTET STRING's content, primitive or constructed (pkijs, as in our TSA's tokens, sends eContent in 64 KiB pieces). */
function octets(buf: Buffer, d: Der | undefined): Buffer {
  if (d?.tag === TAG.octetString) return body(buf, d);
  if (d?.tag === TAG.octetString + 0x20) return Buffer.concat(children(buf, d).map((c) => octets(buf, c)));
  throw new Error('OCTET STRING expected');
}

/** The one signer's checks: message digest over `content`, the content-type attribute, and the signature under the certificate it names. */
function verifyTokenSigner(buf: Buffer, signer: Der, certificates: Der[], content: Buffer): X509Certificate {
  const [, sid, digestAlgorithm, attributes, , signature] = children(buf, expectTag(signer, TAG.sequence, 'SignerInfo'));
  const digest =
    DIGEST_BY_OID[oid(body(buf, expectTag(children(buf, expectTag(digestAlgorithm, TAG.sequence, 'digest algorithm'))[0], TAG.oid, 'OID')))];
  if (!digest) throw new Error('time-stamp token: unsupported digest algorithm');
  if (attributes?.tag !== TAG.context0) throw new Error('time-stamp token: no signed attributes');
  const values = new Map(
    children(buf, attributes).map((attr) => {
      const [type, set] = children(buf, expectTag(attr, TAG.sequence, 'attribute'));
      return [oid(body(buf, expectTag(type, TAG.oid, 'attribute type'))), children(buf, expectTag(set, TAG.set, 'attribute values'))[0]] as const;
    }),
  );
  const md = values.get(OID.messageDigest);
  if (md?.tag !== TAG.octetString || !body(buf, md).equals(createHash(digest).update(content).digest()))
    throw new Error('time-stamp token: message digest mismatch');
  // The certificate named by issuer and serial number (a subject key identifier names none here).
  const [issuer, serial] = sid.tag === TAG.sequence ? children(buf, sid) : [];
  const named =
    issuer &&
    serial &&
    certificates.find((c) => {
      const tbs = children(buf, children(buf, c)[0]);
      const [certSerial, , certIssuer] = tbs[0].tag === TAG.context0 ? tbs.slice(1) : tbs;
      return whole(buf, certSerial).equals(whole(buf, serial)) && whole(buf, certIssuer).equals(whole(buf, issuer));
    });
  if (!named) throw new Error("time-stamp token: the signer's certificate is not embedded");
  const cert = new X509Certificate(whole(buf, named));
  // The signature is over the DER of the signed attributes as a SET (RFC 5652 §5.4).
  const signed = Buffer.from(whole(buf, attributes));
  signed[0] = TAG.set;
  if (!verify(digest, signed, cert.publicKey, body(buf, expectTag(signature, TAG.octetString, 'signature'))))
    throw new Error('time-stamp token: bad signature');
  const contentType = values.get(OID.contentType);
  if (contentType?.tag !== TAG.oid || oid(body(buf, contentType)) !== OID.tstInfo) throw new Error('time-stamp token: wrong content type attribute');
  return cert;
}

/**
 * Reads an RFC 3161 time-stamp token (a CMS ContentInfo) and checks its own signature. Read in place
 * with the DER reader: a schema parse of the token and its certificates cost several milliseconds
 * of every PAdES B-T signature. A token the strict reader cannot read (BER: indefinite lengths,
 * as some TSAs send) is read by pkijs, with the same checks.
 */
export function readTimestampToken(token: Uint8Array): TimestampTokenInfo {
  try {
    return readDerTimestampToken(token);
  } catch (strict) {
    try {
      return readBerTimestampToken(token);
    } catch {
      throw strict;
    }
  }
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

/** The token through pkijs's schema parse (BER): the message digest, the signer's signature, the content type, the imprint. */
function readBerTimestampToken(token: Uint8Array): TimestampTokenInfo {
  const sd = parseSignedData(token);
  if (sd.encapContentInfo.eContentType !== OID.tstInfo || !sd.encapContentInfo.eContent) throw new Error('not a time-stamp token');
  if (sd.signerInfos.length !== 1) throw new Error('a time-stamp token has one signer');
  const si = sd.signerInfos[0];
  const tstInfoDer = new Uint8Array(sd.encapContentInfo.eContent.getValue());
  const digest = DIGEST_BY_OID[si.digestAlgorithm.algorithmId];
  if (!digest) throw new Error('time-stamp token: unsupported digest algorithm');
  if (!si.signedAttrs) throw new Error('time-stamp token: no signed attributes');
  const md = attributeValue(si.signedAttrs, OID.messageDigest);
  if (!(md instanceof asn1js.OctetString) || !toBuffer(md.valueBlock.valueHexView).equals(createHash(digest).update(tstInfoDer).digest()))
    throw new Error('time-stamp token: message digest mismatch');
  const cert = signerCertificate(sd, si);
  if (!cert) throw new Error("time-stamp token: the signer's certificate is not embedded");
  if (!verify(digest, toBuffer(si.signedAttrs.encodedValue), cert.publicKey, toBuffer(si.signature.valueBlock.valueHexView)))
    throw new Error('time-stamp token: bad signature');
  const contentType = attributeValue(si.signedAttrs, OID.contentType);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== OID.tstInfo)
    throw new Error('time-stamp token: wrong content type attribute');
  const tst = pkijs.TSTInfo.fromBER(tstInfoDer);
  const imprintDigest = DIGEST_BY_OID[tst.messageImprint.hashAlgorithm.algorithmId];
  if (!imprintDigest) throw new Error('time-stamp token: unsupported imprint algorithm');
  return {
    genTime: tst.genTime,
    imprint: { digest: imprintDigest, hash: toBuffer(tst.messageImprint.hashedMessage.valueBlock.valueHexView) },
    nonce: tst.nonce ? toBuffer(tst.nonce.valueBlock.valueHexView) : null,
    tsaCertificate: cert,
  };
}

function readDerTimestampToken(token: Uint8Array): TimestampTokenInfo {
  const buf = Buffer.from(token.buffer, token.byteOffset, token.byteLength);
  const [type, explicit] = children(buf, expectTag(der(buf, 0), TAG.sequence, 'ContentInfo'));
  if (oid(body(buf, expectTag(type, TAG.oid, 'content type'))) !== OID.signedData || explicit?.tag !== TAG.context0)
    throw new Error('not CMS signed data');
  const parts = children(buf, expectTag(children(buf, explicit)[0], TAG.sequence, 'SignedData'));
  const [eType, eExplicit] = children(buf, expectTag(parts[2], TAG.sequence, 'EncapsulatedContentInfo'));
  if (oid(body(buf, expectTag(eType, TAG.oid, 'content type'))) !== OID.tstInfo || eExplicit?.tag !== TAG.context0)
    throw new Error('not a time-stamp token');
  const tstInfo = octets(buf, children(buf, eExplicit)[0]);
  const certificateSet = parts.slice(3, -1).find((p) => p.tag === TAG.context0);
  const certificates = (certificateSet ? children(buf, certificateSet) : []).filter((c) => c.tag === TAG.sequence);
  const signers = children(buf, expectTag(parts.at(-1), TAG.set, 'signerInfos'));
  if (signers.length !== 1) throw new Error('a time-stamp token has one signer');
  const tsaCertificate = verifyTokenSigner(buf, signers[0], certificates, tstInfo);
  // TSTInfo: version, policy, messageImprint, serialNumber, genTime, then accuracy, ordering, nonce, ... (RFC 3161 §2.4.2)
  const tst = Buffer.from(tstInfo);
  const fields = children(tst, expectTag(der(tst, 0), TAG.sequence, 'TSTInfo'));
  const [algorithm, hash] = children(tst, expectTag(fields[2], TAG.sequence, 'messageImprint'));
  const digest = DIGEST_BY_OID[oid(body(tst, expectTag(children(tst, expectTag(algorithm, TAG.sequence, 'hash algorithm'))[0], TAG.oid, 'OID')))];
  if (!digest) throw new Error('time-stamp token: unsupported imprint algorithm');
  const nonce = fields.slice(5).find((f) => f.tag === TAG.integer);
  return {
    genTime: generalizedTime(body(tst, expectTag(fields[4], TAG.generalizedTime, 'genTime'))),
    imprint: { digest, hash: Buffer.from(body(tst, expectTag(hash, TAG.octetString, 'hashedMessage'))) },
    nonce: nonce ? Buffer.from(body(tst, nonce)) : null,
    tsaCertificate,
  };
}

import { createHash, KeyObject, randomBytes } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import signpdf from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningError } from '../signing/signing-provider';
import {
  attribute,
  OID,
  parseCertificate,
  readTimestampToken,
  sha256,
  sha256Algorithm,
  signedDataDer,
  signerInfo,
  signingCertificateV2,
  toBuffer,
} from './cms';
import { body, children, der, expectTag, TAG, whole } from './der';

export interface PadesOptions {
  key: KeyObject;
  /** DER certificates: the signer's first, then its issuers. */
  chain: Buffer[];
  reason: string;
  name: string;
  location: string;
  contactInfo: string;
  /** An RFC 3161 time-stamp authority: with it the signature is PAdES B-T, without it B-B. */
  tsaUrl?: string;
  /** For the time-stamp request; 10 s by default. */
  timeoutMs?: number;
}

/** Room for the CMS in /Contents, in bytes: the chain, the signature and a time-stamp token with its own certificates. */
const SIGNATURE_LENGTH = 32768;

const TSA_UNAVAILABLE = 'Layanan cap waktu (TSA) tidak dapat dihubungi; coba lagi nanti';
const TSA_BAD_REPLY = 'Layanan cap waktu (TSA) memberikan jawaban yang tidak sah; coba lagi nanti';

class PadesCmsSigner extends Signer {
  timestampedAt: Date | null = null;

  constructor(private readonly opts: PadesOptions) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    const cert = parseCertificate(this.opts.chain[0]);
    // PAdES B-B (ETSI EN 319 142-1 §5.3): content-type, message-digest and signing-certificate-v2
    // are signed; no signing-time (the claimed time is the dictionary's /M, the trusted one the time-stamp).
    const si = signerInfo({
      cert,
      key: this.opts.key,
      signedAttributes: [
        attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
        attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: sha256(pdfBuffer) })),
        signingCertificateV2(cert, this.opts.chain[0]),
      ],
    });
    let timestampToken: Buffer | undefined;
    if (this.opts.tsaUrl) {
      const signatureValue = toBuffer(si.signature.valueBlock.valueHexView);
      const { token, genTime } = await requestTimestamp(this.opts.tsaUrl, signatureValue, this.opts.timeoutMs ?? 10_000);
      timestampToken = token;
      this.timestampedAt = genTime;
    }
    return signedDataDer({ version: 1, eContentType: OID.data, certificates: this.opts.chain, signerInfo: si, timestampToken });
  }
}

/**
 * A PAdES signature (SubFilter ETSI.CAdES.detached) over the whole PDF with the given key and chain:
 * baseline B-B, or B-T when a time-stamp authority is given. A TSA that cannot be reached, times out
 * or answers wrongly is a SigningError('UNAVAILABLE'): no letter is signed without its time-stamp.
 */
export async function signPades(pdf: Buffer, opts: PadesOptions): Promise<{ pdf: Buffer; timestampedAt: Date | null }> {
  if (!opts.chain.length) throw new Error('signPades needs at least the signer certificate');
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: opts.reason,
    name: opts.name,
    location: opts.location,
    contactInfo: opts.contactInfo,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  const signer = new PadesCmsSigner(opts);
  const signed = await signpdf.sign(withPlaceholder, signer);
  return { pdf: signed, timestampedAt: signer.timestampedAt };
}

/** RFC 3161 over HTTP (§3.4): the token for `data`'s SHA-256, checked against the request before it is used. */
export async function requestTimestamp(url: string, data: Buffer, timeoutMs: number): Promise<{ token: Buffer; genTime: Date }> {
  const imprint = createHash('sha256').update(data).digest();
  const nonce = randomBytes(8);
  nonce[0] &= 0x7f;
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({ hashAlgorithm: sha256Algorithm(), hashedMessage: new asn1js.OctetString({ valueHex: imprint }) }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  let reply: Buffer;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: toBuffer(request.toSchema().toBER()),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    reply = Buffer.from(await res.arrayBuffer());
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch {
    throw new SigningError('UNAVAILABLE', TSA_UNAVAILABLE);
  }
  try {
    // TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken OPTIONAL } (RFC 3161 §2.4.2): the token's bytes as sent.
    const resp = expectTag(der(reply, 0), TAG.sequence, 'TimeStampResp');
    const [statusInfo, tokenElement] = children(reply, resp);
    const status = body(reply, expectTag(children(reply, expectTag(statusInfo, TAG.sequence, 'PKIStatusInfo'))[0], TAG.integer, 'PKIStatus'));
    if (status.length !== 1 || (status[0] !== pkijs.PKIStatus.granted && status[0] !== pkijs.PKIStatus.grantedWithMods))
      throw new Error('not granted');
    if (!tokenElement) throw new Error('no token');
    const token = Buffer.from(whole(reply, tokenElement));
    const info = readTimestampToken(token);
    if (info.imprint.digest !== 'sha256' || !info.imprint.hash.equals(imprint)) throw new Error('imprint');
    if (!info.nonce || BigInt(`0x${info.nonce.toString('hex')}`) !== BigInt(`0x${nonce.toString('hex')}`)) throw new Error('nonce');
    return { token, genTime: info.genTime };
  } catch {
    throw new SigningError('UNAVAILABLE', TSA_BAD_REPLY);
  }
}

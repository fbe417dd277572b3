import { createHash, verify, X509Certificate } from 'node:crypto';
import { certificateInfo, OID, readTimestampToken } from './pades/cms';
import { body, children, der, oid, whole } from './pades/der';
import type { CertificateInfo } from './signing/signing-provider';

const bareHex = (hex: string) => hex.replace(/^0+/, '').toUpperCase();

const SIGNED_DATA = '1.2.840.113549.1.7.2';
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const SEQUENCE = 0x30;
const SET = 0x31;
const CONTEXT_0 = 0xa0;
const CONTEXT_1 = 0xa1;

export type PdfSignatureCheck =
  | {
      ok: true;
      certificateSha256: string;
      subject: string;
      /** The signer's certificate. */
      certificate: CertificateInfo;
      /** The genTime of the signature's RFC 3161 time-stamp (PAdES B-T), null without one. */
      timestampedAt: Date | null;
      /** Certificates from the signer's up its issuers as far as the signature embeds them (signer and CA: 2). */
      chainLength: number;
    }
  | { ok: false; problem: string };

/** The signer's certificate, then each issuer found among the embedded certificates (by name and signature). */
function chainFrom(cert: X509Certificate, certificates: X509Certificate[]): X509Certificate[] {
  const chain = [cert];
  for (let cur = cert; chain.length <= certificates.length;) {
    if (cur.checkIssued(cur)) break;
    const issuer = certificates.find((x) => !chain.includes(x) && cur.checkIssued(x) && cur.verify(x.publicKey));
    if (!issuer) break;
    chain.push(issuer);
    cur = issuer;
  }
  return chain;
}

/**
 * Checks the PDF's one PAdES signature: its byte range covers the whole file but the signature
 * itself, the CMS message digest is the digest of those bytes, and the signed attributes verify
 * under the certificate the signature names. Whether that certificate is trusted is not decided
 * here (pdfsig and the BSrE chain do that).
 */
export function checkPdfSignature(pdf: Buffer): PdfSignatureCheck {
  const fail = (problem: string): PdfSignatureCheck => ({ ok: false, problem });
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  if (ranges.length !== 1) return fail(ranges.length ? `${ranges.length} signatures, one expected` : 'no signature');
  const [a, b, c, d] = ranges[0].slice(1).map(Number);
  if (a !== 0 || b <= 0 || c <= b || c + d !== pdf.length) return fail('the signature does not cover the whole file');
  const contents = /^<([0-9a-fA-F]+)>$/.exec(text.slice(b, c));
  if (!contents) return fail('the signature contents are not where the byte range leaves room for them');
  const signed = Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]);
  try {
    const cms = Buffer.from(contents[1], 'hex');
    const [type, explicit] = children(cms, der(cms, 0));
    if (oid(body(cms, type)) !== SIGNED_DATA || explicit?.tag !== CONTEXT_0) return fail('the signature is not CMS signed data');
    const signedData = children(cms, explicit)[0];
    const parts = children(cms, signedData);
    const certificateSet = parts.find((p) => p.tag === CONTEXT_0);
    const certificates = (certificateSet ? children(cms, certificateSet) : [])
      .filter((p) => p.tag === SEQUENCE)
      .map((p) => new X509Certificate(whole(cms, p)));
    const signerInfos = parts.at(-1)!;
    const signers = signerInfos.tag === SET ? children(cms, signerInfos) : [];
    if (signers.length !== 1) return fail(`${signers.length} signers, one expected`);
    const [, sid, digestAlgorithm, attributes, , signature, unsigned] = children(cms, signers[0]);
    if (attributes?.tag !== CONTEXT_0) return fail('the signature has no signed attributes');
    const digest = DIGESTS[oid(body(cms, children(cms, digestAlgorithm)[0]))];
    if (!digest) return fail('unsupported digest algorithm');
    const messageDigest = children(cms, attributes)
      .map((attr) => children(cms, attr))
      .find(([id]) => oid(body(cms, id)) === MESSAGE_DIGEST);
    const expected = messageDigest && body(cms, children(cms, messageDigest[1])[0]);
    if (!expected || !expected.equals(createHash(digest).update(signed).digest()))
      return fail('the signed bytes do not match the signature (the file was changed)');
    const serial = sid.tag === SEQUENCE ? bareHex(body(cms, children(cms, sid)[1]).toString('hex')) : null;
    const cert = certificates.find((x) => bareHex(x.serialNumber) === serial) ?? (certificates.length === 1 ? certificates[0] : undefined);
    if (!cert) return fail("the signer's certificate is not in the signature");
    // The signature is over the DER of the signed attributes as a SET (RFC 5652 §5.4).
    const signedAttributes = Buffer.from(whole(cms, attributes));
    signedAttributes[0] = SET;
    if (!verify(digest, signedAttributes, cert.publicKey, body(cms, signature))) return fail('the signature does not verify under its certificate');
    let timestampedAt: Date | null = null;
    const tokenAttribute = (unsigned?.tag === CONTEXT_1 ? children(cms, unsigned) : [])
      .map((attr) => children(cms, attr))
      .find(([id]) => oid(body(cms, id)) === OID.signatureTimeStampToken);
    if (tokenAttribute) {
      // The time-stamp counts only if it is over this very signature value (ETSI EN 319 122-1 §5.3).
      const token = readTimestampToken(whole(cms, children(cms, tokenAttribute[1])[0]));
      if (!token.imprint.hash.equals(createHash(token.imprint.digest).update(body(cms, signature)).digest()))
        return fail('the time-stamp is not over this signature');
      timestampedAt = token.genTime;
    }
    return {
      ok: true,
      certificateSha256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
      subject: cert.subject,
      certificate: certificateInfo(cert),
      timestampedAt,
      chainLength: chainFrom(cert, certificates).length,
    };
  } catch (e) {
    return fail(`unreadable signature (${e instanceof Error ? e.message : String(e)})`);
  }
}

import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { attribute, DIGEST_BY_OID, OID, parseCertificate, sha256, signedDataDer, signerInfo, signingCertificateV2, toBuffer } from './cms';
import { TAG, tlv } from './der';
import { LocalCertificateAuthority } from './local-ca';

/** The local TSA's policy: OpenSSL's example TSA policy, as development TSAs use; no registered policy is claimed. */
export const LOCAL_TSA_POLICY = '1.2.3.4.1';

const MAX_REQUEST = 64 * 1024;
const DIGEST_LENGTH: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };

/** PKIFailureInfo bits (RFC 3161 §2.4.2). */
const FAIL = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15, unacceptedExtension: 16, systemFailure: 25 } as const;

class Rejection extends Error {
  constructor(
    readonly bit: number,
    message: string,
  ) {
    super(message);
  }
}

function failInfo(bit: number): asn1js.BitString {
  // A named BIT STRING in DER: no trailing zero bits.
  const bytes = new Uint8Array(Math.floor(bit / 8) + 1);
  bytes[bytes.length - 1] = 0x80 >> (bit % 8);
  return new asn1js.BitString({ valueHex: bytes, unusedBits: 7 - (bit % 8) });
}

function rejection(bit: number, text: string): Buffer {
  const status = new pkijs.PKIStatusInfo({
    status: pkijs.PKIStatus.rejection,
    statusStrings: [new asn1js.Utf8String({ value: text })],
    failInfo: failInfo(bit),
  });
  return toBuffer(new pkijs.TimeStampResp({ status }).toSchema().toBER());
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REQUEST) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_REQUEST ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseRequest(body: Buffer): pkijs.TimeStampReq {
  let req: pkijs.TimeStampReq;
  try {
    req = pkijs.TimeStampReq.fromBER(body);
  } catch {
    throw new Rejection(FAIL.badDataFormat, 'malformed TimeStampReq');
  }
  if (req.version !== 1) throw new Rejection(FAIL.badRequest, 'unsupported version');
  const digest = DIGEST_BY_OID[req.messageImprint.hashAlgorithm.algorithmId];
  if (!digest) throw new Rejection(FAIL.badAlg, 'unsupported hash algorithm');
  if (req.messageImprint.hashedMessage.valueBlock.valueHexView.byteLength !== DIGEST_LENGTH[digest])
    throw new Rejection(FAIL.badDataFormat, 'hashed message of the wrong length');
  if (req.reqPolicy && req.reqPolicy !== LOCAL_TSA_POLICY) throw new Rejection(FAIL.unacceptedPolicy, 'unaccepted policy');
  if (req.extensions?.length) throw new Rejection(FAIL.unacceptedExtension, 'no extensions are supported');
  return req;
}

/** PKIStatusInfo { status granted }. */
const GRANTED = toBuffer(new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }).toSchema().toBER());

function grant(ca: LocalCertificateAuthority, req: pkijs.TimeStampReq, chain: { tsa: pkijs.Certificate; ca: pkijs.Certificate }): Buffer {
  // Whole seconds: a DER GeneralizedTime carries no trailing zero fraction, and the accuracy is a second.
  const genTime = new Date(Math.floor(Date.now() / 1000) * 1000);
  const serialNumber = randomBytes(16);
  serialNumber[0] = 0x40 | (serialNumber[0] & 0x3f);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: LOCAL_TSA_POLICY,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: req.messageImprint.hashAlgorithm.algorithmId }),
      hashedMessage: new asn1js.OctetString({ valueHex: req.messageImprint.hashedMessage.valueBlock.valueHexView }),
    }),
    serialNumber: new asn1js.Integer({ valueHex: serialNumber }),
    genTime,
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(req.nonce && { nonce: new asn1js.Integer({ valueHex: req.nonce.valueBlock.valueHexView }) }),
    tsa: new pkijs.GeneralName({ type: 4, value: chain.tsa.subject }),
  });
  const tstDer = toBuffer(tstInfo.toSchema().toBER());
  const si = signerInfo({
    cert: chain.tsa,
    key: ca.tsaKey,
    signedAttributes: [
      attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.tstInfo })),
      // Not required by RFC 3161, but verifiers such as pdfcpu read the token's time from it.
      attribute(OID.signingTime, new asn1js.UTCTime({ valueDate: genTime })),
      attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: sha256(tstDer) })),
      signingCertificateV2(chain.tsa, ca.tsaCertificateDer),
    ],
  });
  const token = signedDataDer({
    version: 3,
    eContentType: OID.tstInfo,
    eContent: tstDer,
    certificates: req.certReq ? [ca.tsaCertificateDer, ca.caCertificateDer] : [],
    signerInfo: si,
  });
  return tlv(TAG.sequence, GRANTED, token);
}

/**
 * A small RFC 3161 time-stamp authority over HTTP (§3.4) with the local CA's TSA certificate: for
 * development and tests, where the signatures are PAdES B-T like BSrE's. Every malformed request
 * gets a rejection status, never a crash. It also serves the local CA's revocation list (GET /ca.crl,
 * the `crlUrl` to issue certificates with) and certificate (GET /ca.crt).
 */
export async function startTimestampAuthority(opts: {
  ca: LocalCertificateAuthority;
  host?: string;
  port?: number;
}): Promise<{ url: string; crlUrl: string; close(): Promise<void> }> {
  const chain = { tsa: parseCertificate(opts.ca.tsaCertificateDer), ca: parseCertificate(opts.ca.caCertificateDer) };
  const server = createServer((req, res) => {
    const reply = (status: number, body: Buffer, type = 'application/timestamp-reply') =>
      res.writeHead(status, { 'content-type': type, 'content-length': body.length }).end(body);
    if (req.method === 'GET' && req.url === '/ca.crl') return reply(200, opts.ca.crl(), 'application/pkix-crl');
    if (req.method === 'GET' && req.url === '/ca.crt') return reply(200, opts.ca.caCertificateDer, 'application/pkix-cert');
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return reply(405, Buffer.from('POST an application/timestamp-query\n'), 'text/plain');
    }
    readBody(req).then(
      (body) => {
        try {
          if (body === null) throw new Rejection(FAIL.badRequest, 'request too large');
          if (!/^application\/timestamp-query\b/i.test(req.headers['content-type'] ?? ''))
            throw new Rejection(FAIL.badRequest, 'expected application/timestamp-query');
          reply(200, grant(opts.ca, parseRequest(body), chain));
        } catch (e) {
          reply(200, e instanceof Rejection ? rejection(e.bit, e.message) : rejection(FAIL.systemFailure, 'internal error'));
        }
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/`,
    crlUrl: `http://${host}:${port}/ca.crl`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningError } from '../signing/signing-provider';
import { OID, readTimestampToken, toBuffer } from './cms';
import { LocalCertificateAuthority } from './local-ca';
import { requestTimestamp } from './pades-signer';
import { LOCAL_TSA_POLICY, startTimestampAuthority } from './timestamp-authority';

const dir = mkdtempSync(join(tmpdir(), 'naskah-tsa-'));
const ca = LocalCertificateAuthority.open(join(dir, 'ca'), 'naskah CA Lokal (uji)');
let tsa: { url: string; crlUrl: string; close(): Promise<void> };
beforeAll(async () => {
  tsa = await startTimestampAuthority({ ca });
});
afterAll(async () => {
  await tsa.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = async (body: Uint8Array, type = 'application/timestamp-query') => {
  const res = await fetch(tsa.url, { method: 'POST', headers: { 'content-type': type }, body });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
};

function query(opts: { digest?: Buffer; algorithm?: string; nonce?: Buffer; certReq?: boolean; policy?: string } = {}): Buffer {
  return toBuffer(
    new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: opts.algorithm ?? OID.sha256 }),
        hashedMessage: new asn1js.OctetString({ valueHex: opts.digest ?? createHash('sha256').update('surat').digest() }),
      }),
      ...(opts.nonce && { nonce: new asn1js.Integer({ valueHex: opts.nonce }) }),
      ...(opts.policy && { reqPolicy: opts.policy }),
      certReq: opts.certReq ?? true,
    })
      .toSchema()
      .toBER(),
  );
}

describe('the local RFC 3161 time-stamp authority', () => {
  it('grants a token over the imprint, echoing the nonce, with its policy, a second of accuracy and its certificate', async () => {
    const digest = createHash('sha256').update('surat dinas').digest();
    const nonce = Buffer.from('1234567890abcdef', 'hex');
    const before = Math.floor(Date.now() / 1000) * 1000;
    const res = await post(query({ digest, nonce }));
    expect(res).toMatchObject({ status: 200, type: 'application/timestamp-reply' });
    const reply = pkijs.TimeStampResp.fromBER(res.body);
    expect(reply.status.status).toBe(pkijs.PKIStatus.granted);
    const token = toBuffer(reply.timeStampToken!.toSchema().toBER());
    const info = readTimestampToken(token);
    expect(info.imprint).toEqual({ digest: 'sha256', hash: digest });
    expect(info.nonce).toEqual(nonce);
    expect(info.tsaCertificate.fingerprint256).toBe(ca.tsaCertificate.fingerprint256);
    expect(info.genTime.getTime()).toBeGreaterThanOrEqual(before);
    expect(info.genTime.getTime()).toBeLessThanOrEqual(Date.now());
    const signed = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(token).content });
    const tst = pkijs.TSTInfo.fromBER(signed.encapContentInfo.eContent!.getValue());
    expect(tst.policy).toBe(LOCAL_TSA_POLICY);
    expect(tst.accuracy?.seconds).toBe(1);
    expect(signed.signerInfos[0].signedAttrs!.attributes.map((a) => a.type)).toEqual(
      expect.arrayContaining([OID.signingCertificateV2, OID.contentType]),
    );
  });

  it('leaves its certificate out when not asked for it, and gives each token its own serial number', async () => {
    const tokens = await Promise.all([1, 2].map(() => post(query({ certReq: false }))));
    const parsed = tokens.map((t) => new pkijs.SignedData({ schema: pkijs.TimeStampResp.fromBER(t.body).timeStampToken!.content }));
    expect(parsed.map((sd) => sd.certificates)).toEqual([undefined, undefined]);
    const serials = parsed.map((sd) => pkijs.TSTInfo.fromBER(sd.encapContentInfo.eContent!.getValue()).serialNumber.valueBlock.toString());
    expect(serials[0]).not.toBe(serials[1]);
  });

  it.each([
    ['garbage', () => randomBytes(40), 'application/timestamp-query', 5],
    ['an empty body', () => Buffer.alloc(0), 'application/timestamp-query', 5],
    ['another media type', () => query(), 'application/json', 2],
    ['an unknown hash algorithm', () => query({ algorithm: '1.2.3.4' }), 'application/timestamp-query', 0],
    ['a digest of the wrong length', () => query({ digest: Buffer.alloc(20) }), 'application/timestamp-query', 5],
    ['another policy', () => query({ policy: '1.2.3.4.5' }), 'application/timestamp-query', 15],
    ['a request too large', () => randomBytes(70_000), 'application/timestamp-query', 2],
  ])('rejects %s with a status and its failure bit, and keeps serving', async (_what, body, type, bit) => {
    const res = await post(body(), type);
    expect(res.status).toBe(200);
    const reply = pkijs.TimeStampResp.fromBER(res.body);
    expect(reply.status.status).toBe(pkijs.PKIStatus.rejection);
    expect(reply.timeStampToken).toBeUndefined();
    const bits = Buffer.from(reply.status.failInfo!.valueBlock.valueHexView);
    expect(bits[Math.floor(bit / 8)] & (0x80 >> (bit % 8))).toBeTruthy();
    expect((await post(query())).status).toBe(200);
  });

  it("refuses a token whose time-stamp info, signature or signer's certificate was changed, and reads it as pkijs does", async () => {
    const nonce = Buffer.from('0102030405060708', 'hex');
    const reply = pkijs.TimeStampResp.fromBER((await post(query({ nonce }))).body);
    const token = toBuffer(reply.timeStampToken!.toSchema().toBER());
    const tst = pkijs.TSTInfo.fromBER(new pkijs.SignedData({ schema: reply.timeStampToken!.content }).encapContentInfo.eContent!.getValue());
    const info = readTimestampToken(token);
    expect(info.genTime).toEqual(tst.genTime);
    expect(info.nonce).toEqual(nonce);
    expect(info.imprint.hash).toEqual(toBuffer(tst.messageImprint.hashedMessage.valueBlock.valueHexView));
    const changed = (at: number) => {
      const copy = Buffer.from(token);
      copy[at] ^= 0x01;
      return copy;
    };
    const genTimeAt = token.indexOf(Buffer.from(`${tst.genTime.getUTCFullYear()}`, 'latin1'));
    const signatureAt = token.length - 10;
    const certificateSerialAt = token.indexOf(ca.tsaCertificate.raw.subarray(15, 40));
    for (const at of [genTimeAt, signatureAt, certificateSerialAt]) {
      expect(at).toBeGreaterThan(0);
      expect(() => readTimestampToken(changed(at))).toThrow();
    }
    expect(() => readTimestampToken(token.subarray(0, token.length - 1))).toThrow();
  });

  it('reads a token a TSA sent in BER (indefinite lengths, as BouncyCastle-based TSAs do), and still refuses it changed', async () => {
    const reply = pkijs.TimeStampResp.fromBER((await post(query({ nonce: Buffer.from('0a0b', 'hex') }))).body);
    const token = toBuffer(reply.timeStampToken!.toSchema().toBER());
    // The same ContentInfo with its outer SEQUENCE in indefinite-length form: 30 80 ... 00 00.
    const headerLength = token[1] & 0x80 ? 2 + (token[1] & 0x7f) : 2;
    const ber = Buffer.concat([Buffer.from([0x30, 0x80]), token.subarray(headerLength), Buffer.from([0, 0])]);
    expect(readTimestampToken(ber)).toMatchObject({ nonce: Buffer.from('0a0b', 'hex'), imprint: readTimestampToken(token).imprint });
    const changed = Buffer.from(ber);
    changed[changed.length - 12] ^= 0x01; // inside the signature value
    expect(() => readTimestampToken(changed)).toThrow();
  });

  it('answers anything but POST with 405', async () => {
    expect((await fetch(tsa.url)).status).toBe(405);
  });

  it("serves the CA's certificate and revocation list", async () => {
    const crl = await fetch(tsa.crlUrl);
    expect(crl.headers.get('content-type')).toBe('application/pkix-crl');
    expect(pkijs.CertificateRevocationList.fromBER(await crl.arrayBuffer()).revokedCertificates ?? []).toHaveLength(0);
    expect(Buffer.from(await (await fetch(new URL('/ca.crt', tsa.url))).arrayBuffer())).toEqual(ca.caCertificateDer);
  });

  it('the client checks the reply and turns an unreachable, slow, failing or wrong TSA into UNAVAILABLE', async () => {
    const data = randomBytes(256);
    const { genTime, token } = await requestTimestamp(tsa.url, data, 5000);
    expect(readTimestampToken(token).imprint.hash).toEqual(createHash('sha256').update(data).digest());
    expect(genTime).toBeInstanceOf(Date);

    const closed = await startTimestampAuthority({ ca });
    await closed.close();
    await expect(requestTimestamp(closed.url, data, 5000)).rejects.toThrow(SigningError);
    await expect(requestTimestamp(closed.url, data, 5000)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('tidak dapat dihubungi'),
    });

    // A stand-in that hangs, fails, or replays a genuine reply to another request.
    const replay = (await post(query({ nonce: randomBytes(8) }))).body;
    const behaviours: Record<string, (res: ServerResponse) => void> = {
      '/hang': () => undefined,
      '/fail': (res) => res.writeHead(503).end(),
      '/replay': (res) => res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(replay),
      '/garbage': (res) => res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(randomBytes(64)),
    };
    const fake = createServer((req, res) => req.resume().on('end', () => behaviours[req.url!](res)));
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    try {
      await expect(requestTimestamp(`${base}/hang`, data, 300)).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('tidak dapat dihubungi'),
      });
      await expect(requestTimestamp(`${base}/fail`, data, 5000)).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('tidak dapat dihubungi'),
      });
      await expect(requestTimestamp(`${base}/replay`, data, 5000)).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('tidak sah'),
      });
      await expect(requestTimestamp(`${base}/garbage`, data, 5000)).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('tidak sah'),
      });
    } finally {
      fake.closeAllConnections();
      await new Promise((r) => fake.close(r));
    }
  });
});

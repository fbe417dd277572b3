import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from '../pades/cms';
import { LocalCertificateAuthority } from '../pades/local-ca';
import { startTimestampAuthority } from '../pades/timestamp-authority';
import { checkPdfSignature } from '../pdf-signature';
import { LetterData, renderLetter } from '../render-letter';
import { LocalCaSigningProvider } from './local-ca-provider';
import { Signer, SigningError } from './signing-provider';

const dir = mkdtempSync(join(tmpdir(), 'naskah-local-ca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ca = LocalCertificateAuthority.open(join(dir, 'ca'), 'naskah CA Lokal (uji)');
const provider = new LocalCaSigningProvider({ ca });
const PASSPHRASE = 'kunci-rahasia-budi';
const official: Signer = {
  officialId: 'o-1',
  name: 'Dr. Budi Santoso, M.Si.',
  nip: '197001011995031001',
  nik: null,
  organizationName: 'Dinas Komunikasi dan Informatika',
  credential: null,
};
const letter: LetterData = {
  letterhead: { government: 'PEMERINTAH KOTA BATAM', office: 'DINAS KOMUNIKASI DAN INFORMATIKA', address: 'Jl. Engku Putri No. 1' },
  city: 'Kota Batam',
  kindName: 'Surat Dinas',
  layout: 'surat',
  number: '000.1/0042/DISKOMINFO/2026',
  date: new Date('2026-02-02T03:00:00Z'),
  classification: 'biasa',
  urgency: 'biasa',
  attachments: 0,
  subject: 'Undangan Rapat Koordinasi',
  recipients: ['Kepala Bidang Aplikasi Informatika'],
  bodyHtml: '<p>Dengan hormat, kami mengundang Bapak/Ibu.</p>',
  signatureBlock: ['KEPALA DINAS KOMUNIKASI DAN INFORMATIKA,', '(TTE)', 'Dr. Budi Santoso, M.Si.'],
  tembusan: [],
  verificationUrl: 'http://127.0.0.1:3000/api/v1/verify/ABCDEFGHJKLMNPQR',
};
const request = (signer: Signer, pdf: Buffer, passphrase = PASSPHRASE) => ({
  pdf,
  signer,
  passphrase,
  reason: 'Ditandatangani secara elektronik',
  location: 'Kota Batam',
  contactInfo: 'diskominfo@batam.go.id',
});

/** The CMS in the PDF's /Contents, read with pkijs. */
function cmsOf(pdf: Buffer): pkijs.SignedData {
  const text = pdf.toString('latin1');
  const [, b, c] = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text)!.slice(1).map(Number);
  // The zero padding after the DER is ignored by the parser.
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(Buffer.from(text.slice(b + 1, c - 1), 'hex')).result });
  expect(info.contentType).toBe(OID.signedData);
  return new pkijs.SignedData({ schema: info.content });
}

describe('LocalCaSigningProvider: enrolment (Pasal on passphrases: at least 8 characters, not the NIP)', () => {
  it.each([
    [null, 'Passphrase wajib diisi'],
    ['', 'Passphrase wajib diisi'],
    ['1234567', 'Passphrase minimal 8 karakter'],
    ['ábcdéfg', 'Passphrase minimal 8 karakter'],
    [official.nip, 'Passphrase tidak boleh sama dengan NIP'],
  ])('refuses %j: %s', async (passphrase, message) => {
    await expect(provider.enrol(official, passphrase)).rejects.toThrow(SigningError);
    await expect(provider.enrol(official, passphrase)).rejects.toMatchObject({ code: 'REJECTED', message });
  });

  it('issues the official a certificate of their own and stores only the encrypted key', async () => {
    const { credential, status } = await provider.enrol(official, PASSPHRASE);
    expect(credential!.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(credential!.encryptedKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(JSON.stringify(credential)).not.toContain(PASSPHRASE);
    expect(status).toEqual({
      state: 'active',
      certificate: expect.objectContaining({ subject: expect.stringContaining('CN=Dr. Budi Santoso\\, M.Si.') }),
    });
    expect(provider.name).toBe('local-ca');
    expect(provider.issuerLabel).toBe('CA lokal naskah (pengembangan, bukan BSrE)');
  });
});

describe('LocalCaSigningProvider: status', () => {
  it('is not_enrolled without a credential, or with a certificate of another CA', async () => {
    expect(await provider.status(official)).toEqual({ state: 'not_enrolled' });
    const other = LocalCertificateAuthority.open(join(dir, 'other-ca'), 'CA lain');
    const foreign = other.issue(official, PASSPHRASE);
    expect(await provider.status({ ...official, credential: foreign })).toEqual({ state: 'not_enrolled' });
    await expect(provider.sign(request({ ...official, credential: foreign }, await renderLetter(letter)))).rejects.toMatchObject({
      code: 'NOT_ENROLLED',
    });
  });

  it('is expired once notAfter has passed, and then signing is refused', async () => {
    const credential = ca.issue(official, PASSPHRASE, 10);
    const later = new LocalCaSigningProvider({ ca, now: () => new Date(Date.now() + 11 * 86_400_000) });
    expect(await later.status({ ...official, credential })).toMatchObject({ state: 'expired', certificate: { notAfter: expect.any(Date) } });
    expect(await provider.status({ ...official, credential })).toMatchObject({ state: 'active' });
    await expect(later.sign(request({ ...official, credential }, await renderLetter(letter)))).rejects.toMatchObject({
      code: 'CERTIFICATE_INACTIVE',
    });
  });
});

describe('LocalCaSigningProvider: sign (PAdES B-B and B-T)', () => {
  let enrolled: Signer;
  let pdf: Buffer;
  beforeAll(async () => {
    enrolled = { ...official, credential: (await provider.enrol(official, PASSPHRASE)).credential };
    pdf = await renderLetter(letter);
  });

  it('B-B: signed attributes are content-type, message-digest and signing-certificate-v2, no signingTime; the chain is embedded', async () => {
    const result = await provider.sign(request(enrolled, pdf));
    const cert = new X509Certificate(enrolled.credential!.certificatePem);
    expect(result.timestampedAt).toBeNull();
    expect(result.certificate).toMatchObject({ subject: cert.subject, issuer: ca.caCertificate.subject });
    expect(checkPdfSignature(result.pdf)).toEqual({
      ok: true,
      certificateSha256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
      subject: cert.subject,
      certificate: result.certificate,
      timestampedAt: null,
      chainLength: 2,
    });
    expect(result.pdf.toString('latin1')).toContain('/SubFilter /ETSI.CAdES.detached');

    const sd = cmsOf(result.pdf);
    expect(sd.certificates!.map((c) => Buffer.from((c as pkijs.Certificate).toSchema().toBER()))).toEqual([cert.raw, ca.caCertificateDer]);
    const [si] = sd.signerInfos;
    expect(si.signedAttrs!.attributes.map((a) => a.type).sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
    expect(si.signedAttrs!.attributes.map((a) => a.type)).not.toContain(OID.signingTime);
    expect(si.unsignedAttrs).toBeUndefined();
    // SigningCertificateV2 { certs: [ESSCertIDv2 { certHash = SHA-256(cert), issuerSerial }] }
    const essCertId = si.signedAttrs!.attributes.find((a) => a.type === OID.signingCertificateV2)!.values[0].valueBlock.value[0].valueBlock.value[0];
    const [certHash, issuerSerial] = essCertId.valueBlock.value;
    expect(Buffer.from(certHash.valueBlock.valueHexView)).toEqual(createHash('sha256').update(cert.raw).digest());
    const serial = Buffer.from(issuerSerial.valueBlock.value[1].valueBlock.valueHexView).toString('hex').toUpperCase();
    expect(serial).toBe(cert.serialNumber.toUpperCase());
  });

  it('B-T: the signature value carries an RFC 3161 time-stamp token, whose time the result and the check report', async () => {
    const tsa = await startTimestampAuthority({ ca });
    try {
      const before = Math.floor(Date.now() / 1000) * 1000;
      const result = await new LocalCaSigningProvider({ ca, tsaUrl: tsa.url }).sign(request(enrolled, pdf));
      expect(result.timestampedAt!.getTime()).toBeGreaterThanOrEqual(before);
      expect(checkPdfSignature(result.pdf)).toMatchObject({ ok: true, timestampedAt: result.timestampedAt, chainLength: 2 });
      const [si] = cmsOf(result.pdf).signerInfos;
      expect(si.unsignedAttrs!.attributes.map((a) => a.type)).toEqual([OID.signatureTimeStampToken]);
    } finally {
      await tsa.close();
    }
  });

  it('a time-stamp moved over from another signature does not count: the check refuses it', async () => {
    const tsa = await startTimestampAuthority({ ca });
    let stamped: Buffer;
    try {
      stamped = (await new LocalCaSigningProvider({ ca, tsaUrl: tsa.url }).sign(request(enrolled, pdf))).pdf;
    } finally {
      await tsa.close();
    }
    // Another letter: RSA PKCS#1 v1.5 is deterministic, the same bytes in the same second would give the same signature value.
    const plain = (await provider.sign(request(enrolled, await renderLetter({ ...letter, number: '000.1/0043/DISKOMINFO/2026' })))).pdf;
    // The unsigned attribute is outside what the signature covers: graft the other signature's token on.
    const target = cmsOf(plain);
    target.signerInfos[0].unsignedAttrs = cmsOf(stamped).signerInfos[0].unsignedAttrs;
    const der = Buffer.from(new pkijs.ContentInfo({ contentType: OID.signedData, content: target.toSchema(true) }).toSchema().toBER());
    const text = plain.toString('latin1');
    const [, b, c] = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text)!.slice(1).map(Number);
    const grafted = Buffer.concat([
      plain.subarray(0, b + 1),
      Buffer.from(der.toString('hex').padEnd(c - b - 2, '0'), 'latin1'),
      plain.subarray(c - 1),
    ]);
    expect(grafted.length).toBe(plain.length);
    expect(checkPdfSignature(grafted)).toEqual({ ok: false, problem: 'the time-stamp is not over this signature' });
  });

  it('refuses a wrong passphrase, a signer never enrolled, and a TSA that is down', async () => {
    await expect(provider.sign(request(enrolled, pdf, 'bukan-passphrase'))).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
      message: 'Passphrase salah',
    });
    await expect(provider.sign(request(official, pdf))).rejects.toMatchObject({ code: 'NOT_ENROLLED' });
    const tsa = await startTimestampAuthority({ ca });
    await tsa.close();
    await expect(new LocalCaSigningProvider({ ca, tsaUrl: tsa.url }).sign(request(enrolled, pdf))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/TSA/),
    });
  });
});

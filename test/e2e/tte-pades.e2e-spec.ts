import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  checkPdfSignature,
  LetterData,
  LocalCaSigningProvider,
  LocalCertificateAuthority,
  renderLetter,
  SignResult,
  Signer,
  startTimestampAuthority,
} from '@naskah/letter';
import { pdfcpuValidate, pdfsigValidate } from '../support/verifiers';

/**
 * Personal TTE with the local CA, checked by two verifiers that share nothing with our code: poppler's
 * pdfsig (NSS) and pdfcpu (Go). The time-stamp authority and the CA's revocation list are served over
 * loopback by this process, as BSrE's would be over the network.
 */
const dir = mkdtempSync(join(tmpdir(), 'naskah-tte-'));
const ca = LocalCertificateAuthority.open(join(dir, 'ca'), 'naskah CA Lokal (pengembangan)');
const PASSPHRASE = 'Budi-TTE-2026';
const NAME = 'Dr. Budi Santoso, M.Si.';
const budi: Signer = {
  officialId: 'budi',
  name: NAME,
  nip: '197001011995031001',
  nik: null,
  organizationName: 'Dinas Komunikasi dan Informatika Kota Batam',
  credential: null,
};
const letter: LetterData = {
  letterhead: {
    government: 'PEMERINTAH KOTA BATAM',
    office: 'DINAS KOMUNIKASI DAN INFORMATIKA',
    address: 'Jl. Engku Putri No. 1, Batam Centre',
    phone: '(0778) 000000',
    email: 'diskominfo@batam.go.id',
  },
  city: 'Kota Batam',
  kindName: 'Surat Dinas',
  layout: 'surat',
  number: '000.1.2.3/0042/DISKOMINFO/2026',
  date: new Date('2026-02-02T03:00:00Z'),
  classification: 'biasa',
  urgency: 'segera',
  attachments: 0,
  subject: 'Undangan Rapat Koordinasi Tanda Tangan Elektronik',
  recipients: ['Kepala Bidang Aplikasi Informatika', 'Sekretaris Dinas'],
  bodyHtml: '<p>Dengan hormat, kami mengundang Bapak/Ibu menghadiri rapat koordinasi.</p><p>Demikian, atas perhatiannya diucapkan terima kasih.</p>',
  signatureBlock: ['KEPALA DINAS KOMUNIKASI DAN INFORMATIKA,', '(TTE)', NAME],
  tembusan: ['Wali Kota Batam'],
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
const file = (name: string, pdf: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  return path;
};

/** One byte of the letter's title (in the Info dictionary, inside the signed range) changed. */
function tamper(pdf: Buffer): Buffer {
  const at = pdf.indexOf(`(${letter.kindName} ${letter.number})`, 0, 'latin1') + 1;
  const contents = pdf.indexOf('/Contents <', 0, 'latin1');
  expect(at).toBeGreaterThan(0);
  expect(at).toBeLessThan(contents);
  const copy = Buffer.from(pdf);
  copy[at] = 'T'.charCodeAt(0);
  return copy;
}

let tsa: { url: string; crlUrl: string; close(): Promise<void> };
let enrolled: Signer;
let bt: SignResult;
let bb: SignResult;

beforeAll(async () => {
  tsa = await startTimestampAuthority({ ca });
  const provider = new LocalCaSigningProvider({ ca, tsaUrl: tsa.url, crlUrl: tsa.crlUrl });
  enrolled = { ...budi, credential: (await provider.enrol(budi, PASSPHRASE)).credential };
  const pdf = await renderLetter(letter);
  bt = await provider.sign(request(enrolled, pdf));
  bb = await new LocalCaSigningProvider({ ca, crlUrl: tsa.crlUrl }).sign(request(enrolled, pdf));
});
afterAll(async () => {
  await tsa?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('personal TTE with the local CA (PAdES B-T)', () => {
  it('our own check: the signature holds, names the official and carries the time-stamp', () => {
    expect(bt.timestampedAt).toBeInstanceOf(Date);
    expect(checkPdfSignature(bt.pdf)).toMatchObject({
      ok: true,
      subject: expect.stringContaining('CN=Dr. Budi Santoso\\, M.Si.'),
      certificate: { subject: expect.stringContaining('serialNumber=197001011995031001'), issuer: expect.stringContaining('naskah CA Lokal') },
      timestampedAt: bt.timestampedAt,
      chainLength: 2,
    });
  });

  it('the CMS: signing-certificate-v2 signed, no signingTime, the time-stamp token unsigned', () => {
    const text = bt.pdf.toString('latin1');
    const [, b, c] = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text)!.slice(1).map(Number);
    const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(Buffer.from(text.slice(b + 1, c - 1), 'hex')).result });
    const [si] = new pkijs.SignedData({ schema: info.content }).signerInfos;
    const signed = si.signedAttrs!.attributes.map((a) => a.type);
    expect(signed).toContain('1.2.840.113549.1.9.16.2.47');
    expect(signed).not.toContain('1.2.840.113549.1.9.5');
    expect(si.unsignedAttrs!.attributes.map((a) => a.type)).toEqual(['1.2.840.113549.1.9.16.2.14']);
  });

  it('pdfsig: the signature is valid, by the official, and the certificate is trusted once the CA is', async () => {
    const signed = file('signed-bt.pdf', bt.pdf);
    const trusted = await pdfsigValidate(signed, { trustCaPem: ca.caCertificatePem });
    expect(trusted).toMatchObject({ valid: true, trusted: true, signerCommonName: NAME, signatureType: 'ETSI.CAdES.detached' });
    expect(trusted.signerDistinguishedName).toContain('serialNumber=197001011995031001');
    // Without the CA in its trust store the signature still verifies; the issuer is simply unknown.
    expect(await pdfsigValidate(signed)).toMatchObject({ valid: true, trusted: false, signerCommonName: NAME });
  });

  it('pdfcpu: the signature is valid (chain, revocation list, time-stamp) and names the official', async () => {
    const report = await pdfcpuValidate(file('signed-bt-cpu.pdf', bt.pdf), { trustCaPem: ca.caCertificatePem });
    expect(report).toMatchObject({ valid: true, signerText: NAME, timestamp: bt.timestampedAt, pades: 'B-T' });
    expect(report.raw).toContain('not revoked (CRL check ok)');
  });

  it('B-B (no TSA) is valid to both verifiers too, without a time-stamp', async () => {
    expect(bb.timestampedAt).toBeNull();
    expect(checkPdfSignature(bb.pdf)).toMatchObject({ ok: true, timestampedAt: null });
    const signed = file('signed-bb.pdf', bb.pdf);
    expect(await pdfsigValidate(signed, { trustCaPem: ca.caCertificatePem })).toMatchObject({ valid: true, trusted: true, signerCommonName: NAME });
    expect(await pdfcpuValidate(signed, { trustCaPem: ca.caCertificatePem })).toMatchObject({
      valid: true,
      signerText: NAME,
      timestamp: undefined,
      pades: 'B-B',
    });
  });

  it('one byte changed inside the signed range: no verifier accepts it', async () => {
    const tampered = tamper(bt.pdf);
    expect(checkPdfSignature(tampered)).toEqual({ ok: false, problem: expect.stringMatching(/file was changed/) });
    const path = file('tampered.pdf', tampered);
    expect(await pdfsigValidate(path, { trustCaPem: ca.caCertificatePem })).toMatchObject({ valid: false, signatureValidation: 'Digest Mismatch.' });
    const cpu = await pdfcpuValidate(path, { trustCaPem: ca.caCertificatePem });
    expect(cpu.valid).toBe(false);
    expect(cpu.status).toBe('signature is invalid');
  });

  it('a wrong passphrase, and a TSA that is down, sign nothing', async () => {
    const provider = new LocalCaSigningProvider({ ca, tsaUrl: tsa.url });
    const pdf = await renderLetter(letter);
    await expect(provider.sign(request(enrolled, pdf, 'Budi-TTE-2025'))).rejects.toMatchObject({ name: 'SigningError', code: 'WRONG_PASSPHRASE' });
    const down = await startTimestampAuthority({ ca });
    await down.close();
    await expect(new LocalCaSigningProvider({ ca, tsaUrl: down.url }).sign(request(enrolled, pdf))).rejects.toMatchObject({
      name: 'SigningError',
      code: 'UNAVAILABLE',
    });
  });

  it.each([
    ['pendek', 'Passphrase minimal 8 karakter'],
    ['197001011995031001', 'Passphrase tidak boleh sama dengan NIP'],
  ])('enrolment refuses the passphrase %j', async (passphrase, message) => {
    await expect(new LocalCaSigningProvider({ ca }).enrol(budi, passphrase)).rejects.toMatchObject({ code: 'REJECTED', message });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditAnchorKeyword, parseAuditAnchor, readAuditAnchor } from './audit-anchor';
import { checkPdfSignature } from './pdf-signature';
import { renderAndSign } from './render-and-sign';
import { LetterData, renderLetter } from './render-letter';
import { signingIdentity } from './dev-certificate';

const HASH = '3f'.repeat(32);
const letter: LetterData = {
  letterhead: { government: 'PEMERINTAH KOTA BATAM', office: 'DINAS KOPERASI DAN USAHA MIKRO', address: 'Jl. Engku Putri No. 1' },
  city: 'Kota Batam',
  kindName: 'Surat Dinas',
  layout: 'surat',
  number: '000.8.3.3/0001/DKUM/2026',
  date: new Date('2026-01-05T03:00:00Z'),
  classification: 'biasa',
  urgency: 'segera',
  attachments: 0,
  subject: 'Undangan Rapat',
  recipients: ['Kepala Bidang Koperasi'],
  bodyHtml: '<p>Dengan hormat, kami mengundang Bapak/Ibu.</p>',
  signatureBlock: ['KEPALA DINAS KOPERASI DAN USAHA MIKRO,', '(TTE)', 'NAMA LENGKAP'],
  tembusan: [],
  verificationUrl: 'http://127.0.0.1:3000/api/v1/verify/ABCDEFGHJKLMNPQR',
  auditAnchor: { seq: 12, hash: HASH },
};

describe('the audit anchor sealed in the letter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'naskah-anchor-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const identity = (code: string) =>
    signingIdentity({ passphrase: 'uji', dataDir: dir, organizationCode: code, organizationName: 'Dinas Uji', production: false });
  const sign = (l: LetterData, code = 'UJI') =>
    renderAndSign({ letter: l, ...identity(code), info: { reason: 'uji', name: 'Pejabat', location: 'Batam', contactInfo: 'uji@example.go.id' } });

  it.each([
    [{ seq: 1, hash: HASH }, `naskah-audit:1:${HASH}`],
    [{ seq: 4321, hash: HASH }, `naskah-audit:4321:${HASH}`],
  ])('keyword %j', (anchor, keyword) => {
    expect(auditAnchorKeyword(anchor)).toBe(keyword);
    expect(parseAuditAnchor(keyword)).toEqual(anchor);
  });

  it.each([
    '',
    'naskah-audit:0:' + HASH,
    `naskah-audit:1:${HASH.toUpperCase()}`,
    `naskah-audit:1:${HASH}00`,
    `naskah-audit:x:${HASH}`,
    'other keywords',
  ])('no anchor in %j', (keyword) => {
    expect(parseAuditAnchor(keyword)).toBeNull();
  });

  it('refuses to write a malformed anchor', () => {
    expect(() => auditAnchorKeyword({ seq: 0, hash: HASH })).toThrow(/bad audit anchor/);
    expect(() => auditAnchorKeyword({ seq: 3, hash: 'not-a-hash' })).toThrow(/bad audit anchor/);
  });

  it('is in the Info dictionary of the rendered and of the signed PDF, and the signature covers it', async () => {
    expect(readAuditAnchor(await renderLetter(letter))).toEqual({ seq: 12, hash: HASH });
    const signed = await sign(letter);
    expect(readAuditAnchor(signed)).toEqual({ seq: 12, hash: HASH });
    expect(checkPdfSignature(signed)).toMatchObject({ ok: true, subject: expect.stringContaining('Dinas Uji') });
  });

  it('a letter without an anchor has none', async () => {
    expect(readAuditAnchor(await sign({ ...letter, auditAnchor: undefined }))).toBeNull();
  });

  it('another anchor written into the signed file breaks its signature', async () => {
    const signed = await sign(letter);
    const forged = Buffer.from(signed.toString('latin1').replace(`naskah-audit:12:${HASH}`, `naskah-audit:12:${'4e'.repeat(32)}`), 'latin1');
    expect(readAuditAnchor(forged)).toEqual({ seq: 12, hash: '4e'.repeat(32) });
    expect(checkPdfSignature(forged)).toEqual({ ok: false, problem: expect.stringMatching(/file was changed/) });
  });

  it('an incremental update after signing is outside the signature', async () => {
    const signed = await sign(letter);
    const appended = Buffer.concat([signed, Buffer.from('\n19 0 obj\n(naskah-audit:12:' + '4e'.repeat(32) + ')\nendobj\n', 'latin1')]);
    expect(checkPdfSignature(appended)).toEqual({ ok: false, problem: 'the signature does not cover the whole file' });
  });

  it('an unsigned file, a damaged signature, another key', async () => {
    expect(checkPdfSignature(await renderLetter(letter))).toEqual({ ok: false, problem: 'no signature' });
    const signed = await sign(letter);
    const text = signed.toString('latin1');
    const at = text.indexOf('/Contents <') + 11 + 600;
    const damaged = Buffer.from(signed);
    damaged[at] = damaged[at] === 0x30 ? 0x31 : 0x30;
    expect(checkPdfSignature(damaged).ok).toBe(false);
    const own = checkPdfSignature(signed);
    const other = checkPdfSignature(await sign(letter, 'LAIN'));
    expect(own.ok && other.ok && own.certificateSha256 !== other.certificateSha256).toBe(true);
  });
});

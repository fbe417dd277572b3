import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LetterData, renderAndSign, sha256, signingIdentity } from '@naskah/letter';
import { AuditVerificationReport, checkLetterAnchor, formatAuditReport, parseVerifyAuditArgs } from './audit-verification';

const DOC = '0f9d1c2e-3b4a-4c5d-8e6f-708192a3b4c5';
const NUMBERED = 'a1'.repeat(32);
const OTHER = 'b2'.repeat(32);

const letterData = (anchor?: { seq: number; hash: string }): LetterData => ({
  letterhead: { government: 'PEMERINTAH KOTA CILEGON', office: 'DINAS KOPERASI, USAHA KECIL DAN MENENGAH', address: 'Jl. Jend. Sudirman' },
  city: 'Kota Cilegon',
  kindName: 'Nota Dinas',
  layout: 'nota-dinas',
  number: '000.8.3.3/0007/DKUKM/2026',
  date: new Date('2026-02-02T02:00:00Z'),
  classification: 'biasa',
  urgency: 'biasa',
  attachments: 0,
  subject: 'Laporan Kegiatan',
  recipients: ['Sekretaris'],
  bodyHtml: '<p>Bersama ini kami laporkan kegiatan.</p>',
  signatureBlock: ['KEPALA DINAS,', '(TTE)', 'NAMA'],
  tembusan: [],
  verificationUrl: 'http://127.0.0.1:3000/api/v1/verify/ABCDEFGHJKLMNPQR',
  auditAnchor: anchor,
});

describe("a signed letter's audit anchor against its chain", () => {
  const dir = mkdtempSync(join(tmpdir(), 'naskah-verify-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let anchored: Buffer;
  let unanchored: Buffer;
  beforeAll(async () => {
    const id = signingIdentity({ passphrase: 'uji', dataDir: dir, organizationCode: 'UJI', organizationName: 'Dinas Uji', production: false });
    const info = { reason: 'uji', name: 'Pejabat', location: 'Cilegon', contactInfo: 'uji@example.go.id' };
    [anchored, unanchored] = await Promise.all([
      renderAndSign({ letter: letterData({ seq: 6, hash: NUMBERED }), ...id, info }),
      renderAndSign({ letter: letterData(), ...id, info }),
    ]);
  });

  const chain = (hash = NUMBERED, type = 'numbered') =>
    new Map([
      [5, { seq: 5, type: 'signed', hash: OTHER }],
      [6, { seq: 6, type, hash }],
    ]);
  const row = (over: Partial<{ pdfSha256: string | null; auditAnchorSeq: number | null; auditAnchorHash: string | null }> = {}) => ({
    documentId: DOC,
    number: '000.8.3.3/0007/DKUKM/2026',
    pdfSha256: sha256(anchored),
    auditAnchorSeq: 6,
    auditAnchorHash: NUMBERED,
    ...over,
  });

  it('an intact letter', () => {
    expect(checkLetterAnchor(row(), anchored, chain())).toEqual({ status: 'ok' });
  });

  it('a letter signed before anchoring, and one not archived yet', () => {
    expect(checkLetterAnchor(row({ pdfSha256: sha256(unanchored), auditAnchorSeq: null, auditAnchorHash: null }), unanchored, chain())).toEqual({
      status: 'unanchored',
    });
    expect(checkLetterAnchor(row({ pdfSha256: null }), null, chain())).toEqual({ status: 'unarchived' });
  });

  it.each<[string, () => Parameters<typeof checkLetterAnchor>, number | null, RegExp]>([
    ['the chain rewritten up to the anchor', () => [row(), anchored, chain(OTHER)], 6, /chain's hash at seq 6 is b2b2.*the signed PDF anchors a1a1/],
    [
      'the chain rewritten and the row anchor with it',
      () => [row({ auditAnchorHash: OTHER }), anchored, chain(OTHER)],
      6,
      /letter row's anchor .* is not the signed PDF's/,
    ],
    ['the row anchor erased', () => [row({ auditAnchorSeq: null, auditAnchorHash: null }), anchored, chain()], 6, /letter row's anchor \(none\)/],
    ['the anchored event deleted', () => [row(), anchored, new Map()], 6, /no audit event at seq 6/],
    ['the anchored event replaced by another type', () => [row(), anchored, chain(NUMBERED, 'paraf')], 6, /is 'paraf'/],
    ['the archived file missing', () => [row(), null, chain()], 6, /is missing/],
    ['another file under the name', () => [row(), unanchored, chain()], 6, /hashes to .*, not pdf_sha256/],
    [
      'a file without anchor with a row that has one',
      () => [row({ pdfSha256: sha256(unanchored) }), unanchored, chain()],
      6,
      /carries no audit anchor/,
    ],
    ['an unarchived letter whose row anchor the chain lost', () => [row({ pdfSha256: null }), null, chain(OTHER)], 6, /the letter row anchors/],
    [
      'a file changed after signing, its hash updated',
      () => {
        const changed = Buffer.from(anchored);
        changed[changed.indexOf('Laporan Kegiatan')] ^= 0x01;
        return [row({ pdfSha256: sha256(changed) }), changed, chain()];
      },
      6,
      /signature: the signed bytes do not match/,
    ],
  ])('%s', (_name, args, seq, problem) => {
    expect(checkLetterAnchor(...args())).toEqual({
      status: 'broken',
      documentId: DOC,
      number: '000.8.3.3/0007/DKUKM/2026',
      seq,
      problem: expect.stringMatching(problem),
    });
  });
});

describe('the verification report and arguments', () => {
  const clean: AuditVerificationReport = {
    documents: 3,
    events: 17,
    letters: 1,
    unanchoredLetters: 0,
    unarchivedLetters: 0,
    chainBreaks: [],
    letterBreaks: [],
    intact: true,
  };

  it('prints a summary, then the first broken link of each chain and letter', () => {
    expect(formatAuditReport(clean)).toEqual(['checked 3 documents, 17 audit events, 1 signed letters', 'audit trail intact']);
    expect(
      formatAuditReport({
        ...clean,
        unanchoredLetters: 1,
        chainBreaks: [{ documentId: DOC, seq: 4, problem: "hash 0123 does not match the row's content" }],
        letterBreaks: [{ status: 'broken', documentId: DOC, number: '1/2', seq: 6, problem: 'x' }],
        intact: false,
      }),
    ).toEqual([
      'checked 3 documents, 17 audit events, 1 signed letters (1 signed before anchoring)',
      `BROKEN chain of document ${DOC} at seq 4: hash 0123 does not match the row's content`,
      `BROKEN letter 1/2 of document ${DOC} at seq 6: x`,
      'audit trail BROKEN: 1 chains, 1 letters',
    ]);
  });

  it.each<[string[], object]>([
    [[], {}],
    [['--document', DOC], { documentId: DOC }],
    [[`--document=${DOC.toUpperCase()}`], { documentId: DOC }],
    [['--organization', DOC, '--document', DOC], { organizationId: DOC, documentId: DOC }],
  ])('arguments %j', (argv, parsed) => {
    expect(parseVerifyAuditArgs(argv)).toEqual(parsed);
  });

  it.each([[['--document']], [['--document', 'x']], [['--all']]])('refuses %j', (argv) => {
    expect(() => parseVerifyAuditArgs(argv)).toThrow(/needs an id|unknown argument/);
  });
});

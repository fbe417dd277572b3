import { DataSource, In, MoreThan } from 'typeorm';
import { checkPdfSignature, readAuditAnchor, sha256 } from '@naskah/letter';
import { AuditChainBreak, findAuditChainBreak } from './audit';
import { AuditEventEntity, DocumentEntity, SignedLetterEntity } from './entities';

/** Where the signed PDFs are: the content-addressed archive (ArchiveStore). */
export interface ArchivedPdfs {
  get(sha256: string): Promise<Buffer | null>;
}

export type LetterAnchorCheck =
  { status: 'ok' | 'unanchored' | 'unarchived' } | { status: 'broken'; documentId: string; number: string; seq: number | null; problem: string };

type LetterRow = Pick<SignedLetterEntity, 'documentId' | 'number' | 'pdfSha256' | 'auditAnchorSeq' | 'auditAnchorHash'>;
type ChainRow = Pick<AuditEventEntity, 'seq' | 'type' | 'hash'>;

const short = (h: string) => `${h.slice(0, 12)}…`;

/**
 * A signed letter against its chain: the archived file hashes to pdf_sha256, its PAdES signature
 * covers it, the anchor sealed in it equals the letter row's, and the chain's 'numbered' event at
 * that seq has exactly that hash. `pdf` is the archived file (null: missing). Letters numbered
 * before anchoring carry no anchor anywhere ('unanchored'); a letter not archived yet is checked
 * on its row's anchor only ('unarchived').
 */
export function checkLetterAnchor(letter: LetterRow, pdf: Buffer | null, chain: ReadonlyMap<number, ChainRow>): LetterAnchorCheck {
  const broken = (seq: number | null, problem: string): LetterAnchorCheck => ({
    status: 'broken',
    documentId: letter.documentId,
    number: letter.number,
    seq,
    problem,
  });
  const recorded =
    letter.auditAnchorSeq !== null && letter.auditAnchorHash !== null ? { seq: letter.auditAnchorSeq, hash: letter.auditAnchorHash } : null;
  const againstChain = (anchor: { seq: number; hash: string }, source: string): LetterAnchorCheck | null => {
    const row = chain.get(anchor.seq);
    if (!row) return broken(anchor.seq, `no audit event at seq ${anchor.seq}, which ${source} anchors`);
    if (row.hash !== anchor.hash)
      return broken(anchor.seq, `the chain's hash at seq ${anchor.seq} is ${short(row.hash)}, ${source} anchors ${short(anchor.hash)}`);
    if (row.type !== 'numbered') return broken(anchor.seq, `the event at seq ${anchor.seq} is '${row.type}', ${source} anchors the 'numbered' event`);
    return null;
  };
  if (!letter.pdfSha256) return (recorded && againstChain(recorded, 'the letter row')) || { status: recorded ? 'unarchived' : 'unanchored' };
  if (!pdf) return broken(recorded?.seq ?? null, `the archived PDF ${short(letter.pdfSha256)} is missing`);
  const actual = sha256(pdf);
  if (actual !== letter.pdfSha256)
    return broken(recorded?.seq ?? null, `the archived PDF hashes to ${short(actual)}, not pdf_sha256 ${short(letter.pdfSha256)}`);
  const signature = checkPdfSignature(pdf);
  if (!signature.ok) return broken(recorded?.seq ?? null, `the archived PDF's signature: ${signature.problem}`);
  const sealed = readAuditAnchor(pdf);
  if (!sealed && !recorded) return { status: 'unanchored' };
  if (!sealed) return broken(recorded!.seq, `the signed PDF carries no audit anchor; the letter row records seq ${recorded!.seq}`);
  if (!recorded || recorded.seq !== sealed.seq || recorded.hash !== sealed.hash) {
    const row = recorded ? `seq ${recorded.seq} ${short(recorded.hash)}` : 'none';
    return broken(sealed.seq, `the letter row's anchor (${row}) is not the signed PDF's (seq ${sealed.seq} ${short(sealed.hash)})`);
  }
  return againstChain(sealed, 'the signed PDF') ?? { status: 'ok' };
}

export interface AuditVerificationOptions {
  archive: ArchivedPdfs;
  documentId?: string;
  organizationId?: string;
  batchSize?: number;
}

export interface AuditVerificationReport {
  documents: number;
  events: number;
  letters: number;
  unanchoredLetters: number;
  unarchivedLetters: number;
  /** The first broken link of each broken chain. */
  chainBreaks: AuditChainBreak[];
  letterBreaks: Array<Extract<LetterAnchorCheck, { status: 'broken' }>>;
  intact: boolean;
}

/**
 * Walks every document's audit chain (or those of one document or organisation) and every signed
 * letter's anchor, reading one consistent snapshot in a read-only transaction.
 */
export async function verifyAuditTrail(ds: DataSource, opts: AuditVerificationOptions): Promise<AuditVerificationReport> {
  const report: AuditVerificationReport = {
    documents: 0,
    events: 0,
    letters: 0,
    unanchoredLetters: 0,
    unarchivedLetters: 0,
    chainBreaks: [],
    letterBreaks: [],
    intact: true,
  };
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await qr.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const m = qr.manager;
    const scope = { ...(opts.documentId && { id: opts.documentId }), ...(opts.organizationId && { organizationId: opts.organizationId }) };
    if (opts.documentId && !(await m.exists(DocumentEntity, { where: scope }))) throw new Error(`document ${opts.documentId} not found`);
    for (let after = ''; ;) {
      const docs = await m.find(DocumentEntity, {
        select: { id: true, auditSeq: true },
        where: { ...scope, ...(after && !opts.documentId && { id: MoreThan(after) }) },
        order: { id: 'ASC' },
        take: opts.batchSize ?? 200,
      });
      if (!docs.length) break;
      after = docs[docs.length - 1].id;
      const ids = docs.map((d) => d.id);
      const [rows, letters] = await Promise.all([
        m.find(AuditEventEntity, { where: { documentId: In(ids) }, order: { documentId: 'ASC', seq: 'ASC' } }),
        m.find(SignedLetterEntity, {
          select: { documentId: true, number: true, pdfSha256: true, auditAnchorSeq: true, auditAnchorHash: true },
          where: { documentId: In(ids) },
        }),
      ]);
      const byDocument = new Map<string, AuditEventEntity[]>(ids.map((id) => [id, []]));
      for (const r of rows) byDocument.get(r.documentId)?.push(r);
      for (const doc of docs) {
        const chain = byDocument.get(doc.id)!;
        const broken = findAuditChainBreak(doc.id, chain, doc.auditSeq);
        if (broken) report.chainBreaks.push(broken);
      }
      for (const letter of letters) {
        const chain = new Map(byDocument.get(letter.documentId)!.map((r) => [r.seq, r]));
        const check = checkLetterAnchor(letter, letter.pdfSha256 ? await opts.archive.get(letter.pdfSha256) : null, chain);
        if (check.status === 'broken') report.letterBreaks.push(check);
        if (check.status === 'unanchored') report.unanchoredLetters++;
        if (check.status === 'unarchived') report.unarchivedLetters++;
      }
      report.documents += docs.length;
      report.events += rows.length;
      report.letters += letters.length;
      if (opts.documentId) break;
    }
  } finally {
    await qr.query('ROLLBACK').catch(() => undefined);
    await qr.release();
  }
  report.intact = !report.chainBreaks.length && !report.letterBreaks.length;
  return report;
}

/** What the command prints: the summary, then the first broken link of each broken chain and each broken letter. */
export function formatAuditReport(r: AuditVerificationReport): string[] {
  const notes = [
    r.unanchoredLetters && `${r.unanchoredLetters} signed before anchoring`,
    r.unarchivedLetters && `${r.unarchivedLetters} not archived yet`,
  ].filter(Boolean);
  return [
    `checked ${r.documents} documents, ${r.events} audit events, ${r.letters} signed letters${notes.length ? ` (${notes.join(', ')})` : ''}`,
    ...r.chainBreaks.map((b) => `BROKEN chain of document ${b.documentId} at seq ${b.seq}: ${b.problem}`),
    ...r.letterBreaks.map((b) => `BROKEN letter ${b.number} of document ${b.documentId}${b.seq === null ? '' : ` at seq ${b.seq}`}: ${b.problem}`),
    r.intact ? 'audit trail intact' : `audit trail BROKEN: ${r.chainBreaks.length} chains, ${r.letterBreaks.length} letters`,
  ];
}

export interface VerifyAuditArgs {
  documentId?: string;
  organizationId?: string;
}

/** `[--document <id>] [--organization <id>]` */
export function parseVerifyAuditArgs(argv: readonly string[]): VerifyAuditArgs {
  const out: VerifyAuditArgs = {};
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const key = flag === '--document' ? 'documentId' : flag === '--organization' ? 'organizationId' : null;
    if (!key) throw new Error(`unknown argument ${argv[i]}; usage: [--document <id>] [--organization <id>]`);
    const value = inline ?? argv[++i];
    if (!value || !uuid.test(value)) throw new Error(`${flag} needs an id (a UUID)`);
    out[key] = value.toLowerCase();
  }
  return out;
}

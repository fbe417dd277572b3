import { randomBytes } from 'node:crypto';
import { EntityManager, In, IsNull } from 'typeorm';
import { versionHash } from '@naskah/content';
import { formatLetterNumber, numberSeries } from '@naskah/domain';
import type { LetterData, ParafRecord } from '@naskah/letter';
import { insertAuditEvent } from './audit';
import {
  Addressee,
  DocumentEntity,
  DocumentKindEntity,
  DocumentVersionEntity,
  OfficialEntity,
  OrganizationEntity,
  PositionEntity,
  RouteStepEntity,
  SignedLetterEntity,
  UnitEntity,
} from './entities';
import { signatureBlockOf } from './signature-block.reader';
import { SignedVersionMismatch } from './signed-version';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const verificationCode = () => Array.from(randomBytes(16), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
// Built once: an Intl formatter costs about a millisecond to construct (CPU profile of npm run bench, 0.8 ms a letter).
const JAKARTA_YEAR = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Jakarta' });
const yearInJakarta = (d: Date) => Number(JAKARTA_YEAR.format(d));

/** Who signs the letter and which version: the sign step once signed, or the signature attempt while it is being made. */
export interface LetterSigner {
  officialId: string;
  positionId: string;
  capacity: string;
  principalOfficialId: string | null;
  versionHash: string;
  signedAt: Date;
}

/** What a letter needs, read before any lock is taken (the numbering transaction stays short). */
export interface LetterContext {
  doc: DocumentEntity;
  version: DocumentVersionEntity;
  kind: DocumentKindEntity;
  org: OrganizationEntity;
  rootUnit: UnitEntity;
  signer: LetterSigner;
  signatureBlock: string[];
}

/** The stored version whose content hashes to what the signer signs; anything else is a SignedVersionMismatch, never signed. */
export async function versionToSign(m: EntityManager, documentId: string, hash: string): Promise<DocumentVersionEntity> {
  const version = await m.findOne(DocumentVersionEntity, { where: { documentId, contentHash: hash }, order: { versionNo: 'DESC' } });
  if (!version || versionHash(version) !== hash)
    throw new SignedVersionMismatch(`document ${documentId}: no stored version matches the signed hash ${hash}`);
  return version;
}

export async function letterContext(m: EntityManager, documentId: string, signer: LetterSigner): Promise<LetterContext> {
  const doc = await m.findOneByOrFail(DocumentEntity, { id: documentId });
  const version = await versionToSign(m, documentId, signer.versionHash);
  const [kind, org] = await Promise.all([
    m.findOneByOrFail(DocumentKindEntity, { id: doc.documentKindId }),
    m.findOneByOrFail(OrganizationEntity, { id: doc.organizationId }),
  ]);
  const rootUnit = await m.findOneOrFail(UnitEntity, { where: { organizationId: org.id, parentId: IsNull() } });
  const step = {
    action: 'sign' as const,
    positionId: signer.positionId,
    round: doc.round,
    actedByOfficialId: signer.officialId,
    actingCapacity: signer.capacity as RouteStepEntity['actingCapacity'],
    actedAt: signer.signedAt,
  };
  const signatureBlock = (await signatureBlockOf(m.connection, doc, kind, [step])) ?? [];
  return { doc, version, kind, org, rootUnit, signer, signatureBlock };
}

/** The number just taken is held by a signed letter already (the counter is behind its letters), or the document has its letter. */
export class LetterNumberTaken extends Error {
  constructor(
    readonly number: string,
    readonly runningNo: number,
    readonly documentSigned = false,
  ) {
    super(
      documentSigned
        ? `the document has a signed letter already (the number taken would have been ${number})`
        : `the number ${number} (running number ${runningNo}) is taken already: the number counter is behind the signed letters`,
    );
    this.name = 'LetterNumberTaken';
  }
}

/**
 * The running number, taken from a per-organisation, per-series, per-year counter row inside the
 * caller's transaction (which holds the document's row lock): gapless and unique under
 * concurrency, and rolled back with that transaction if the signature is not made. The counter
 * row is created beforehand by `ensureNumberCounter`, in its own statement.
 *
 * Writes the counter and the 'numbered' audit event only. The letter row is the caller's to
 * insert, and the document's audit_seq its to write, both once, when everything the signature
 * adds is known (`numberLetter` does both at once).
 */
export async function takeLetterNumber(m: EntityManager, ctx: LetterContext, extra: Partial<SignedLetterEntity> = {}): Promise<SignedLetterEntity> {
  const { doc, kind, org, rootUnit, signer, version } = ctx;
  const year = yearInJakarta(signer.signedAt);
  const { series, template } = numberSeries(kind.code, kind.numberPattern, org.numberTemplate);
  const counted: { affectedRows?: number } = await m.query(
    'UPDATE number_counter SET last_value = LAST_INSERT_ID(last_value + 1) WHERE organization_id = ? AND series = ? AND year = ?',
    [org.id, series, year],
  );
  // No row (ensureNumberCounter not run): LAST_INSERT_ID() would be an earlier value of this pooled connection.
  if (counted.affectedRows !== 1) throw new Error(`no number counter for organisation ${org.id}, series ${series}, year ${year}`);
  // With the number, whether a letter already holds it or this document has one (the row is inserted
  // only after the provider signed): only a broken invariant does (a counter restored behind its
  // letters), and then nothing is signed with that number. Each by its own unique key.
  const [{ n, numberTaken, documentSigned }] = await m.query(
    `SELECT LAST_INSERT_ID() AS n,
            EXISTS (SELECT 1 FROM signed_letter WHERE organization_id = ? AND series = ? AND year = ? AND running_no = LAST_INSERT_ID()) AS numberTaken,
            EXISTS (SELECT 1 FROM signed_letter WHERE document_id = ?) AS documentSigned`,
    [org.id, series, year, doc.id],
  );
  const runningNo = Number(n);
  const number = formatLetterNumber(template, { kode: version.fields.archiveCode ?? '000', nomor: runningNo, unit: rootUnit.code, tahun: year });
  if (Number(numberTaken) || Number(documentSigned)) throw new LetterNumberTaken(number, runningNo, !!Number(documentSigned));
  // The chain's head now (the 'numbered' event) goes into the letter row and the sealed PDF: a rewritten chain shows against them.
  const head = await insertAuditEvent(m, doc, { type: 'numbered', data: { number, runningNo, series, year }, at: new Date() });
  const letter = Object.assign(new SignedLetterEntity(), {
    documentId: doc.id,
    organizationId: org.id,
    number,
    series,
    year,
    runningNo,
    verificationCode: verificationCode(),
    signedAt: signer.signedAt,
    signerOfficialId: signer.officialId,
    signerCapacity: signer.capacity,
    principalOfficialId: signer.principalOfficialId,
    signatureProvider: 'organization-seal',
    attemptId: null,
    certificateSubject: null,
    certificateIssuer: null,
    certificateSerial: null,
    certificateNotBefore: null,
    certificateNotAfter: null,
    timestampedAt: null,
    signatureBlock: ctx.signatureBlock,
    auditAnchorSeq: head.seq,
    auditAnchorHash: head.hash,
    pdfSha256: null,
    pdfSize: null,
    deliveredAt: null,
    ...extra,
  });
  return letter;
}

/** The letter's row, inserted as given: every column is set, so nothing is read back (TypeORM re-selects columns with defaults). */
export async function insertSignedLetter(m: EntityManager, letter: SignedLetterEntity): Promise<void> {
  await m.createQueryBuilder().insert().into(SignedLetterEntity).values(letter).updateEntity(false).execute();
}

/** The number taken (takeLetterNumber), the letter row inserted and the document's audit_seq written. */
export async function numberLetter(m: EntityManager, ctx: LetterContext): Promise<SignedLetterEntity> {
  const letter = await takeLetterNumber(m, ctx);
  await insertSignedLetter(m, letter);
  await m.update(DocumentEntity, { id: ctx.doc.id }, { auditSeq: ctx.doc.auditSeq });
  return letter;
}

/** The year's counter row exists before any numbering transaction locks it (concurrent first-of-year inserts inside them deadlocked). */
export async function ensureNumberCounter(m: EntityManager, ctx: Pick<LetterContext, 'kind' | 'org' | 'signer'>): Promise<void> {
  const { series } = numberSeries(ctx.kind.code, ctx.kind.numberPattern, ctx.org.numberTemplate);
  await m.query('INSERT IGNORE INTO number_counter (organization_id, series, year, last_value) VALUES (?, ?, ?, 0)', [
    ctx.org.id,
    series,
    yearInJakarta(ctx.signer.signedAt),
  ]);
}

async function addresseeNames(m: EntityManager, list: Addressee[]): Promise<string[]> {
  const unitIds = list.filter((a) => a.type === 'unit').map((a) => (a as { unitId: string }).unitId);
  const heads = unitIds.length ? await m.findBy(PositionEntity, { unitId: In(unitIds), isHead: true }) : [];
  return list.map((a) =>
    a.type === 'unit' ? (heads.find((h) => h.unitId === a.unitId)?.title ?? a.name) : a.address ? `${a.name}, ${a.address}` : a.name,
  );
}

/**
 * Who initialled the signed version (the paraf record printed on the letter): the paraf of the
 * signing round that bind its hash, hierarki and koordinasi, in route order; paraf on a version a
 * superior then corrected are history and not printed.
 */
async function parafRecord(m: EntityManager, doc: DocumentEntity, hash: string): Promise<ParafRecord[]> {
  const steps = await m.find(RouteStepEntity, {
    where: { documentId: doc.id, round: doc.round, action: 'paraf', state: 'done', versionHash: hash },
    order: { stepOrder: 'ASC' },
  });
  if (!steps.length) return [];
  const [positions, officials] = await Promise.all([
    m.findBy(PositionEntity, { id: In(steps.map((s) => s.positionId)) }),
    m.findBy(OfficialEntity, { id: In(steps.map((s) => s.actedByOfficialId!)) }),
  ]);
  const marker: Record<string, string> = { an: 'a.n. ', ub: 'u.b. ', plt: 'Plt. ', plh: 'Plh. ' };
  return steps.map((s) => ({
    kind: s.kind,
    title: `${marker[s.actingCapacity ?? ''] ?? ''}${positions.find((p) => p.id === s.positionId)?.title ?? ''}`,
    name: officials.find((o) => o.id === s.actedByOfficialId)?.titledName() ?? '',
    date: s.actedAt ?? doc.updatedAt,
  }));
}

/** The letter as printed: from the signed version only (DESIGN §6), with its number, block, paraf record and verification link. */
export async function letterData(
  m: EntityManager,
  ctx: LetterContext,
  letter: SignedLetterEntity,
  opts: { verificationUrl: string; signatureIssuer?: string },
): Promise<LetterData> {
  const { doc, version, kind, org } = ctx;
  const { classification, urgency, recipients, tembusan } = version.fields;
  return {
    letterhead: org.letterhead,
    city: org.city,
    kindName: kind.name,
    layout: kind.layout,
    number: letter.number,
    date: letter.signedAt,
    classification,
    urgency,
    attachments: 0,
    subject: version.subject,
    recipients: await addresseeNames(m, recipients),
    bodyHtml: version.body,
    signatureBlock: letter.signatureBlock,
    tembusan: await addresseeNames(m, tembusan),
    verificationUrl: opts.verificationUrl,
    auditAnchor: letter.auditAnchorSeq && letter.auditAnchorHash ? { seq: letter.auditAnchorSeq, hash: letter.auditAnchorHash } : undefined,
    paraf: await parafRecord(m, doc, version.contentHash),
    ...(opts.signatureIssuer ? { signatureIssuer: opts.signatureIssuer } : {}),
  };
}

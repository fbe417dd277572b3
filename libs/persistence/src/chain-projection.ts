import { DataSource, EntityManager } from 'typeorm';
import { earlierActorsOf, inboxRowsFor, type ChainEvent, type ChainSnapshot, type ChainStep, type InboxRow } from '@naskah/domain';
import { insertAuditEvent, selectAuditHead } from './audit';
import { writeChainNotices } from './notifications';
import { writeTransaction } from './transaction';
import {
  DocumentEntity,
  DocumentKindEntity,
  DocumentVersionEntity,
  InboxItemEntity,
  OfficialEntity,
  ReminderEntity,
  RouteStepEntity,
} from './entities';

/** What the projection reads of a document's names besides its row: the inbox and the notices show them. */
export interface DocumentNames {
  kindName: string;
  drafterName: string;
}

/**
 * Replaces a document's inbox rows, by primary key, in two statements: the rows no longer wanted
 * deleted, the others written. The caller holds the document row locked.
 */
export async function replaceInbox(m: EntityManager, doc: DocumentEntity, rows: InboxRow[], at: Date, names?: DocumentNames): Promise<void> {
  const stale = m.createQueryBuilder().delete().from(InboxItemEntity).where('document_id = :id', { id: doc.id });
  if (rows.length) {
    stale.andWhere(
      `(owner_id, box) NOT IN (${rows.map((_, i) => `(:o${i}, :b${i})`).join(', ')})`,
      Object.fromEntries(
        rows.flatMap((r, i) => [
          [`o${i}`, r.ownerId],
          [`b${i}`, r.box],
        ]),
      ),
    );
  }
  await stale.execute();
  if (rows.length) await writeInbox(m, doc, rows, at, names ?? (await documentNames(m, doc)));
}

/** Writes (inserts or updates) a document's inbox rows in one statement; a new document's only inbox write. */
export async function writeInbox(
  m: EntityManager,
  doc: DocumentEntity,
  rows: InboxRow[],
  at: Date,
  { kindName, drafterName }: DocumentNames,
): Promise<void> {
  await m.upsert(
    InboxItemEntity,
    rows.map((r) => ({
      ownerId: r.ownerId,
      box: r.box,
      documentId: doc.id,
      organizationId: doc.organizationId,
      subject: doc.subject,
      kindName,
      classification: doc.classification,
      urgency: doc.urgency,
      status: doc.status,
      drafterName,
      stepAction: r.stepAction ?? null,
      overdue: r.overdue ?? false,
      updatedAt: at,
    })),
    ['ownerId', 'box', 'documentId'],
  );
}

async function documentNames(m: EntityManager, doc: DocumentEntity): Promise<DocumentNames> {
  const [kind, drafter] = await Promise.all([
    m.findOneOrFail(DocumentKindEntity, { where: { id: doc.documentKindId }, select: { name: true } }),
    m.findOneOrFail(OfficialEntity, { where: { id: doc.drafterOfficialId }, select: { name: true } }),
  ]);
  return { kindName: kind.name, drafterName: drafter.name };
}

function stepRow(documentId: string, round: number, s: ChainStep): RouteStepEntity {
  const d = (ms?: number) => (ms === undefined ? null : new Date(ms));
  return Object.assign(new RouteStepEntity(), {
    documentId,
    round,
    stepOrder: s.order,
    positionId: s.positionId,
    action: s.action,
    kind: s.kind ?? 'hierarki',
    groupNo: s.group ?? null,
    state: s.state,
    pasal: s.pasal,
    startedAt: d(s.startedAt),
    actedAt: d(s.actedAt),
    actedByOfficialId: s.actedBy?.officialId ?? null,
    actingCapacity: s.actedBy?.capacity ?? null,
    principalOfficialId: s.actedBy?.principalOfficialId ?? null,
    consideration: s.actedBy?.consideration ?? null,
    versionHash: s.versionHash ?? null,
    note: s.note ?? null,
    reminded: !!s.reminded,
    escalated: !!s.escalated,
    corrected: !!s.corrected,
  });
}

export class DocumentMissingError extends Error {}

/** What the workflow hands the projection besides the state and the event (issue 17: constant-size inputs). */
export interface ProjectionRounds {
  /** The rounds closed since the previous projection's input: the later rows are written already. */
  closedRounds?: Array<{ round: number; steps: ChainStep[] }>;
  /** The officials who acted in earlier rounds. */
  earlierActors?: string[];
}

/** A ChainState as recorded before issue 17 carries every earlier round: those inputs are projected as they were. */
type ProjectedState = ChainSnapshot & { earlierRounds?: ChainStep[][] };

const isDuplicateEvent = (e: unknown) => {
  const err = e as { code?: string; driverError?: { code?: string; sqlMessage?: string }; message?: string };
  const code = err.driverError?.code ?? err.code;
  return code === 'ER_DUP_ENTRY' && /uq_audit_event_wf_seq/.test(err.driverError?.sqlMessage ?? err.message ?? '');
};

class DuplicateEvent extends Error {}

/** The document row locked, with the names the inbox and the notices show, the signed letter's number and the audit chain's head: one statement. */
async function lockDocument(
  m: EntityManager,
  documentId: string,
): Promise<{ doc: DocumentEntity; names: DocumentNames; letterNumber: string | null }> {
  // The scalar subqueries read without locking (only the outer table's row is locked FOR UPDATE).
  // The chain's head, by primary key: the next audit event links to it (never a copy kept on the row).
  const { entities, raw } = await selectAuditHead(m.createQueryBuilder(DocumentEntity, 'd'))
    .addSelect('(SELECT k.name FROM document_kind k WHERE k.id = d.document_kind_id)', 'kind_name')
    .addSelect('(SELECT o.name FROM official o WHERE o.id = d.drafter_official_id)', 'drafter_name')
    .addSelect('(SELECT l.number FROM signed_letter l WHERE l.document_id = d.id)', 'letter_number')
    .where('d.id = :id', { id: documentId })
    .setLock('pessimistic_write')
    .getRawAndEntities<{ kind_name: string; drafter_name: string; letter_number: string | null; audit_head: string | null }>();
  if (!entities.length) throw new DocumentMissingError(`document ${documentId} not found`);
  entities[0].auditHash = raw[0].audit_head ?? null;
  return { doc: entities[0], names: { kindName: raw[0].kind_name, drafterName: raw[0].drafter_name }, letterNumber: raw[0].letter_number ?? null };
}

/**
 * Writes the MySQL projection of one chain event in one transaction: the audit row (keyed by
 * document and workflow seq, so a retried activity changes nothing), and, unless a later state
 * was already written, the document status, route steps and inbox rows; and the notices it causes.
 *
 * Statements (issue 17): the document locked with its names (1), the audit row (2; a repeated
 * event stops here on the (document_id, wf_seq) key), the document's columns with its audit seq (3), the route steps of this round and of the rounds closed since the previous
 * event (4), the stale inbox rows deleted and the others written (5, 6); then the notices
 * (writeChainNotices). A correction reads its version; a reminder records itself.
 */
export async function projectChainEvent(
  ds: DataSource,
  state: ProjectedState,
  event: ChainEvent,
  rounds: ProjectionRounds = {},
): Promise<'applied' | 'duplicate'> {
  try {
    return await writeTransaction(ds, (m) => projectInTransaction(m, state, event, rounds));
  } catch (e) {
    if (e instanceof DuplicateEvent) return 'duplicate';
    throw e;
  }
}

async function projectInTransaction(m: EntityManager, state: ProjectedState, event: ChainEvent, rounds: ProjectionRounds): Promise<'applied'> {
  const { doc, names, letterNumber } = await lockDocument(m, state.documentId);
  const at = new Date(event.at);
  try {
    await insertAuditEvent(m, doc, {
      type: event.type,
      wfSeq: event.seq,
      actorOfficialId: event.actor?.officialId ?? event.byOfficialId ?? null,
      actorPositionId: event.actor?.positionId ?? null,
      capacity: event.actor?.capacity ?? null,
      principalOfficialId: event.actor?.principalOfficialId ?? null,
      data: {
        round: event.round,
        stepOrder: event.stepOrder ?? null,
        versionNo: event.versionNo ?? null,
        versionHash: event.versionHash ?? null,
        note: event.note ?? null,
        consideration: event.actor?.consideration ?? null,
        targetPositionId: event.targetPositionId ?? null,
        ...(event.toStepOrder === undefined ? {} : { toStepOrder: event.toStepOrder }),
      },
      at,
    });
  } catch (e) {
    // Projected already (a retried activity): the transaction is rolled back, nothing changes.
    if (isDuplicateEvent(e)) throw new DuplicateEvent();
    throw e;
  }
  if ((event.type === 'reminder' || event.type === 'escalation') && event.stepOrder !== undefined) {
    await m
      .createQueryBuilder()
      .insert()
      .into(ReminderEntity)
      .values({
        documentId: doc.id,
        round: event.round,
        stepOrder: event.stepOrder,
        kind: event.type,
        targetPositionId: event.targetPositionId!,
        createdAt: at,
      })
      .orIgnore()
      .execute();
  }
  if (state.seq <= doc.projectedWfSeq) {
    // A later state is written already: only the audit seq moves.
    await m.update(DocumentEntity, { id: doc.id }, { auditSeq: doc.auditSeq });
    await writeChainNotices(m, doc, state, event, { kindName: names.kindName, letterNumber });
    return 'applied';
  }

  const current = state.currentStep === null ? null : state.steps[state.currentStep];
  if (state.versionNo !== doc.currentVersionNo) {
    // A reviewer's correction made a new version: the document's columns follow its content.
    const v = await m.findOneOrFail(DocumentVersionEntity, {
      where: { documentId: doc.id, versionNo: state.versionNo, contentHash: state.versionHash },
    });
    Object.assign(doc, {
      subject: v.subject,
      classification: v.fields.classification,
      urgency: v.fields.urgency,
      archiveCode: v.fields.archiveCode,
      recipients: v.fields.recipients,
      tembusan: v.fields.tembusan,
      tembusanWaiverReason: v.fields.tembusanWaiverReason ?? null,
    });
  }
  Object.assign(doc, {
    status: state.status,
    round: state.round,
    currentVersionNo: state.versionNo,
    currentVersionHash: state.versionHash,
    currentStepOrder: current?.order ?? null,
    currentPositionId: current?.positionId ?? null,
    signerPositionId: state.plan.signerPositionId,
    projectedWfSeq: state.seq,
    updatedAt: at,
    submittedAt: doc.submittedAt ?? (state.round > 0 ? at : null),
    finishedAt: state.status === 'signed' || state.status === 'withdrawn' ? (doc.finishedAt ?? at) : null,
  });
  await m.update(
    DocumentEntity,
    { id: doc.id },
    {
      subject: doc.subject,
      classification: doc.classification,
      urgency: doc.urgency,
      archiveCode: doc.archiveCode,
      recipients: doc.recipients,
      tembusan: doc.tembusan,
      tembusanWaiverReason: doc.tembusanWaiverReason,
      status: doc.status,
      round: doc.round,
      currentVersionNo: doc.currentVersionNo,
      currentVersionHash: doc.currentVersionHash,
      currentStepOrder: doc.currentStepOrder,
      currentPositionId: doc.currentPositionId,
      signerPositionId: doc.signerPositionId,
      projectedWfSeq: doc.projectedWfSeq,
      auditSeq: doc.auditSeq,
      updatedAt: doc.updatedAt,
      submittedAt: doc.submittedAt,
      finishedAt: doc.finishedAt,
    },
  );
  // The rows of the rounds that changed: this one, and those closed since the previous input (an
  // input recorded before issue 17 carries every earlier round). Earlier rounds' rows stay as written.
  const closed = state.earlierRounds ? state.earlierRounds.map((steps, i) => ({ round: i + 1, steps })) : (rounds.closedRounds ?? []);
  const steps = [
    ...closed.flatMap((r) => r.steps.map((s) => stepRow(doc.id, r.round, s))),
    ...state.steps.map((s) => stepRow(doc.id, state.round, s)),
  ];
  if (steps.length) await m.upsert(RouteStepEntity, steps, ['documentId', 'round', 'stepOrder']);
  const earlierActors = rounds.earlierActors ?? earlierActorsOf(state.earlierRounds ?? []);
  await replaceInbox(m, doc, inboxRowsFor(state, earlierActors), at, names);
  // The notices it causes, in the same transaction (the outbox), after the columns follow a correction's classification.
  await writeChainNotices(m, doc, state, event, { kindName: names.kindName, letterNumber });
  return 'applied';
}

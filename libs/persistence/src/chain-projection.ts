import { DataSource, EntityManager } from 'typeorm';
import { inboxRowsFor, type ChainEvent, type ChainState, type ChainStep, type InboxRow } from '@naskah/domain';
import { appendAudit } from './audit';
import { writeChainNotices } from './notifications';
import { writeTransaction } from './transaction';
import {
  AuditEventEntity,
  DocumentEntity,
  DocumentKindEntity,
  DocumentVersionEntity,
  InboxItemEntity,
  OfficialEntity,
  ReminderEntity,
  RouteStepEntity,
} from './entities';

/** Replaces a document's inbox rows, by primary key; the caller holds the document row locked. */
export async function replaceInbox(m: EntityManager, doc: DocumentEntity, rows: InboxRow[], at: Date): Promise<void> {
  const existing = await m.find(InboxItemEntity, { where: { documentId: doc.id }, select: { ownerId: true, box: true, documentId: true } });
  const keep = new Set(rows.map((r) => `${r.ownerId}/${r.box}`));
  const stale = existing.filter((e) => !keep.has(`${e.ownerId}/${e.box}`));
  if (stale.length)
    await m.delete(
      InboxItemEntity,
      stale.map((e) => ({ ownerId: e.ownerId, box: e.box, documentId: doc.id })),
    );
  if (!rows.length) return;
  const [kind, drafter] = await Promise.all([
    m.findOneOrFail(DocumentKindEntity, { where: { id: doc.documentKindId }, select: { name: true } }),
    m.findOneOrFail(OfficialEntity, { where: { id: doc.drafterOfficialId }, select: { name: true } }),
  ]);
  await m.upsert(
    InboxItemEntity,
    rows.map((r) => ({
      ownerId: r.ownerId,
      box: r.box,
      documentId: doc.id,
      organizationId: doc.organizationId,
      subject: doc.subject,
      kindName: kind.name,
      classification: doc.classification,
      urgency: doc.urgency,
      status: doc.status,
      drafterName: drafter.name,
      stepAction: r.stepAction ?? null,
      overdue: r.overdue ?? false,
      updatedAt: at,
    })),
    ['ownerId', 'box', 'documentId'],
  );
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

/**
 * Writes the MySQL projection of one chain event in one transaction: the audit row (keyed by
 * document and workflow seq, so a retried activity changes nothing), and, unless a later state
 * was already written, the document status, route steps and inbox rows; and the notices it causes.
 */
export async function projectChainEvent(ds: DataSource, state: ChainState, event: ChainEvent): Promise<'applied' | 'duplicate'> {
  return writeTransaction(ds, async (m) => {
    const doc = await m.findOne(DocumentEntity, { where: { id: state.documentId }, lock: { mode: 'pessimistic_write' } });
    if (!doc) throw new DocumentMissingError(`document ${state.documentId} not found`);
    const seen = await m.exists(AuditEventEntity, { where: { documentId: doc.id, wfSeq: event.seq } });
    if (seen) return 'duplicate';
    const at = new Date(event.at);
    await appendAudit(m, doc, {
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
      await writeChainNotices(m, doc, state, event);
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
        updatedAt: doc.updatedAt,
        submittedAt: doc.submittedAt,
        finishedAt: doc.finishedAt,
      },
    );
    await m.delete(RouteStepEntity, { documentId: doc.id });
    const steps = [
      ...state.earlierRounds.flatMap((round, i) => round.map((s) => stepRow(doc.id, i + 1, s))),
      ...state.steps.map((s) => stepRow(doc.id, state.round, s)),
    ];
    if (steps.length) await m.insert(RouteStepEntity, steps);
    await replaceInbox(m, doc, inboxRowsFor(state), at);
    // The notices it causes, in the same transaction (the outbox), after the columns follow a correction's classification.
    await writeChainNotices(m, doc, state, event);
    return 'applied';
  });
}

import { EntityManager, In } from 'typeorm';
import { AssignmentContext, AssignmentRow, Classification, inForceOn, newHolderNotices, StepAtPost } from '@naskah/domain';
import { AssignmentEntity, enqueueNotification, OfficialEntity, OrganizationAuditState, PositionEntity, todayInJakarta } from '@naskah/persistence';
import { AssignmentDto } from './dto/assignment.dto';

export const toRow = (a: AssignmentEntity): AssignmentRow => ({
  id: a.id,
  officialId: a.officialId,
  positionId: a.positionId,
  kind: a.kind,
  validFrom: a.validFrom,
  validTo: a.validTo,
});

/** Every assignment of these posts and of these officials (the rules look at both). */
export async function rowsConcerning(m: EntityManager, positionIds: string[], officialIds: string[]): Promise<AssignmentEntity[]> {
  const where = [
    ...(positionIds.length ? [{ positionId: In([...new Set(positionIds)]) }] : []),
    ...(officialIds.length ? [{ officialId: In([...new Set(officialIds)]) }] : []),
  ];
  return where.length ? m.find(AssignmentEntity, { where, order: { validFrom: 'ASC' } }) : [];
}

/** The officials and posts the rows name, as the rules need them. */
export async function ruleContext(m: EntityManager, rows: readonly AssignmentRow[]): Promise<AssignmentContext> {
  const officialIds = [...new Set(rows.map((r) => r.officialId))];
  const positionIds = [...new Set(rows.map((r) => r.positionId))];
  const [officials, positions] = await Promise.all([
    officialIds.length ? m.find(OfficialEntity, { where: { id: In(officialIds) } }) : [],
    positionIds.length ? m.find(PositionEntity, { where: { id: In(positionIds) } }) : [],
  ]);
  return {
    officials: Object.fromEntries(officials.map((o) => [o.id, { organizationId: o.organizationId, active: o.active, name: o.titledName() }])),
    positions: Object.fromEntries(positions.map((p) => [p.id, { organizationId: p.organizationId, title: p.title }])),
  };
}

/** What the organisation's trail records of an assignment. */
export function recordedAssignment(
  a: AssignmentEntity,
  official: Pick<OfficialEntity, 'nip'>,
  position: Pick<PositionEntity, 'code'>,
): OrganizationAuditState {
  return {
    id: a.id,
    officialId: a.officialId,
    nip: official.nip,
    positionId: a.positionId,
    positionCode: position.code,
    kind: a.kind,
    validFrom: a.validFrom,
    validTo: a.validTo,
    decreeRef: a.decreeRef,
  };
}

export const assignmentSubject = (a: Pick<AssignmentEntity, 'kind'>, official: Pick<OfficialEntity, 'nip'>, position: Pick<PositionEntity, 'code'>) =>
  `${position.code} ${a.kind} ${official.nip}`;

/** Assignments as the API shows them, with the official's and the post's names. */
export async function assignmentViews(m: EntityManager, rows: AssignmentEntity[], today = todayInJakarta()): Promise<AssignmentDto[]> {
  if (!rows.length) return [];
  const [officials, positions] = await Promise.all([
    m.find(OfficialEntity, { where: { id: In([...new Set(rows.map((r) => r.officialId))]) } }),
    m.find(PositionEntity, { where: { id: In([...new Set(rows.map((r) => r.positionId))]) } }),
  ]);
  const official = new Map(officials.map((o) => [o.id, o]));
  const position = new Map(positions.map((p) => [p.id, p]));
  return rows.map((a) => ({
    id: a.id,
    officialId: a.officialId,
    officialNip: official.get(a.officialId)?.nip ?? '',
    officialName: official.get(a.officialId)?.titledName() ?? '',
    positionId: a.positionId,
    positionCode: position.get(a.positionId)?.code ?? '',
    positionTitle: position.get(a.positionId)?.title ?? '',
    kind: a.kind,
    validFrom: a.validFrom,
    validTo: a.validTo,
    decreeRef: a.decreeRef,
    inForce: inForceOn(a, today),
  }));
}

/**
 * The steps follow the post: an assignment that makes an official its holder today tells them of
 * every step already waiting there (once: keyed like the chain's own notice). Answers how many.
 */
export async function tellNewHolder(m: EntityManager, a: AssignmentRow, organizationId: string, at = new Date()): Promise<number> {
  if (!inForceOn(a, todayInJakarta(at))) return 0;
  const position = await m.findOneBy(PositionEntity, { id: a.positionId });
  if (!position) return 0;
  const rows: Array<{
    document_id: string;
    subject: string;
    classification: Classification;
    kind_name: string;
    round: number;
    step_order: number;
    action: 'paraf' | 'sign';
    started_at: Date | null;
  }> = await m.query(
    `SELECT rs.document_id, d.subject, d.classification, k.name AS kind_name, rs.round, rs.step_order, rs.action, rs.started_at
       FROM route_step rs
       JOIN document d ON d.id = rs.document_id AND d.round = rs.round
       JOIN document_kind k ON k.id = d.document_kind_id
      WHERE rs.position_id = ? AND rs.state = 'pending' AND d.status = 'in_review'`,
    [a.positionId],
  );
  const steps: StepAtPost[] = rows.map((r) => ({
    documentId: r.document_id,
    subject: r.subject,
    kindName: r.kind_name,
    classification: r.classification,
    round: Number(r.round),
    stepOrder: Number(r.step_order),
    action: r.action,
    startedAt: r.started_at ? new Date(r.started_at).getTime() : 0,
  }));
  for (const n of newHolderNotices(a.officialId, a.kind, position.title, steps)) {
    await enqueueNotification(m, { ...n, organizationId, documentId: n.data.documentId as string, at });
  }
  return steps.length;
}

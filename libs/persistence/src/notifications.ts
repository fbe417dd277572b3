import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import {
  chainEventNotices,
  deputyNotices,
  letterArrivedNotices,
  noticePositions,
  signedNotices,
  type ChainEvent,
  type ChainState,
  type NoticeDocument,
  type NoticePeople,
  type PlannedNotice,
} from '@naskah/domain';
import { delegationInForce, todayInJakarta } from './org-chart.reader';
import { writeTransaction } from './transaction';
import {
  AssignmentEntity,
  DelegationEntity,
  DocumentEntity,
  DocumentKindEntity,
  NotificationDeliveryEntity,
  NotificationEntity,
  NotificationEvent,
  NotificationPreferenceEntity,
  OfficialEntity,
  OrganizationWebhookEntity,
  PositionEntity,
  SignedLetterEntity,
  UnitEntity,
} from './entities';

export interface Notice {
  organizationId: string;
  recipientOfficialId: string;
  event: NotificationEvent;
  documentId: string | null;
  /** Once per key, whatever retries the caller's transaction goes through (e.g. `${documentId}:${wfSeq}:${event}:${recipient}`). */
  dedupeKey: string;
  actingForOfficialId?: string | null;
  confidential: boolean;
  /** In Bahasa Indonesia; never a confidential document's subject. */
  title: string;
  body: string;
  /** The web app's path, e.g. /dokumen/<id>. */
  link: string;
  data?: Record<string, unknown>;
  at: Date;
}

/**
 * The outbox: writes the notice and its deliveries in the caller's transaction (the projection or
 * the act that causes it), so a notice exists exactly when its cause was committed. A repeated key
 * writes nothing. E-mail when the official has an address and wants it (held for the daily digest
 * if asked), the office's webhook when it has an active one and the official did not turn it off.
 */
export async function enqueueNotification(m: EntityManager, n: Notice): Promise<NotificationEntity | null> {
  // A deactivated official (left the office) is told nothing, on no channel.
  const recipient = await m.findOne(OfficialEntity, { where: { id: n.recipientOfficialId }, select: { id: true, active: true } });
  if (!recipient?.active) return null;
  const id = randomUUID();
  const result = await m
    .createQueryBuilder()
    .insert()
    .into(NotificationEntity)
    .values({
      id,
      organizationId: n.organizationId,
      recipientOfficialId: n.recipientOfficialId,
      event: n.event,
      documentId: n.documentId,
      dedupeKey: n.dedupeKey.slice(0, 200),
      actingForOfficialId: n.actingForOfficialId ?? null,
      confidential: n.confidential,
      title: n.title.slice(0, 300),
      body: n.body,
      link: n.link,
      // A JSON column: TypeORM serialises the object (its deep-partial type does not admit an open record).
      data: (n.data ?? {}) as never,
      createdAt: n.at,
      readAt: null,
    })
    .orIgnore()
    .execute();
  if (!result.raw?.affectedRows) return null;
  const [official, pref, webhook] = await Promise.all([
    m.findOne(OfficialEntity, { where: { id: n.recipientOfficialId }, select: { id: true, email: true } }),
    m.findOneBy(NotificationPreferenceEntity, { officialId: n.recipientOfficialId }),
    m.findOneBy(OrganizationWebhookEntity, { organizationId: n.organizationId, active: true }),
  ]);
  const deliveries: Array<Partial<NotificationDeliveryEntity>> = [];
  if (official?.email && (pref?.email ?? true)) {
    deliveries.push({ notificationId: id, channel: 'email', state: pref?.emailDigest ? 'digest' : 'pending', attempts: 0, nextAttemptAt: n.at });
  }
  if (webhook && (pref?.webhook ?? true)) {
    deliveries.push({ notificationId: id, channel: 'webhook', state: 'pending', attempts: 0, nextAttemptAt: n.at });
  }
  if (deliveries.length) await m.insert(NotificationDeliveryEntity, deliveries);
  return m.findOneByOrFail(NotificationEntity, { id });
}

/** Writes each planned notice through the outbox (enqueueNotification); a repeated key writes nothing. */
export async function enqueueNotices(
  m: EntityManager,
  organizationId: string,
  documentId: string | null,
  notices: PlannedNotice[],
  at: Date,
): Promise<void> {
  for (const n of notices) await enqueueNotification(m, { ...n, organizationId, documentId, at });
}

/**
 * Who holds these positions on the event's day, the appointments in force then for each (both
 * officials still holding the posts it was made for: activeDeputyships), and the positions' titles.
 * Read through the caller's transaction.
 */
export async function noticePeople(m: EntityManager, positionIds: string[], at: Date): Promise<NoticePeople> {
  const people: NoticePeople = { holders: {}, deputies: {}, titles: {} };
  if (!positionIds.length) return people;
  const on = todayInJakarta(at);
  const [positions, delegations] = await Promise.all([
    m.findBy(PositionEntity, { id: In(positionIds) }),
    m.findBy(DelegationEntity, { principalPositionId: In(positionIds), validTo: MoreThan(at) }),
  ]);
  const inForce = delegations.filter((d) => delegationInForce(d, at));
  const wanted = [...new Set([...positionIds, ...inForce.map((d) => d.deputyPositionId)])];
  const assignments = await m
    .getRepository(AssignmentEntity)
    .createQueryBuilder('a')
    .where('a.position_id IN (:...wanted) AND a.valid_from <= :on AND (a.valid_to IS NULL OR a.valid_to >= :on)', { wanted, on })
    .orderBy("FIELD(a.kind, 'definitif', 'plt', 'plh')")
    .getMany();
  const holds = (officialId: string, positionId: string) => assignments.some((a) => a.officialId === officialId && a.positionId === positionId);
  for (const p of positions) {
    people.titles[p.id] = p.title;
    people.holders[p.id] = assignments.filter((a) => a.positionId === p.id).map((a) => a.officialId);
  }
  for (const d of inForce) {
    if (!holds(d.deputyOfficialId, d.deputyPositionId) || !holds(d.principalOfficialId, d.principalPositionId)) continue;
    (people.deputies[d.principalPositionId] ??= []).push({
      officialId: d.deputyOfficialId,
      principalOfficialId: d.principalOfficialId,
      capacity: d.capacity,
    });
  }
  return people;
}

/** The document as a notice may name it (the subject only where not confidential: the domain's rule). */
export async function noticeDocument(m: EntityManager, doc: DocumentEntity, number?: string | null): Promise<NoticeDocument> {
  const kind = await m.findOneOrFail(DocumentKindEntity, { where: { id: doc.documentKindId }, select: { name: true } });
  return {
    id: doc.id,
    organizationId: doc.organizationId,
    subject: doc.subject,
    kindName: kind.name,
    classification: doc.classification,
    drafterOfficialId: doc.drafterOfficialId,
    number: number ?? null,
  };
}

/** The notices of one chain event, in the projection's transaction (the caller holds the document row). */
export async function writeChainNotices(m: EntityManager, doc: DocumentEntity, state: ChainState, event: ChainEvent): Promise<void> {
  const at = new Date(event.at);
  const letter = event.type === 'signed' ? await m.findOne(SignedLetterEntity, { where: { documentId: doc.id }, select: { number: true } }) : null;
  const [info, people] = await Promise.all([noticeDocument(m, doc, letter?.number), noticePeople(m, noticePositions(state, event), at)]);
  await enqueueNotices(m, doc.organizationId, doc.id, chainEventNotices(state, event, info, people), at);
}

/**
 * A signed letter delivered (the worker's delivery transaction): the drafter told its number, and
 * the head(s) of each recipient and tembusan unit that it arrived.
 */
export async function writeDeliveryNotices(
  m: EntityManager,
  doc: DocumentEntity,
  letter: { number: string; signerOfficialId: string | null },
  unitIds: string[],
  at: Date,
): Promise<void> {
  const info = { ...(await noticeDocument(m, doc, letter.number)), number: letter.number };
  const units = unitIds.length ? await m.findBy(UnitEntity, { id: In(unitIds) }) : [];
  const heads = units.length ? await m.findBy(PositionEntity, { unitId: In(units.map((u) => u.id)), isHead: true }) : [];
  const people = await noticePeople(
    m,
    heads.map((h) => h.id),
    at,
  );
  const arrived = units.map((u) => ({
    name: u.name,
    headOfficialIds: heads.filter((h) => h.unitId === u.id).flatMap((h) => people.holders[h.id] ?? []),
  }));
  await enqueueNotices(m, doc.organizationId, doc.id, [...signedNotices(info, letter.signerOfficialId), ...letterArrivedNotices(info, arrived)], at);
}

/**
 * Tells the deputy and the principal that an appointment started or ended, once: the caller holds
 * the delegation row locked; the row's marker column says it was done.
 */
export async function notifyAppointment(m: EntityManager, d: DelegationEntity, kind: 'deputy_started' | 'deputy_ended', at: Date): Promise<void> {
  const column = kind === 'deputy_started' ? 'startNotifiedAt' : 'endNotifiedAt';
  if (d[column]) return;
  const [positions, deputy] = await Promise.all([
    m.findBy(PositionEntity, { id: In([d.principalPositionId, d.deputyPositionId]) }),
    m.findOneByOrFail(OfficialEntity, { id: d.deputyOfficialId }),
  ]);
  const title = (id: string) => positions.find((p) => p.id === id)?.title ?? '';
  const notices = deputyNotices(
    {
      id: d.id,
      principalOfficialId: d.principalOfficialId,
      principalTitle: title(d.principalPositionId),
      deputyOfficialId: d.deputyOfficialId,
      deputyTitle: title(d.deputyPositionId),
      deputyName: deputy.titledName(),
      capacity: d.capacity,
      validFrom: d.validFrom.getTime(),
      validTo: d.validTo.getTime(),
    },
    kind,
  );
  await enqueueNotices(m, d.organizationId, null, notices, at);
  await m.update(DelegationEntity, { id: d.id }, { [column]: at });
  d[column] = at;
}

/**
 * Appointments that started, or ended (expired or revoked), since they were last told: each told
 * once, under its row's lock, whichever worker process sweeps first. Only an appointment told that
 * it started is told that it ended (one revoked before it began never started).
 */
export async function sweepAppointmentNotices(ds: DataSource, now = new Date(), batch = 100): Promise<number> {
  const due = await ds
    .getRepository(DelegationEntity)
    .createQueryBuilder('d')
    .select('d.id', 'id')
    .where('(d.start_notified_at IS NULL AND d.valid_from <= :now AND d.valid_to > :now AND (d.revoked_at IS NULL OR d.revoked_at > :now))', { now })
    .orWhere('(d.end_notified_at IS NULL AND d.start_notified_at IS NOT NULL AND (d.valid_to <= :now OR d.revoked_at <= :now))', { now })
    .limit(batch)
    .getRawMany<{ id: string }>();
  let told = 0;
  for (const { id } of due) {
    await writeTransaction(ds, async (m) => {
      const d = await m.findOne(DelegationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!d) return;
      if (!d.startNotifiedAt && delegationInForce(d, now)) {
        await notifyAppointment(m, d, 'deputy_started', now);
        told += 1;
      } else if (d.startNotifiedAt && !d.endNotifiedAt && !delegationInForce(d, now) && d.validFrom <= now) {
        await notifyAppointment(m, d, 'deputy_ended', now);
        told += 1;
      }
    });
  }
  return told;
}

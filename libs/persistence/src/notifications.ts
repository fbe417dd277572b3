import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import {
  chainEventNotices,
  deputyNotices,
  letterArrivedNotices,
  noticePositions,
  signedNotices,
  type ChainEvent,
  type ChainSnapshot,
  type NoticeDocument,
  type NoticePeople,
  type PlannedNotice,
} from '@naskah/domain';
import { delegationInForce, todayInJakarta } from './org-chart.reader';
import { writeTransaction } from './transaction';
import {
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
/** A notice's row, cut to its columns' lengths. */
function notificationRow(id: string, n: Notice) {
  return {
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
  };
}

export async function enqueueNotification(m: EntityManager, n: Notice): Promise<NotificationEntity | null> {
  // A deactivated official (left the office) is told nothing, on no channel.
  const recipient = await m.findOne(OfficialEntity, { where: { id: n.recipientOfficialId }, select: { id: true, active: true } });
  if (!recipient?.active) return null;
  const id = randomUUID();
  const result = await m.createQueryBuilder().insert().into(NotificationEntity).values(notificationRow(id, n)).orIgnore().execute();
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

/** What the outbox needs to know of each recipient: whether still active, and the channels. */
type Channels = Map<string, RecipientRow>;

interface RecipientRow {
  id: string;
  active: number | boolean;
  email: string | null;
  pref_email: number | boolean | null;
  pref_webhook: number | boolean | null;
  pref_digest: number | boolean | null;
  office_webhook: number | boolean;
}

/**
 * Writes the planned notices through the outbox in at most four statements whatever their number
 * (the projection's budget, issue 17): the recipients read with their channels, the notices
 * inserted (a repeated key writes nothing), the ones inserted read back only when some key was
 * repeated, and their deliveries. The same outcome as enqueueNotification for each.
 */
export async function enqueueNotices(
  m: EntityManager,
  organizationId: string,
  documentId: string | null,
  notices: PlannedNotice[],
  at: Date,
  known: Channels = new Map(),
): Promise<void> {
  if (!notices.length) return;
  const ids = [...new Set(notices.map((n) => n.recipientOfficialId))].filter((id) => !known.has(id));
  const recipients: RecipientRow[] = !ids.length
    ? []
    : await m.query(
        `SELECT o.id, o.active, o.email, p.email AS pref_email, p.webhook AS pref_webhook, p.email_digest AS pref_digest,
            EXISTS (SELECT 1 FROM organization_webhook w WHERE w.organization_id = ? AND w.active) AS office_webhook
       FROM official o LEFT JOIN notification_preference p ON p.official_id = o.id
      WHERE o.id IN (${ids.map(() => '?').join(', ')})`,
        [organizationId, ...ids],
      );
  const byId = new Map([...known, ...recipients.map((r) => [r.id, r] as const)]);
  // A deactivated official (left the office) is told nothing, on no channel.
  const told = notices.filter((n) => !!byId.get(n.recipientOfficialId)?.active).map((n) => ({ id: randomUUID(), n }));
  if (!told.length) return;
  const result = await m
    .createQueryBuilder()
    .insert()
    .into(NotificationEntity)
    .values(told.map(({ id, n }) => notificationRow(id, { ...n, organizationId, documentId, at })))
    .orIgnore()
    .updateEntity(false)
    .execute();
  let written = told;
  if ((result.raw?.affectedRows ?? 0) < told.length) {
    const rows = await m.find(NotificationEntity, { where: { id: In(told.map((t) => t.id)) }, select: { id: true } });
    const kept = new Set(rows.map((r) => r.id));
    written = told.filter((t) => kept.has(t.id));
  }
  const deliveries: Array<Partial<NotificationDeliveryEntity>> = [];
  for (const { id, n } of written) {
    const r = byId.get(n.recipientOfficialId)!;
    const on = (v: number | boolean | null) => v === null || !!v;
    if (r.email && on(r.pref_email)) {
      deliveries.push({ notificationId: id, channel: 'email', state: r.pref_digest ? 'digest' : 'pending', attempts: 0, nextAttemptAt: at });
    }
    if (r.office_webhook && on(r.pref_webhook)) {
      deliveries.push({ notificationId: id, channel: 'webhook', state: 'pending', attempts: 0, nextAttemptAt: at });
    }
  }
  if (deliveries.length) await m.createQueryBuilder().insert().into(NotificationDeliveryEntity).values(deliveries).updateEntity(false).execute();
}

/**
 * Who holds these positions on the event's day, the appointments in force then for each (both
 * officials still holding the posts it was made for: activeDeputyships), and the positions' titles.
 * Read through the caller's transaction.
 */
export async function noticePeople(m: EntityManager, positionIds: string[], at: Date): Promise<NoticePeople> {
  return (await noticePeopleWithChannels(m, positionIds, at, null)).people;
}

/**
 * noticePeople in two statements (the appointments, then the posts with their holders on the day
 * and each holder's channels for a notice of `organizationId`), and the channels, so the outbox
 * need not read its recipients again.
 */
async function noticePeopleWithChannels(
  m: EntityManager,
  positionIds: string[],
  at: Date,
  organizationId: string | null,
): Promise<{ people: NoticePeople; channels: Channels }> {
  const people: NoticePeople = { holders: {}, deputies: {}, titles: {} };
  const channels: Channels = new Map();
  if (!positionIds.length) return { people, channels };
  const on = todayInJakarta(at);
  const delegations = await m.findBy(DelegationEntity, { principalPositionId: In(positionIds), validTo: MoreThan(at) });
  const inForce = delegations.filter((d) => delegationInForce(d, at));
  const wanted = [...new Set([...positionIds, ...inForce.map((d) => d.deputyPositionId)])];
  const rows: Array<RecipientRow & { position_id: string; title: string; official_id: string | null }> = await m.query(
    `SELECT p.id AS position_id, p.title, a.official_id, o.id, o.active, o.email,
            np.email AS pref_email, np.webhook AS pref_webhook, np.email_digest AS pref_digest,
            EXISTS (SELECT 1 FROM organization_webhook w WHERE w.organization_id = ? AND w.active) AS office_webhook
       FROM org_position p
       LEFT JOIN assignment a ON a.position_id = p.id AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?)
       LEFT JOIN official o ON o.id = a.official_id
       LEFT JOIN notification_preference np ON np.official_id = o.id
      WHERE p.id IN (${wanted.map(() => '?').join(', ')})
      ORDER BY FIELD(a.kind, 'definitif', 'plt', 'plh')`,
    [organizationId, on, on, ...wanted],
  );
  const assignments = rows.filter((r) => r.official_id !== null);
  if (organizationId) for (const r of assignments) if (r.id) channels.set(r.id, r);
  const holds = (officialId: string, positionId: string) => assignments.some((a) => a.official_id === officialId && a.position_id === positionId);
  for (const id of positionIds) {
    const title = rows.find((r) => r.position_id === id)?.title;
    if (title === undefined) continue; // no such position
    people.titles[id] = title;
    people.holders[id] = assignments.filter((a) => a.position_id === id).map((a) => a.official_id!);
  }
  for (const d of inForce) {
    if (!holds(d.deputyOfficialId, d.deputyPositionId) || !holds(d.principalOfficialId, d.principalPositionId)) continue;
    (people.deputies[d.principalPositionId] ??= []).push({
      officialId: d.deputyOfficialId,
      principalOfficialId: d.principalOfficialId,
      capacity: d.capacity,
    });
  }
  return { people, channels };
}

/** The document as a notice may name it (the subject only where not confidential: the domain's rule). */
export async function noticeDocument(m: EntityManager, doc: DocumentEntity, number?: string | null, kindName?: string): Promise<NoticeDocument> {
  const kind = kindName ?? (await m.findOneOrFail(DocumentKindEntity, { where: { id: doc.documentKindId }, select: { name: true } })).name;
  return {
    id: doc.id,
    organizationId: doc.organizationId,
    subject: doc.subject,
    kindName: kind,
    classification: doc.classification,
    drafterOfficialId: doc.drafterOfficialId,
    number: number ?? null,
  };
}

/**
 * The notices of one chain event, in the projection's transaction (the caller holds the document
 * row). `known`: the kind's name and the signed letter's number as the caller read them already.
 */
export async function writeChainNotices(
  m: EntityManager,
  doc: DocumentEntity,
  state: ChainSnapshot,
  event: ChainEvent,
  known?: { kindName: string; letterNumber: string | null },
): Promise<void> {
  const at = new Date(event.at);
  const number = known
    ? known.letterNumber
    : event.type === 'signed'
      ? ((await m.findOne(SignedLetterEntity, { where: { documentId: doc.id }, select: { number: true } }))?.number ?? null)
      : null;
  const [info, { people, channels }] = await Promise.all([
    noticeDocument(m, doc, event.type === 'signed' ? number : null, known?.kindName),
    noticePeopleWithChannels(m, noticePositions(state, event), at, doc.organizationId),
  ]);
  await enqueueNotices(m, doc.organizationId, doc.id, chainEventNotices(state, event, info, people), at, channels);
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

import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  NotificationDeliveryEntity,
  NotificationEntity,
  NotificationEvent,
  NotificationPreferenceEntity,
  OfficialEntity,
  OrganizationWebhookEntity,
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

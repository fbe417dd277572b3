import { Column, Entity, PrimaryColumn } from 'typeorm';

export type NotificationEvent =
  'step_waiting' | 'returned' | 'signed' | 'letter_arrived' | 'reminder' | 'escalation' | 'deputy_started' | 'deputy_ended';

/**
 * A notice to one official (the outbox): written in the transaction of what causes it, once per
 * dedupe key; shown in the app (the bell) and delivered on the channels the official chose.
 * A confidential document (Rahasia, Sangat Rahasia) never puts its subject in title or body.
 */
@Entity('notification')
export class NotificationEntity {
  @PrimaryColumn('char', { length: 36 }) id: string;
  @Column('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @Column('char', { name: 'recipient_official_id', length: 36 }) recipientOfficialId: string;
  @Column('varchar', { length: 32 }) event: NotificationEvent;
  @Column('char', { name: 'document_id', length: 36, nullable: true }) documentId: string | null;
  @Column('varchar', { name: 'dedupe_key', length: 200 }) dedupeKey: string;
  /** A deputy's notice: the principal the deputy acts for (a.n.). */
  @Column('char', { name: 'acting_for_official_id', length: 36, nullable: true }) actingForOfficialId: string | null;
  @Column('boolean', { default: false }) confidential: boolean;
  @Column('varchar', { length: 300 }) title: string;
  @Column('text') body: string;
  /** The web app's path to open (deep link), e.g. /dokumen/<id>. */
  @Column('varchar', { length: 500 }) link: string;
  @Column('json') data: Record<string, unknown>;
  @Column('datetime', { name: 'created_at', precision: 3 }) createdAt: Date;
  @Column('datetime', { name: 'read_at', precision: 3, nullable: true }) readAt: Date | null;
}

export type DeliveryChannel = 'email' | 'webhook';
export type DeliveryState = 'pending' | 'digest' | 'sent' | 'failed' | 'skipped';

/** One notice on one further channel: sent by the retrying delivery loop, at most once marked sent. */
@Entity('notification_delivery')
export class NotificationDeliveryEntity {
  @PrimaryColumn('char', { name: 'notification_id', length: 36 }) notificationId: string;
  @PrimaryColumn('varchar', { length: 12 }) channel: DeliveryChannel;
  @Column('varchar', { length: 12 }) state: DeliveryState;
  @Column('int', { unsigned: true, default: 0 }) attempts: number;
  @Column('datetime', { name: 'next_attempt_at', precision: 3 }) nextAttemptAt: Date;
  @Column('datetime', { name: 'sent_at', precision: 3, nullable: true }) sentAt: Date | null;
  @Column('varchar', { name: 'last_error', length: 500, nullable: true }) lastError: string | null;
}

/** The channels an official chose; no row: e-mail and webhook on, no digest. */
@Entity('notification_preference')
export class NotificationPreferenceEntity {
  @PrimaryColumn('char', { name: 'official_id', length: 36 }) officialId: string;
  @Column('boolean', { default: true }) email: boolean;
  @Column('boolean', { default: true }) webhook: boolean;
  @Column('boolean', { name: 'email_digest', default: false }) emailDigest: boolean;
  @Column('datetime', { name: 'updated_at', precision: 3 }) updatedAt: Date;
}

/** The office's outgoing webhook (a WhatsApp or Telegram gateway): JSON signed with HMAC-SHA256 under `secret`. */
@Entity('organization_webhook')
export class OrganizationWebhookEntity {
  @PrimaryColumn('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @Column('varchar', { length: 500 }) url: string;
  @Column('varchar', { length: 200 }) secret: string;
  @Column('boolean', { default: true }) active: boolean;
  @Column('datetime', { name: 'updated_at', precision: 3 }) updatedAt: Date;
}

export type HolidayKind = 'libur_nasional' | 'cuti_bersama' | 'libur_daerah';

/** A day the office does not work (libur nasional, cuti bersama): working-day deadlines skip it. */
@Entity('organization_holiday')
export class OrganizationHolidayEntity {
  @PrimaryColumn('char', { name: 'organization_id', length: 36 }) organizationId: string;
  /** YYYY-MM-DD (Asia/Jakarta). */
  @PrimaryColumn('date') day: string;
  @Column('varchar', { length: 200 }) name: string;
  @Column('varchar', { length: 16 }) kind: HolidayKind;
}

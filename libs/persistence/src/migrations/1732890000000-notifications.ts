import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Notifications: each notice is written in the same transaction as the projection (or the act)
 * that causes it (an outbox), once per dedupe key; it is read in the app, and each further channel
 * (e-mail, the office's webhook) has a delivery row that a retrying worker loop sends and marks.
 * Officials choose their channels and a daily digest; offices keep their holidays (libur nasional,
 * cuti bersama) for working-day deadlines, and a webhook with its HMAC secret.
 */
export class Notifications1732890000000 implements MigrationInterface {
  name = 'Notifications1732890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE official ADD COLUMN email VARCHAR(200) NULL AFTER rank`);
    await q.query(`
      CREATE TABLE notification (
        id CHAR(36) NOT NULL,
        organization_id CHAR(36) NOT NULL,
        recipient_official_id CHAR(36) NOT NULL,
        event VARCHAR(32) NOT NULL,
        document_id CHAR(36) NULL,
        dedupe_key VARCHAR(200) NOT NULL,
        acting_for_official_id CHAR(36) NULL,
        confidential BOOLEAN NOT NULL DEFAULT FALSE,
        title VARCHAR(300) NOT NULL,
        body TEXT NOT NULL,
        link VARCHAR(500) NOT NULL,
        data JSON NOT NULL,
        created_at DATETIME(3) NOT NULL,
        read_at DATETIME(3) NULL,
        CONSTRAINT pk_notification PRIMARY KEY (id),
        CONSTRAINT uq_notification_dedupe UNIQUE (dedupe_key),
        CONSTRAINT ck_notification_event CHECK (event IN ('step_waiting', 'returned', 'signed', 'letter_arrived', 'reminder', 'escalation', 'deputy_started', 'deputy_ended')),
        CONSTRAINT fk_notification_recipient FOREIGN KEY (recipient_official_id) REFERENCES official (id),
        CONSTRAINT fk_notification_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
        INDEX ix_notification_recipient (recipient_official_id, created_at),
        INDEX ix_notification_unread (recipient_official_id, read_at)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE notification_delivery (
        notification_id CHAR(36) NOT NULL,
        channel VARCHAR(12) NOT NULL,
        state VARCHAR(12) NOT NULL,
        attempts INT UNSIGNED NOT NULL DEFAULT 0,
        next_attempt_at DATETIME(3) NOT NULL,
        sent_at DATETIME(3) NULL,
        last_error VARCHAR(500) NULL,
        CONSTRAINT pk_notification_delivery PRIMARY KEY (notification_id, channel),
        CONSTRAINT ck_notification_delivery_channel CHECK (channel IN ('email', 'webhook')),
        CONSTRAINT ck_notification_delivery_state CHECK (state IN ('pending', 'digest', 'sent', 'failed', 'skipped')),
        CONSTRAINT fk_notification_delivery_notification FOREIGN KEY (notification_id) REFERENCES notification (id),
        INDEX ix_notification_delivery_due (state, next_attempt_at)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE notification_preference (
        official_id CHAR(36) NOT NULL,
        email BOOLEAN NOT NULL DEFAULT TRUE,
        webhook BOOLEAN NOT NULL DEFAULT TRUE,
        email_digest BOOLEAN NOT NULL DEFAULT FALSE,
        updated_at DATETIME(3) NOT NULL,
        CONSTRAINT pk_notification_preference PRIMARY KEY (official_id),
        CONSTRAINT fk_notification_preference_official FOREIGN KEY (official_id) REFERENCES official (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE organization_webhook (
        organization_id CHAR(36) NOT NULL,
        url VARCHAR(500) NOT NULL,
        secret VARCHAR(200) NOT NULL,
        active BOOLEAN NOT NULL DEFAULT TRUE,
        updated_at DATETIME(3) NOT NULL,
        CONSTRAINT pk_organization_webhook PRIMARY KEY (organization_id),
        CONSTRAINT fk_organization_webhook_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE organization_holiday (
        organization_id CHAR(36) NOT NULL,
        day DATE NOT NULL,
        name VARCHAR(200) NOT NULL,
        kind VARCHAR(16) NOT NULL,
        CONSTRAINT pk_organization_holiday PRIMARY KEY (organization_id, day),
        CONSTRAINT ck_organization_holiday_kind CHECK (kind IN ('libur_nasional', 'cuti_bersama', 'libur_daerah')),
        CONSTRAINT fk_organization_holiday_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
      ) ${TABLE}`);
    await q.query(`ALTER TABLE delegation ADD COLUMN start_notified_at DATETIME(3) NULL, ADD COLUMN end_notified_at DATETIME(3) NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE delegation DROP COLUMN end_notified_at, DROP COLUMN start_notified_at`);
    await q.query(`DROP TABLE organization_holiday`);
    await q.query(`DROP TABLE organization_webhook`);
    await q.query(`DROP TABLE notification_preference`);
    await q.query(`DROP TABLE notification_delivery`);
    await q.query(`DROP TABLE notification`);
    await q.query(`ALTER TABLE official DROP COLUMN email`);
  }
}

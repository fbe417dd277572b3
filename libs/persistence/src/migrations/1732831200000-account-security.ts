import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Accounts: the forced change after an administrator's reset, the per-NIP login lock shared by
 * every API process, and the append-only trail of account changes.
 */
export class AccountSecurity1732831200000 implements MigrationInterface {
  name = 'AccountSecurity1732831200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE official ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE AFTER active`);
    await q.query(`
      CREATE TABLE login_attempt_counter (
        nip CHAR(18) NOT NULL,
        attempts INT UNSIGNED NOT NULL,
        window_started_at DATETIME(3) NOT NULL,
        locked_until DATETIME(3) NULL,
        CONSTRAINT pk_login_attempt_counter PRIMARY KEY (nip),
        INDEX ix_login_attempt_counter_window (window_started_at)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE account_audit_event (
        official_id CHAR(36) NOT NULL,
        seq INT UNSIGNED NOT NULL,
        organization_id CHAR(36) NOT NULL,
        action VARCHAR(32) NOT NULL,
        actor_official_id CHAR(36) NULL,
        client_address VARCHAR(64) NULL,
        reason VARCHAR(500) NULL,
        before_state JSON NOT NULL,
        after_state JSON NOT NULL,
        created_at DATETIME(3) NOT NULL,
        prev_hash CHAR(64) NOT NULL,
        hash CHAR(64) NOT NULL,
        CONSTRAINT pk_account_audit_event PRIMARY KEY (official_id, seq),
        CONSTRAINT ck_account_audit_event_action CHECK (action IN ('password_changed', 'password_reset', 'deactivated', 'activated', 'login_locked')),
        CONSTRAINT fk_account_audit_event_official FOREIGN KEY (official_id) REFERENCES official (id),
        CONSTRAINT fk_account_audit_event_actor FOREIGN KEY (actor_official_id) REFERENCES official (id),
        CONSTRAINT fk_account_audit_event_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
        INDEX ix_account_audit_event_org_time (organization_id, created_at)
      ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_audit_event`);
    await q.query(`DROP TABLE login_attempt_counter`);
    await q.query(`ALTER TABLE official DROP COLUMN must_change_password`);
  }
}

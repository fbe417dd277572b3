import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/** The organisation's own trail: administrators' changes to its settings (holidays first), hash-chained per organisation. */
export class OrganizationAudit1732895000000 implements MigrationInterface {
  name = 'OrganizationAudit1732895000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization_audit_event (
        organization_id CHAR(36) NOT NULL,
        seq INT UNSIGNED NOT NULL,
        action VARCHAR(32) NOT NULL,
        subject VARCHAR(100) NOT NULL,
        actor_official_id CHAR(36) NOT NULL,
        client_address VARCHAR(64) NULL,
        before_state JSON NULL,
        after_state JSON NULL,
        created_at DATETIME(3) NOT NULL,
        prev_hash CHAR(64) NOT NULL,
        hash CHAR(64) NOT NULL,
        CONSTRAINT pk_organization_audit_event PRIMARY KEY (organization_id, seq),
        CONSTRAINT ck_organization_audit_event_action CHECK (action IN ('holiday_set', 'holiday_removed')),
        CONSTRAINT fk_organization_audit_event_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
        CONSTRAINT fk_organization_audit_event_actor FOREIGN KEY (actor_official_id) REFERENCES official (id),
        INDEX ix_organization_audit_event_created (organization_id, created_at)
      ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE organization_audit_event`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class Delegations1732500000000 implements MigrationInterface {
  name = 'Delegations1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE delegation (
        id CHAR(36) NOT NULL,
        organization_id CHAR(36) NOT NULL,
        principal_position_id CHAR(36) NOT NULL,
        principal_official_id CHAR(36) NOT NULL,
        deputy_position_id CHAR(36) NOT NULL,
        deputy_official_id CHAR(36) NOT NULL,
        capacity VARCHAR(8) NOT NULL DEFAULT 'an',
        valid_from DATETIME(3) NOT NULL,
        valid_to DATETIME(3) NOT NULL,
        reason VARCHAR(16) NOT NULL,
        reason_note VARCHAR(500) NULL,
        created_by_official_id CHAR(36) NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        revoked_at DATETIME(3) NULL,
        revoked_by_official_id CHAR(36) NULL,
        CONSTRAINT pk_delegation PRIMARY KEY (id),
        CONSTRAINT ck_delegation_period CHECK (valid_from < valid_to),
        CONSTRAINT ck_delegation_reason CHECK (reason IN ('cuti', 'dinas_luar', 'sakit', 'lainnya')),
        CONSTRAINT fk_delegation_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
        CONSTRAINT fk_delegation_principal_position FOREIGN KEY (principal_position_id) REFERENCES org_position (id),
        CONSTRAINT fk_delegation_deputy_position FOREIGN KEY (deputy_position_id) REFERENCES org_position (id),
        CONSTRAINT fk_delegation_principal FOREIGN KEY (principal_official_id) REFERENCES official (id),
        CONSTRAINT fk_delegation_deputy FOREIGN KEY (deputy_official_id) REFERENCES official (id),
        INDEX ix_delegation_principal (principal_position_id, valid_from),
        INDEX ix_delegation_deputy (deputy_official_id, valid_to)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE delegation');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganizationChart1732300000000 implements MigrationInterface {
  name = 'OrganizationChart1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization (
        id CHAR(36) NOT NULL,
        code VARCHAR(32) NOT NULL,
        name VARCHAR(200) NOT NULL,
        city VARCHAR(100) NOT NULL,
        regulation VARCHAR(200) NOT NULL,
        letterhead JSON NOT NULL,
        number_template VARCHAR(100) NOT NULL,
        discrepancies JSON NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        CONSTRAINT pk_organization PRIMARY KEY (id),
        CONSTRAINT uq_organization_code UNIQUE (code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE unit (
        id CHAR(36) NOT NULL,
        organization_id CHAR(36) NOT NULL,
        parent_id CHAR(36) NULL,
        reports_via_unit_id CHAR(36) NULL,
        reports_via_pasal VARCHAR(200) NULL,
        code VARCHAR(32) NOT NULL,
        name VARCHAR(200) NOT NULL,
        kind VARCHAR(32) NOT NULL,
        pasal VARCHAR(200) NOT NULL,
        sort_order INT NOT NULL,
        CONSTRAINT pk_unit PRIMARY KEY (id),
        CONSTRAINT uq_unit_org_code UNIQUE (organization_id, code),
        CONSTRAINT fk_unit_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
        CONSTRAINT fk_unit_parent FOREIGN KEY (parent_id) REFERENCES unit (id),
        CONSTRAINT fk_unit_reports_via FOREIGN KEY (reports_via_unit_id) REFERENCES unit (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE org_position (
        id CHAR(36) NOT NULL,
        organization_id CHAR(36) NOT NULL,
        unit_id CHAR(36) NOT NULL,
        code VARCHAR(32) NOT NULL,
        title VARCHAR(200) NOT NULL,
        level TINYINT NOT NULL,
        is_head BOOLEAN NOT NULL,
        may_check BOOLEAN NOT NULL,
        may_return BOOLEAN NOT NULL,
        may_paraf BOOLEAN NOT NULL,
        may_sign BOOLEAN NOT NULL,
        authority_pasal VARCHAR(200) NOT NULL,
        pasal VARCHAR(200) NOT NULL,
        sort_order INT NOT NULL,
        CONSTRAINT pk_org_position PRIMARY KEY (id),
        CONSTRAINT uq_position_org_code UNIQUE (organization_id, code),
        CONSTRAINT ck_position_level CHECK (level BETWEEN 1 AND 4),
        CONSTRAINT fk_position_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
        CONSTRAINT fk_position_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE official (
        id CHAR(36) NOT NULL,
        organization_id CHAR(36) NOT NULL,
        nip CHAR(18) NOT NULL,
        name VARCHAR(150) NOT NULL,
        gelar_depan VARCHAR(50) NOT NULL DEFAULT '',
        gelar_belakang VARCHAR(80) NOT NULL DEFAULT '',
        \`rank\` VARCHAR(80) NOT NULL,
        password_hash VARCHAR(255) NOT NULL,
        roles JSON NOT NULL,
        active BOOLEAN NOT NULL DEFAULT TRUE,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        CONSTRAINT pk_official PRIMARY KEY (id),
        CONSTRAINT uq_official_nip UNIQUE (nip),
        CONSTRAINT fk_official_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE assignment (
        id CHAR(36) NOT NULL,
        official_id CHAR(36) NOT NULL,
        position_id CHAR(36) NOT NULL,
        kind VARCHAR(16) NOT NULL,
        valid_from DATE NOT NULL,
        valid_to DATE NULL,
        decree_ref VARCHAR(200) NULL,
        CONSTRAINT pk_assignment PRIMARY KEY (id),
        CONSTRAINT ck_assignment_kind CHECK (kind IN ('definitif', 'plt', 'plh')),
        CONSTRAINT fk_assignment_official FOREIGN KEY (official_id) REFERENCES official (id),
        CONSTRAINT fk_assignment_position FOREIGN KEY (position_id) REFERENCES org_position (id),
        INDEX ix_assignment_official (official_id, valid_from),
        INDEX ix_assignment_position (position_id, valid_from)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE document_kind (
        id CHAR(36) NOT NULL,
        code VARCHAR(32) NOT NULL,
        name VARCHAR(100) NOT NULL,
        category VARCHAR(16) NOT NULL,
        layout VARCHAR(32) NOT NULL,
        number_pattern VARCHAR(100) NOT NULL,
        strategic BOOLEAN NOT NULL,
        CONSTRAINT pk_document_kind PRIMARY KEY (id),
        CONSTRAINT uq_document_kind_code UNIQUE (code),
        CONSTRAINT ck_document_kind_category CHECK (category IN ('arahan', 'korespondensi', 'khusus'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE signing_authority (
        organization_id CHAR(36) NOT NULL,
        document_kind_id CHAR(36) NOT NULL,
        position_id CHAR(36) NOT NULL,
        CONSTRAINT pk_signing_authority PRIMARY KEY (organization_id, document_kind_id, position_id),
        CONSTRAINT fk_signing_authority_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
        CONSTRAINT fk_signing_authority_kind FOREIGN KEY (document_kind_id) REFERENCES document_kind (id),
        CONSTRAINT fk_signing_authority_position FOREIGN KEY (position_id) REFERENCES org_position (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['signing_authority', 'document_kind', 'assignment', 'official', 'org_position', 'unit', 'organization']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

export class Documents1732400000000 implements MigrationInterface {
  name = 'Documents1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document (
        id CHAR(36) NOT NULL,
        organization_id CHAR(36) NOT NULL,
        document_kind_id CHAR(36) NOT NULL,
        subject VARCHAR(500) NOT NULL,
        classification VARCHAR(16) NOT NULL,
        urgency VARCHAR(16) NOT NULL,
        archive_code VARCHAR(32) NULL,
        recipients JSON NOT NULL,
        tembusan JSON NOT NULL,
        drafter_official_id CHAR(36) NOT NULL,
        drafter_position_id CHAR(36) NOT NULL,
        requested_signer_position_id CHAR(36) NULL,
        status VARCHAR(16) NOT NULL,
        current_version_no INT NOT NULL,
        current_version_hash CHAR(64) NOT NULL,
        round INT NOT NULL DEFAULT 0,
        current_step_order INT NULL,
        current_position_id CHAR(36) NULL,
        signer_position_id CHAR(36) NULL,
        workflow_id VARCHAR(120) NULL,
        create_key VARCHAR(100) NULL,
        projected_wf_seq INT NOT NULL DEFAULT 0,
        audit_seq INT NOT NULL DEFAULT 0,
        submitted_at DATETIME(3) NULL,
        finished_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        CONSTRAINT pk_document PRIMARY KEY (id),
        CONSTRAINT uq_document_create_key UNIQUE (drafter_official_id, create_key),
        CONSTRAINT ck_document_status CHECK (status IN ('draft', 'in_review', 'returned', 'signed', 'withdrawn')),
        CONSTRAINT ck_document_classification CHECK (classification IN ('biasa', 'terbatas', 'rahasia', 'sangat_rahasia')),
        CONSTRAINT ck_document_urgency CHECK (urgency IN ('biasa', 'segera', 'sangat_segera')),
        CONSTRAINT fk_document_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
        CONSTRAINT fk_document_kind FOREIGN KEY (document_kind_id) REFERENCES document_kind (id),
        CONSTRAINT fk_document_drafter FOREIGN KEY (drafter_official_id) REFERENCES official (id),
        INDEX ix_document_org_status (organization_id, status, updated_at)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE document_version (
        id CHAR(36) NOT NULL,
        document_id CHAR(36) NOT NULL,
        version_no INT NOT NULL,
        subject VARCHAR(500) NOT NULL,
        body MEDIUMTEXT NOT NULL,
        fields JSON NOT NULL,
        content_hash CHAR(64) NOT NULL,
        author_official_id CHAR(36) NOT NULL,
        save_key VARCHAR(100) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        CONSTRAINT pk_document_version PRIMARY KEY (id),
        CONSTRAINT uq_document_version_no UNIQUE (document_id, version_no),
        CONSTRAINT uq_document_version_key UNIQUE (document_id, save_key),
        CONSTRAINT fk_document_version_document FOREIGN KEY (document_id) REFERENCES document (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE route_step (
        document_id CHAR(36) NOT NULL,
        round INT NOT NULL,
        step_order INT NOT NULL,
        position_id CHAR(36) NOT NULL,
        action VARCHAR(8) NOT NULL,
        state VARCHAR(16) NOT NULL,
        pasal VARCHAR(200) NOT NULL,
        started_at DATETIME(3) NULL,
        acted_at DATETIME(3) NULL,
        acted_by_official_id CHAR(36) NULL,
        acting_capacity VARCHAR(8) NULL,
        principal_official_id CHAR(36) NULL,
        consideration TEXT NULL,
        version_hash CHAR(64) NULL,
        note TEXT NULL,
        reminded BOOLEAN NOT NULL DEFAULT FALSE,
        escalated BOOLEAN NOT NULL DEFAULT FALSE,
        CONSTRAINT pk_route_step PRIMARY KEY (document_id, round, step_order),
        CONSTRAINT ck_route_step_action CHECK (action IN ('paraf', 'sign')),
        CONSTRAINT fk_route_step_document FOREIGN KEY (document_id) REFERENCES document (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE audit_event (
        document_id CHAR(36) NOT NULL,
        seq INT NOT NULL,
        wf_seq INT NULL,
        type VARCHAR(32) NOT NULL,
        actor_official_id CHAR(36) NULL,
        actor_position_id CHAR(36) NULL,
        capacity VARCHAR(8) NULL,
        principal_official_id CHAR(36) NULL,
        data JSON NOT NULL,
        created_at DATETIME(3) NOT NULL,
        prev_hash CHAR(64) NOT NULL,
        hash CHAR(64) NOT NULL,
        CONSTRAINT pk_audit_event PRIMARY KEY (document_id, seq),
        CONSTRAINT uq_audit_event_wf_seq UNIQUE (document_id, wf_seq),
        CONSTRAINT fk_audit_event_document FOREIGN KEY (document_id) REFERENCES document (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE inbox_item (
        owner_id CHAR(36) NOT NULL,
        box VARCHAR(16) NOT NULL,
        document_id CHAR(36) NOT NULL,
        organization_id CHAR(36) NOT NULL,
        subject VARCHAR(500) NOT NULL,
        kind_name VARCHAR(100) NOT NULL,
        classification VARCHAR(16) NOT NULL,
        urgency VARCHAR(16) NOT NULL,
        status VARCHAR(16) NOT NULL,
        drafter_name VARCHAR(150) NOT NULL,
        step_action VARCHAR(8) NULL,
        overdue BOOLEAN NOT NULL DEFAULT FALSE,
        updated_at DATETIME(3) NOT NULL,
        CONSTRAINT pk_inbox_item PRIMARY KEY (owner_id, box, document_id),
        INDEX ix_inbox_owner_box_time (owner_id, box, updated_at, document_id),
        INDEX ix_inbox_document (document_id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE reminder (
        document_id CHAR(36) NOT NULL,
        round INT NOT NULL,
        step_order INT NOT NULL,
        kind VARCHAR(16) NOT NULL,
        target_position_id CHAR(36) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        CONSTRAINT pk_reminder PRIMARY KEY (document_id, round, step_order, kind),
        CONSTRAINT ck_reminder_kind CHECK (kind IN ('reminder', 'escalation')),
        CONSTRAINT fk_reminder_document FOREIGN KEY (document_id) REFERENCES document (id),
        INDEX ix_reminder_target (target_position_id, created_at)
      ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['reminder', 'inbox_item', 'audit_event', 'route_step', 'document_version', 'document']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}

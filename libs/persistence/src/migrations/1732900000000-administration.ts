import { MigrationInterface, QueryRunner } from 'typeorm';

/** ORGANIZATION_AUDIT_ACTIONS as this migration made them (a later action needs a later migration). */
const ACTIONS = [
  'holiday_set',
  'holiday_removed',
  'organization_created',
  'organization_updated',
  'organization_imported',
  'unit_created',
  'unit_updated',
  'unit_removed',
  'position_created',
  'position_updated',
  'position_removed',
  'official_created',
  'official_updated',
  'official_deactivated',
  'official_activated',
  'official_password_reset',
  'officials_imported',
  'assignment_created',
  'assignment_updated',
  'assignment_ended',
  'signing_authority_set',
  'document_kind_set',
];
/** The words of KIND_SOURCE_DEFAULT (libs/domain/src/sources.ts) when this migration was written. */
const KIND_SOURCE = 'Permendagri 1/2023 tentang Tata Naskah Dinas di Lingkungan Pemerintah Daerah, jenis naskah dinas';
const HOLIDAY_ACTIONS = ['holiday_set', 'holiday_removed'];
const actionCheck = (actions: readonly string[]) => `CHECK (action IN (${actions.map((a) => `'${a}'`).join(', ')}))`;

/**
 * Administration (issue 15): the organisation's trail records every administrative change (chart,
 * officials, assignments, authority table, imports), including the organisation-file CLI's, which
 * no official makes; a document kind cites its source; an assignment's period is checked and its
 * creation time kept.
 */
export class Administration1732900000000 implements MigrationInterface {
  name = 'Administration1732900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization_audit_event DROP CONSTRAINT ck_organization_audit_event_action`);
    await q.query(
      `ALTER TABLE organization_audit_event
         MODIFY subject VARCHAR(200) NOT NULL,
         MODIFY actor_official_id CHAR(36) NULL,
         ADD CONSTRAINT ck_organization_audit_event_action ${actionCheck(ACTIONS)}`,
    );
    await q.query(`ALTER TABLE document_kind ADD COLUMN source VARCHAR(300) NULL AFTER strategic`);
    await q.query(`UPDATE document_kind SET source = ?`, [KIND_SOURCE]);
    await q.query(`ALTER TABLE document_kind MODIFY source VARCHAR(300) NOT NULL`);
    await q.query(
      `ALTER TABLE assignment
         ADD COLUMN created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
         ADD CONSTRAINT ck_assignment_period CHECK (valid_to IS NULL OR valid_to >= valid_from)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment DROP CONSTRAINT ck_assignment_period, DROP COLUMN created_at`);
    await q.query(`ALTER TABLE document_kind DROP COLUMN source`);
    await q.query(`DELETE FROM organization_audit_event WHERE action NOT IN (${HOLIDAY_ACTIONS.map((a) => `'${a}'`).join(', ')})`);
    await q.query(`ALTER TABLE organization_audit_event DROP CONSTRAINT ck_organization_audit_event_action`);
    await q.query(
      `ALTER TABLE organization_audit_event
         MODIFY subject VARCHAR(100) NOT NULL,
         MODIFY actor_official_id CHAR(36) NOT NULL,
         ADD CONSTRAINT ck_organization_audit_event_action ${actionCheck(HOLIDAY_ACTIONS)}`,
    );
  }
}

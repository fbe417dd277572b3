import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Paraf koordinasi, corrections and returns to an earlier official: a route step is hierarki or
 * koordinasi and waits in a group (the steps of one group run in parallel); a step records that its
 * official corrected the draft. A draft names the heads of other units asked for paraf koordinasi;
 * a document kind may require it, citing its source. Steps written before stay hierarki, each its
 * own group.
 */
export class ParafKoordinasi1732870000000 implements MigrationInterface {
  name = 'ParafKoordinasi1732870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE route_step ADD COLUMN kind VARCHAR(12) NOT NULL DEFAULT 'hierarki' AFTER action, ADD COLUMN group_no INT NULL AFTER kind, ADD COLUMN corrected BOOLEAN NOT NULL DEFAULT FALSE AFTER escalated`,
    );
    await q.query(`ALTER TABLE document ADD COLUMN coordinator_position_ids JSON NULL AFTER requested_signer_position_id`);
    await q.query(`ALTER TABLE document_kind ADD COLUMN coordination_required_pasal VARCHAR(200) NULL AFTER strategic`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document_kind DROP COLUMN coordination_required_pasal`);
    await q.query(`ALTER TABLE document DROP COLUMN coordinator_position_ids`);
    await q.query(`ALTER TABLE route_step DROP COLUMN corrected, DROP COLUMN group_no, DROP COLUMN kind`);
  }
}

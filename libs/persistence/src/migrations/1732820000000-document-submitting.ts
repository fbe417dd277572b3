import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `submitting`: the version a (re)submission binds is fixed under the document's row lock before
 * the workflow hears of it, so an edit or a withdrawal racing the submission is serialised with it.
 */
export class DocumentSubmitting1732820000000 implements MigrationInterface {
  name = 'DocumentSubmitting1732820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document DROP CONSTRAINT ck_document_status`);
    await q.query(
      `ALTER TABLE document ADD CONSTRAINT ck_document_status CHECK (status IN ('draft', 'submitting', 'in_review', 'returned', 'signed', 'withdrawn'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE document SET status = IF(round = 0, 'draft', 'returned') WHERE status = 'submitting'`);
    await q.query(`ALTER TABLE document DROP CONSTRAINT ck_document_status`);
    await q.query(
      `ALTER TABLE document ADD CONSTRAINT ck_document_status CHECK (status IN ('draft', 'in_review', 'returned', 'signed', 'withdrawn'))`,
    );
  }
}

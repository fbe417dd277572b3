import { MigrationInterface, QueryRunner } from 'typeorm';

/** The archive classification list drafts choose from, and letter numbers on inbox rows (search). */
export class ArchiveCodesInboxNumber1732700000000 implements MigrationInterface {
  name = 'ArchiveCodesInboxNumber1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE archive_code (
        code VARCHAR(32) NOT NULL,
        name VARCHAR(200) NOT NULL,
        CONSTRAINT pk_archive_code PRIMARY KEY (code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`ALTER TABLE inbox_item ADD COLUMN number VARCHAR(120) NULL AFTER overdue`);
    // Letters signed before this migration: their numbers, and incoming rows without the number
    // folded into the subject.
    await q.query(`
      UPDATE inbox_item i JOIN signed_letter l ON l.document_id = i.document_id JOIN document d ON d.id = i.document_id
      SET i.number = l.number, i.subject = d.subject`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inbox_item DROP COLUMN number`);
    await q.query(`DROP TABLE archive_code`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** The generation of an official's bearer tokens: a token carrying another version is refused. */
export class OfficialTokenVersion1732810000000 implements MigrationInterface {
  name = 'OfficialTokenVersion1732810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE official ADD COLUMN token_version INT UNSIGNED NOT NULL DEFAULT 0 AFTER active`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE official DROP COLUMN token_version`);
  }
}

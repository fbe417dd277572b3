import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox search by word (apps/api/src/inbox/search-terms.ts): a full-text index on the subject and the
 * letter number, looked up by prefix in boolean mode for rare words. Built without stopwords, so every
 * word of at least innodb_ft_min_token_size characters is indexed (the list is English and would drop
 * words such as "for" or "with" from the index). The setting holds until the table is rebuilt
 * (OPTIMIZE TABLE, ALTER TABLE ... FORCE, a restore): rebuild it in a session with stopwords off too
 * (README, "Sizing").
 */
export class InboxSearch1733000000100 implements MigrationInterface {
  name = 'InboxSearch1733000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET SESSION innodb_ft_enable_stopword = OFF`);
    try {
      await q.query(`ALTER TABLE inbox_item ADD FULLTEXT INDEX ft_inbox_item_search (subject, number)`);
    } finally {
      await q.query(`SET SESSION innodb_ft_enable_stopword = DEFAULT`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inbox_item DROP INDEX ft_inbox_item_search`);
  }
}

import { AdvancedConsoleLogger, QueryRunner } from 'typeorm';

/**
 * TypeORM's console logger without the values bound to a statement: a failed or slow query is
 * logged with its SQL only. Its parameters can be secrets (an official's encrypted signing key, a
 * password hash, a letter's text), and logs travel further than the database.
 */
export class ParameterFreeLogger extends AdvancedConsoleLogger {
  override logQuery(query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    super.logQuery(query, undefined, queryRunner);
  }

  override logQueryError(error: string, query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    super.logQueryError(error, query, undefined, queryRunner);
  }

  override logQuerySlow(time: number, query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    super.logQuerySlow(time, query, undefined, queryRunner);
  }
}

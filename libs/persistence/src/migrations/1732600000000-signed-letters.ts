import { MigrationInterface, QueryRunner } from 'typeorm';

export class SignedLetters1732600000000 implements MigrationInterface {
  name = 'SignedLetters1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE number_counter (
        organization_id CHAR(36) NOT NULL,
        series VARCHAR(32) NOT NULL,
        year SMALLINT NOT NULL,
        last_value INT NOT NULL,
        CONSTRAINT pk_number_counter PRIMARY KEY (organization_id, series, year),
        CONSTRAINT fk_number_counter_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE signed_letter (
        document_id CHAR(36) NOT NULL,
        organization_id CHAR(36) NOT NULL,
        number VARCHAR(120) NOT NULL,
        series VARCHAR(32) NOT NULL,
        year SMALLINT NOT NULL,
        running_no INT NOT NULL,
        verification_code CHAR(16) NOT NULL,
        signed_at DATETIME(3) NOT NULL,
        signer_official_id CHAR(36) NOT NULL,
        signer_capacity VARCHAR(8) NOT NULL,
        principal_official_id CHAR(36) NULL,
        signature_block JSON NOT NULL,
        pdf_sha256 CHAR(64) NULL,
        pdf_size INT NULL,
        delivered_at DATETIME(3) NULL,
        CONSTRAINT pk_signed_letter PRIMARY KEY (document_id),
        CONSTRAINT uq_signed_letter_running_no UNIQUE (organization_id, series, year, running_no),
        CONSTRAINT uq_signed_letter_code UNIQUE (verification_code),
        CONSTRAINT fk_signed_letter_document FOREIGN KEY (document_id) REFERENCES document (id),
        INDEX ix_signed_letter_pdf (pdf_sha256)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE signed_letter');
    await q.query('DROP TABLE number_counter');
  }
}

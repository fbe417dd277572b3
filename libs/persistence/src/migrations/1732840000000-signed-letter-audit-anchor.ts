import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The document's audit head when the letter was numbered (seq and hash of its 'numbered' event),
 * also printed into the signed PDF: a rewrite of the chain shows against the sealed file. Null for
 * letters numbered before the anchor existed.
 */
export class SignedLetterAuditAnchor1732840000000 implements MigrationInterface {
  name = 'SignedLetterAuditAnchor1732840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE signed_letter ADD COLUMN audit_anchor_seq INT NULL AFTER signature_block, ADD COLUMN audit_anchor_hash CHAR(64) NULL AFTER audit_anchor_seq`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signed_letter DROP COLUMN audit_anchor_hash, DROP COLUMN audit_anchor_seq`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const ACCOUNT_ACTIONS = `'password_changed', 'password_reset', 'deactivated', 'activated', 'login_locked', 'deputy_appointed', 'deputy_revoked'`;

/**
 * Personal electronic signatures (TTE): each official's credential with the signing provider
 * (never a passphrase: a local-ca key is stored only encrypted under it), the signing lock after
 * wrong passphrases, every signature attempt, and on the signed letter the certificate that signed
 * it and the time-stamp. Letters signed before carry the organisation's seal (`signature_provider`
 * 'organization-seal').
 */
export class PersonalSignatures1732880000000 implements MigrationInterface {
  name = 'PersonalSignatures1732880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signing_credential (
        official_id CHAR(36) NOT NULL,
        organization_id CHAR(36) NOT NULL,
        provider VARCHAR(16) NOT NULL,
        nik CHAR(16) NULL,
        certificate_pem TEXT NULL,
        encrypted_key_pem TEXT NULL,
        subject VARCHAR(500) NULL,
        issuer VARCHAR(500) NULL,
        serial_number VARCHAR(80) NULL,
        not_before DATETIME(3) NULL,
        not_after DATETIME(3) NULL,
        status VARCHAR(16) NOT NULL,
        checked_at DATETIME(3) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        CONSTRAINT pk_signing_credential PRIMARY KEY (official_id),
        CONSTRAINT ck_signing_credential_provider CHECK (provider IN ('local-ca', 'bsre')),
        CONSTRAINT ck_signing_credential_status CHECK (status IN ('active', 'not_enrolled', 'expired', 'revoked', 'suspended')),
        CONSTRAINT fk_signing_credential_official FOREIGN KEY (official_id) REFERENCES official (id),
        CONSTRAINT fk_signing_credential_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
        CONSTRAINT uq_signing_credential_nik UNIQUE (nik),
        INDEX ix_signing_credential_expiry (organization_id, not_after)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE signing_guard (
        official_id CHAR(36) NOT NULL,
        failures INT UNSIGNED NOT NULL,
        locked_until DATETIME(3) NULL,
        CONSTRAINT pk_signing_guard PRIMARY KEY (official_id),
        CONSTRAINT fk_signing_guard_official FOREIGN KEY (official_id) REFERENCES official (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE signature_attempt (
        id CHAR(36) NOT NULL,
        document_id CHAR(36) NOT NULL,
        official_id CHAR(36) NOT NULL,
        position_id CHAR(36) NOT NULL,
        capacity VARCHAR(8) NOT NULL,
        principal_official_id CHAR(36) NULL,
        version_hash CHAR(64) NOT NULL,
        provider VARCHAR(16) NOT NULL,
        state VARCHAR(12) NOT NULL,
        failure VARCHAR(32) NULL,
        idempotency_key VARCHAR(200) NULL,
        started_at DATETIME(3) NOT NULL,
        ended_at DATETIME(3) NULL,
        CONSTRAINT pk_signature_attempt PRIMARY KEY (id),
        CONSTRAINT ck_signature_attempt_state CHECK (state IN ('open', 'signed', 'failed', 'abandoned')),
        CONSTRAINT fk_signature_attempt_document FOREIGN KEY (document_id) REFERENCES document (id),
        CONSTRAINT fk_signature_attempt_official FOREIGN KEY (official_id) REFERENCES official (id),
        CONSTRAINT uq_signature_attempt_key UNIQUE (official_id, document_id, idempotency_key),
        INDEX ix_signature_attempt_document (document_id, started_at)
      ) ${TABLE}`);
    await q.query(`
      ALTER TABLE signed_letter
        ADD COLUMN signature_provider VARCHAR(20) NOT NULL DEFAULT 'organization-seal' AFTER principal_official_id,
        ADD COLUMN attempt_id CHAR(36) NULL AFTER signature_provider,
        ADD COLUMN certificate_subject VARCHAR(500) NULL AFTER attempt_id,
        ADD COLUMN certificate_issuer VARCHAR(500) NULL AFTER certificate_subject,
        ADD COLUMN certificate_serial VARCHAR(80) NULL AFTER certificate_issuer,
        ADD COLUMN certificate_not_before DATETIME(3) NULL AFTER certificate_serial,
        ADD COLUMN certificate_not_after DATETIME(3) NULL AFTER certificate_not_before,
        ADD COLUMN timestamped_at DATETIME(3) NULL AFTER certificate_not_after`);
    await q.query(`ALTER TABLE account_audit_event DROP CONSTRAINT ck_account_audit_event_action`);
    await q.query(
      `ALTER TABLE account_audit_event ADD CONSTRAINT ck_account_audit_event_action CHECK (action IN (${ACCOUNT_ACTIONS}, 'tte_activated', 'tte_status_changed', 'tte_signing_locked'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account_audit_event DROP CONSTRAINT ck_account_audit_event_action`);
    await q.query(`ALTER TABLE account_audit_event ADD CONSTRAINT ck_account_audit_event_action CHECK (action IN (${ACCOUNT_ACTIONS}))`);
    await q.query(`
      ALTER TABLE signed_letter DROP COLUMN timestamped_at, DROP COLUMN certificate_not_after, DROP COLUMN certificate_not_before,
        DROP COLUMN certificate_serial, DROP COLUMN certificate_issuer, DROP COLUMN certificate_subject, DROP COLUMN attempt_id, DROP COLUMN signature_provider`);
    await q.query(`DROP TABLE signature_attempt`);
    await q.query(`DROP TABLE signing_guard`);
    await q.query(`DROP TABLE signing_credential`);
  }
}

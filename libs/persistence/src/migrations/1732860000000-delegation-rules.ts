import { MigrationInterface, QueryRunner } from 'typeorm';

const ACCOUNT_ACTIONS = `'password_changed', 'password_reset', 'deactivated', 'activated', 'login_locked'`;

/**
 * Delegation per office: each organisation's own rules for acting for another official (loaded
 * with its organisation file; null until then, and such an office cannot appoint), the marker and
 * article each appointment was made under, the administrator who recorded one for an absent
 * official and why, and appointments and revocations on the principal's account trail.
 */
export class DelegationRules1732860000000 implements MigrationInterface {
  name = 'DelegationRules1732860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization ADD COLUMN delegation_rules JSON NULL AFTER number_template`);
    await q.query(`
      ALTER TABLE delegation
        ALTER COLUMN capacity DROP DEFAULT,
        ADD COLUMN pasal VARCHAR(300) NULL AFTER capacity,
        ADD COLUMN recorded_by_official_id CHAR(36) NULL AFTER created_by_official_id,
        ADD COLUMN on_behalf_reason VARCHAR(500) NULL AFTER recorded_by_official_id,
        ADD CONSTRAINT ck_delegation_capacity CHECK (capacity IN ('an', 'plh')),
        ADD CONSTRAINT ck_delegation_on_behalf CHECK ((recorded_by_official_id IS NULL) = (on_behalf_reason IS NULL)),
        ADD CONSTRAINT fk_delegation_recorded_by FOREIGN KEY (recorded_by_official_id) REFERENCES official (id)`);
    await q.query(`ALTER TABLE account_audit_event DROP CONSTRAINT ck_account_audit_event_action`);
    await q.query(
      `ALTER TABLE account_audit_event ADD CONSTRAINT ck_account_audit_event_action CHECK (action IN (${ACCOUNT_ACTIONS}, 'deputy_appointed', 'deputy_revoked'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // The account trails are append-only hash chains: rows cannot be dropped to fit the old constraint.
    const [{ n }] = await q.query(`SELECT COUNT(*) AS n FROM account_audit_event WHERE action IN ('deputy_appointed', 'deputy_revoked')`);
    if (Number(n) > 0) throw new Error(`${n} appointment events are on account trails: this migration cannot be reverted without breaking them`);
    await q.query(`ALTER TABLE account_audit_event DROP CONSTRAINT ck_account_audit_event_action`);
    await q.query(`ALTER TABLE account_audit_event ADD CONSTRAINT ck_account_audit_event_action CHECK (action IN (${ACCOUNT_ACTIONS}))`);
    await q.query(`
      ALTER TABLE delegation
        DROP FOREIGN KEY fk_delegation_recorded_by,
        DROP CONSTRAINT ck_delegation_on_behalf,
        DROP CONSTRAINT ck_delegation_capacity,
        DROP COLUMN on_behalf_reason,
        DROP COLUMN recorded_by_official_id,
        DROP COLUMN pasal,
        ALTER COLUMN capacity SET DEFAULT 'an'`);
    await q.query(`ALTER TABLE organization DROP COLUMN delegation_rules`);
  }
}

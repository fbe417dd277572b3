import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AccountAuditAction =
  | 'password_changed'
  | 'password_reset'
  | 'deactivated'
  | 'activated'
  | 'login_locked'
  // On the principal's trail: his authority given to a deputy, by himself or recorded for him by an administrator, and taken back.
  | 'deputy_appointed'
  | 'deputy_revoked'
  // Personal signatures (TTE): activation, and the signing lock after wrong passphrases.
  | 'tte_activated'
  | 'tte_status_changed'
  | 'tte_signing_locked';

/** What an account change records of the account: never a password or its hash. */
export type AccountState = Record<string, string | number | boolean | null>;

/**
 * Append-only trail of changes to officials' accounts, hash-chained per official (like a document's
 * audit events): who did what to whom, when, from which address, the state before and after.
 */
@Entity('account_audit_event')
export class AccountAuditEventEntity {
  @PrimaryColumn('char', { name: 'official_id', length: 36 }) officialId: string;
  @PrimaryColumn('int', { unsigned: true }) seq: number;
  @Column('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @Column('varchar', { length: 32 }) action: AccountAuditAction;
  /** Null when no official acted (a lock after failed logins). */
  @Column('char', { name: 'actor_official_id', length: 36, nullable: true }) actorOfficialId: string | null;
  @Column('varchar', { name: 'client_address', length: 64, nullable: true }) clientAddress: string | null;
  @Column('varchar', { length: 500, nullable: true }) reason: string | null;
  @Column('json', { name: 'before_state' }) before: AccountState;
  @Column('json', { name: 'after_state' }) after: AccountState;
  @Column('datetime', { name: 'created_at', precision: 3 }) createdAt: Date;
  @Column('char', { name: 'prev_hash', length: 64 }) prevHash: string;
  @Column('char', { length: 64 }) hash: string;
}

/**
 * Login attempts per NIP (known or not), shared by every API process: `attempts` counts the
 * failures since the window started or the last success, plus those still being checked.
 */
@Entity('login_attempt_counter')
export class LoginAttemptCounterEntity {
  @PrimaryColumn('char', { length: 18 }) nip: string;
  @Column('int', { unsigned: true }) attempts: number;
  @Column('datetime', { name: 'window_started_at', precision: 3 }) windowStartedAt: Date;
  @Column('datetime', { name: 'locked_until', precision: 3, nullable: true }) lockedUntil: Date | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every change an administrator (or the organisation-file CLI) makes to an organisation: its
 * settings and holidays, its chart, its officials and their assignments, its authority table,
 * and whole-file imports. Kept in one list: the migration's CHECK constraint is built from it.
 */
export const ORGANIZATION_AUDIT_ACTIONS = [
  'holiday_set',
  'holiday_removed',
  'organization_created',
  'organization_updated',
  'organization_imported',
  'unit_created',
  'unit_updated',
  'unit_removed',
  'position_created',
  'position_updated',
  'position_removed',
  'official_created',
  'official_updated',
  'official_deactivated',
  'official_activated',
  'official_password_reset',
  'officials_imported',
  'assignment_created',
  'assignment_updated',
  'assignment_ended',
  'signing_authority_set',
  'document_kind_set',
] as const;

export type OrganizationAuditAction = (typeof ORGANIZATION_AUDIT_ACTIONS)[number];

/** What an organisation-level change records of the thing changed (JSON); null when it did not exist before (or after). */
export type OrganizationAuditState = Record<string, unknown> | null;

/**
 * Append-only trail of an administrator's changes to the organisation (settings, holidays, chart,
 * officials, assignments, authority table, imports), hash-chained per organisation like the
 * account trail: who changed what, when, from which address, the state before and after.
 */
@Entity('organization_audit_event')
export class OrganizationAuditEventEntity {
  @PrimaryColumn('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @PrimaryColumn('int', { unsigned: true }) seq: number;
  @Column('varchar', { length: 32 }) action: OrganizationAuditAction;
  /** What was changed, e.g. the holiday's day, a unit's or position's code, an official's NIP. */
  @Column('varchar', { length: 200 }) subject: string;
  /** Null when no official acted through the API: the organisation-file CLI, run by whoever operates the server (see `clientAddress`). */
  @Column('char', { name: 'actor_official_id', length: 36, nullable: true }) actorOfficialId: string | null;
  @Column('varchar', { name: 'client_address', length: 64, nullable: true }) clientAddress: string | null;
  @Column('json', { name: 'before_state', nullable: true }) before: OrganizationAuditState;
  @Column('json', { name: 'after_state', nullable: true }) after: OrganizationAuditState;
  @Column('datetime', { name: 'created_at', precision: 3 }) createdAt: Date;
  @Column('char', { name: 'prev_hash', length: 64 }) prevHash: string;
  @Column('char', { length: 64 }) hash: string;
}

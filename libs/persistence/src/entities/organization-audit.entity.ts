import { Column, Entity, PrimaryColumn } from 'typeorm';

export type OrganizationAuditAction = 'holiday_set' | 'holiday_removed';

/** What an organisation-level change records of the thing changed; null when it did not exist before (or after). */
export type OrganizationAuditState = Record<string, string | number | boolean | null> | null;

/**
 * Append-only trail of an administrator's changes to the organisation's own settings (its
 * holidays), hash-chained per organisation like the account trail: who changed what, when, from
 * which address, the state before and after.
 */
@Entity('organization_audit_event')
export class OrganizationAuditEventEntity {
  @PrimaryColumn('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @PrimaryColumn('int', { unsigned: true }) seq: number;
  @Column('varchar', { length: 32 }) action: OrganizationAuditAction;
  /** What was changed, e.g. the holiday's day. */
  @Column('varchar', { length: 100 }) subject: string;
  @Column('char', { name: 'actor_official_id', length: 36 }) actorOfficialId: string;
  @Column('varchar', { name: 'client_address', length: 64, nullable: true }) clientAddress: string | null;
  @Column('json', { name: 'before_state', nullable: true }) before: OrganizationAuditState;
  @Column('json', { name: 'after_state', nullable: true }) after: OrganizationAuditState;
  @Column('datetime', { name: 'created_at', precision: 3 }) createdAt: Date;
  @Column('char', { name: 'prev_hash', length: 64 }) prevHash: string;
  @Column('char', { length: 64 }) hash: string;
}

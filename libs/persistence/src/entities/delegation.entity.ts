import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DelegationReason, DeputyCapacity } from '@naskah/domain';

/** A deputy appointed under the office's own rules (its organisation's `delegationRules`). */
@Entity('delegation')
export class DelegationEntity {
  @PrimaryColumn('char', { length: 36 }) id: string;
  @Column('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @Column('char', { name: 'principal_position_id', length: 36 }) principalPositionId: string;
  @Column('char', { name: 'principal_official_id', length: 36 }) principalOfficialId: string;
  @Column('char', { name: 'deputy_position_id', length: 36 }) deputyPositionId: string;
  @Column('char', { name: 'deputy_official_id', length: 36 }) deputyOfficialId: string;
  /** The marker the deputy acts under, as the rules gave it at appointment. */
  @Column('varchar', { length: 8 }) capacity: DeputyCapacity;
  /** The article the appointment was made under; null for appointments made before the rules were per office. */
  @Column('varchar', { length: 300, nullable: true }) pasal: string | null;
  @Column('datetime', { name: 'valid_from', precision: 3 }) validFrom: Date;
  @Column('datetime', { name: 'valid_to', precision: 3 }) validTo: Date;
  @Column('varchar', { length: 16 }) reason: DelegationReason;
  @Column('varchar', { name: 'reason_note', length: 500, nullable: true }) reasonNote: string | null;
  @Column('char', { name: 'created_by_official_id', length: 36 }) createdByOfficialId: string;
  /** An administrator who recorded the appointment for the absent principal, and why; null when the principal appointed. */
  @Column('char', { name: 'recorded_by_official_id', length: 36, nullable: true }) recordedByOfficialId: string | null;
  @Column('varchar', { name: 'on_behalf_reason', length: 500, nullable: true }) onBehalfReason: string | null;
  @Column('datetime', { name: 'created_at', precision: 3 }) createdAt: Date;
  @Column('datetime', { name: 'revoked_at', precision: 3, nullable: true }) revokedAt: Date | null;
  @Column('char', { name: 'revoked_by_official_id', length: 36, nullable: true }) revokedByOfficialId: string | null;
  /** When the deputy and the principal were told the appointment started, and ended (notifications). */
  @Column('datetime', { name: 'start_notified_at', precision: 3, nullable: true }) startNotifiedAt: Date | null;
  @Column('datetime', { name: 'end_notified_at', precision: 3, nullable: true }) endNotifiedAt: Date | null;
}

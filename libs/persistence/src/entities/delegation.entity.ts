import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DelegationReason } from '@naskah/domain';

/** A deputy appointed under Hal Mewakili (Perwako Cilegon 18/2022 Pasal 29). */
@Entity('delegation')
export class DelegationEntity {
  @PrimaryColumn('char', { length: 36 }) id: string;
  @Column('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @Column('char', { name: 'principal_position_id', length: 36 }) principalPositionId: string;
  @Column('char', { name: 'principal_official_id', length: 36 }) principalOfficialId: string;
  @Column('char', { name: 'deputy_position_id', length: 36 }) deputyPositionId: string;
  @Column('char', { name: 'deputy_official_id', length: 36 }) deputyOfficialId: string;
  @Column('varchar', { length: 8 }) capacity: 'an';
  @Column('datetime', { name: 'valid_from', precision: 3 }) validFrom: Date;
  @Column('datetime', { name: 'valid_to', precision: 3 }) validTo: Date;
  @Column('varchar', { length: 16 }) reason: DelegationReason;
  @Column('varchar', { name: 'reason_note', length: 500, nullable: true }) reasonNote: string | null;
  @Column('char', { name: 'created_by_official_id', length: 36 }) createdByOfficialId: string;
  @Column('datetime', { name: 'created_at', precision: 3 }) createdAt: Date;
  @Column('datetime', { name: 'revoked_at', precision: 3, nullable: true }) revokedAt: Date | null;
  @Column('char', { name: 'revoked_by_official_id', length: 36, nullable: true }) revokedByOfficialId: string | null;
}

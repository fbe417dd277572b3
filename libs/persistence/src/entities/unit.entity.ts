import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UnitKind } from '@naskah/domain';

@Entity('unit')
export class UnitEntity {
  @PrimaryColumn('char', { length: 36 }) id: string;
  @Column('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @Column('char', { name: 'parent_id', length: 36, nullable: true }) parentId: string | null;
  @Column('char', { name: 'reports_via_unit_id', length: 36, nullable: true }) reportsViaUnitId: string | null;
  @Column('varchar', { name: 'reports_via_pasal', length: 200, nullable: true }) reportsViaPasal: string | null;
  @Column('varchar', { length: 32 }) code: string;
  @Column('varchar', { length: 200 }) name: string;
  @Column('varchar', { length: 32 }) kind: UnitKind;
  @Column('varchar', { length: 200 }) pasal: string;
  @Column('int', { name: 'sort_order' }) sortOrder: number;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Authority, Level, PositionNode, TndSourceKey } from '@naskah/domain';

@Entity('org_position')
export class PositionEntity {
  @PrimaryColumn('char', { length: 36 }) id: string;
  @Column('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @Column('char', { name: 'unit_id', length: 36 }) unitId: string;
  @Column('varchar', { length: 32 }) code: string;
  @Column('varchar', { length: 200 }) title: string;
  @Column('tinyint') level: Level;
  @Column('boolean', { name: 'is_head' }) isHead: boolean;
  @Column('boolean', { name: 'may_check' }) mayCheck: boolean;
  @Column('boolean', { name: 'may_return' }) mayReturn: boolean;
  @Column('boolean', { name: 'may_paraf' }) mayParaf: boolean;
  @Column('boolean', { name: 'may_sign' }) maySign: boolean;
  @Column('varchar', { name: 'authority_pasal', length: 300 }) authorityPasal: string;
  /** Tata Naskah Dinas sources the authority also rests on, by catalogue key (libs/domain/src/sources.ts). */
  @Column('json', { name: 'tata_naskah_dinas', nullable: true }) tataNaskahDinas: TndSourceKey[] | null;
  @Column('varchar', { length: 200 }) pasal: string;
  @Column('int', { name: 'sort_order' }) sortOrder: number;

  authority(): Authority {
    return { check: this.mayCheck, return: this.mayReturn, paraf: this.mayParaf, sign: this.maySign };
  }

  toNode(): PositionNode {
    return {
      id: this.id,
      unitId: this.unitId,
      code: this.code,
      title: this.title,
      level: this.level,
      isHead: this.isHead,
      authority: this.authority(),
      authorityPasal: this.authorityPasal,
      ...(this.tataNaskahDinas?.length ? { tataNaskahDinas: this.tataNaskahDinas } : {}),
    };
  }
}

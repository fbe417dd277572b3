import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { DelegationRules } from '@naskah/domain';

export interface Letterhead {
  government: string;
  office: string;
  address: string;
  phone?: string;
  email?: string;
  website?: string;
}

export interface Discrepancy {
  pasal: string;
  text: string;
  resolution: string;
}

@Entity('organization')
export class OrganizationEntity {
  @PrimaryColumn('char', { length: 36 }) id: string;
  @Column('varchar', { length: 32 }) code: string;
  @Column('varchar', { length: 200 }) name: string;
  @Column('varchar', { length: 100 }) city: string;
  @Column('varchar', { length: 200 }) regulation: string;
  /** How a Pasal of the regulation is cited, e.g. "Perwako Batam 14/2023". */
  @Column('varchar', { name: 'regulation_citation', length: 200 }) regulationCitation: string;
  /** The regulation's Pasal making tembusan of a report to a superior mandatory; null where it has none. */
  @Column('varchar', { name: 'report_tembusan_pasal', length: 200, nullable: true }) reportTembusanPasal: string | null;
  @Column('json') letterhead: Letterhead;
  @Column('varchar', { name: 'number_template', length: 100 }) numberTemplate: string;
  /** Acting for another official under the office's own regulations; null until its organisation file is loaded. */
  @Column('json', { name: 'delegation_rules', nullable: true }) delegationRules: DelegationRules | null;
  @Column('json') discrepancies: Discrepancy[];
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}

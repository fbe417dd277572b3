import type { AssignmentKind } from '@naskah/domain';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** definitif: the holder; plt: acting while the post is vacant; plh: stand-in while the holder is away. */
export type { AssignmentKind };

@Entity('assignment')
export class AssignmentEntity {
  @PrimaryColumn('char', { length: 36 }) id: string;
  @Column('char', { name: 'official_id', length: 36 }) officialId: string;
  @Column('char', { name: 'position_id', length: 36 }) positionId: string;
  @Column('varchar', { length: 16 }) kind: AssignmentKind;
  @Column('date', { name: 'valid_from' }) validFrom: string;
  @Column('date', { name: 'valid_to', nullable: true }) validTo: string | null;
  /** The decree (SK) or warrant (Surat Perintah) that makes the assignment; null only for seed data loaded before administration existed. */
  @Column('varchar', { name: 'decree_ref', length: 200, nullable: true }) decreeRef: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

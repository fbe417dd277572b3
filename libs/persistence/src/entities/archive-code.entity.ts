import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A code of the archive classification (Permendagri 83/2022) a draft may carry (DESIGN §6). */
@Entity('archive_code')
export class ArchiveCodeEntity {
  @PrimaryColumn('varchar', { length: 32 }) code: string;
  @Column('varchar', { length: 200 }) name: string;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DocumentCategory = 'arahan' | 'korespondensi' | 'khusus';

@Entity('document_kind')
export class DocumentKindEntity {
  @PrimaryColumn('char', { length: 36 }) id: string;
  @Column('varchar', { length: 32 }) code: string;
  @Column('varchar', { length: 100 }) name: string;
  @Column('varchar', { length: 16 }) category: DocumentCategory;
  @Column('varchar', { length: 32 }) layout: string;
  @Column('varchar', { name: 'number_pattern', length: 100 }) numberPattern: string;
  @Column('boolean') strategic: boolean;
  /** The kind requires paraf koordinasi (decrees and regulations): the source that says so; null: optional. */
  /** The source that defines the kind (its category, layout and numbering), cited on the administrator's page. */
  @Column('varchar', { length: 300 }) source: string;
  @Column('varchar', { name: 'coordination_required_pasal', length: 200, nullable: true }) coordinationRequiredPasal: string | null;
}

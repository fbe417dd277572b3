import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which positions of an organisation may sign which document kind (DESIGN §3), editable data. */
@Entity('signing_authority')
export class SigningAuthorityEntity {
  @PrimaryColumn('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @PrimaryColumn('char', { name: 'document_kind_id', length: 36 }) documentKindId: string;
  @PrimaryColumn('char', { name: 'position_id', length: 36 }) positionId: string;
  /** The regulation and Pasal (ayat, huruf) that give the position its signature. */
  @Column('varchar', { length: 500 }) pasal: string;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * admin: administers the official's own organisation (chart, officials, assignments, authority table).
 * city-admin: administers every organisation of the official's city and creates new ones; edits the document kinds.
 */
export const OFFICIAL_ROLES = ['admin', 'city-admin'] as const;
export type OfficialRole = (typeof OFFICIAL_ROLES)[number];

@Entity('official')
export class OfficialEntity {
  @PrimaryColumn('char', { length: 36 }) id: string;
  @Column('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @Column('char', { length: 18 }) nip: string;
  @Column('varchar', { length: 150 }) name: string;
  @Column('varchar', { name: 'gelar_depan', length: 50, default: '' }) gelarDepan: string;
  @Column('varchar', { name: 'gelar_belakang', length: 80, default: '' }) gelarBelakang: string;
  @Column('varchar', { length: 80 }) rank: string;
  /** Where e-mail notices go; null: in-app only. */
  @Column('varchar', { length: 200, nullable: true }) email: string | null;
  @Column('varchar', { name: 'password_hash', length: 255 }) passwordHash: string;
  @Column('json') roles: OfficialRole[];
  @Column('boolean', { default: true }) active: boolean;
  /** Set by an administrator's password reset: until the official chooses a password, only that change is allowed. */
  @Column('boolean', { name: 'must_change_password', default: false }) mustChangePassword: boolean;
  /** Bumped to end every bearer token issued so far (logout, deactivation, password reset). */
  @Column('int', { name: 'token_version', unsigned: true, default: 0 }) tokenVersion: number;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;

  /** Name with gelar, as written under a signature below the Sekretaris Daerah. */
  titledName(): string {
    return [this.gelarDepan, this.gelarBelakang ? `${this.name},` : this.name, this.gelarBelakang].filter(Boolean).join(' ');
  }
}

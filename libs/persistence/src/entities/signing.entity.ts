import { Column, Entity, PrimaryColumn } from 'typeorm';

export type SigningProviderName = 'local-ca' | 'bsre';
export type CredentialStatus = 'active' | 'not_enrolled' | 'expired' | 'revoked' | 'suspended';

/**
 * An official's credential with the signing provider (Aktivasi TTE). Never a passphrase: the
 * local CA's private key is stored only as PKCS#8 encrypted under the official's passphrase; a
 * BSrE credential is the linked NIK and what BSrE last said of it.
 */
@Entity('signing_credential')
export class SigningCredentialEntity {
  @PrimaryColumn('char', { name: 'official_id', length: 36 }) officialId: string;
  @Column('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @Column('varchar', { length: 16 }) provider: SigningProviderName;
  @Column('char', { length: 16, nullable: true }) nik: string | null;
  @Column('text', { name: 'certificate_pem', nullable: true }) certificatePem: string | null;
  @Column('text', { name: 'encrypted_key_pem', nullable: true, select: false }) encryptedKeyPem: string | null;
  @Column('varchar', { length: 500, nullable: true }) subject: string | null;
  @Column('varchar', { length: 500, nullable: true }) issuer: string | null;
  @Column('varchar', { name: 'serial_number', length: 80, nullable: true }) serialNumber: string | null;
  @Column('datetime', { name: 'not_before', precision: 3, nullable: true }) notBefore: Date | null;
  @Column('datetime', { name: 'not_after', precision: 3, nullable: true }) notAfter: Date | null;
  @Column('varchar', { length: 16 }) status: CredentialStatus;
  @Column('datetime', { name: 'checked_at', precision: 3 }) checkedAt: Date;
  @Column('datetime', { name: 'created_at', precision: 3 }) createdAt: Date;
}

/** Wrong passphrases in a row, and the lock they set (SIGNING_LOCKOUT), shared by every API process. */
@Entity('signing_guard')
export class SigningGuardEntity {
  @PrimaryColumn('char', { name: 'official_id', length: 36 }) officialId: string;
  @Column('int', { unsigned: true }) failures: number;
  @Column('datetime', { name: 'locked_until', precision: 3, nullable: true }) lockedUntil: Date | null;
}

export type SignatureAttemptState = 'open' | 'signed' | 'failed' | 'abandoned';

/**
 * One attempt to sign a document (the workflow's signature claim): opened before the claim,
 * closed as signed (with the signed letter, in one transaction), failed (and why), or abandoned
 * (its request never ended it and the workflow settled it).
 */
@Entity('signature_attempt')
export class SignatureAttemptEntity {
  @PrimaryColumn('char', { length: 36 }) id: string;
  @Column('char', { name: 'document_id', length: 36 }) documentId: string;
  @Column('char', { name: 'official_id', length: 36 }) officialId: string;
  @Column('char', { name: 'position_id', length: 36 }) positionId: string;
  @Column('varchar', { length: 8 }) capacity: string;
  @Column('char', { name: 'principal_official_id', length: 36, nullable: true }) principalOfficialId: string | null;
  @Column('char', { name: 'version_hash', length: 64 }) versionHash: string;
  @Column('varchar', { length: 16 }) provider: SigningProviderName;
  @Column('varchar', { length: 12 }) state: SignatureAttemptState;
  @Column('varchar', { length: 32, nullable: true }) failure: string | null;
  @Column('varchar', { name: 'idempotency_key', length: 200, nullable: true }) idempotencyKey: string | null;
  @Column('datetime', { name: 'started_at', precision: 3 }) startedAt: Date;
  @Column('datetime', { name: 'ended_at', precision: 3, nullable: true }) endedAt: Date | null;
}

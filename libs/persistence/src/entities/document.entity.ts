import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ChainStatus, InboxBox } from '@naskah/domain';

export type Classification = 'biasa' | 'terbatas' | 'rahasia' | 'sangat_rahasia';
export type Urgency = 'biasa' | 'segera' | 'sangat_segera';
export type Addressee = { type: 'unit'; unitId: string; name: string } | { type: 'external'; name: string; address?: string };
/** `submitting`: the version is fixed for a (re)submission that has not reached the workflow yet. */
export type DocumentStatus = ChainStatus | 'submitting';

/** What a version fixes besides subject and body; part of its content hash. */
export interface VersionFields {
  kindCode: string;
  classification: Classification;
  urgency: Urgency;
  archiveCode: string | null;
  recipients: Addressee[];
  tembusan: Addressee[];
  signerPositionId: string | null;
  /** Why a Laporan has no tembusan (Cilegon Pasal 28 ayat (9)); present only when stated. */
  tembusanWaiverReason?: string;
}

@Entity('document')
export class DocumentEntity {
  @PrimaryColumn('char', { length: 36 }) id: string;
  @Column('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @Column('char', { name: 'document_kind_id', length: 36 }) documentKindId: string;
  @Column('varchar', { length: 500 }) subject: string;
  @Column('varchar', { length: 16 }) classification: Classification;
  @Column('varchar', { length: 16 }) urgency: Urgency;
  @Column('varchar', { name: 'archive_code', length: 32, nullable: true }) archiveCode: string | null;
  @Column('json') recipients: Addressee[];
  @Column('json') tembusan: Addressee[];
  @Column('varchar', { name: 'tembusan_waiver_reason', length: 2000, nullable: true }) tembusanWaiverReason: string | null;
  @Column('char', { name: 'drafter_official_id', length: 36 }) drafterOfficialId: string;
  @Column('char', { name: 'drafter_position_id', length: 36 }) drafterPositionId: string;
  @Column('char', { name: 'requested_signer_position_id', length: 36, nullable: true }) requestedSignerPositionId: string | null;
  /** Heads of other units the drafter asks for paraf koordinasi (the route fixes them at submission). */
  @Column('json', { name: 'coordinator_position_ids', nullable: true }) coordinatorPositionIds: string[] | null;
  @Column('varchar', { length: 16 }) status: DocumentStatus;
  @Column('int', { name: 'current_version_no' }) currentVersionNo: number;
  @Column('char', { name: 'current_version_hash', length: 64 }) currentVersionHash: string;
  @Column('int') round: number;
  @Column('int', { name: 'current_step_order', nullable: true }) currentStepOrder: number | null;
  @Column('char', { name: 'current_position_id', length: 36, nullable: true }) currentPositionId: string | null;
  @Column('char', { name: 'signer_position_id', length: 36, nullable: true }) signerPositionId: string | null;
  @Column('varchar', { name: 'workflow_id', length: 120, nullable: true }) workflowId: string | null;
  @Column('varchar', { name: 'create_key', length: 100, nullable: true }) createKey: string | null;
  @Column('int', { name: 'projected_wf_seq' }) projectedWfSeq: number;
  @Column('int', { name: 'audit_seq' }) auditSeq: number;
  /**
   * Not a column: the hash of audit event `auditSeq`, when it was read with the row in the same
   * locked statement (chain-projection's lockDocument). Never stored, so that no writer can leave a
   * copy that disagrees with the chain itself (an older process appending during an upgrade).
   */
  auditHash?: string | null;
  @Column('datetime', { name: 'submitted_at', precision: 3, nullable: true }) submittedAt: Date | null;
  @Column('datetime', { name: 'finished_at', precision: 3, nullable: true }) finishedAt: Date | null;
  @Column('datetime', { name: 'created_at', precision: 3 }) createdAt: Date;
  @Column('datetime', { name: 'updated_at', precision: 3 }) updatedAt: Date;
}

@Entity('document_version')
export class DocumentVersionEntity {
  @PrimaryColumn('char', { length: 36 }) id: string;
  @Column('char', { name: 'document_id', length: 36 }) documentId: string;
  @Column('int', { name: 'version_no' }) versionNo: number;
  @Column('varchar', { length: 500 }) subject: string;
  @Column('mediumtext') body: string;
  @Column('json') fields: VersionFields;
  @Column('char', { name: 'content_hash', length: 64 }) contentHash: string;
  @Column('char', { name: 'author_official_id', length: 36 }) authorOfficialId: string;
  @Column('varchar', { name: 'save_key', length: 100, nullable: true }) saveKey: string | null;
  @Column('datetime', { name: 'created_at', precision: 3 }) createdAt: Date;
}

@Entity('route_step')
export class RouteStepEntity {
  @PrimaryColumn('char', { name: 'document_id', length: 36 }) documentId: string;
  @PrimaryColumn('int') round: number;
  @PrimaryColumn('int', { name: 'step_order' }) stepOrder: number;
  @Column('char', { name: 'position_id', length: 36 }) positionId: string;
  @Column('varchar', { length: 8 }) action: 'paraf' | 'sign';
  @Column('varchar', { length: 12 }) kind: 'hierarki' | 'koordinasi';
  /** Steps of one group wait together (paraf koordinasi); null: a group of its own. */
  @Column('int', { name: 'group_no', nullable: true }) groupNo: number | null;
  @Column('varchar', { length: 16 }) state: string;
  @Column('varchar', { length: 500 }) pasal: string;
  @Column('datetime', { name: 'started_at', precision: 3, nullable: true }) startedAt: Date | null;
  @Column('datetime', { name: 'acted_at', precision: 3, nullable: true }) actedAt: Date | null;
  @Column('char', { name: 'acted_by_official_id', length: 36, nullable: true }) actedByOfficialId: string | null;
  @Column('varchar', { name: 'acting_capacity', length: 8, nullable: true }) actingCapacity: string | null;
  @Column('char', { name: 'principal_official_id', length: 36, nullable: true }) principalOfficialId: string | null;
  @Column('text', { nullable: true }) consideration: string | null;
  @Column('char', { name: 'version_hash', length: 64, nullable: true }) versionHash: string | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('boolean') reminded: boolean;
  @Column('boolean') escalated: boolean;
  /** The official acted by correcting the draft (the step's version is theirs). */
  @Column('boolean') corrected: boolean;
}

@Entity('audit_event')
export class AuditEventEntity {
  @PrimaryColumn('char', { name: 'document_id', length: 36 }) documentId: string;
  @PrimaryColumn('int') seq: number;
  @Column('int', { name: 'wf_seq', nullable: true }) wfSeq: number | null;
  @Column('varchar', { length: 32 }) type: string;
  @Column('char', { name: 'actor_official_id', length: 36, nullable: true }) actorOfficialId: string | null;
  @Column('char', { name: 'actor_position_id', length: 36, nullable: true }) actorPositionId: string | null;
  @Column('varchar', { length: 8, nullable: true }) capacity: string | null;
  @Column('char', { name: 'principal_official_id', length: 36, nullable: true }) principalOfficialId: string | null;
  @Column('json') data: Record<string, string | number | boolean | null>;
  @Column('datetime', { name: 'created_at', precision: 3 }) createdAt: Date;
  @Column('char', { name: 'prev_hash', length: 64 }) prevHash: string;
  @Column('char', { length: 64 }) hash: string;
}

export type { InboxBox };

@Entity('inbox_item')
export class InboxItemEntity {
  @PrimaryColumn('char', { name: 'owner_id', length: 36 }) ownerId: string;
  @PrimaryColumn('varchar', { length: 16 }) box: InboxBox;
  @PrimaryColumn('char', { name: 'document_id', length: 36 }) documentId: string;
  @Column('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @Column('varchar', { length: 500 }) subject: string;
  @Column('varchar', { name: 'kind_name', length: 100 }) kindName: string;
  @Column('varchar', { length: 16 }) classification: Classification;
  @Column('varchar', { length: 16 }) urgency: Urgency;
  @Column('varchar', { length: 16 }) status: DocumentStatus;
  @Column('varchar', { name: 'drafter_name', length: 150 }) drafterName: string;
  @Column('varchar', { name: 'step_action', length: 8, nullable: true }) stepAction: 'paraf' | 'sign' | null;
  @Column('boolean') overdue: boolean;
  /** The letter number once signed, so the inbox finds a letter by its number. */
  @Column('varchar', { length: 120, nullable: true }) number: string | null;
  @Column('datetime', { name: 'updated_at', precision: 3 }) updatedAt: Date;
}

@Entity('reminder')
export class ReminderEntity {
  @PrimaryColumn('char', { name: 'document_id', length: 36 }) documentId: string;
  @PrimaryColumn('int') round: number;
  @PrimaryColumn('int', { name: 'step_order' }) stepOrder: number;
  @PrimaryColumn('varchar', { length: 16 }) kind: 'reminder' | 'escalation';
  @Column('char', { name: 'target_position_id', length: 36 }) targetPositionId: string;
  @Column('datetime', { name: 'created_at', precision: 3 }) createdAt: Date;
}

@Entity('signed_letter')
export class SignedLetterEntity {
  @PrimaryColumn('char', { name: 'document_id', length: 36 }) documentId: string;
  @Column('char', { name: 'organization_id', length: 36 }) organizationId: string;
  @Column('varchar', { length: 120 }) number: string;
  @Column('varchar', { length: 32 }) series: string;
  @Column('smallint') year: number;
  @Column('int', { name: 'running_no' }) runningNo: number;
  @Column('char', { name: 'verification_code', length: 16 }) verificationCode: string;
  @Column('datetime', { name: 'signed_at', precision: 3 }) signedAt: Date;
  @Column('char', { name: 'signer_official_id', length: 36 }) signerOfficialId: string;
  @Column('varchar', { name: 'signer_capacity', length: 8 }) signerCapacity: string;
  @Column('char', { name: 'principal_official_id', length: 36, nullable: true }) principalOfficialId: string | null;
  /** 'local-ca' or 'bsre': the official's own certificate; 'organization-seal': letters signed before personal signatures. */
  @Column('varchar', { name: 'signature_provider', length: 20, default: 'organization-seal' }) signatureProvider: string;
  @Column('char', { name: 'attempt_id', length: 36, nullable: true }) attemptId: string | null;
  @Column('varchar', { name: 'certificate_subject', length: 500, nullable: true }) certificateSubject: string | null;
  @Column('varchar', { name: 'certificate_issuer', length: 500, nullable: true }) certificateIssuer: string | null;
  @Column('varchar', { name: 'certificate_serial', length: 80, nullable: true }) certificateSerial: string | null;
  @Column('datetime', { name: 'certificate_not_before', precision: 3, nullable: true }) certificateNotBefore: Date | null;
  @Column('datetime', { name: 'certificate_not_after', precision: 3, nullable: true }) certificateNotAfter: Date | null;
  /** The RFC 3161 time-stamp on the signature (PAdES B-T); null for B-B and sealed letters. */
  @Column('datetime', { name: 'timestamped_at', precision: 3, nullable: true }) timestampedAt: Date | null;
  @Column('json', { name: 'signature_block' }) signatureBlock: string[];
  /** The document's audit head when it was numbered (its 'numbered' event), sealed into the PDF too. */
  @Column('int', { name: 'audit_anchor_seq', nullable: true }) auditAnchorSeq: number | null;
  @Column('char', { name: 'audit_anchor_hash', length: 64, nullable: true }) auditAnchorHash: string | null;
  @Column('char', { name: 'pdf_sha256', length: 64, nullable: true }) pdfSha256: string | null;
  @Column('int', { name: 'pdf_size', nullable: true }) pdfSize: number | null;
  @Column('datetime', { name: 'delivered_at', precision: 3, nullable: true }) deliveredAt: Date | null;
}

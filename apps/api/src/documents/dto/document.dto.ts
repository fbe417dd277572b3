import { CertificateDto, SignerReadinessDto } from '../../signatures/dto/tte.dto';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';
import { CLASSIFICATIONS, URGENCIES } from './document-input.dto';

export class PersonRefDto {
  @ApiProperty() officialId: string;
  @ApiProperty() name: string;
  @ApiProperty() nip: string;
}

export class PositionRefDto {
  @ApiProperty() positionId: string;
  @ApiProperty() title: string;
}

const STEP_STATES = ['waiting', 'pending', 'done', 'returned', 'cancelled', 'superseded'];

export class StepDto {
  @ApiProperty() round: number;
  @ApiProperty() order: number;
  @ApiProperty({ enum: ['paraf', 'sign'] }) action: string;
  @ApiProperty({ enum: ['hierarki', 'koordinasi'], description: 'Paraf hierarki (up the line) or paraf koordinasi (another unit)' }) kind: string;
  @ApiProperty({ description: 'Steps of one group wait together (paraf koordinasi, in parallel)' }) group: number;
  @ApiProperty({
    enum: STEP_STATES,
    description: 'superseded: a paraf on a version a superior then corrected (it no longer counts)',
  })
  state: string;
  @ApiProperty({ description: 'The official acted by correcting the draft: the step binds the version they made' }) corrected: boolean;
  @ApiProperty({ type: PositionRefDto }) position: PositionRefDto;
  @ApiProperty() pasal: string;
  @ApiProperty({ type: PersonRefDto, nullable: true }) actedBy: PersonRefDto | null;
  @ApiProperty({ enum: ['own', 'an', 'ub', 'plt', 'plh'], nullable: true }) capacity: string | null;
  @ApiProperty({ type: PersonRefDto, nullable: true }) principal: PersonRefDto | null;
  @ApiProperty({ type: String, nullable: true }) consideration: string | null;
  @ApiProperty({ type: String, nullable: true }) actedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) versionHash: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty() overdue: boolean;
}

export class VersionDto {
  @ApiProperty() versionNo: number;
  @ApiProperty() contentHash: string;
  @ApiProperty({ type: PersonRefDto }) author: PersonRefDto;
  @ApiProperty() createdAt: string;
}

export class VersionContentDto extends VersionDto {
  @ApiProperty() subject: string;
  @ApiProperty({ description: 'Isi naskah (HTML terbatas)' }) body: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Kind, classification, urgency, archive code, recipients, tembusan, requested signer',
  })
  fields: Record<string, unknown>;
}

export class HistoryEntryDto {
  @ApiProperty() seq: number;
  @ApiProperty() type: string;
  @ApiProperty() at: string;
  @ApiProperty({ type: PersonRefDto, nullable: true }) actor: PersonRefDto | null;
  @ApiProperty({ type: PositionRefDto, nullable: true }) position: PositionRefDto | null;
  @ApiProperty({ type: String, nullable: true }) capacity: string | null;
  @ApiProperty({ type: PersonRefDto, nullable: true }) principal: PersonRefDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty() hash: string;
}

export class DocumentKindRefDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['arahan', 'korespondensi', 'khusus'] }) category: string;
  @ApiProperty({ type: String, nullable: true, description: 'The kind requires paraf koordinasi: the source that says so' })
  coordinationRequired: string | null;
}

export class UnitAddresseeDto {
  @ApiProperty({ enum: ['unit'] }) type: 'unit';
  @ApiProperty() unitId: string;
  @ApiProperty() name: string;
}

export class ExternalAddresseeDto {
  @ApiProperty({ enum: ['external'] }) type: 'external';
  @ApiProperty() name: string;
  @ApiPropertyOptional() address?: string;
}

const addressees: ApiPropertyOptions = {
  type: 'array',
  items: { oneOf: [{ $ref: getSchemaPath(UnitAddresseeDto) }, { $ref: getSchemaPath(ExternalAddresseeDto) }] },
};

export class CurrentVersionDto {
  @ApiProperty() versionNo: number;
  @ApiProperty() contentHash: string;
  @ApiProperty() subject: string;
  @ApiProperty({ description: 'Isi naskah (HTML terbatas)' }) body: string;
  @ApiProperty() createdAt: string;
}

export class ActingForDto {
  @ApiProperty({ enum: ['an', 'plh'] }) capacity: string;
  @ApiProperty() principalName: string;
  @ApiProperty() principalTitle: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The office's rule that the deputy writes a consideration before acting, by its citation; null where it has none",
  })
  considerationPasal: string | null;
}

/** The signature on a letter: the signing official's certificate and the time-stamp (PAdES B-T). */
export class LetterSignatureDto {
  @ApiProperty({
    enum: ['local-ca', 'bsre', 'organization-seal'],
    description: "organization-seal: signed before personal TTE, with the organisation's key",
  })
  provider: string;
  @ApiProperty({ type: CertificateDto, nullable: true }) certificate: CertificateDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) timestampedAt: string | null;
}

export class LetterDto {
  @ApiProperty() number: string;
  @ApiProperty() signedAt: string;
  @ApiProperty() verificationCode: string;
  @ApiProperty() pdfReady: boolean;
  @ApiProperty() delivered: boolean;
  @ApiProperty({ type: LetterSignatureDto }) signature: LetterSignatureDto;
}

export class ReturnTargetDto {
  @ApiProperty({ description: 'The step order to send as toStepOrder' }) order: number;
  @ApiProperty({ type: PositionRefDto }) position: PositionRefDto;
  @ApiProperty({ type: PersonRefDto, nullable: true }) actedBy: PersonRefDto | null;
}

export class TembusanProposalDto {
  @ApiProperty() unitId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: "The office's Pasal making the tembusan mandatory; null where it only proposes" })
  pasal: string | null;
}

@ApiExtraModels(UnitAddresseeDto, ExternalAddresseeDto)
export class DocumentDto {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiProperty({ type: DocumentKindRefDto }) kind: DocumentKindRefDto;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: CLASSIFICATIONS }) classification: string;
  @ApiProperty({ enum: URGENCIES }) urgency: string;
  @ApiProperty({ type: String, nullable: true }) archiveCode: string | null;
  @ApiProperty(addressees) recipients: Array<UnitAddresseeDto | ExternalAddresseeDto>;
  @ApiProperty(addressees) tembusan: Array<UnitAddresseeDto | ExternalAddresseeDto>;
  @ApiProperty({ type: String, nullable: true, description: 'Why a Laporan has no tembusan, as the drafter stated it (Cilegon Pasal 28 ayat (9))' })
  tembusanWaiverReason: string | null;
  @ApiProperty({ enum: ['draft', 'submitting', 'in_review', 'returned', 'signed', 'withdrawn'] }) status: string;
  @ApiProperty({ type: PersonRefDto }) drafter: PersonRefDto;
  @ApiProperty({ type: PositionRefDto }) drafterPosition: PositionRefDto;
  @ApiProperty() round: number;
  @ApiProperty({ type: CurrentVersionDto }) currentVersion: CurrentVersionDto;
  @ApiProperty({ type: [VersionDto] }) versions: VersionDto[];
  @ApiProperty({ type: [StepDto], description: 'The current round of the route' }) route: StepDto[];
  @ApiProperty({ type: [StepDto], description: 'Steps of earlier rounds (before a return)' }) earlierRounds: StepDto[];
  @ApiProperty({ type: [HistoryEntryDto] }) history: HistoryEntryDto[];
  @ApiProperty({ type: [String], description: 'What the caller may do now' }) allowedActions: string[];
  @ApiProperty({
    type: [ReturnTargetDto],
    description: 'Earlier officials on the route the caller may return the draft to (besides the drafter)',
  })
  returnTargets: ReturnTargetDto[];
  @ApiProperty({ type: [PositionRefDto], description: 'Heads of other units the drafter asked for paraf koordinasi' })
  coordinators: PositionRefDto[];
  @ApiProperty({
    type: ActingForDto,
    nullable: true,
    description: 'Acting for whom, when the caller acts as deputy (a.n.): a consideration is then required',
  })
  actingFor: ActingForDto | null;
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'The signature block the signature carries (or will carry, as things stand now)',
  })
  signatureBlock: string[] | null;
  @ApiProperty({
    type: LetterDto,
    nullable: true,
    description: 'Once signed: number, verification code, whether the PDF is ready and the letter delivered',
  })
  letter: LetterDto | null;
  @ApiProperty({
    type: SignerReadinessDto,
    nullable: true,
    description: 'Whether the planned signer (and an active deputy) can sign electronically; null once signed or withdrawn',
  })
  signerReadiness: SignerReadinessDto | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class CurrentStepDto {
  @ApiProperty() order: number;
  @ApiProperty() positionId: string;
  @ApiProperty({ enum: ['paraf', 'sign'] }) action: string;
}

export class ChainStepDto extends CurrentStepDto {
  @ApiProperty({ enum: ['hierarki', 'koordinasi'] }) kind: string;
  @ApiProperty() group: number;
  @ApiProperty({ enum: STEP_STATES }) state: string;
  @ApiProperty() corrected: boolean;
  @ApiProperty({ type: String, nullable: true }) actedByOfficialId: string | null;
  @ApiProperty({ enum: ['own', 'an', 'ub', 'plt', 'plh'], nullable: true }) capacity: string | null;
  @ApiProperty({ type: String, nullable: true }) principalOfficialId: string | null;
  @ApiProperty({ type: String, nullable: true }) consideration: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

/** The answer to an action: the chain as the workflow left it. */
export class ChainStateDto {
  @ApiProperty() documentId: string;
  @ApiProperty() status: string;
  @ApiProperty() round: number;
  @ApiProperty() versionNo: number;
  @ApiProperty() versionHash: string;
  @ApiProperty({ type: CurrentStepDto, nullable: true, description: 'The first step waiting now' }) currentStep: CurrentStepDto | null;
  @ApiProperty({ type: [CurrentStepDto], description: 'Every step waiting now (a paraf koordinasi group waits at several)' })
  waitingSteps: CurrentStepDto[];
  @ApiProperty({ type: [ChainStepDto] }) steps: ChainStepDto[];
  @ApiPropertyOptional({
    type: () => DocumentDto,
    description: 'The document as the caller now sees it, when the request asked for it (Prefer: return=representation): no second request needed',
  })
  document?: DocumentDto;
}

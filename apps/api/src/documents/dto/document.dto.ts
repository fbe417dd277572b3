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

export class StepDto {
  @ApiProperty() round: number;
  @ApiProperty() order: number;
  @ApiProperty({ enum: ['paraf', 'sign'] }) action: string;
  @ApiProperty({ enum: ['waiting', 'pending', 'done', 'returned', 'cancelled'] }) state: string;
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

export class LetterDto {
  @ApiProperty() number: string;
  @ApiProperty() signedAt: string;
  @ApiProperty() verificationCode: string;
  @ApiProperty() pdfReady: boolean;
  @ApiProperty() delivered: boolean;
}

export class TembusanProposalDto {
  @ApiProperty() unitId: string;
  @ApiProperty() name: string;
  @ApiProperty() pasal: string;
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
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class CurrentStepDto {
  @ApiProperty() order: number;
  @ApiProperty() positionId: string;
  @ApiProperty({ enum: ['paraf', 'sign'] }) action: string;
}

export class ChainStepDto extends CurrentStepDto {
  @ApiProperty({ enum: ['waiting', 'pending', 'done', 'returned', 'cancelled'] }) state: string;
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
  @ApiProperty({ type: CurrentStepDto, nullable: true }) currentStep: CurrentStepDto | null;
  @ApiProperty({ type: [ChainStepDto] }) steps: ChainStepDto[];
}

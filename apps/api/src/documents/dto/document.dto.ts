import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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
  @ApiPropertyOptional({ type: PersonRefDto, nullable: true }) actedBy: PersonRefDto | null;
  @ApiPropertyOptional({ enum: ['own', 'an', 'ub', 'plt', 'plh'], nullable: true }) capacity: string | null;
  @ApiPropertyOptional({ type: PersonRefDto, nullable: true }) principal: PersonRefDto | null;
  @ApiPropertyOptional({ nullable: true }) consideration: string | null;
  @ApiPropertyOptional({ nullable: true }) actedAt: string | null;
  @ApiPropertyOptional({ nullable: true }) versionHash: string | null;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
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
  @ApiProperty({ type: Object, description: 'Kind, classification, urgency, archive code, recipients, tembusan, requested signer' }) fields: Record<
    string,
    unknown
  >;
}

export class HistoryEntryDto {
  @ApiProperty() seq: number;
  @ApiProperty() type: string;
  @ApiProperty() at: string;
  @ApiPropertyOptional({ type: PersonRefDto, nullable: true }) actor: PersonRefDto | null;
  @ApiPropertyOptional({ type: PositionRefDto, nullable: true }) position: PositionRefDto | null;
  @ApiPropertyOptional({ nullable: true }) capacity: string | null;
  @ApiPropertyOptional({ type: PersonRefDto, nullable: true }) principal: PersonRefDto | null;
  @ApiProperty({ type: Object }) data: Record<string, unknown>;
  @ApiProperty() hash: string;
}

export class DocumentDto {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() kind: { code: string; name: string; category: string };
  @ApiProperty() subject: string;
  @ApiProperty() classification: string;
  @ApiProperty() urgency: string;
  @ApiPropertyOptional({ nullable: true }) archiveCode: string | null;
  @ApiProperty({ type: [Object] }) recipients: unknown[];
  @ApiProperty({ type: [Object] }) tembusan: unknown[];
  @ApiProperty({ enum: ['draft', 'submitting', 'in_review', 'returned', 'signed', 'withdrawn'] }) status: string;
  @ApiProperty({ type: PersonRefDto }) drafter: PersonRefDto;
  @ApiProperty({ type: PositionRefDto }) drafterPosition: PositionRefDto;
  @ApiProperty() round: number;
  @ApiProperty() currentVersion: { versionNo: number; contentHash: string; subject: string; body: string; createdAt: string };
  @ApiProperty({ type: [VersionDto] }) versions: VersionDto[];
  @ApiProperty({ type: [StepDto], description: 'The current round of the route' }) route: StepDto[];
  @ApiProperty({ type: [StepDto], description: 'Steps of earlier rounds (before a return)' }) earlierRounds: StepDto[];
  @ApiProperty({ type: [HistoryEntryDto] }) history: HistoryEntryDto[];
  @ApiProperty({ type: [String], description: 'What the caller may do now' }) allowedActions: string[];
  @ApiPropertyOptional({ nullable: true, description: 'Acting for whom, when the caller acts as deputy (a.n.): a consideration is then required' })
  actingFor: { capacity: string; principalName: string; principalTitle: string } | null;
  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description: 'The signature block the signature carries (or will carry, as things stand now)',
  })
  signatureBlock: string[] | null;
  @ApiPropertyOptional({ nullable: true, description: 'Once signed: number, verification code, whether the PDF is ready and the letter delivered' })
  letter: { number: string; signedAt: string; verificationCode: string; pdfReady: boolean; delivered: boolean } | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

/** The answer to an action: the chain as the workflow left it. */
export class ChainStateDto {
  @ApiProperty() documentId: string;
  @ApiProperty() status: string;
  @ApiProperty() round: number;
  @ApiProperty() versionNo: number;
  @ApiProperty() versionHash: string;
  @ApiPropertyOptional({ nullable: true }) currentStep: { order: number; positionId: string; action: string } | null;
  @ApiProperty({ type: [Object] }) steps: Array<{
    order: number;
    positionId: string;
    action: string;
    state: string;
    actedByOfficialId: string | null;
    capacity: string | null;
    principalOfficialId: string | null;
    consideration: string | null;
    note: string | null;
  }>;
}

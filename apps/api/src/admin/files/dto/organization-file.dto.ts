import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ImportOrganizationQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: checks the file and reports what it would change, writes nothing' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun harus true atau false' })
  dryRun?: 'true' | 'false';
}

export class OrgFileProblemDto {
  @ApiProperty({ example: 42, description: 'Line of the file, from 1' }) line: number;
  @ApiProperty({ example: 7, description: 'Column, from 1' }) column: number;
  @ApiProperty({ example: 'units.0.units.1.head.authority', description: 'Path of the field in the file; empty for the file as a whole' })
  field: string;
  @ApiProperty({ example: 'wajib diisi' }) message: string;
}

/** A refused organisation file: every problem found, each with its line and field. */
export class OrgFileErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'INVALID_INPUT' }) code: string;
  @ApiProperty({ example: 'Berkas organisasi tidak dapat dimuat: 2 masalah' }) message: string;
  @ApiProperty({ type: [OrgFileProblemDto] }) errors: OrgFileProblemDto[];
}

export class ImportTallyDto {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
}

export class AssignmentTallyDto {
  @ApiProperty() created: number;
  @ApiProperty() ended: number;
  @ApiProperty() unchanged: number;
}

export class ImportSummaryDto {
  @ApiProperty({ type: ImportTallyDto }) organization: ImportTallyDto;
  @ApiProperty({ type: ImportTallyDto }) units: ImportTallyDto;
  @ApiProperty({ type: ImportTallyDto }) positions: ImportTallyDto;
  @ApiProperty({ type: ImportTallyDto }) officials: ImportTallyDto;
  @ApiProperty({ type: AssignmentTallyDto }) assignments: AssignmentTallyDto;
  @ApiProperty({ type: ImportTallyDto, description: 'Per document kind' }) signingAuthority: ImportTallyDto;
}

export class ImportChangeDto {
  @ApiProperty({ enum: ['organization', 'unit', 'position', 'official', 'assignment', 'signing_authority'] }) item: string;
  @ApiProperty({ enum: ['created', 'updated', 'ended', 'removed'] }) action: string;
  @ApiProperty({ example: 'SEKRETARIAT', description: 'The code, NIP or document kind' }) subject: string;
  @ApiProperty({ example: 'Unit SEKRETARIAT (Sekretariat) dibuat' }) message: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object', properties: { before: {}, after: {} } },
    description: 'For an update: each changed field, before and after',
  })
  fields?: Record<string, { before: unknown; after: unknown }>;
}

export class NotInFileDto {
  @ApiProperty({ enum: ['unit', 'position'] }) item: string;
  @ApiProperty() code: string;
  @ApiProperty({ example: 'Unit UPTD (UPTD ...) tidak ada dalam berkas, dibiarkan' }) message: string;
}

export class ImportReportDto {
  @ApiProperty() organizationId: string;
  @ApiProperty({ example: 'BTM-DISKOMINFO' }) code: string;
  @ApiProperty({ description: 'The organisation did not exist before (in a dry run: would be created)' }) created: boolean;
  @ApiProperty({ description: 'Anything changed (in a dry run: would change)' }) changed: boolean;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ description: 'SHA-256 of the file as sent, recorded on the organisation’s trail' }) sha256: string;
  @ApiProperty({ type: ImportSummaryDto }) summary: ImportSummaryDto;
  @ApiProperty({ type: [ImportChangeDto] }) changes: ImportChangeDto[];
  @ApiProperty({ type: [NotInFileDto], description: 'Stored units and positions the file leaves out: kept as they are' }) notInFile: NotInFileDto[];
}

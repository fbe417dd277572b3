import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuthorityDto } from '../../auth/dto/me.dto';

export class LetterheadDto {
  @ApiProperty() government: string;
  @ApiProperty() office: string;
  @ApiProperty() address: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() website?: string;
}

export class DiscrepancyDto {
  @ApiProperty() pasal: string;
  @ApiProperty() text: string;
  @ApiProperty() resolution: string;
}

export class OrganizationDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() city: string;
  @ApiProperty() regulation: string;
  @ApiProperty({ type: LetterheadDto }) letterhead: LetterheadDto;
  @ApiProperty({ type: [DiscrepancyDto] }) discrepancies: DiscrepancyDto[];
}

export class HolderDto {
  @ApiProperty() officialId: string;
  @ApiProperty() nip: string;
  @ApiProperty() name: string;
  @ApiProperty() titledName: string;
  @ApiProperty() rank: string;
  @ApiProperty({ enum: ['definitif', 'plt', 'plh'] }) assignmentKind: string;
}

export class PositionDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: [1, 2, 3, 4] }) level: number;
  @ApiProperty() levelName: string;
  @ApiProperty() isHead: boolean;
  @ApiProperty({ type: AuthorityDto }) authority: AuthorityDto;
  @ApiProperty() authorityPasal: string;
  @ApiProperty() pasal: string;
  @ApiProperty({ type: [HolderDto] }) holders: HolderDto[];
}

export class UnitTreeDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() kind: string;
  @ApiProperty() pasal: string;
  @ApiProperty({ type: String, nullable: true, description: 'Unit the head reports through (e.g. Cilegon Pasal 3(3))' })
  reportsViaUnitId: string | null;
  @ApiProperty({ type: String, nullable: true }) reportsViaPasal: string | null;
  @ApiProperty({ type: [PositionDto] }) positions: PositionDto[];
  @ApiProperty({ type: () => [UnitTreeDto] }) units: UnitTreeDto[];
}

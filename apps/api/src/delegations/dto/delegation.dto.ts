import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DELEGATION_REASONS } from '@naskah/domain';

export class CreateDelegationDto {
  @ApiProperty({ description: 'Jabatan yang berhalangan (pejabat yang diwakili)' })
  @IsUUID('all', { message: 'principalPositionId harus berupa UUID' })
  principalPositionId: string;

  @ApiProperty({ description: 'Jabatan wakil: satu tingkat di bawah, dalam garis pejabat (Pasal 29)' })
  @IsUUID('all', { message: 'deputyPositionId harus berupa UUID' })
  deputyPositionId: string;

  @ApiProperty({ example: '2026-11-23T00:00:00+07:00' })
  @IsISO8601({ strict: true }, { message: 'validFrom harus tanggal-waktu ISO 8601' })
  validFrom: string;

  @ApiProperty({ example: '2026-11-28T00:00:00+07:00' })
  @IsISO8601({ strict: true }, { message: 'validTo harus tanggal-waktu ISO 8601' })
  validTo: string;

  @ApiProperty({ enum: DELEGATION_REASONS })
  @IsIn(DELEGATION_REASONS, { message: `alasan harus salah satu dari: ${DELEGATION_REASONS.join(', ')}` })
  reason: (typeof DELEGATION_REASONS)[number];

  @ApiPropertyOptional({ example: 'Cuti tahunan' })
  @IsOptional()
  @IsString({ message: 'keterangan harus berupa teks' })
  @MaxLength(500, { message: 'keterangan paling panjang 500 karakter' })
  note?: string;
}

export const DELEGATION_STATES = ['active', 'upcoming', 'past', 'all'] as const;
export const DELEGATION_ROLES = ['principal', 'deputy', 'all'] as const;

export class ListDelegationsDto {
  @ApiPropertyOptional({ enum: DELEGATION_ROLES, default: 'all' })
  @IsOptional()
  @IsIn(DELEGATION_ROLES, { message: `role harus salah satu dari: ${DELEGATION_ROLES.join(', ')}` })
  role: (typeof DELEGATION_ROLES)[number] = 'all';

  @ApiPropertyOptional({ enum: DELEGATION_STATES, default: 'all' })
  @IsOptional()
  @IsIn(DELEGATION_STATES, { message: `state harus salah satu dari: ${DELEGATION_STATES.join(', ')}` })
  state: (typeof DELEGATION_STATES)[number] = 'all';
}

export class DelegationPartyDto {
  @ApiProperty() positionId: string;
  @ApiProperty() positionTitle: string;
  @ApiProperty() officialId: string;
  @ApiProperty() name: string;
  @ApiProperty() nip: string;
}

export class DelegationDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: DelegationPartyDto }) principal: DelegationPartyDto;
  @ApiProperty({ type: DelegationPartyDto }) deputy: DelegationPartyDto;
  @ApiProperty({ enum: ['an'] }) capacity: string;
  @ApiProperty() validFrom: string;
  @ApiProperty() validTo: string;
  @ApiProperty({ enum: DELEGATION_REASONS }) reason: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ enum: ['active', 'upcoming', 'ended', 'revoked'] }) state: string;
  @ApiProperty({ type: String, nullable: true }) revokedAt: string | null;
  @ApiProperty() pasal: string;
  @ApiProperty({
    type: [String],
    description: 'Apa yang tidak dapat dilakukan wakil atas nama pejabat, karena di luar kewenangan jabatannya sendiri (Pasal 29)',
  })
  limits: string[];
}

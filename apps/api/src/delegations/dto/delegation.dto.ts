import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { DELEGATION_REASONS, DEPUTY_CAPACITIES } from '@naskah/domain';

export const MIN_ON_BEHALF_REASON = 10;

export class CreateDelegationDto {
  @ApiProperty({ description: 'Jabatan yang berhalangan (pejabat yang diwakili)' })
  @IsUUID('all', { message: 'principalPositionId harus berupa UUID' })
  principalPositionId: string;

  @ApiProperty({ description: 'Jabatan wakil: satu tingkat di bawah, dalam garis pejabat (menurut aturan perwakilan Dinas)' })
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

  @ApiPropertyOptional({
    description:
      'Hanya untuk administrator: penunjukan dicatat atas nama pejabat yang berhalangan (bukan pejabat itu sendiri), dengan alasannya. Wajib bagi administrator, tidak diisi oleh pejabat yang menunjuk sendiri.',
    example: 'Kepala Dinas dirawat di rumah sakit; penunjukan disampaikan lisan melalui telepon kepada Sekretaris.',
    minLength: MIN_ON_BEHALF_REASON,
    maxLength: 500,
  })
  @IsOptional()
  @IsString({ message: 'alasan pencatatan harus berupa teks' })
  @MinLength(MIN_ON_BEHALF_REASON, { message: `alasan pencatatan atas nama pejabat paling sedikit ${MIN_ON_BEHALF_REASON} karakter` })
  @MaxLength(500, { message: 'alasan pencatatan paling panjang 500 karakter' })
  onBehalfReason?: string;
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

export class DelegationRecorderDto {
  @ApiProperty() officialId: string;
  @ApiProperty() name: string;
  @ApiProperty() nip: string;
}

export class DelegationDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: DelegationPartyDto }) principal: DelegationPartyDto;
  @ApiProperty({ type: DelegationPartyDto }) deputy: DelegationPartyDto;
  @ApiProperty({ enum: DEPUTY_CAPACITIES, description: 'Penanda yang dipakai wakil: a.n. atau Plh., menurut aturan perwakilan Dinas' })
  capacity: string;
  @ApiProperty() validFrom: string;
  @ApiProperty() validTo: string;
  @ApiProperty({ enum: DELEGATION_REASONS }) reason: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ enum: ['active', 'upcoming', 'ended', 'revoked'] }) state: string;
  @ApiProperty({ type: String, nullable: true }) revokedAt: string | null;
  @ApiProperty({ description: 'Dasar penunjukan menurut aturan perwakilan Dinas' }) pasal: string;
  @ApiProperty({
    type: DelegationRecorderDto,
    nullable: true,
    description: 'Administrator yang mencatat penunjukan atas nama pejabat yang berhalangan; null bila pejabat sendiri yang menunjuk',
  })
  recordedBy: DelegationRecorderDto | null;
  @ApiProperty({ type: String, nullable: true }) onBehalfReason: string | null;
  @ApiProperty({
    type: [String],
    description: 'Apa yang tidak dapat dilakukan wakil untuk pejabat yang diwakili, karena di luar kewenangan jabatannya sendiri',
  })
  limits: string[];
}

export class AppointmentRuleDto {
  @ApiProperty() pasal: string;
  @ApiProperty({ enum: DEPUTY_CAPACITIES }) capacity: string;
  @ApiProperty() capacityPasal: string;
}

export class OfficialsAppointmentRuleDto extends AppointmentRuleDto {
  @ApiProperty({ description: 'Siapa yang termasuk pejabat yang dapat menunjuk, dengan dasarnya' }) scope: string;
}

export class CandidateDto {
  @ApiProperty() positionId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [String], description: 'Pejabat yang memegang jabatan ini hari ini' }) holders: string[];
}

export class PrincipalOptionDto {
  @ApiProperty() positionId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true, description: 'Pemegang jabatan hari ini' }) holderName: string | null;
  @ApiProperty({ description: 'Dasar penunjukan untuk jabatan ini' }) pasal: string;
  @ApiProperty({ enum: DEPUTY_CAPACITIES }) capacity: string;
  @ApiProperty({ description: 'Dicatat administrator atas nama pejabat yang berhalangan (wajib disertai alasan)' }) onBehalf: boolean;
  @ApiProperty({ type: [CandidateDto], description: 'Pejabat satu tingkat di bawah, dalam garis jabatan ini' }) candidates: CandidateDto[];
}

export class DelegationRulesDto {
  @ApiProperty() organizationId: string;
  @ApiProperty({ description: 'Dasar aturan perwakilan Dinas ini' }) basis: string;
  @ApiProperty({ description: 'Aturan dalam satu kalimat' }) summary: string;
  @ApiProperty({ type: AppointmentRuleDto, description: 'Kepala Dinas menunjuk wakil' }) head: AppointmentRuleDto;
  @ApiProperty({ type: OfficialsAppointmentRuleDto, description: 'Pejabat lain menunjuk wakil' }) officials: OfficialsAppointmentRuleDto;
  @ApiProperty({ type: String, nullable: true, description: 'Dasar kewajiban wakil menuliskan pertimbangan; null bila tidak diwajibkan' })
  considerationPasal: string | null;
  @ApiProperty({ type: [PrincipalOptionDto], description: 'Jabatan yang dapat Anda tunjuk wakilnya, sendiri atau (administrator) atas nama pejabat' })
  principals: PrincipalOptionDto[];
}

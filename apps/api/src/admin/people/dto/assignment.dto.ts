import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import type { AssignmentKind } from '@naskah/domain';
import { IsIsoDay, NON_BLANK_TEXT, Trimmed } from './validators';

export const ASSIGNMENT_KINDS: readonly AssignmentKind[] = ['definitif', 'plt', 'plh'];
const DECREE_EXAMPLE = 'Surat Perintah Kepala Dinas Nomor 800/045/DKUM/2026';

export class ListAssignmentsQueryDto {
  @ApiPropertyOptional({ description: 'Hanya penugasan pada jabatan ini' })
  @IsOptional()
  @IsUUID('all', { message: 'positionId harus berupa UUID' })
  positionId?: string;

  @ApiPropertyOptional({ description: 'Hanya penugasan pegawai ini' })
  @IsOptional()
  @IsUUID('all', { message: 'officialId harus berupa UUID' })
  officialId?: string;

  @ApiPropertyOptional({ example: '2026-07-01', description: 'Hanya yang berlaku pada tanggal ini; tanpa: seluruh riwayat' })
  @IsOptional()
  @IsIsoDay('on')
  on?: string;
}

export class CreateAssignmentDto {
  @ApiProperty({ description: 'Pegawai aktif organisasi ini' })
  @IsUUID('all', { message: 'officialId harus berupa UUID' })
  officialId: string;

  @ApiProperty({ description: 'Jabatan organisasi ini' })
  @IsUUID('all', { message: 'positionId harus berupa UUID' })
  positionId: string;

  @ApiProperty({
    enum: ASSIGNMENT_KINDS,
    description: 'definitif; plt: jabatan lowong (UU 30/2014 Pasal 14 ayat (2) huruf b); plh: pejabat definitif berhalangan sementara (huruf a)',
  })
  @IsIn(ASSIGNMENT_KINDS, { message: `jenis penugasan harus salah satu dari: ${ASSIGNMENT_KINDS.join(', ')}` })
  kind: AssignmentKind;

  @ApiProperty({ example: '2026-07-01', description: 'Mulai berlaku (termasuk)' })
  @IsIsoDay('validFrom')
  validFrom: string;

  @ApiPropertyOptional({ example: '2026-07-31', description: 'Berakhir (termasuk); wajib bagi Plt. dan Plh.' })
  @IsOptional()
  @IsIsoDay('validTo')
  validTo?: string;

  @ApiProperty({ example: DECREE_EXAMPLE, maxLength: 200, description: 'SK (definitif, Plt.) atau Surat Perintah (Plh.) yang menjadi dasarnya' })
  @Trimmed()
  @IsString({ message: 'nomor SK/Surat Perintah harus berupa teks' })
  @Matches(NON_BLANK_TEXT, { message: 'nomor SK/Surat Perintah wajib diisi dan tidak boleh memuat karakter kendali' })
  @MinLength(3, { message: 'nomor SK/Surat Perintah paling sedikit 3 karakter' })
  @MaxLength(200, { message: 'nomor SK/Surat Perintah paling panjang 200 karakter' })
  decreeRef: string;
}

export class UpdateAssignmentDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-07-31',
    description: 'Akhir penugasan (termasuk), tidak sebelum mulainya; null: tanpa batas (hanya definitif)',
  })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsIsoDay('validTo')
  validTo?: string | null;

  @ApiPropertyOptional({ example: DECREE_EXAMPLE, maxLength: 200 })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'nomor SK/Surat Perintah harus berupa teks' })
  @Matches(NON_BLANK_TEXT, { message: 'nomor SK/Surat Perintah wajib diisi dan tidak boleh memuat karakter kendali' })
  @MinLength(3, { message: 'nomor SK/Surat Perintah paling sedikit 3 karakter' })
  @MaxLength(200, { message: 'nomor SK/Surat Perintah paling panjang 200 karakter' })
  decreeRef?: string;
}

export class AssignmentDto {
  @ApiProperty() id: string;
  @ApiProperty() officialId: string;
  @ApiProperty() officialNip: string;
  @ApiProperty({ description: 'Nama dengan gelar' }) officialName: string;
  @ApiProperty() positionId: string;
  @ApiProperty() positionCode: string;
  @ApiProperty() positionTitle: string;
  @ApiProperty({ enum: ASSIGNMENT_KINDS }) kind: AssignmentKind;
  @ApiProperty({ example: '2026-07-01' }) validFrom: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-07-31' }) validTo: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null hanya untuk data awal yang dimuat sebelum ada administrasi' }) decreeRef:
    string | null;
  @ApiProperty({ description: 'Berlaku hari ini (WIB)' }) inForce: boolean;
}

export class StuckStepDto {
  @ApiProperty() documentId: string;
  @ApiProperty() kindCode: string;
  @ApiProperty() kindName: string;
  @ApiProperty({ enum: ['biasa', 'terbatas', 'rahasia', 'sangat_rahasia'] }) classification: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null untuk naskah Rahasia dan Sangat Rahasia' }) subject: string | null;
  @ApiProperty() round: number;
  @ApiProperty() stepOrder: number;
  @ApiProperty({ enum: ['paraf', 'sign'] }) action: string;
  @ApiProperty() positionId: string;
  @ApiProperty() positionCode: string;
  @ApiProperty() positionTitle: string;
  @ApiProperty({ type: String, nullable: true, description: 'Sejak kapan langkah menunggu (ISO 8601)' }) waitingSince: string | null;
}

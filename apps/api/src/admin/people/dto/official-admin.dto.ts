import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { OFFICIAL_ROLES, OfficialRole } from '@naskah/persistence';
import { AssignmentDto } from './assignment.dto';
import { IsIsoDay, IsNip, NON_BLANK_TEXT, PLAIN_TEXT, Trimmed } from './validators';

const ROLES_TEXT = `peran harus salah satu dari: ${OFFICIAL_ROLES.join(', ')}`;

export class ListOfficialsQueryDto {
  @ApiPropertyOptional({ description: 'Awal NIP (angka) atau bagian nama', example: 'Hasibuan' })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'q harus berupa teks' })
  @MinLength(2, { message: 'kata pencarian paling sedikit 2 karakter' })
  @MaxLength(100, { message: 'kata pencarian paling panjang 100 karakter' })
  @Matches(PLAIN_TEXT, { message: 'kata pencarian tidak boleh memuat karakter kendali' })
  q?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Hanya pegawai aktif (true) atau nonaktif (false); tanpa: semua' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'active harus true atau false' })
  active?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Kursor dari halaman sebelumnya' })
  @IsOptional()
  @IsString({ message: 'cursor harus berupa teks' })
  @MaxLength(400, { message: 'cursor tidak sah' })
  cursor?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit harus bilangan bulat' })
  @Min(1, { message: 'limit paling kecil 1' })
  @Max(200, { message: 'limit paling besar 200' })
  limit: number = 50;
}

/** The fields an administrator sets on an official (creation and edit share their rules). */
class OfficialFieldsDto {
  @ApiProperty({ example: 'Yusuf Hasibuan', maxLength: 150, description: 'Nama tanpa gelar' })
  @Trimmed()
  @IsString({ message: 'nama harus berupa teks' })
  @Matches(NON_BLANK_TEXT, { message: 'nama wajib diisi dan tidak boleh memuat karakter kendali' })
  @MaxLength(150, { message: 'nama paling panjang 150 karakter' })
  name: string;

  @ApiPropertyOptional({ example: 'Dr.', maxLength: 50, default: '' })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'gelar depan harus berupa teks' })
  @Matches(PLAIN_TEXT, { message: 'gelar depan tidak boleh memuat karakter kendali' })
  @MaxLength(50, { message: 'gelar depan paling panjang 50 karakter' })
  gelarDepan?: string;

  @ApiPropertyOptional({ example: 'S.Sos., M.Si.', maxLength: 80, default: '' })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'gelar belakang harus berupa teks' })
  @Matches(PLAIN_TEXT, { message: 'gelar belakang tidak boleh memuat karakter kendali' })
  @MaxLength(80, { message: 'gelar belakang paling panjang 80 karakter' })
  gelarBelakang?: string;

  @ApiProperty({ example: 'Penata Tingkat I (III/d)', maxLength: 80, description: 'Pangkat/golongan ruang' })
  @Trimmed()
  @IsString({ message: 'pangkat/golongan harus berupa teks' })
  @Matches(NON_BLANK_TEXT, { message: 'pangkat/golongan wajib diisi dan tidak boleh memuat karakter kendali' })
  @MaxLength(80, { message: 'pangkat/golongan paling panjang 80 karakter' })
  rank: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'yusuf.hasibuan@batam.go.id',
    description: 'Alamat pemberitahuan; null: tanpa surel',
  })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'surel harus berupa teks' })
  @MaxLength(200, { message: 'surel paling panjang 200 karakter' })
  @IsEmail({}, { message: 'surel tidak sah' })
  email?: string | null;

  @ApiPropertyOptional({
    enum: OFFICIAL_ROLES,
    isArray: true,
    description: 'admin: administrator organisasi; city-admin: administrator kota (hanya administrator kota yang dapat memberikan atau mencabutnya)',
  })
  @IsOptional()
  @IsArray({ message: 'peran harus berupa daftar' })
  @ArrayMaxSize(OFFICIAL_ROLES.length, { message: ROLES_TEXT })
  @ArrayUnique({ message: 'peran tidak boleh ganda' })
  @IsIn(OFFICIAL_ROLES, { each: true, message: ROLES_TEXT })
  roles?: OfficialRole[];
}

export class CreateOfficialDto extends OfficialFieldsDto {
  @ApiProperty({ example: '198104092006041003', description: 'NIP 18 digit; unik di seluruh instansi' })
  @IsNip()
  nip: string;
}

export class UpdateOfficialDto {
  @ApiPropertyOptional({ description: 'NIP tidak dapat diubah: yang sama boleh dikirim, yang lain ditolak (422)' })
  @IsOptional()
  @IsString({ message: 'NIP harus berupa teks' })
  @MaxLength(18, { message: 'NIP harus 18 digit' })
  nip?: string;

  @ApiPropertyOptional({ example: 'Yusuf Hasibuan', maxLength: 150 })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'nama harus berupa teks' })
  @Matches(NON_BLANK_TEXT, { message: 'nama wajib diisi dan tidak boleh memuat karakter kendali' })
  @MaxLength(150, { message: 'nama paling panjang 150 karakter' })
  name?: string;

  @ApiPropertyOptional({ example: 'Dr.', maxLength: 50 })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'gelar depan harus berupa teks' })
  @Matches(PLAIN_TEXT, { message: 'gelar depan tidak boleh memuat karakter kendali' })
  @MaxLength(50, { message: 'gelar depan paling panjang 50 karakter' })
  gelarDepan?: string;

  @ApiPropertyOptional({ example: 'S.Sos., M.Si.', maxLength: 80 })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'gelar belakang harus berupa teks' })
  @Matches(PLAIN_TEXT, { message: 'gelar belakang tidak boleh memuat karakter kendali' })
  @MaxLength(80, { message: 'gelar belakang paling panjang 80 karakter' })
  gelarBelakang?: string;

  @ApiPropertyOptional({ example: 'Pembina (IV/a)', maxLength: 80 })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'pangkat/golongan harus berupa teks' })
  @Matches(NON_BLANK_TEXT, { message: 'pangkat/golongan wajib diisi dan tidak boleh memuat karakter kendali' })
  @MaxLength(80, { message: 'pangkat/golongan paling panjang 80 karakter' })
  rank?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null menghapus alamat surel' })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'surel harus berupa teks' })
  @MaxLength(200, { message: 'surel paling panjang 200 karakter' })
  @IsEmail({}, { message: 'surel tidak sah' })
  email?: string | null;

  @ApiPropertyOptional({ enum: OFFICIAL_ROLES, isArray: true, description: 'Daftar peran yang baru (menggantikan seluruhnya)' })
  @IsOptional()
  @IsArray({ message: 'peran harus berupa daftar' })
  @ArrayMaxSize(OFFICIAL_ROLES.length, { message: ROLES_TEXT })
  @ArrayUnique({ message: 'peran tidak boleh ganda' })
  @IsIn(OFFICIAL_ROLES, { each: true, message: ROLES_TEXT })
  roles?: OfficialRole[];
}

export class TransferDto {
  @ApiProperty({ description: 'Jabatan tujuan, pada organisasi yang sama' })
  @IsUUID('all', { message: 'toPositionId harus berupa UUID' })
  toPositionId: string;

  @ApiProperty({ example: '2026-07-01', description: 'TMT jabatan baru; jabatan lama berakhir sehari sebelumnya' })
  @IsIsoDay('effectiveFrom')
  effectiveFrom: string;

  @ApiProperty({ example: 'Keputusan Wali Kota Batam Nomor 821/123/BKPSDM/2026', maxLength: 200, description: 'SK mutasi' })
  @Trimmed()
  @IsString({ message: 'nomor SK harus berupa teks' })
  @Matches(NON_BLANK_TEXT, { message: 'nomor SK wajib diisi dan tidak boleh memuat karakter kendali' })
  @MinLength(3, { message: 'nomor SK paling sedikit 3 karakter' })
  @MaxLength(200, { message: 'nomor SK paling panjang 200 karakter' })
  decreeRef: string;
}

export class AdminOfficialDto {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() nip: string;
  @ApiProperty() name: string;
  @ApiProperty() gelarDepan: string;
  @ApiProperty() gelarBelakang: string;
  @ApiProperty({ description: 'Nama dengan gelar' }) titledName: string;
  @ApiProperty() rank: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ enum: OFFICIAL_ROLES, isArray: true }) roles: OfficialRole[];
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'Kata sandi sementara belum diganti' }) mustChangePassword: boolean;
  @ApiProperty({ type: [AssignmentDto], description: 'Penugasan yang berlaku hari ini atau mulai kemudian (definitif, Plt., Plh.)' })
  assignments: AssignmentDto[];
}

export class OfficialsPageDto {
  @ApiProperty({ type: [AdminOfficialDto] }) items: AdminOfficialDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class CreatedOfficialDto {
  @ApiProperty({ type: AdminOfficialDto }) official: AdminOfficialDto;
  @ApiProperty({ description: 'Ditampilkan sekali ini: serahkan kepada pegawai, yang wajib menggantinya saat pertama masuk' })
  temporaryPassword: string;
}

export class TransferResultDto {
  @ApiProperty({ type: AssignmentDto, description: 'Jabatan lama, berakhir sehari sebelum TMT' }) ended: AssignmentDto;
  @ApiProperty({ type: AssignmentDto, description: 'Jabatan baru, mulai TMT' }) started: AssignmentDto;
}

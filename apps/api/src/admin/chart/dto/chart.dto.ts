import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { TndSourceKey, UNIT_KINDS, UnitKind } from '@naskah/domain';
import { Absent, AbsentOrNull, ChartCode, Line } from './fields';
import { AdminAuthorityInputDto, TND_KEYS } from './organization-admin.dto';

const LEVELS = [1, 2, 3, 4] as const;

/** The fields every position input shares (a unit's head, a new position). */
class PositionFields {
  @ApiProperty({ example: 'KABID-IKM', maxLength: 32 })
  @ChartCode('kode jabatan')
  code: string;

  @ApiProperty({ example: 'Kepala Bidang Industri Kecil dan Menengah', maxLength: 200 })
  @Line('nama jabatan', 200)
  title: string;

  @ApiProperty({ enum: LEVELS, description: '1 JPT Pratama, 2 Administrator, 3 Pengawas, 4 Fungsional/Pelaksana' })
  @IsIn(LEVELS, { message: 'jenjang harus 1, 2, 3 atau 4' })
  level: 1 | 2 | 3 | 4;

  @ApiPropertyOptional({ type: AdminAuthorityInputDto, description: 'Tanpa kewenangan: tidak diisi' })
  @IsOptional()
  @IsObject({ message: 'kewenangan harus berupa objek' })
  @ValidateNested({ message: 'kewenangan harus berupa objek' })
  @Type(() => AdminAuthorityInputDto)
  authority?: AdminAuthorityInputDto;

  @ApiPropertyOptional({ example: 'Pasal 9 ayat (4) huruf f', maxLength: 300, description: 'Wajib bila ada kewenangan: Pasal yang memberikannya' })
  @IsOptional()
  @Line('Pasal kewenangan', 300)
  authorityPasal?: string;

  @ApiPropertyOptional({ example: 'Pasal 9', maxLength: 200, description: 'Pasal yang menetapkan jabatan; pimpinan: Pasal unitnya' })
  @IsOptional()
  @Line('Pasal jabatan', 200)
  pasal?: string;

  @ApiPropertyOptional({ enum: TND_KEYS, isArray: true })
  @IsOptional()
  @IsArray({ message: 'tataNaskahDinas harus berupa daftar' })
  @ArrayMaxSize(TND_KEYS.length, { message: `tataNaskahDinas paling banyak ${TND_KEYS.length}` })
  @IsIn(TND_KEYS, { each: true, message: `tataNaskahDinas harus dari: ${TND_KEYS.join(', ')}` })
  tataNaskahDinas?: TndSourceKey[];
}

export class UnitHeadInputDto extends PositionFields {}

export class CreateUnitDto {
  @ApiProperty({ example: 'IKM', maxLength: 32 })
  @ChartCode('kode unit')
  code: string;

  @ApiProperty({ example: 'Bidang Industri Kecil dan Menengah', maxLength: 200 })
  @Line('nama unit', 200)
  name: string;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsIn(UNIT_KINDS, { message: `jenis unit harus salah satu dari: ${UNIT_KINDS.join(', ')}` })
  kind: UnitKind;

  @ApiProperty({ example: 'Pasal 3 ayat (5) huruf c; Pasal 9', maxLength: 200 })
  @Line('Pasal unit', 200)
  pasal: string;

  @ApiProperty({ description: 'Unit induk' })
  @IsUUID('all', { message: 'parentId harus berupa UUID' })
  parentId: string;

  @ApiPropertyOptional({ description: 'Unit tempat pimpinan melapor bila bukan induknya (mis. Perwako Cilegon 18/2022 Pasal 3 ayat (3))' })
  @IsOptional()
  @IsUUID('all', { message: 'reportsViaUnitId harus berupa UUID' })
  reportsViaUnitId?: string;

  @ApiPropertyOptional({ example: 'Pasal 3 ayat (3)', maxLength: 200 })
  @IsOptional()
  @Line('Pasal jalur pelaporan', 200)
  reportsViaPasal?: string;

  @ApiPropertyOptional({ type: UnitHeadInputDto, description: 'Pimpinan unit: wajib kecuali kelompok jabatan fungsional' })
  @IsOptional()
  @IsObject({ message: 'pimpinan unit harus berupa objek' })
  @ValidateNested({ message: 'pimpinan unit harus berupa objek' })
  @Type(() => UnitHeadInputDto)
  head?: UnitHeadInputDto;

  @ApiPropertyOptional({ example: 10, description: 'Urutan tampil; tanpa nilai: paling akhir' })
  @IsOptional()
  @IsInt({ message: 'sortOrder harus bilangan bulat' })
  @Min(0, { message: 'sortOrder paling kecil 0' })
  @Max(100_000, { message: 'sortOrder paling besar 100000' })
  sortOrder?: number;
}

/** Only the fields sent change; null clears the reports-via link. */
export class UpdateUnitDto {
  @ApiPropertyOptional({ example: 'IKM', maxLength: 32 })
  @Absent()
  @ChartCode('kode unit')
  code?: string;

  @ApiPropertyOptional({ example: 'Bidang Industri Kecil dan Menengah', maxLength: 200 })
  @Absent()
  @Line('nama unit', 200)
  name?: string;

  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @Absent()
  @IsIn(UNIT_KINDS, { message: `jenis unit harus salah satu dari: ${UNIT_KINDS.join(', ')}` })
  kind?: UnitKind;

  @ApiPropertyOptional({ example: 'Pasal 9', maxLength: 200 })
  @Absent()
  @Line('Pasal unit', 200)
  pasal?: string;

  @ApiPropertyOptional({ description: 'Unit induk baru' })
  @Absent()
  @IsUUID('all', { message: 'parentId harus berupa UUID' })
  parentId?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null: melapor kepada induknya' })
  @AbsentOrNull()
  @IsUUID('all', { message: 'reportsViaUnitId harus berupa UUID' })
  reportsViaUnitId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Pasal 3 ayat (3)', maxLength: 200 })
  @AbsentOrNull()
  @Line('Pasal jalur pelaporan', 200)
  reportsViaPasal?: string | null;

  @ApiPropertyOptional({ example: 10 })
  @Absent()
  @IsInt({ message: 'sortOrder harus bilangan bulat' })
  @Min(0, { message: 'sortOrder paling kecil 0' })
  @Max(100_000, { message: 'sortOrder paling besar 100000' })
  sortOrder?: number;
}

export class CreatePositionDto extends PositionFields {
  @ApiProperty({ description: 'Unit tempat jabatan' })
  @IsUUID('all', { message: 'unitId harus berupa UUID' })
  unitId: string;

  @ApiPropertyOptional({ default: false, description: 'Pimpinan unit (satu per unit)' })
  @IsOptional()
  @IsBoolean({ message: 'isHead harus true atau false' })
  isHead?: boolean;

  @ApiPropertyOptional({ example: 10 })
  @IsOptional()
  @IsInt({ message: 'sortOrder harus bilangan bulat' })
  @Min(0, { message: 'sortOrder paling kecil 0' })
  @Max(100_000, { message: 'sortOrder paling besar 100000' })
  sortOrder?: number;
}

/** Only the fields sent change; authority flags not sent keep their value. */
export class UpdatePositionDto {
  @ApiPropertyOptional({ description: 'Pindah ke unit lain' })
  @Absent()
  @IsUUID('all', { message: 'unitId harus berupa UUID' })
  unitId?: string;

  @ApiPropertyOptional({ example: 'KABID-IKM', maxLength: 32 })
  @Absent()
  @ChartCode('kode jabatan')
  code?: string;

  @ApiPropertyOptional({ example: 'Kepala Bidang Industri Kecil dan Menengah', maxLength: 200 })
  @Absent()
  @Line('nama jabatan', 200)
  title?: string;

  @ApiPropertyOptional({ enum: LEVELS })
  @Absent()
  @IsIn(LEVELS, { message: 'jenjang harus 1, 2, 3 atau 4' })
  level?: 1 | 2 | 3 | 4;

  @ApiPropertyOptional()
  @Absent()
  @IsBoolean({ message: 'isHead harus true atau false' })
  isHead?: boolean;

  @ApiPropertyOptional({ type: AdminAuthorityInputDto })
  @Absent()
  @IsObject({ message: 'kewenangan harus berupa objek' })
  @ValidateNested({ message: 'kewenangan harus berupa objek' })
  @Type(() => AdminAuthorityInputDto)
  authority?: AdminAuthorityInputDto;

  @ApiPropertyOptional({ example: 'Pasal 9 ayat (4) huruf f', maxLength: 300, description: 'Wajib bila kewenangan bertambah' })
  @Absent()
  @Line('Pasal kewenangan', 300)
  authorityPasal?: string;

  @ApiPropertyOptional({ example: 'Pasal 9', maxLength: 200 })
  @Absent()
  @Line('Pasal jabatan', 200)
  pasal?: string;

  @ApiPropertyOptional({ enum: TND_KEYS, isArray: true, description: 'Daftar kosong: tidak ada' })
  @Absent()
  @IsArray({ message: 'tataNaskahDinas harus berupa daftar' })
  @ArrayMaxSize(TND_KEYS.length, { message: `tataNaskahDinas paling banyak ${TND_KEYS.length}` })
  @IsIn(TND_KEYS, { each: true, message: `tataNaskahDinas harus dari: ${TND_KEYS.join(', ')}` })
  tataNaskahDinas?: TndSourceKey[];

  @ApiPropertyOptional({ example: 10 })
  @Absent()
  @IsInt({ message: 'sortOrder harus bilangan bulat' })
  @Min(0, { message: 'sortOrder paling kecil 0' })
  @Max(100_000, { message: 'sortOrder paling besar 100000' })
  sortOrder?: number;
}

export class AdminAuthorityDto {
  @ApiProperty() check: boolean;
  @ApiProperty() return: boolean;
  @ApiProperty() paraf: boolean;
  @ApiProperty() sign: boolean;
}

export class ChartUnitDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind: UnitKind;
  @ApiProperty() pasal: string;
  @ApiProperty({ type: String, nullable: true }) parentId: string | null;
  @ApiProperty({ type: String, nullable: true }) reportsViaUnitId: string | null;
  @ApiProperty({ type: String, nullable: true }) reportsViaPasal: string | null;
  @ApiProperty() sortOrder: number;
}

export class ChartHolderDto {
  @ApiProperty() officialId: string;
  @ApiProperty() nip: string;
  @ApiProperty() name: string;
  @ApiProperty() titledName: string;
  @ApiProperty({ enum: ['definitif', 'plt', 'plh'] }) kind: string;
}

export class SignedKindDto {
  @ApiProperty({ example: 'NOTA_DINAS' }) kindCode: string;
  @ApiProperty({ example: 'Nota Dinas' }) kindName: string;
  @ApiProperty({ description: 'Dasar kewenangan menandatangani jenis ini (tabel kewenangan)' }) pasal: string;
}

export class ChartPositionDto {
  @ApiProperty() id: string;
  @ApiProperty() unitId: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: LEVELS }) level: number;
  @ApiProperty() levelName: string;
  @ApiProperty() isHead: boolean;
  @ApiProperty({ type: AdminAuthorityDto }) authority: AdminAuthorityDto;
  @ApiProperty() authorityPasal: string;
  @ApiProperty({ enum: TND_KEYS, isArray: true }) tataNaskahDinas: TndSourceKey[];
  @ApiProperty({ description: 'Dasar kewenangan lengkap: Pasal peraturan instansi dan sumber Tata Naskah Dinas' }) authorityBasis: string;
  @ApiProperty() pasal: string;
  @ApiProperty() sortOrder: number;
  @ApiProperty({ type: [ChartHolderDto], description: 'Pemangku hari ini' }) holders: ChartHolderDto[];
  @ApiProperty({ type: [SignedKindDto] }) signs: SignedKindDto[];
}

export class ChartDto {
  @ApiProperty() organizationId: string;
  @ApiProperty({ type: [ChartUnitDto] }) units: ChartUnitDto[];
  @ApiProperty({ type: [ChartPositionDto] }) positions: ChartPositionDto[];
}

export class UnitChangeDto {
  @ApiProperty({ type: ChartUnitDto }) unit: ChartUnitDto;
  @ApiProperty({ type: ChartPositionDto, nullable: true, description: 'Pimpinan unit yang dibuat bersamanya' }) head: ChartPositionDto | null;
}

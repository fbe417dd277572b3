import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { TND_SOURCES, TndSourceKey, UNIT_KINDS, UnitKind } from '@naskah/domain';
import { Absent, AbsentOrNull, ChartCode, IsNumberTemplate, Line } from './fields';

export const TND_KEYS = Object.keys(TND_SOURCES) as TndSourceKey[];

export class AdminLetterheadDto {
  @ApiProperty({ example: 'PEMERINTAH KOTA BATAM', maxLength: 200 })
  @Line('nama pemerintah daerah pada kop', 200)
  government: string;

  @ApiProperty({ example: 'DINAS PERINDUSTRIAN DAN PERDAGANGAN', maxLength: 200 })
  @Line('nama perangkat daerah pada kop', 200)
  office: string;

  @ApiProperty({ example: 'Jalan Engku Putri No. 1, Batam Centre, Batam 29461', maxLength: 300 })
  @Line('alamat pada kop', 300)
  address: string;

  @ApiPropertyOptional({ example: '(0778) 462000', maxLength: 50 })
  @IsOptional()
  @Line('telepon pada kop', 50)
  phone?: string;

  @ApiPropertyOptional({ example: 'disperindag@batam.go.id', maxLength: 100 })
  @IsOptional()
  @Line('surel pada kop', 100)
  email?: string;

  @ApiPropertyOptional({ example: 'disperindag.batam.go.id', maxLength: 100 })
  @IsOptional()
  @Line('laman pada kop', 100)
  website?: string;
}

/** What a position may do with a draft (DESIGN §3); an absent flag is false. */
export class AdminAuthorityInputDto {
  @ApiPropertyOptional({ description: 'Memeriksa' })
  @IsOptional()
  @IsBoolean({ message: 'check harus true atau false' })
  check?: boolean;

  @ApiPropertyOptional({ description: 'Mengembalikan untuk diperbaiki' })
  @IsOptional()
  @IsBoolean({ message: 'return harus true atau false' })
  return?: boolean;

  @ApiPropertyOptional({ description: 'Memaraf' })
  @IsOptional()
  @IsBoolean({ message: 'paraf harus true atau false' })
  paraf?: boolean;

  @ApiPropertyOptional({ description: 'Menandatangani' })
  @IsOptional()
  @IsBoolean({ message: 'sign harus true atau false' })
  sign?: boolean;
}

/** The head of the top unit: level 1 (JPT Pratama), validated with the chart. */
export class TopHeadInputDto {
  @ApiProperty({ example: 'KADIS', maxLength: 32 })
  @ChartCode('kode jabatan')
  code: string;

  @ApiProperty({ example: 'Kepala Dinas Perindustrian dan Perdagangan', maxLength: 200 })
  @Line('nama jabatan', 200)
  title: string;

  @ApiProperty({ type: AdminAuthorityInputDto })
  @IsObject({ message: 'kewenangan harus berupa objek' })
  @ValidateNested({ message: 'kewenangan harus berupa objek' })
  @Type(() => AdminAuthorityInputDto)
  authority: AdminAuthorityInputDto;

  @ApiProperty({ example: 'Pasal 3 ayat (4) huruf j', maxLength: 300, description: 'Pasal peraturan instansi yang memberi kewenangan' })
  @Line('Pasal kewenangan', 300)
  authorityPasal: string;

  @ApiPropertyOptional({ enum: TND_KEYS, isArray: true, description: 'Sumber Tata Naskah Dinas tempat kewenangan juga bersandar' })
  @IsOptional()
  @IsArray({ message: 'tataNaskahDinas harus berupa daftar' })
  @ArrayMaxSize(TND_KEYS.length, { message: `tataNaskahDinas paling banyak ${TND_KEYS.length}` })
  @IsIn(TND_KEYS, { each: true, message: `tataNaskahDinas harus dari: ${TND_KEYS.join(', ')}` })
  tataNaskahDinas?: TndSourceKey[];
}

export class TopUnitInputDto {
  @ApiProperty({ example: 'DISPERINDAG', maxLength: 32 })
  @ChartCode('kode unit')
  code: string;

  @ApiProperty({ example: 'Dinas Perindustrian dan Perdagangan', maxLength: 200 })
  @Line('nama unit', 200)
  name: string;

  @ApiPropertyOptional({ enum: UNIT_KINDS, default: 'dinas' })
  @IsOptional()
  @IsIn(UNIT_KINDS, { message: `jenis unit harus salah satu dari: ${UNIT_KINDS.join(', ')}` })
  kind?: UnitKind;

  @ApiProperty({ example: 'Pasal 2 ayat (2); Pasal 3 ayat (1)', maxLength: 200, description: 'Pasal yang membentuk unit' })
  @Line('Pasal unit', 200)
  pasal: string;

  @ApiProperty({ type: TopHeadInputDto })
  @IsObject({ message: 'pimpinan unit harus berupa objek' })
  @ValidateNested({ message: 'pimpinan unit harus berupa objek' })
  @Type(() => TopHeadInputDto)
  head: TopHeadInputDto;
}

class OrganizationSettingsFields {
  @ApiProperty({ example: 'Dinas Perindustrian dan Perdagangan', maxLength: 200 })
  @Line('nama organisasi', 200)
  name: string;

  @ApiProperty({ example: 'Peraturan Wali Kota Batam Nomor 15 Tahun 2023', maxLength: 200 })
  @Line('peraturan', 200)
  regulation: string;

  @ApiProperty({ example: 'Perwako Batam 15/2023', maxLength: 100, description: 'Cara mengutip peraturan sebelum Pasal' })
  @Line('kutipan peraturan', 100)
  regulationCitation: string;

  @ApiProperty({ type: AdminLetterheadDto })
  @IsObject({ message: 'kop surat harus berupa objek' })
  @ValidateNested({ message: 'kop surat harus berupa objek' })
  @Type(() => AdminLetterheadDto)
  letterhead: AdminLetterheadDto;

  @ApiProperty({
    example: '{kode}/{nomor}/{unit}/{tahun}',
    maxLength: 100,
    description: 'Penanda: {kode} {nomor} {unit} {tahun}; {nomor} dan {tahun} wajib; seri penomoran jenis naskah tidak boleh berpindah',
  })
  @IsNumberTemplate()
  numberTemplate: string;
}

export class CreateOrganizationDto extends OrganizationSettingsFields {
  @ApiProperty({ example: 'BTM-DISPERINDAG', maxLength: 32 })
  @ChartCode('kode organisasi')
  code: string;

  @ApiPropertyOptional({ example: 'Pasal 28 ayat (9)', maxLength: 200, description: 'Pasal yang mewajibkan tembusan laporan kepada atasan' })
  @IsOptional()
  @Line('Pasal tembusan laporan', 200)
  reportTembusanPasal?: string;

  @ApiProperty({ type: TopUnitInputDto, description: 'Unit puncak dan pimpinannya (jenjang 1)' })
  @IsObject({ message: 'unit puncak harus berupa objek' })
  @ValidateNested({ message: 'unit puncak harus berupa objek' })
  @Type(() => TopUnitInputDto)
  unit: TopUnitInputDto;
}

/** Only the fields sent change; the delegation rules stay as the organisation file gave them. */
export class UpdateOrganizationDto {
  @ApiPropertyOptional({ example: 'Dinas Perindustrian dan Perdagangan', maxLength: 200 })
  @Absent()
  @Line('nama organisasi', 200)
  name?: string;

  @ApiPropertyOptional({ example: 'Peraturan Wali Kota Batam Nomor 15 Tahun 2023', maxLength: 200 })
  @Absent()
  @Line('peraturan', 200)
  regulation?: string;

  @ApiPropertyOptional({ example: 'Perwako Batam 15/2023', maxLength: 100 })
  @Absent()
  @Line('kutipan peraturan', 100)
  regulationCitation?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Pasal 28 ayat (9)',
    maxLength: 200,
    description: 'null: peraturan tidak mewajibkan',
  })
  @AbsentOrNull()
  @Line('Pasal tembusan laporan', 200)
  reportTembusanPasal?: string | null;

  @ApiPropertyOptional({ type: AdminLetterheadDto, description: 'Kop surat seluruhnya' })
  @Absent()
  @IsObject({ message: 'kop surat harus berupa objek' })
  @ValidateNested({ message: 'kop surat harus berupa objek' })
  @Type(() => AdminLetterheadDto)
  letterhead?: AdminLetterheadDto;

  @ApiPropertyOptional({ example: '{kode}/{nomor}/{unit}/{tahun}', maxLength: 100 })
  @Absent()
  @IsNumberTemplate()
  numberTemplate?: string;
}

export class AdminOrganizationSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() city: string;
}

export class AdminLetterheadViewDto {
  @ApiProperty() government: string;
  @ApiProperty() office: string;
  @ApiProperty() address: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() website?: string;
}

export class AdminOrganizationDto extends AdminOrganizationSummaryDto {
  @ApiProperty() regulation: string;
  @ApiProperty() regulationCitation: string;
  @ApiProperty({ type: String, nullable: true }) reportTembusanPasal: string | null;
  @ApiProperty({ type: AdminLetterheadViewDto }) letterhead: AdminLetterheadViewDto;
  @ApiProperty() numberTemplate: string;
  @ApiProperty({ type: Object, nullable: true, description: 'Aturan perwakilan (dari berkas organisasi; tidak diubah di sini)' })
  delegationRules: object | null;
}

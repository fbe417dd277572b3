import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MIN_NOTE_LENGTH } from '@naskah/domain';

export const CLASSIFICATIONS = ['biasa', 'terbatas', 'rahasia', 'sangat_rahasia'] as const;
export const URGENCIES = ['biasa', 'segera', 'sangat_segera'] as const;

/** An addressee: an internal unit (unitId) or an external party (name, address). */
export class AddresseeDto {
  @ApiPropertyOptional({ description: 'Unit penerima di organisasi sendiri' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId harus berupa UUID' })
  unitId?: string;

  @ApiPropertyOptional({ example: 'Kepala Dinas Perindustrian dan Perdagangan Kota Batam' })
  @IsOptional()
  @IsString({ message: 'nama penerima harus berupa teks' })
  @MinLength(2, { message: 'nama penerima terlalu pendek' })
  @MaxLength(300, { message: 'nama penerima paling panjang 300 karakter' })
  name?: string;

  @ApiPropertyOptional({ example: 'Jl. Engku Putri No. 1, Batam' })
  @IsOptional()
  @IsString({ message: 'alamat harus berupa teks' })
  @MaxLength(300, { message: 'alamat paling panjang 300 karakter' })
  address?: string;
}

export class DocumentContentDto {
  @ApiProperty({ example: 'Undangan Rapat Koordinasi Koperasi' })
  @IsString({ message: 'hal harus berupa teks' })
  @MinLength(3, { message: 'hal (perihal) paling sedikit 3 karakter' })
  @MaxLength(500, { message: 'hal (perihal) paling panjang 500 karakter' })
  subject: string;

  @ApiProperty({ description: 'Isi naskah (HTML terbatas)' })
  @IsString({ message: 'isi naskah harus berupa teks' })
  @MinLength(1, { message: 'isi naskah wajib diisi' })
  @MaxLength(200_000, { message: 'isi naskah terlalu panjang' })
  body: string;

  @ApiProperty({ enum: CLASSIFICATIONS })
  @IsIn(CLASSIFICATIONS, { message: `klasifikasi harus salah satu dari: ${CLASSIFICATIONS.join(', ')}` })
  classification: (typeof CLASSIFICATIONS)[number];

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES, { message: `sifat harus salah satu dari: ${URGENCIES.join(', ')}` })
  urgency: (typeof URGENCIES)[number];

  @ApiPropertyOptional({ example: '000.8.3.3', description: 'Kode klasifikasi arsip (Permendagri 83/2022)' })
  @IsOptional()
  @Matches(/^\d{3}(\.\d{1,3}){0,4}$/, { message: 'kode klasifikasi arsip harus berbentuk angka bertitik, misalnya 000.8.3.3' })
  archiveCode?: string;

  @ApiProperty({ type: [AddresseeDto] })
  @IsArray({ message: 'penerima harus berupa daftar' })
  @ArrayMinSize(1, { message: 'paling sedikit satu penerima' })
  @ArrayMaxSize(100, { message: 'paling banyak 100 penerima' })
  @ValidateNested({ each: true })
  @Type(() => AddresseeDto)
  recipients: AddresseeDto[];

  @ApiPropertyOptional({ type: [AddresseeDto] })
  @IsOptional()
  @IsArray({ message: 'tembusan harus berupa daftar' })
  @ArrayMaxSize(100, { message: 'paling banyak 100 tembusan' })
  @ValidateNested({ each: true })
  @Type(() => AddresseeDto)
  tembusan?: AddresseeDto[];

  @ApiPropertyOptional({
    description:
      'Laporan tanpa tembusan: alasan mengapa tidak ada unit organisasi lain yang secara fungsional mempunyai hubungan kerja, ' +
      'bila peraturan instansi mewajibkan tembusan laporan (misalnya Perwako Cilegon 18/2022 Pasal 28 ayat (9))',
    example: 'Laporan ini hanya menyangkut pekerjaan Sub Bagian sendiri; tidak ada unit lain yang terkait.',
  })
  @IsOptional()
  @IsString({ message: 'alasan tanpa tembusan harus berupa teks' })
  @MinLength(MIN_NOTE_LENGTH, { message: `alasan tanpa tembusan paling sedikit ${MIN_NOTE_LENGTH} karakter` })
  @MaxLength(2000, { message: 'alasan tanpa tembusan paling panjang 2000 karakter' })
  tembusanWaiverReason?: string;

  @ApiPropertyOptional({ description: 'Penanda tangan yang lebih rendah, bila tabel kewenangan mengizinkan' })
  @IsOptional()
  @IsUUID('all', { message: 'signerPositionId harus berupa UUID' })
  signerPositionId?: string;
}

/** What the drafter decides besides the content: who is asked for paraf koordinasi. */
export class DraftRouteDto extends DocumentContentDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Pimpinan unit lain yang diminta paraf koordinasi (Tata Naskah Dinas), paralel sebelum hierarki berlanjut',
  })
  @IsOptional()
  @IsArray({ message: 'paraf koordinasi harus berupa daftar jabatan' })
  @ArrayMaxSize(5, { message: 'paraf koordinasi paling banyak 5 pejabat' })
  @IsUUID('all', { each: true, message: 'setiap jabatan paraf koordinasi harus berupa UUID' })
  coordinatorPositionIds?: string[];
}

export class CreateDocumentDto extends DraftRouteDto {
  @ApiProperty({ example: 'NOTA_DINAS' })
  @IsString({ message: 'jenis naskah harus berupa teks' })
  @Matches(/^[A-Z_]{2,32}$/, { message: 'kode jenis naskah tidak dikenal' })
  kindCode: string;

  @ApiPropertyOptional({ description: 'Jabatan penyusun, bila memegang lebih dari satu' })
  @IsOptional()
  @IsUUID('all', { message: 'drafterPositionId harus berupa UUID' })
  drafterPositionId?: string;
}

export class UpdateDocumentDto extends DraftRouteDto {
  @ApiProperty({ description: 'Nomor versi yang diubah (untuk mencegah menimpa perubahan lain)' })
  @IsInt({ message: 'baseVersionNo harus bilangan bulat' })
  @Min(1, { message: 'baseVersionNo paling kecil 1' })
  baseVersionNo: number;
}

/** A reviewer's correction (mengoreksi): the whole content as corrected, on the version reviewed. */
export class CorrectDocumentDto extends DocumentContentDto {
  @ApiProperty({ description: 'SHA-256 versi yang dikoreksi (versi yang sedang ditinjau)' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'baseVersionHash harus berupa SHA-256 heksadesimal' })
  baseVersionHash: string;

  @ApiPropertyOptional({ description: 'Bertindak mewakili: pertimbangan (menurut aturan perwakilan kantor)' })
  @IsOptional()
  @IsString({ message: 'pertimbangan harus berupa teks' })
  @MaxLength(2000, { message: 'pertimbangan paling panjang 2000 karakter' })
  consideration?: string;
}

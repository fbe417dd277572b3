import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CODE_MAX, DOCUMENT_CATEGORIES, KIND_CODE_PATTERN, LETTER_LAYOUTS } from '@naskah/domain';
import { IsNumberTemplate, Line } from './fields';

/** A kind of naskah dinas as the instance's organisations share it (DESIGN §4). */
export class DocumentKindInputDto {
  @ApiProperty({ example: 'Surat Perintah', maxLength: 100 })
  @Line('nama jenis naskah', 100)
  name: string;

  @ApiProperty({ enum: DOCUMENT_CATEGORIES })
  @IsIn(DOCUMENT_CATEGORIES, { message: `kategori harus salah satu dari: ${DOCUMENT_CATEGORIES.join(', ')}` })
  category: (typeof DOCUMENT_CATEGORIES)[number];

  @ApiProperty({ enum: LETTER_LAYOUTS, description: 'Tata letak yang dikenal pencetak naskah' })
  @IsIn(LETTER_LAYOUTS, { message: `tata letak harus salah satu dari: ${LETTER_LAYOUTS.join(', ')}` })
  layout: (typeof LETTER_LAYOUTS)[number];

  @ApiProperty({
    example: '{kode}/{nomor}/{unit}/{tahun}',
    maxLength: 100,
    description: 'Penanda: {kode} {nomor} {unit} {tahun}; {nomor} dan {tahun} wajib; seri penomoran jenis naskah tidak boleh berpindah',
  })
  @IsNumberTemplate()
  numberPattern: string;

  @ApiProperty({
    description: 'Keputusan tentang organisasi, kepegawaian atau anggaran: Plh./Plt. tidak boleh menandatangani (UU 30/2014 Pasal 14 ayat (7))',
  })
  @IsBoolean({ message: 'strategic harus true atau false' })
  strategic: boolean;

  @ApiProperty({
    example: 'Permendagri 1/2023 tentang Tata Naskah Dinas di Lingkungan Pemerintah Daerah, jenis naskah dinas',
    maxLength: 300,
    description: 'Sumber yang menetapkan jenis naskah ini',
  })
  @Line('sumber jenis naskah', 300)
  source: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, description: 'Sumber yang mewajibkan paraf koordinasi; null: tidak wajib' })
  @IsOptional()
  @Line('sumber paraf koordinasi', 200)
  coordinationRequiredPasal?: string | null;
}

export class CreateDocumentKindDto extends DocumentKindInputDto {
  @ApiProperty({ example: 'SURAT_PERINTAH', maxLength: CODE_MAX })
  @IsString({ message: 'kode jenis naskah harus berupa teks' })
  @Matches(KIND_CODE_PATTERN, { message: 'kode jenis naskah hanya huruf kapital, dipisah satu garis bawah (mis. SURAT_PERINTAH)' })
  @MaxLength(CODE_MAX, { message: `kode jenis naskah paling panjang ${CODE_MAX} karakter` })
  code: string;
}

export class AdminDocumentKindDto {
  @ApiProperty({ example: 'NOTA_DINAS' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: DOCUMENT_CATEGORIES }) category: string;
  @ApiProperty({ enum: LETTER_LAYOUTS }) layout: string;
  @ApiProperty() numberPattern: string;
  @ApiProperty() strategic: boolean;
  @ApiProperty() source: string;
  @ApiProperty({ type: String, nullable: true }) coordinationRequiredPasal: string | null;
}

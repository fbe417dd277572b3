import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class VersionActionDto {
  @ApiProperty({ description: 'SHA-256 versi yang diperiksa; paraf mengikat versi ini' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'versionHash harus berupa SHA-256 heksadesimal' })
  versionHash: string;

  @ApiPropertyOptional({
    description:
      'Bertindak mewakili (a.n.): pertimbangan skala prioritas, urgensi dan etika birokrasi (Perwako Cilegon 18/2022 Pasal 29 ayat (3)). Diisi berarti bertindak atas nama pejabat yang diwakili.',
  })
  @IsOptional()
  @IsString({ message: 'pertimbangan harus berupa teks' })
  @MaxLength(2000, { message: 'pertimbangan paling panjang 2000 karakter' })
  consideration?: string;
}

export class ReturnActionDto extends VersionActionDto {
  @ApiProperty({ description: 'Catatan koreksi tertulis (Perwako Cilegon 18/2022 Pasal 13 dan 16)' })
  @IsString({ message: 'catatan harus berupa teks' })
  @MinLength(5, { message: 'catatan koreksi wajib diisi (paling sedikit 5 karakter)' })
  @MaxLength(5000, { message: 'catatan paling panjang 5000 karakter' })
  note: string;

  @ApiPropertyOptional({
    description: 'Kembalikan kepada pejabat sebelumnya pada rute (nomor langkahnya, lihat returnTargets), bukan kepada penyusun',
  })
  @IsOptional()
  @IsInt({ message: 'toStepOrder harus bilangan bulat' })
  @Min(1, { message: 'toStepOrder paling kecil 1' })
  @Max(100, { message: 'toStepOrder tidak dikenal' })
  toStepOrder?: number;
}

export class WithdrawActionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'alasan harus berupa teks' })
  @MaxLength(2000, { message: 'alasan paling panjang 2000 karakter' })
  note?: string;
}

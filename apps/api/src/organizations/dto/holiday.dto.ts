import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { HOLIDAY_KINDS, HolidayKind } from '@naskah/domain';

export class HolidayInputDto {
  @ApiProperty({ example: 'Hari Raya Natal', maxLength: 200 })
  @IsString({ message: 'nama hari libur harus berupa teks' })
  @Matches(/\S/, { message: 'nama hari libur wajib diisi' })
  @MaxLength(200, { message: 'nama hari libur paling panjang 200 karakter' })
  name: string;

  @ApiProperty({
    enum: HOLIDAY_KINDS,
    description: 'libur_nasional dan cuti_bersama menurut SKB tiga menteri; libur_daerah ditetapkan pemerintah daerah',
  })
  @IsIn(HOLIDAY_KINDS, { message: `jenis hari libur harus salah satu dari: ${HOLIDAY_KINDS.join(', ')}` })
  kind: HolidayKind;
}

export class ListHolidaysDto {
  @ApiPropertyOptional({ example: 2026, description: 'Tahun; tanpa tahun: semua hari libur organisasi' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'tahun harus bilangan bulat' })
  @Min(2000, { message: 'tahun paling awal 2000' })
  @Max(2100, { message: 'tahun paling akhir 2100' })
  year?: number;
}

export class HolidayDto {
  @ApiProperty({ example: '2026-12-25', description: 'Tanggal (WIB), YYYY-MM-DD' }) day: string;
  @ApiProperty({ example: 'Hari Raya Natal' }) name: string;
  @ApiProperty({ enum: HOLIDAY_KINDS }) kind: HolidayKind;
}

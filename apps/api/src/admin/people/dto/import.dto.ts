import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ImportOfficialsQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'true: hanya memeriksa, tidak menyimpan apa pun' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun harus true atau false' })
  dryRun?: 'true' | 'false';
}

export class ImportRefusalDto {
  @ApiProperty({ description: 'Nomor baris pada berkas (baris 1: judul kolom)' }) line: number;
  @ApiProperty({ type: String, nullable: true }) nip: string | null;
  @ApiProperty({ description: 'Kolom yang bermasalah', example: 'jabatan' }) field: string;
  @ApiProperty({ example: 'Kode jabatan tidak dikenal pada organisasi ini' }) reason: string;
}

export class ImportOfficialsResultDto {
  @ApiProperty({ description: 'Hanya pemeriksaan: tidak ada yang disimpan' }) dryRun: boolean;
  @ApiProperty({ description: 'Baris data pada berkas' }) rows: number;
  @ApiProperty({ description: 'Pegawai baru (tanpa kata sandi yang dapat dipakai: atur ulang kata sandinya)' }) created: number;
  @ApiProperty({ description: 'Pegawai organisasi ini yang datanya diperbarui' }) updated: number;
  @ApiProperty({ description: 'Baris yang sama dengan data yang tersimpan' }) unchanged: number;
  @ApiProperty({ description: 'Penugasan definitif baru' }) assigned: number;
  @ApiProperty({ description: 'Baris yang ditolak' }) refused: number;
  @ApiProperty({ type: [ImportRefusalDto], description: 'Setiap masalah setiap baris yang ditolak' }) refusals: ImportRefusalDto[];
  @ApiProperty({ description: 'Ringkasan dalam Bahasa Indonesia' }) message: string;
}

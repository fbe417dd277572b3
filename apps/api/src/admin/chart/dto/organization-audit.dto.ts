import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ORGANIZATION_AUDIT_ACTIONS } from '@naskah/persistence';

export class ListOrganizationAuditDto {
  @ApiPropertyOptional({ example: 50, default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit harus bilangan bulat' })
  @Min(1, { message: 'limit paling kecil 1' })
  @Max(200, { message: 'limit paling besar 200' })
  limit: number = 50;

  @ApiPropertyOptional({ example: 120, minimum: 1, description: 'nextCursor halaman sebelumnya: peristiwa sebelum nomor urut ini' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'cursor harus bilangan bulat' })
  @Min(1, { message: 'cursor paling kecil 1' })
  @Max(2_147_483_647, { message: 'cursor terlalu besar' })
  cursor?: number;
}

export class AuditActorDto {
  @ApiProperty() officialId: string;
  @ApiProperty() nip: string;
  @ApiProperty() name: string;
}

export class OrganizationAuditEventDto {
  @ApiProperty() seq: number;
  @ApiProperty({ enum: ORGANIZATION_AUDIT_ACTIONS }) action: string;
  @ApiProperty({ description: 'Yang diubah: kode unit/jabatan, NIP, tanggal, kode jenis naskah' }) subject: string;
  @ApiProperty() at: string;
  @ApiProperty({ type: AuditActorDto, nullable: true, description: 'null: perintah baris (CLI) berkas organisasi' }) actor: AuditActorDto | null;
  @ApiProperty({ type: String, nullable: true }) clientAddress: string | null;
  @ApiProperty({ type: Object, nullable: true }) before: object | null;
  @ApiProperty({ type: Object, nullable: true }) after: object | null;
}

export class OrganizationAuditPageDto {
  @ApiProperty({ description: 'Rantai hash jejak utuh (tidak ada peristiwa yang diubah atau dihapus)' }) chainIntact: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Nomor urut pertama yang rantainya putus' }) brokenAtSeq: number | null;
  @ApiProperty({ type: [OrganizationAuditEventDto], description: 'Terbaru lebih dulu' }) events: OrganizationAuditEventDto[];
  @ApiProperty({ type: Number, nullable: true }) nextCursor: number | null;
}

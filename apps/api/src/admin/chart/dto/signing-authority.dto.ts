import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Line } from './fields';

export class SignerInputDto {
  @ApiProperty({ description: 'Jabatan yang berwenang menandatangani jenis ini' })
  @IsUUID('all', { message: 'positionId harus berupa UUID' })
  positionId: string;

  @ApiPropertyOptional({
    maxLength: 500,
    description: 'Dasar kewenangannya untuk jenis ini; tanpa nilai: Pasal kewenangan jabatan (dengan sumber Tata Naskah Dinasnya)',
  })
  @IsOptional()
  @Line('dasar kewenangan', 500)
  pasal?: string;
}

export class SetSigningAuthorityDto {
  @ApiProperty({ type: [SignerInputDto], description: 'Seluruh penanda tangan jenis ini (menggantikan yang ada); kosong: tidak ada' })
  @IsArray({ message: 'positions harus berupa daftar' })
  @ArrayMaxSize(50, { message: 'paling banyak 50 jabatan' })
  @IsObject({ each: true, message: 'setiap jabatan harus berupa objek' })
  @ValidateNested({ each: true, message: 'setiap jabatan harus berupa objek' })
  @Type(() => SignerInputDto)
  positions: SignerInputDto[];
}

export class SignerDto {
  @ApiProperty() positionId: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Dasar kewenangan menandatangani' }) pasal: string;
}

export class KindSignersDto {
  @ApiProperty({ example: 'NOTA_DINAS' }) kindCode: string;
  @ApiProperty() kindName: string;
  @ApiProperty() strategic: boolean;
  @ApiProperty({ type: [SignerDto] }) positions: SignerDto[];
}

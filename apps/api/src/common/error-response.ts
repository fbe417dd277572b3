import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'nip' }) field: string;
  @ApiProperty({ example: ['NIP harus 18 digit angka'] }) reasons: string[];
}

/** Every error the API returns has this shape. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'INVALID_INPUT' }) code: string;
  @ApiProperty({ example: 'Isian tidak valid' }) message: string;
  @ApiPropertyOptional({ example: 'Pasal 29 ayat (1)' }) pasal?: string;
  @ApiPropertyOptional({ example: 'deputyPositionId' }) field?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class AccountChangeDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Why, for the account trail' })
  @IsOptional()
  @IsString({ message: 'Alasan harus berupa teks' })
  @MaxLength(500, { message: 'Alasan paling banyak 500 karakter' })
  @Matches(/^[^\p{Cc}]*[^\p{Cc}\s][^\p{Cc}]*$/u, { message: 'Alasan tidak boleh kosong atau memuat karakter kendali' })
  reason?: string;
}

export class OfficialAccountDto {
  @ApiProperty() id: string;
  @ApiProperty() nip: string;
  @ApiProperty() name: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'A temporary password is set: the official must choose one at the next login' }) mustChangePassword: boolean;
}

export class PasswordResetDto {
  @ApiProperty({ type: OfficialAccountDto }) official: OfficialAccountDto;
  @ApiProperty({ description: 'Shown this once: hand it to the official, who must replace it at the next login' })
  temporaryPassword: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password in use now (the temporary one after a reset)' })
  @IsString({ message: 'Kata sandi saat ini harus berupa teks' })
  @MinLength(1, { message: 'Kata sandi saat ini wajib diisi' })
  @MaxLength(200, { message: 'Kata sandi saat ini terlalu panjang' })
  currentPassword: string;

  @ApiProperty({
    description:
      'At least 10 characters of at least two kinds (lower case, upper case, digits, symbols), not containing the NIP, the name or the demo password',
  })
  @IsString({ message: 'Kata sandi baru harus berupa teks' })
  @MinLength(1, { message: 'Kata sandi baru wajib diisi' })
  @MaxLength(200, { message: 'Kata sandi baru terlalu panjang' })
  newPassword: string;
}

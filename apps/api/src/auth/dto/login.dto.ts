import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: '197203141998031004', description: 'NIP, 18 digit' })
  @IsString({ message: 'NIP harus berupa teks' })
  @Matches(/^\d{18}$/, { message: 'NIP harus 18 digit angka' })
  nip: string;

  @ApiProperty({ example: 'naskah123' })
  @IsString({ message: 'Kata sandi harus berupa teks' })
  @MinLength(1, { message: 'Kata sandi wajib diisi' })
  @MaxLength(200, { message: 'Kata sandi terlalu panjang' })
  password: string;
}

export class TokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ example: 28800 }) expiresIn: number;
  @ApiProperty({
    description: 'After an administrator reset the password: only POST /api/v1/auth/password, GET /api/v1/me and logout answer until it is changed',
  })
  mustChangePassword: boolean;
}
